//! The animation loop, outside Yew's renders: one requestAnimationFrame
//! loop advances the `Player` and draws the spiral straight onto its canvas.
//! Yew only tells the player what changed (scene, play/pause, speed); the
//! loop writes the scrubber and the position label directly, so nothing
//! re-renders at 60 fps.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, HtmlInputElement};
use yew::{Callback, NodeRef};

use crate::canvas::{client_size, SizeWatch};
use crate::engine::i18n::{Key, Lang};
use crate::scene::{same_scene, Scene};
use crate::spiral;

/// How long a step takes at 1x: rounds of the spiral are slow enough to
/// follow; quiet minutes pass quickly.
pub const ROUND_MS: f64 = 900.0;
pub const QUIET_MS: f64 = 120.0;

/// Where the animation is and how it moves.
pub struct Player {
    /// The run played; None until the first one arrives (the canvas then
    /// says it is being computed).
    pub scene: Option<Rc<Scene>>,
    /// In steps: 2.5 is halfway through step 2.
    pub position: f64,
    pub playing: bool,
    pub speed: f64,
    /// The language of the canvas and the position label.
    lang: Lang,
    /// Something changed that the next frame must draw.
    dirty: bool,
    last_frame_ms: Option<f64>,
    /// Called once when playback reaches the end.
    pub on_finished: Callback<()>,
    /// Held at the shock while predict mode hides the outcome.
    locked: bool,
}

impl Player {
    pub fn new(scene: Option<Rc<Scene>>, on_finished: Callback<()>) -> Self {
        Player {
            scene,
            position: 0.0,
            playing: true,
            speed: 1.0,
            lang: Lang::En,
            dirty: true,
            last_frame_ms: None,
            on_finished,
            locked: false,
        }
    }

    /// Holds the animation before the shock (or lets it go): nothing past
    /// the shock is drawn while locked.
    pub fn set_locked(&mut self, locked: bool) {
        self.locked = locked;
        if locked {
            self.position = 0.0;
            self.playing = false;
            self.dirty = true;
        }
    }

    pub fn end(&self) -> f64 {
        self.scene
            .as_ref()
            .map_or(0.0, |s| s.run.steps.len() as f64)
    }

    /// A new run: keep the position (so dragging a slider shows the new run
    /// at once, at the same moment), clamped to its length.
    pub fn set_scene(&mut self, scene: Option<Rc<Scene>>) {
        if !same_scene(&self.scene, &scene) {
            // The first run starts from the shock, not at the end of nothing.
            let at_end = self.scene.is_some() && self.position >= self.end();
            self.scene = scene;
            self.position = if at_end {
                self.end()
            } else {
                self.position.min(self.end())
            };
            self.dirty = true;
        }
    }

    pub fn set_lang(&mut self, lang: Lang) {
        if self.lang != lang {
            self.lang = lang;
            self.dirty = true;
        }
    }

    pub fn set_playing(&mut self, playing: bool) {
        if playing && self.locked {
            return;
        }
        if playing && self.position >= self.end() {
            self.position = 0.0; // play again from the shock
        }
        self.playing = playing;
        self.last_frame_ms = None;
        self.dirty = true;
    }

    pub fn seek(&mut self, position: f64) {
        if self.locked {
            return;
        }
        self.position = position.clamp(0.0, self.end());
        self.dirty = true;
    }

    /// Jumps to the end of the next round of the spiral (or the end).
    pub fn step_round(&mut self) {
        let after = self.position.floor() as usize + usize::from(self.position.fract() > 0.0);
        let next = self
            .scene
            .as_ref()
            .and_then(|s| s.round_steps().find(|&k| k >= after))
            .map_or(self.end(), |k| (k + 1) as f64);
        let next = if next <= self.position {
            self.end()
        } else {
            next
        };
        self.seek(next);
    }

    fn step_duration(&self, step: usize) -> f64 {
        match self.scene.as_ref().and_then(|s| s.run.steps.get(step)) {
            Some(s) if s.spiral.margin_shortfall_usd > 0.0 => ROUND_MS,
            _ => QUIET_MS,
        }
    }

    /// Advances by the time since the last frame; true when there is
    /// something new to draw.
    fn advance(&mut self, now_ms: f64) -> bool {
        let elapsed = self
            .last_frame_ms
            .map_or(0.0, |last| (now_ms - last).min(100.0));
        self.last_frame_ms = Some(now_ms);
        // Without a run there is nothing to play through (nor to finish).
        if self.playing && self.scene.is_some() {
            let mut budget = elapsed * self.speed;
            while budget > 0.0 && self.position < self.end() {
                let step = self.position.floor() as usize;
                let duration = self.step_duration(step);
                let left = (step as f64 + 1.0 - self.position) * duration;
                if budget < left {
                    self.position += budget / duration;
                    budget = 0.0;
                } else {
                    self.position = step as f64 + 1.0;
                    budget -= left;
                }
            }
            if self.position >= self.end() {
                self.playing = false;
                self.on_finished.emit(());
            }
            return true;
        }
        std::mem::take(&mut self.dirty)
    }

    /// "Minute 7 of 35 · round 5 of 17"
    fn position_text(&self) -> String {
        let Some(scene) = &self.scene else {
            return self.lang.t(Key::PositionStart).to_string();
        };
        let steps = scene.run.steps.len();
        // Minute k + 1 is under way anywhere inside step k.
        let minute = (self.position.ceil() as usize).min(steps);
        let rounds_total = scene.run.summary.rounds;
        let rounds_done = scene
            .round_steps()
            .take_while(|&k| (k as f64) < self.position)
            .count();
        if self.locked {
            self.lang.t(Key::PositionStart).to_string()
        } else if self.position <= 0.0 {
            self.lang
                .fill(Key::PositionBefore, &[("total", &rounds_total.to_string())])
        } else {
            self.lang.fill(
                Key::PositionDuring,
                &[
                    ("minute", &minute.to_string()),
                    ("steps", &steps.to_string()),
                    ("round", &rounds_done.to_string()),
                    ("total", &rounds_total.to_string()),
                ],
            )
        }
    }
}

/// Draws the player's frame on `canvas` and marks there which run is on
/// screen and where the animation stands, for tests and assistive tools
/// (no `data-run` until the first run is drawn).
fn draw_frame(canvas: &HtmlCanvasElement, css_size: (f64, f64), p: &Player) {
    let drawn = match &p.scene {
        Some(scene) => spiral::draw(canvas, css_size, scene, p.position, p.locked, p.lang),
        None => spiral::draw_computing(canvas, css_size, p.lang),
    };
    if let Err(message) = drawn {
        web_sys::console::warn_1(&format!("spiral not drawn: {message}").into());
    }
    let Some(scene) = &p.scene else { return };
    canvas
        .set_attribute("data-position", &format!("{:.3}", p.position))
        .ok();
    if canvas.get_attribute("data-run").as_deref() != Some(scene.digest.as_str()) {
        canvas.set_attribute("data-run", &scene.digest).ok();
    }
}

/// Marks the player for a redraw when its canvas changes size, so a paused
/// frame is drawn again at the new size.
fn redraw_on_resize(player: &Rc<RefCell<Player>>) -> impl Fn() + 'static {
    let player = Rc::downgrade(player);
    move || {
        if let Some(mut p) = player
            .upgrade()
            .as_ref()
            .and_then(|p| p.try_borrow_mut().ok())
        {
            p.dirty = true;
        }
    }
}

type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Keeps the loop running; dropping it stops the loop and frees its closure.
pub struct LoopHandle {
    stopped: Rc<RefCell<bool>>,
    frame_id: Rc<RefCell<Option<i32>>>,
    callback: FrameCallback,
}

impl Drop for LoopHandle {
    fn drop(&mut self) {
        *self.stopped.borrow_mut() = true;
        if let (Some(window), Some(id)) = (web_sys::window(), self.frame_id.borrow_mut().take()) {
            let _ = window.cancel_animation_frame(id);
        }
        // The closure holds `callback` to reschedule itself: break the cycle.
        self.callback.borrow_mut().take();
    }
}

/// Starts the loop: every frame advance the player and, if anything
/// changed, draw the spiral and move the scrubber and the label.
pub fn start(
    player: Rc<RefCell<Player>>,
    canvas: NodeRef,
    scrubber: NodeRef,
    label: NodeRef,
) -> LoopHandle {
    let stopped = Rc::new(RefCell::new(false));
    let frame_id: Rc<RefCell<Option<i32>>> = Rc::new(RefCell::new(None));
    let callback: FrameCallback = Rc::new(RefCell::new(None));
    let mut last_label = String::new();
    let mut size_watch: Option<SizeWatch> = None;
    {
        let stopped = stopped.clone();
        let frame_id = frame_id.clone();
        let callback_inner = callback.clone();
        *callback.borrow_mut() = Some(Closure::new(move |now: f64| {
            if *stopped.borrow() {
                return;
            }
            let canvas = canvas.cast::<HtmlCanvasElement>();
            if let Some(canvas) = &canvas {
                if !size_watch.as_ref().is_some_and(|w| w.watches(canvas)) {
                    size_watch = SizeWatch::new(canvas, redraw_on_resize(&player));
                }
            }
            let mut p = player.borrow_mut();
            if p.advance(now) {
                if let Some(canvas) = &canvas {
                    let css_size = size_watch
                        .as_ref()
                        .map_or_else(|| client_size(canvas), SizeWatch::size);
                    draw_frame(canvas, css_size, &p);
                }
                if let Some(input) = scrubber.cast::<HtmlInputElement>() {
                    // While predict mode hides the run, its length is hidden too.
                    let max = if p.locked { 0.0 } else { p.end() };
                    input.set_max(&max.to_string());
                    input.set_value_as_number(p.position);
                }
                let text = p.position_text();
                if text != last_label {
                    if let Some(element) = label.cast::<HtmlElement>() {
                        element.set_text_content(Some(&text));
                    }
                    last_label = text;
                }
            }
            drop(p);
            if let Some(window) = web_sys::window() {
                if let Some(cb) = callback_inner.borrow().as_ref() {
                    *frame_id.borrow_mut() = window
                        .request_animation_frame(cb.as_ref().unchecked_ref())
                        .ok();
                }
            }
        }));
    }
    if let (Some(window), Some(cb)) = (web_sys::window(), callback.borrow().as_ref()) {
        *frame_id.borrow_mut() = window
            .request_animation_frame(cb.as_ref().unchecked_ref())
            .ok();
    }
    LoopHandle {
        stopped,
        frame_id,
        callback,
    }
}
