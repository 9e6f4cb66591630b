//! The app's one state and its reducer (after yew's function_memory_game).
//! Every change goes through [`Action`]. A change of the scenario records
//! the requested parameters under a new sequence number; the app posts
//! them to the engine worker and its scene comes back as
//! [`Action::RunArrived`], so views only read results. The first scene is
//! requested the same way (number 0), so until it arrives there is no
//! scene and every view says the run is being computed. The playback
//! position is not here: it changes every frame and lives in the
//! animation's `Player`, outside Yew's renders.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::i18n::{Key, Lang};
use crate::engine::lessons::LESSONS;
use crate::engine::link::{self, LinkNotice, Panel, ViewOptions};
use crate::engine::params::field;
use crate::engine::presets::preset;
use crate::engine::survival::UserPosition;
use crate::engine::Params;
use crate::panel_bridge::PanelAction;
use crate::scene::Scene;

/// Playback speeds offered, as multiples of normal.
pub const SPEEDS: [f64; 4] = [0.5, 1.0, 2.0, 4.0];

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// The scenario the controls show: the newest requested.
    pub params: Params,
    /// Sequence number of the newest requested scene (0: the first) and of
    /// the scene on screen; they differ while a run is computed.
    pub requested: u64,
    pub shown: u64,
    /// The requested run has taken long enough to say it is computing.
    pub computing: bool,
    /// No worker could start: runs are computed on the page itself.
    pub engine_on_page: bool,
    /// How the page is shown (projector theme, embed, lesson step).
    pub view: ViewOptions,
    /// The run on screen; None until the first one arrives.
    pub scene: Option<Rc<Scene>>,
    /// The language of every word: the link's `lang`, else the browser's.
    pub lang: Lang,
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
    /// Pin was pressed while a run was being computed: the run the controls
    /// describe is pinned when it arrives, not the older one still on
    /// screen.
    pub pin_on_arrival: bool,
    /// In predict mode, whether the current run has been revealed.
    pub revealed: bool,
    /// The reader's guess in predict mode (not kept in the link).
    pub guess: Guess,
}

/// A guess of the outcome before it is revealed.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Guess {
    /// BTC's total fall, %.
    pub fall_pct: Option<f64>,
    /// Total liquidated, USD billions (optional).
    pub liquidated_busd: Option<f64>,
}

/// The largest fall a guess may name: the engine's floor.
pub const MAX_GUESS_PCT: f64 = crate::engine::cascade::FLOOR_FALL_PCT;

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
    /// Pin the run the controls describe as A (when it arrives, if it is
    /// still being computed), or drop the pinned one.
    Pin(bool),
    /// Projector mode (high contrast, large type) on or off; kept in the link.
    SetProjector(bool),
    /// Open a side panel beside the spiral, or close it; kept in the link.
    ShowPanel(Option<Panel>),
    /// The language chosen from the menu; kept in the link from then on.
    SetLang(Lang),
    /// One step forward (+1) or back (-1) in an open lesson; nothing when
    /// no lesson is open or at its ends.
    StepLesson(i32),
    /// Hold the reader's own position through the run, or drop it; kept in the link.
    SetPosition(Option<UserPosition>),
    /// Predict mode on or off; kept in the link.
    SetPredict(bool),
    SetGuess(Guess),
    /// Show the run after a guess (nothing without one).
    Reveal,
    /// The scene of request `seq`; anything but the newest is dropped.
    RunArrived {
        seq: u64,
        scene: Box<Scene>,
    },
    /// Request `seq` is taking long: say so if it is still awaited.
    RunSlow(u64),
    /// Runs are computed on the page from now on (no worker).
    EngineOnPage,
}

impl Action {
    /// The reducer's action for what a side panel asked (see
    /// `panel_bridge`); None for a field key the parameter table lacks.
    pub fn from_panel(asked: PanelAction) -> Option<Action> {
        Some(match asked {
            PanelAction::SetField { key, value } => Action::SetField {
                key: field(&key)?.key,
                value,
            },
            PanelAction::ApplyPreset(name) => Action::ApplyPreset(name),
            PanelAction::CopyStatus(status) => Action::CopyStatus(status),
            PanelAction::GoToLesson(step) => Action::GoToLesson(step),
            PanelAction::Pin(pinned) => Action::Pin(pinned),
            PanelAction::SetProjector(on) => Action::SetProjector(on),
            PanelAction::SetLang(lang) => Action::SetLang(lang),
            PanelAction::SetPosition(position) => Action::SetPosition(position),
            PanelAction::SetPredict(on) => Action::SetPredict(on),
        })
    }
}

impl AppState {
    /// The state a link (or an empty query) opens on: playing from the
    /// shock, in the link's language or else `browser_lang`.
    pub fn from_query(query: &str, browser_lang: Lang) -> Self {
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
            scene: None,
            params: decoded.params,
            requested: 0,
            shown: 0,
            computing: false,
            engine_on_page: false,
            lang: decoded.view.lang.unwrap_or(browser_lang),
            view: decoded.view,
            notices: decoded.notices,
            playing: true,
            speed: 1.0,
            replays: 0,
            help_open: false,
            copy_status: None,
            announcement: None,
            pinned: None,
            pin_on_arrival: false,
            revealed: false,
            guess: Guess::default(),
        }
        .hidden_until_revealed()
    }

    /// True while predict mode hides the outcome.
    pub fn hidden(&self) -> bool {
        self.view.predict && !self.revealed
    }

    /// Paused at the shock while the outcome is hidden.
    fn hidden_until_revealed(self) -> Self {
        AppState {
            playing: self.playing && !self.hidden(),
            ..self
        }
    }

    /// True while the scene on screen is not the newest requested (or
    /// there is none yet).
    pub fn pending(&self) -> bool {
        self.scene.is_none() || self.requested != self.shown
    }

    /// A new scenario, its scene requested (the one on screen plays on).
    fn with_params(&self, params: Params) -> Self {
        AppState {
            params,
            requested: self.requested + 1,
            copy_status: None,
            announcement: None,
            // A new scenario is a new prediction.
            revealed: false,
            ..self.clone()
        }
        .hidden_until_revealed()
    }

    fn replayed(self) -> Self {
        AppState {
            playing: true,
            replays: self.replays + 1,
            ..self
        }
        .hidden_until_revealed()
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
                next.announcement = Some(self.lang.t(Key::ResetAnnouncement).to_string());
                next
            }
            Action::DismissNotices => AppState {
                notices: Vec::new(),
                ..(*self).clone()
            },
            Action::SetPlaying(true) | Action::TogglePlaying if self.hidden() => return self,
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
            Action::SetLang(lang) => {
                let mut next = (*self).clone();
                next.view.lang = Some(lang);
                next.lang = lang;
                next
            }
            Action::SetProjector(projector) => {
                let mut next = (*self).clone();
                next.view.projector = projector;
                next
            }
            Action::SetPredict(predict) => {
                let mut next = (*self).clone();
                next.view.predict = predict;
                next.revealed = false;
                next.hidden_until_revealed()
            }
            Action::SetGuess(guess) => AppState {
                guess,
                ..(*self).clone()
            },
            Action::Reveal => {
                if self.guess.fall_pct.is_none() {
                    return self;
                }
                AppState {
                    revealed: true,
                    ..(*self).clone()
                }
                .replayed()
            }
            Action::SetPosition(position) => {
                let mut next = (*self).clone();
                next.view.position = position;
                next.scene = self
                    .scene
                    .as_ref()
                    .map(|scene| Rc::new((**scene).clone().with_position(position.as_ref())));
                next
            }
            Action::Pin(true) if self.pending() => AppState {
                pin_on_arrival: true,
                ..(*self).clone()
            },
            Action::Pin(pin) => AppState {
                pinned: pin.then(|| self.scene.clone()).flatten(),
                pin_on_arrival: false,
                ..(*self).clone()
            },
            Action::RunArrived { seq, scene } => {
                if seq != self.requested || !self.pending() {
                    return self;
                }
                let scene = Rc::new(scene.with_position(self.view.position.as_ref()));
                AppState {
                    pinned: if self.pin_on_arrival {
                        Some(scene.clone())
                    } else {
                        self.pinned.clone()
                    },
                    pin_on_arrival: false,
                    scene: Some(scene),
                    shown: seq,
                    computing: false,
                    ..(*self).clone()
                }
            }
            Action::RunSlow(seq) => {
                if seq != self.requested || !self.pending() || self.computing {
                    return self;
                }
                AppState {
                    computing: true,
                    ..(*self).clone()
                }
            }
            Action::EngineOnPage => AppState {
                engine_on_page: true,
                ..(*self).clone()
            },
        };
        Rc::new(next)
    }
}
