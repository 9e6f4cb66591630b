//! Where the open side panel's content goes on the stage: the panels
//! module (see `panel_bridge`) draws it into this element, once it has
//! loaded, and its actions come back to the reducer from here.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};
use crate::panel_bridge::{stage, PanelAction, PanelMessage, RunId};
use crate::scene::{same_scene, Scene};
use crate::state::{Action, AppState};

#[derive(Properties)]
pub struct PanelHostProps {
    pub message: PanelMessage,
    /// The run on screen and the pinned one, whose digests the message names.
    pub scene: Option<Rc<Scene>>,
    pub pinned: Option<Rc<Scene>>,
    pub dispatcher: UseReducerDispatcher<AppState>,
    pub lang: Lang,
}

impl PartialEq for PanelHostProps {
    fn eq(&self, other: &Self) -> bool {
        self.message == other.message
            && same_scene(&self.scene, &other.scene)
            && same_scene(&self.pinned, &other.pinned)
            && self.dispatcher == other.dispatcher
            && self.lang == other.lang
    }
}

/// The function the panels module calls with each action it sends.
fn dispatch_function(dispatcher: &UseReducerDispatcher<AppState>) -> Closure<dyn Fn(JsValue)> {
    let dispatcher = dispatcher.clone();
    Closure::new(move |value: JsValue| {
        if let Some(action) = PanelAction::from_js(&value).and_then(Action::from_panel) {
            dispatcher.dispatch(action);
        }
    })
}

/// The message last shown: the runs it names are the ones the module keeps.
type Shown = Rc<RefCell<Option<PanelMessage>>>;

/// What one render asks the module to show: the message and the runs it names.
type Showing = (PanelMessage, Option<Rc<Scene>>, Option<Rc<Scene>>);

/// Shows the message in `host`, packing only the runs the module lacks.
fn show(
    module: &JsValue,
    host: &web_sys::Element,
    (message, scene, pinned): &Showing,
    shown: &Shown,
    dispatch: &js_sys::Function,
) -> Result<(), String> {
    let last = shown.borrow().clone();
    if last.as_ref() == Some(message) {
        return Ok(());
    }
    let kept = |id: &Option<RunId>| {
        last.as_ref()
            .is_some_and(|l| id.is_some() && (l.scene == *id || l.pinned == *id))
    };
    let packed = |id: &Option<RunId>, scene: &Option<Rc<Scene>>| match scene {
        Some(scene) if !kept(id) => Some(scene.packed()),
        _ => None,
    };
    let scene = packed(&message.scene, scene);
    let pinned = packed(&message.pinned, pinned);
    stage::show(module, host, message, scene, pinned, dispatch)?;
    *shown.borrow_mut() = Some(message.clone());
    Ok(())
}

#[function_component(PanelHost)]
pub fn panel_host(props: &PanelHostProps) -> Html {
    let host = use_node_ref();
    let module = use_state(|| None::<Result<JsValue, String>>);
    let failed = use_state(|| None::<String>);
    let shown: Shown = use_mut_ref(|| None);
    let dispatch = use_memo(props.dispatcher.clone(), dispatch_function);
    {
        // The module loads once the first run is on screen (or at once,
        // when an earlier panel or the stage started it).
        let module = module.setter();
        use_effect_with(props.scene.is_some(), move |&has_run| {
            if has_run {
                stage::when_loaded(move |result| module.set(Some(result)));
            }
        });
    }
    {
        let (module, failed, shown, host) =
            (module.clone(), failed.clone(), shown.clone(), host.clone());
        let dispatch = dispatch.clone();
        // After every render: cheap when nothing the panel shows changed.
        let showing: Showing = (
            props.message.clone(),
            props.scene.clone(),
            props.pinned.clone(),
        );
        use_effect(move || {
            if let (Some(Ok(module)), Some(element)) = (&*module, host.cast::<web_sys::Element>()) {
                let result = show(
                    module,
                    &element,
                    &showing,
                    &shown,
                    (*dispatch).as_ref().unchecked_ref(),
                );
                if result.as_ref().err() != failed.as_ref() {
                    failed.set(result.err());
                }
            }
        });
    }
    // Closing the panel never starts the module's download itself.
    use_effect_with((), |_| || stage::if_loaded(|module| stage::hide(&module)));
    let lang = props.lang;
    let status = match (&*module, &*failed) {
        (Some(Err(error)), _) | (Some(Ok(_)), Some(error)) => html! {
            <p class="panels-failed" role="alert" id="panels-failed">{ lang.fill(Key::PanelsFailed, &[("error", error)]) }</p>
        },
        (None, _) => {
            html! { <p class="run-pending" id="panels-loading">{ lang.t(Key::LoadingPanels) }</p> }
        }
        (Some(Ok(_)), None) => html! {},
    };
    html! {
        <>
            { status }
            <div class="panel-host" id="panel-host" ref={host}></div>
        </>
    }
}
