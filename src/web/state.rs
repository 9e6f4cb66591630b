//! The app's one state and its reducer (after yew's function_memory_game).
//! Every change goes through [`Action`]; the engine runs here, so views only
//! read results.

use std::rc::Rc;

use yew::Reducible;

use crate::engine::link::{self, LinkNotice};
use crate::engine::params::field;
use crate::engine::{simulate, Params, Run};

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub params: Params,
    pub run: Rc<Run>,
    /// What an opened link contained that was not used, until dismissed.
    pub notices: Vec<LinkNotice>,
}

pub enum Action {
    /// A slider moved: set one field by its share-link key.
    SetField { key: &'static str, value: f64 },
    DismissNotices,
}

impl AppState {
    /// The state a link (or an empty query) opens on.
    pub fn from_query(query: &str) -> Self {
        let decoded = link::decode(query);
        let run = Rc::new(simulate(&decoded.params));
        AppState { params: decoded.params, run, notices: decoded.notices }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match action {
            Action::SetField { key, value } => {
                let Some(spec) = field(key) else { return self };
                // Sliders cannot leave their range, but a value is never used unchecked.
                let Ok(value) = spec.check(value) else { return self };
                if (spec.get)(&self.params) == value {
                    return self;
                }
                let mut params = self.params.clone();
                (spec.set)(&mut params, value);
                let run = Rc::new(simulate(&params));
                Rc::new(AppState { params, run, notices: self.notices.clone() })
            }
            Action::DismissNotices => Rc::new(AppState { notices: Vec::new(), ..(*self).clone() }),
        }
    }
}
