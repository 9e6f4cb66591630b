//! Records the spiral playing, from the shock to the end of the run, as a
//! WebM file for slides and posts, with a progress bar while it records.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::animation::Player;
use crate::engine::i18n::{Key, Lang};
use crate::video::{self, Recording};

#[derive(Properties)]
pub struct VideoButtonProps {
    pub player: Rc<RefCell<Player>>,
    pub lang: Lang,
}

impl PartialEq for VideoButtonProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.player, &other.player) && self.lang == other.lang
    }
}

/// Where a recording is.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Recording(f64),
    Saved,
    Failed(String),
}

fn spiral_canvas() -> Option<HtmlCanvasElement> {
    web_sys::window()?
        .document()?
        .get_element_by_id("spiral-canvas")?
        .dyn_into()
        .ok()
}

#[function_component(VideoButton)]
pub fn video_button(props: &VideoButtonProps) -> Html {
    let status = use_state(|| Status::Idle);
    let recording = use_mut_ref(|| None::<Recording>);
    let start = {
        let (status, recording, player) = (status.clone(), recording.clone(), props.player.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(canvas) = spiral_canvas() else {
                return;
            };
            let on_progress = {
                let status = status.clone();
                Callback::from(move |share: f64| status.set(Status::Recording(share)))
            };
            let on_done = {
                let status = status.clone();
                Callback::from(move |outcome: Result<(), String>| {
                    status.set(outcome.map_or_else(Status::Failed, |()| Status::Saved))
                })
            };
            status.set(Status::Recording(0.0));
            match video::record(&canvas, player.clone(), on_progress, on_done) {
                Ok(r) => *recording.borrow_mut() = Some(r),
                Err(message) => status.set(Status::Failed(message)),
            }
        })
    };
    let busy = matches!(*status, Status::Recording(_));
    let share = match *status {
        Status::Recording(share) => share,
        Status::Saved => 1.0,
        _ => 0.0,
    };
    let lang = props.lang;
    let note = match &*status {
        Status::Idle => String::new(),
        Status::Recording(_) => lang.t(Key::VideoRecording).to_string(),
        Status::Saved => lang.t(Key::VideoSaved).to_string(),
        Status::Failed(message) => lang.fill(Key::VideoFailed, &[("message", message)]),
    };
    html! {
        <div class="video-record">
            <button type="button" id="record-video" onclick={start} disabled={busy}>{ lang.t(Key::VideoRecord) }</button>
            <progress id="video-progress" max="1" value={share.to_string()} aria-label={lang.t(Key::VideoProgress)} />
            <span id="video-status" role="status">{ note }</span>
        </div>
    }
}
