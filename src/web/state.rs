//! The app's one state and its reducer (after yew's function_memory_game).
//! Every change goes through [`Action`]; the engine runs here, so views only
//! read results. The playback position is not here: it changes every frame
//! and lives in the animation's `Player`, outside Yew's renders.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::lessons::LESSONS;
use crate::engine::link::{self, LinkNotice, Panel, ViewOptions};
use crate::engine::params::field;
use crate::engine::presets::preset;
use crate::engine::Params;
use crate::web::scene::Scene;

/// Playback speeds offered, as multiples of normal.
pub const SPEEDS: [f64; 4] = [0.5, 1.0, 2.0, 4.0];

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub params: Params,
    /// How the page is shown (projector theme, embed, lesson step).
    pub view: ViewOptions,
    pub scene: Rc<Scene>,
    /// What an opened link contained that was not used, until dismissed.
    pub notices: Vec<LinkNotice>,
    pub playing: bool,
    pub speed: f64,
    /// Bumped when the animation should start again from the shock (a
    /// preset was chosen, everything was reset).
    pub replays: u32,
    pub help_open: bool,
    /// Feedback of the copy-link button.
    pub copy_status: Option<String>,
    /// The sentence announced to screen readers after a reset.
    pub announcement: Option<String>,
    /// Run A of a comparison: pinned by the user, then compared with every
    /// run after it (run B).
    pub pinned: Option<Rc<Scene>>,
}

pub enum Action {
    /// A control moved: set one field by its share-link key.
    SetField {
        key: &'static str,
        value: f64,
    },
    /// Start from a preset ("" for the defaults).
    ApplyPreset(String),
    /// Every control back to its default (the R key).
    ResetAll,
    DismissNotices,
    SetPlaying(bool),
    TogglePlaying,
    SetSpeed(f64),
    ShowHelp(bool),
    CopyStatus(Option<String>),
    /// Open step n of the guided lesson (from 1), or leave it with None.
    GoToLesson(Option<u32>),
    /// Pin the current run as A, or drop the pinned one.
    Pin(bool),
    /// Projector mode (high contrast, large type) on or off; kept in the link.
    SetProjector(bool),
    /// Open a side panel beside the spiral, or close it; kept in the link.
    ShowPanel(Option<Panel>),
    /// One step forward (+1) or back (-1) in an open lesson; nothing when
    /// no lesson is open or at its ends.
    StepLesson(i32),
}

impl AppState {
    /// The state a link (or an empty query) opens on: playing from the shock.
    pub fn from_query(query: &str) -> Self {
        let mut decoded = link::decode(query);
        // `?lesson=3` alone opens that step's scenario; with a scenario
        // beside it, the scenario stands (it was changed during the lesson).
        if let Some(n) = decoded.view.lesson {
            if decoded.params == Params::default() {
                decoded.params = lesson_params(n);
            }
            // Its text is on the lesson panel, open unless the link chose another.
            decoded.view.panel = decoded.view.panel.or(Some(Panel::Lesson));
        }
        AppState {
            scene: Rc::new(Scene::new(&decoded.params)),
            params: decoded.params,
            view: decoded.view,
            notices: decoded.notices,
            playing: true,
            speed: 1.0,
            replays: 0,
            help_open: false,
            copy_status: None,
            announcement: None,
            pinned: None,
        }
    }

    fn with_params(&self, params: Params) -> Self {
        AppState {
            scene: Rc::new(Scene::new(&params)),
            params,
            copy_status: None,
            announcement: None,
            ..self.clone()
        }
    }

    fn replayed(self) -> Self {
        AppState {
            playing: true,
            replays: self.replays + 1,
            ..self
        }
    }
}

/// The scenario of lesson step `n` (from 1).
fn lesson_params(n: u32) -> Params {
    LESSONS
        .get(n as usize - 1)
        .map_or_else(Params::default, |lesson| link::decode(lesson.link).params)
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = match action {
            Action::SetField { key, value } => {
                let Some(spec) = field(key) else { return self };
                // Controls cannot leave their range, but a value is never used unchecked.
                let Ok(value) = spec.check(value) else {
                    return self;
                };
                if (spec.get)(&self.params) == value {
                    return self;
                }
                let mut params = self.params.clone();
                (spec.set)(&mut params, value);
                self.with_params(params)
            }
            Action::ApplyPreset(name) => {
                let params = preset(&name).map_or_else(Params::default, |p| (p.params)());
                self.with_params(params).replayed()
            }
            Action::ResetAll => {
                let mut next = self.with_params(Params::default()).replayed();
                next.speed = 1.0;
                next.help_open = false;
                next.announcement = Some("Every control is back to its default.".to_string());
                next
            }
            Action::DismissNotices => AppState {
                notices: Vec::new(),
                ..(*self).clone()
            },
            Action::SetPlaying(playing) => {
                if self.playing == playing {
                    return self;
                }
                AppState {
                    playing,
                    ..(*self).clone()
                }
            }
            Action::TogglePlaying => AppState {
                playing: !self.playing,
                ..(*self).clone()
            },
            Action::SetSpeed(speed) => {
                if !SPEEDS.contains(&speed) {
                    return self;
                }
                AppState {
                    speed,
                    ..(*self).clone()
                }
            }
            Action::ShowHelp(open) => AppState {
                help_open: open,
                ..(*self).clone()
            },
            Action::CopyStatus(status) => AppState {
                copy_status: status,
                ..(*self).clone()
            },
            Action::GoToLesson(Some(n)) if (1..=LESSONS.len() as u32).contains(&n) => {
                let mut next = self.with_params(lesson_params(n)).replayed();
                next.view.lesson = Some(n);
                next.view.panel = Some(Panel::Lesson);
                next
            }
            Action::StepLesson(by) => match self.view.lesson.map(|n| n as i64 + i64::from(by)) {
                Some(n) if (1..=LESSONS.len() as i64).contains(&n) => {
                    return self.reduce(Action::GoToLesson(Some(n as u32)));
                }
                _ => return self,
            },
            Action::ShowPanel(panel) => {
                let mut next = (*self).clone();
                next.view.panel = panel;
                next
            }
            Action::GoToLesson(_) => {
                let mut next = (*self).clone();
                next.view.lesson = None;
                next
            }
            Action::SetProjector(projector) => {
                let mut next = (*self).clone();
                next.view.projector = projector;
                next
            }
            Action::Pin(pin) => AppState {
                pinned: pin.then(|| self.scene.clone()),
                ..(*self).clone()
            },
        };
        Rc::new(next)
    }
}
