//! The spiral as a video: the canvas's stream recorded by MediaRecorder
//! while the run plays from the shock to its end, then saved as WebM with
//! its duration written in (`webm`).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BlobEvent, HtmlCanvasElement, MediaRecorder, MediaRecorderOptions};
use yew::Callback;

use crate::animation::Player;
use crate::{download, webm};

/// Frames per second asked of the canvas's stream.
const FRAME_RATE: f64 = 30.0;
/// How often the progress is read off the player, ms.
const TICK_MS: i32 = 100;
pub const FILE_NAME: &str = "cascade-lab-spiral.webm";

/// A recording under way; dropping it stops listening (the file is saved
/// only when the run reaches its end).
pub struct Recording {
    recorder: MediaRecorder,
    interval: i32,
    _on_data: Closure<dyn FnMut(BlobEvent)>,
    _on_stop: Closure<dyn FnMut()>,
    _tick: Closure<dyn FnMut()>,
}

impl Drop for Recording {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            window.clear_interval_with_handle(self.interval);
        }
        if self.recorder.state() == web_sys::RecordingState::Recording {
            let _ = self.recorder.stop();
        }
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Plays the run from the shock and records `canvas` until its end;
/// `on_progress` gets the share done (0 to 1), `on_done` the outcome.
pub fn record(
    canvas: &HtmlCanvasElement,
    player: Rc<RefCell<Player>>,
    on_progress: Callback<f64>,
    on_done: Callback<Result<(), String>>,
) -> Result<Recording, String> {
    let text = |e: JsValue| e.as_string().unwrap_or_else(|| format!("{e:?}"));
    let stream = canvas
        .capture_stream_with_frame_request_rate(FRAME_RATE)
        .map_err(text)?;
    let options = MediaRecorderOptions::new();
    options.set_mime_type("video/webm");
    let recorder =
        MediaRecorder::new_with_media_stream_and_media_recorder_options(&stream, &options)
            .map_err(text)?;
    let chunks = Rc::new(RefCell::new(js_sys::Array::new()));
    let on_data = {
        let chunks = chunks.clone();
        Closure::<dyn FnMut(BlobEvent)>::new(move |event: BlobEvent| {
            if let Some(blob) = event.data() {
                chunks.borrow().push(&blob);
            }
        })
    };
    let started = now_ms();
    let on_stop = {
        let on_done = on_done.clone();
        Closure::<dyn FnMut()>::new(move || {
            save(&chunks.borrow(), now_ms() - started, on_done.clone())
        })
    };
    recorder.set_ondataavailable(Some(on_data.as_ref().unchecked_ref()));
    recorder.set_onstop(Some(on_stop.as_ref().unchecked_ref()));
    {
        let mut p = player.borrow_mut();
        p.seek(0.0);
        p.set_playing(true);
    }
    recorder.start().map_err(text)?;
    let tick = {
        let (recorder, player) = (recorder.clone(), player.clone());
        Closure::<dyn FnMut()>::new(move || {
            if recorder.state() != web_sys::RecordingState::Recording {
                return; // stopped: the file is being saved
            }
            let p = player.borrow();
            on_progress.emit((p.position / p.end().max(1.0)).min(1.0));
            if p.position >= p.end() || !p.playing {
                let _ = recorder.stop();
            }
        })
    };
    let interval = web_sys::window()
        .ok_or("no window")?
        .set_interval_with_callback_and_timeout_and_arguments_0(
            tick.as_ref().unchecked_ref(),
            TICK_MS,
        )
        .map_err(text)?;
    Ok(Recording {
        recorder,
        interval,
        _on_data: on_data,
        _on_stop: on_stop,
        _tick: tick,
    })
}

/// Joins the chunks, writes the duration in and hands the file to the browser.
fn save(chunks: &js_sys::Array, duration_ms: f64, on_done: Callback<Result<(), String>>) {
    let Ok(blob) = web_sys::Blob::new_with_blob_sequence(chunks) else {
        on_done.emit(Err("the recording could not be joined".to_string()));
        return;
    };
    let on_bytes = Closure::<dyn FnMut(JsValue)>::once(move |buffer: JsValue| {
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        let fixed = webm::with_duration(&bytes, duration_ms).unwrap_or(bytes);
        download::save_bytes(FILE_NAME, "video/webm", &fixed);
        on_done.emit(Ok(()));
    });
    let _ = blob.array_buffer().then(&on_bytes);
    // Called once, after this returns: left to the JS side (one per recording).
    on_bytes.forget();
}
