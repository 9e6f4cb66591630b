//! The stage and the side panels are two wasm modules: the page downloads
//! the stage's (the spiral, its sliders and time controls) first and the
//! panels' after the first run is on screen, so the first spiral waits for
//! only the part of the app it needs. This is what passes between them.
//!
//! The stage keeps the one reducer. It sends the panels module a
//! [`PanelMessage`] (what the open panel shows) and, when a run is new to
//! it, the run packed as the engine worker packs it (`Scene::packed`); the panels module sends
//! back [`PanelAction`]s, which the reducer turns into its own actions.
//! Both go as JS values, so every number crosses exactly.

use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::engine::i18n::Lang;
use crate::engine::link::{self, ViewOptions};
use crate::engine::survival::UserPosition;
use crate::scene::Scene;
use crate::state::Guess;

/// What the open side panel shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PanelMessage {
    /// The panel's link name (`engine::link::Panel::key`).
    pub panel: String,
    pub lang: Lang,
    /// The scenario and how it is shown, as the share link writes them:
    /// the panels module reads its `Params` and `ViewOptions` back from it.
    pub query: String,
    /// Predict mode hides the outcome until the reveal.
    pub hidden: bool,
    pub guess: Guess,
    pub copy_status: Option<String>,
    /// Pin was pressed while a run was being computed.
    pub pin_waiting: bool,
    /// The run on screen, if one has arrived (while a newer one is
    /// computed, `query` above is already the newer scenario's).
    pub scene: Option<RunId>,
    /// The pinned run.
    pub pinned: Option<RunId>,
}

/// A run as both modules name it: its digest and its own scenario's share
/// query. The digest covers the run's figures only, so two scenarios with
/// the same figures are still two runs (each with its own parameters).
pub type RunId = (String, String);

/// The name of `scene`'s run.
pub fn run_id(scene: &Scene) -> RunId {
    (scene.digest.clone(), link::encode(&scene.run.params))
}

/// What a panel asks the stage's reducer to do. It crosses as `[name,
/// value]` with a plain value (see [`PanelAction::to_js`]), so the stage
/// reads it without a deserializer in its wasm.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelAction {
    /// Set one field by its share-link key.
    SetField {
        key: String,
        value: f64,
    },
    ApplyPreset(String),
    CopyStatus(Option<String>),
    GoToLesson(Option<u32>),
    Pin(bool),
    SetProjector(bool),
    SetLang(Lang),
    SetPosition(Option<UserPosition>),
    SetPredict(bool),
}

impl PanelAction {
    /// `[name, value]`: a string, a number, a boolean or null. A language
    /// goes as its code, a position as the link's words for it.
    pub fn to_js(&self) -> JsValue {
        let (name, value): (&str, JsValue) = match self {
            PanelAction::SetField { key, value } => {
                return js_sys::Array::of3(&"SetField".into(), &key.into(), &(*value).into()).into()
            }
            PanelAction::ApplyPreset(name) => ("ApplyPreset", name.into()),
            PanelAction::CopyStatus(status) => (
                "CopyStatus",
                status.as_deref().map_or(JsValue::NULL, JsValue::from),
            ),
            PanelAction::GoToLesson(step) => {
                ("GoToLesson", step.map_or(JsValue::NULL, JsValue::from))
            }
            PanelAction::Pin(on) => ("Pin", (*on).into()),
            PanelAction::SetProjector(on) => ("SetProjector", (*on).into()),
            PanelAction::SetLang(lang) => ("SetLang", lang.code().into()),
            PanelAction::SetPosition(position) => ("SetPosition", position_words(position).into()),
            PanelAction::SetPredict(on) => ("SetPredict", (*on).into()),
        };
        js_sys::Array::of2(&name.into(), &value).into()
    }

    /// The action [`PanelAction::to_js`] wrote; None for anything else.
    pub fn from_js(sent: &JsValue) -> Option<PanelAction> {
        let sent: &js_sys::Array = sent.dyn_ref()?;
        let value = sent.get(1);
        let text = || value.as_string();
        let flag = || value.as_bool();
        Some(match sent.get(0).as_string()?.as_str() {
            "SetField" => PanelAction::SetField {
                key: text()?,
                value: sent.get(2).as_f64()?,
            },
            "ApplyPreset" => PanelAction::ApplyPreset(text()?),
            "CopyStatus" => PanelAction::CopyStatus(text()),
            "GoToLesson" => PanelAction::GoToLesson(value.as_f64().map(|n| n as u32)),
            "Pin" => PanelAction::Pin(flag()?),
            "SetProjector" => PanelAction::SetProjector(flag()?),
            "SetLang" => PanelAction::SetLang(Lang::from_code(&text()?)?),
            "SetPosition" => PanelAction::SetPosition(link::decode(&text()?).view.position),
            "SetPredict" => PanelAction::SetPredict(flag()?),
            _ => return None,
        })
    }
}

/// A position as a share link holding only it (`v=1&pos=long&pos_lev=25...`,
/// every number exact; `v=1` for none).
fn position_words(position: &Option<UserPosition>) -> String {
    let view = ViewOptions {
        position: *position,
        ..ViewOptions::default()
    };
    format!("v={}{}", link::LINK_VERSION, view.query_suffix())
}

/// The stage's side: loading the panels module and calling it.
pub mod stage {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::PanelMessage;

    /// The page's loader (a function on `window` that resolves to the
    /// started module's exports): index.html defines it, and the offline
    /// single file replaces it with one that carries the module inline.
    const LOADER: &str = "cascadeLabPanels";

    type Waiter = Box<dyn FnOnce(Result<JsValue, String>)>;

    enum Loading {
        NotStarted,
        Pending(Vec<Waiter>),
        Done(Result<JsValue, String>),
    }

    thread_local! {
        static MODULE: RefCell<Loading> = const { RefCell::new(Loading::NotStarted) };
    }

    /// Calls `then` with the module's exports, or why it did not load,
    /// once it has loaded (starting the load if nothing has yet).
    pub fn when_loaded(then: impl FnOnce(Result<JsValue, String>) + 'static) {
        let start = MODULE.with(|module| {
            let mut module = module.borrow_mut();
            match &mut *module {
                Loading::Done(result) => {
                    let result = result.clone();
                    drop(module);
                    then(result);
                    false
                }
                Loading::Pending(waiters) => {
                    waiters.push(Box::new(then));
                    false
                }
                Loading::NotStarted => {
                    *module = Loading::Pending(vec![Box::new(then)]);
                    true
                }
            }
        });
        if start {
            wasm_bindgen_futures::spawn_local(async {
                let result = load().await;
                let waiters = MODULE.with(|module| {
                    match std::mem::replace(
                        &mut *module.borrow_mut(),
                        Loading::Done(result.clone()),
                    ) {
                        Loading::Pending(waiters) => waiters,
                        _ => Vec::new(),
                    }
                });
                for waiter in waiters {
                    waiter(result.clone());
                }
            });
        }
    }

    /// Calls `then` with the module's exports once it has loaded, if
    /// anything has started loading it (this does not).
    pub fn if_loaded(then: impl FnOnce(JsValue) + 'static) {
        let started = MODULE.with(|module| !matches!(*module.borrow(), Loading::NotStarted));
        if started {
            when_loaded(|result| {
                if let Ok(module) = result {
                    then(module);
                }
            });
        }
    }

    /// Starts loading the module ahead of the first panel.
    pub fn prefetch() {
        when_loaded(|_| {});
    }

    async fn load() -> Result<JsValue, String> {
        let window = web_sys::window().ok_or("no window")?;
        let loader = js_sys::Reflect::get(&window, &JsValue::from_str(LOADER))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or("this page has no panels module")?;
        let promise: js_sys::Promise =
            loader
                .call0(&JsValue::NULL)
                .map_err(describe)?
                .dyn_into()
                .map_err(|_| "the panels loader returned no promise".to_string())?;
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map_err(describe)
    }

    fn describe(error: JsValue) -> String {
        js_sys::Error::from(error)
            .message()
            .as_string()
            .unwrap_or_else(|| "unknown error".to_string())
    }

    fn export(module: &JsValue, name: &str) -> Result<js_sys::Function, String> {
        js_sys::Reflect::get(module, &JsValue::from_str(name))
            .ok()
            .and_then(|f| f.dyn_into().ok())
            .ok_or_else(|| format!("the panels module has no {name}"))
    }

    /// Shows `message`'s panel in `host`, with the runs it has not been
    /// sent yet packed (see `super::pack`).
    pub fn show(
        module: &JsValue,
        host: &web_sys::Element,
        message: &PanelMessage,
        scene: Option<Vec<f64>>,
        pinned: Option<Vec<f64>>,
        dispatch: &js_sys::Function,
    ) -> Result<(), String> {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let message =
            serde::Serialize::serialize(message, &serializer).map_err(|e| e.to_string())?;
        let packed = |run: Option<Vec<f64>>| {
            run.map_or(JsValue::UNDEFINED, |r| {
                js_sys::Float64Array::from(&r[..]).into()
            })
        };
        let args = js_sys::Array::of5(host, &message, &packed(scene), &packed(pinned), dispatch);
        export(module, "showPanel")?
            .apply(&JsValue::NULL, &args)
            .map(|_| ())
            .map_err(describe)
    }

    /// The panel was closed.
    pub fn hide(module: &JsValue) {
        if let Ok(hide) = export(module, "hidePanel") {
            let _ = hide.call0(&JsValue::NULL);
        }
    }
}
