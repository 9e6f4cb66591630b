//! The panels module's side of `panel_bridge`: it renders the open panel
//! into one element of its own, which it moves into whatever element the
//! stage's side panel gives it, and keeps the runs it was sent so that each
//! crosses once.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use yew::prelude::*;
use yew::AppHandle;

use crate::components::panels_root::{PanelsRoot, PanelsRootProps, ShownPanel};
use crate::engine::link::{self, Panel};
use crate::panel_bridge::{PanelAction, PanelMessage, RunId};
use crate::scene::Scene;

/// The panels app, mounted once into `root`.
struct Mounted {
    root: web_sys::Element,
    app: AppHandle<PanelsRoot>,
    on_action: Callback<PanelAction>,
    /// The runs the last message named (on screen and pinned).
    runs: Vec<(RunId, Rc<Scene>)>,
}

thread_local! {
    static MOUNTED: RefCell<Option<Mounted>> = const { RefCell::new(None) };
}

/// Starts the module: errors go to the page's error panel, and the
/// module's workers (the phase map's, the spread's) load this module's
/// glue, not the stage's.
pub fn start(glue_url: Option<String>) {
    crate::panic_panel::install();
    crate::worker::use_glue(glue_url);
}

/// An action sent to the stage through its `dispatch` function.
fn sender(dispatch: js_sys::Function) -> Callback<PanelAction> {
    Callback::from(move |action: PanelAction| {
        let _ = dispatch.call1(&JsValue::NULL, &action.to_js());
    })
}

/// The run `id`: unpacked from `packed` when sent (with its own
/// scenario's parameters), else the one kept from an earlier message.
fn run_for(
    runs: &[(RunId, Rc<Scene>)],
    id: &RunId,
    packed: Option<Vec<f64>>,
) -> Result<Rc<Scene>, String> {
    if let Some(packed) = packed {
        let params = link::decode(&id.1).params;
        return Scene::unpack(&params, &packed).map(Rc::new);
    }
    runs.iter()
        .find(|(kept, _)| kept == id)
        .map(|(_, scene)| scene.clone())
        .ok_or_else(|| format!("run {} was neither sent nor kept", id.0))
}

/// The run on screen and the pinned one, as a panel shows them.
type ShownRuns = (Option<Rc<Scene>>, Option<Rc<Scene>>);

/// The runs `message` names (on screen, pinned), from what was sent or
/// else kept; they become what is kept.
fn take_runs(
    kept: &mut Vec<(RunId, Rc<Scene>)>,
    message: &PanelMessage,
    scene: Option<Vec<f64>>,
    pinned: Option<Vec<f64>>,
) -> Result<ShownRuns, JsError> {
    let run = |id: &Option<RunId>, packed: Option<Vec<f64>>| {
        id.as_ref()
            .map(|id| run_for(kept, id, packed))
            .transpose()
            .map_err(|e| JsError::new(&e))
    };
    let (scene, pinned) = (run(&message.scene, scene)?, run(&message.pinned, pinned)?);
    *kept = [(&message.scene, &scene), (&message.pinned, &pinned)]
        .into_iter()
        .filter_map(|(id, run)| Some((id.clone()?, run.clone()?)))
        .collect();
    Ok((scene, pinned))
}

/// Shows the panel `message` describes inside `host`. `scene` and
/// `pinned` carry a run the module has not been sent before.
pub fn show(
    host: &web_sys::Element,
    message: JsValue,
    scene: Option<Vec<f64>>,
    pinned: Option<Vec<f64>>,
    dispatch: js_sys::Function,
) -> Result<(), JsError> {
    let message: PanelMessage = serde_wasm_bindgen::from_value(message)?;
    let panel = Panel::from_key(&message.panel)
        .ok_or_else(|| JsError::new(&format!("no panel is called {:?}", message.panel)))?;
    MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        let mounted = match mounted.as_mut() {
            Some(m) => m,
            None => mounted.insert(mount()?),
        };
        // The stage's function for this side panel: the one an earlier,
        // closed side panel gave is gone with it.
        mounted.on_action = sender(dispatch);
        let decoded = link::decode(&message.query);
        let (current, kept_pin) = take_runs(&mut mounted.runs, &message, scene, pinned)?;
        let current = current
            .map(|s| Rc::new(Scene::clone(&s).with_position(decoded.view.position.as_ref())));
        let shown = ShownPanel {
            panel,
            lang: message.lang,
            params: decoded.params,
            view: decoded.view,
            query: message.query,
            hidden: message.hidden,
            guess: message.guess,
            copy_status: message.copy_status,
            pin_waiting: message.pin_waiting,
            scene: current,
            pinned: kept_pin,
        };
        if mounted.root.parent_node().as_ref() != Some(host.as_ref()) {
            host.append_child(&mounted.root).map_err(dom_error)?;
        }
        let props = PanelsRootProps {
            shown: Some(Rc::new(shown)),
            on_action: mounted.on_action.clone(),
        };
        mounted.app.update(props);
        Ok(())
    })
}

/// The panel was closed: its content goes (stopping any work it started),
/// while what the module keeps (the phase map) stays.
pub fn hide() {
    MOUNTED.with(|mounted| {
        if let Some(m) = mounted.borrow_mut().as_mut() {
            let props = PanelsRootProps {
                shown: None,
                on_action: m.on_action.clone(),
            };
            m.app.update(props);
        }
    });
}

fn dom_error(error: JsValue) -> JsError {
    JsError::new(&format!(
        "the page refused a change to the panel: {error:?}"
    ))
}

fn mount() -> Result<Mounted, JsError> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsError::new("the panels need a document"))?;
    let root = document.create_element("div").map_err(dom_error)?;
    root.set_class_name("panels-root");
    root.set_id("panels-root");
    // Replaced by the stage's function at every `show`.
    let on_action = Callback::noop();
    let props = || PanelsRootProps {
        shown: None,
        on_action: on_action.clone(),
    };
    // Yew tells its apps' events apart by a number it gives each app, from
    // 1 in every wasm module, and the panels' app sits inside the stage's:
    // with the same number, the stage would run its own handlers for clicks
    // in the panels. An empty app, never attached, takes number 1 here.
    // (This holds while the stage makes one Yew root and no portals.)
    let spacer = document.create_element("div").map_err(dom_error)?;
    let _ = yew::Renderer::<PanelsRoot>::with_root_and_props(spacer, props()).render();
    let app = yew::Renderer::<PanelsRoot>::with_root_and_props(root.clone(), props()).render();
    Ok(Mounted {
        root,
        app,
        on_action,
        runs: Vec::new(),
    })
}
