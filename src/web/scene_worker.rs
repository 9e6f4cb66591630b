//! The page's engine worker: every scene, the first included, is computed in one
//! long-lived web worker running this same wasm, so dragging a slider never
//! runs the engine on the main thread. The worker keeps its own runner, so
//! a change that does not shape the population re-runs there on the
//! population already placed.
//!
//! Newest input wins. Each request carries a sequence number; the worker
//! computes only the newest request waiting when it gets to work
//! (`worker::spawn_latest_only`), and a reply to anything but the newest
//! request is dropped here unread. A scene arrives as a flat array of
//! numbers (`engine::flat`) whose buffer is transferred, not copied.
//!
//! Where no worker can start (the offline single file opened from disk has
//! no script to load in one), scenes are computed on the page one timer
//! tick after the request, again only the newest, and `on_page` says so.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

use crate::engine::link;
use crate::engine::Params;
use crate::scene::Scene;
use crate::timer::after_ms;
use crate::worker;

/// After this long without its scene, a request counts as slow and the
/// page shows that it is computing (shorter waits go unremarked).
pub const SLOW_RUN_MS: i32 = 150;

/// The name of the user-timing measure of reading a scene on the page
/// (`benches/browser.mjs` observes it).
const DECODE_MEASURE: &str = "cascade-lab: read a scene from the worker";

/// What the page hears back.
pub struct Events {
    /// The scene of request `seq`, the newest when it arrived.
    pub arrived: Callback<(u64, Scene)>,
    /// Request `seq` has been waiting [`SLOW_RUN_MS`].
    pub slow: Callback<u64>,
    /// No worker could start, or it stopped: scenes are now computed on the page.
    pub on_page: Callback<()>,
}

/// What the page posts to the worker (see `worker::spawn_latest_only`):
/// the scenario as its share query, which reads back to the same `Params`
/// bit for bit (a property test holds it) and needs no deserializer.
#[derive(Serialize)]
struct Request {
    seq: u64,
    export: &'static str,
    args: (String,),
}

struct Shared {
    worker: RefCell<Option<web_sys::Worker>>,
    /// The newest request: the only one whose scene is wanted.
    newest: RefCell<Option<(u64, Params)>>,
    /// A page tick is already due (without a worker).
    tick_due: Cell<bool>,
    events: Events,
    listeners: RefCell<Option<Listeners>>,
}

/// The worker's handlers, kept alive as long as it runs.
struct Listeners {
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// The page's handle on the engine worker; dropping it stops the worker.
pub struct SceneWorker {
    shared: Rc<Shared>,
}

impl Drop for SceneWorker {
    fn drop(&mut self) {
        if let Some(worker) = self.shared.worker.take() {
            worker.terminate();
        }
    }
}

impl SceneWorker {
    /// Takes the engine worker (started before the app mounted, see
    /// `worker::prewarm_latest_only`), or says at once that there is none.
    pub fn start(events: Events) -> Self {
        let shared = Rc::new(Shared {
            worker: RefCell::new(None),
            newest: RefCell::new(None),
            tick_due: Cell::new(false),
            events,
            listeners: RefCell::new(None),
        });
        match worker::spawn_latest_only() {
            Ok(spawned) => attach(&shared, spawned),
            Err(_) => shared.events.on_page.emit(()),
        }
        SceneWorker { shared }
    }

    /// Asks for the scene of `params` as request `seq`, which supersedes
    /// every earlier request.
    pub fn request(&self, seq: u64, params: Params) {
        let shared = &self.shared;
        *shared.newest.borrow_mut() = Some((seq, params));
        let posted = shared.worker.borrow().as_ref().map(|w| post(w, shared));
        match posted {
            Some(Ok(())) => {}
            Some(Err(_)) => fall_back(shared),
            None => schedule_on_page(shared),
        }
        let slow = shared.events.slow.clone();
        after_ms(SLOW_RUN_MS, move || slow.emit(seq));
    }
}

/// Posts the newest request to `worker`.
fn post(worker: &web_sys::Worker, shared: &Shared) -> Result<(), JsValue> {
    let newest = shared.newest.borrow();
    let Some((seq, params)) = newest.as_ref() else {
        return Ok(());
    };
    let request = Request {
        seq: *seq,
        export: "packedScene",
        args: (link::encode(params),),
    };
    let message = request.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?;
    worker.post_message(&message)
}

fn attach(shared: &Rc<Shared>, spawned: web_sys::Worker) {
    let weak = Rc::downgrade(shared);
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new({
        let weak = weak.clone();
        move |event: web_sys::MessageEvent| {
            if let Some(shared) = weak.upgrade() {
                on_reply(&shared, &event.data());
            }
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        if let Some(shared) = weak.upgrade() {
            fall_back(&shared);
        }
    });
    spawned.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    spawned.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    *shared.worker.borrow_mut() = Some(spawned);
    *shared.listeners.borrow_mut() = Some(Listeners {
        _on_message: on_message,
        _on_error: on_error,
    });
}

/// A reply: the newest request's scene, a stale one (dropped unread), or
/// word that the worker cannot run (then the page takes over).
fn on_reply(shared: &Rc<Shared>, data: &JsValue) {
    let field = |name: &str| js_sys::Reflect::get(data, &JsValue::from_str(name)).ok();
    let Some(values) = field("values").and_then(|v| v.dyn_into::<js_sys::Float64Array>().ok())
    else {
        // `failed` (the module did not load) or `error` (the engine failed
        // there): the page computes from now on, and shows any failure itself.
        fall_back(shared);
        return;
    };
    let seq = field("seq").and_then(|s| s.as_f64()).unwrap_or(-1.0);
    let newest = shared.newest.borrow().clone();
    let Some((newest_seq, params)) = newest.filter(|(n, _)| *n as f64 == seq) else {
        return;
    };
    let scene = timed(DECODE_MEASURE, || Scene::unpack(&params, &values.to_vec()));
    match scene {
        Ok(scene) => shared.events.arrived.emit((newest_seq, scene)),
        Err(_) => fall_back(shared),
    }
}

/// Stops the worker for good and computes the newest request on the page.
fn fall_back(shared: &Rc<Shared>) {
    if let Some(worker) = shared.worker.take() {
        worker.terminate();
        shared.events.on_page.emit(());
    }
    schedule_on_page(shared);
}

/// Computes the newest request on the page at the next timer tick (one
/// tick for any number of requests made before it).
fn schedule_on_page(shared: &Rc<Shared>) {
    if shared.tick_due.replace(true) {
        return;
    }
    let weak: Weak<Shared> = Rc::downgrade(shared);
    after_ms(0, move || {
        let Some(shared) = weak.upgrade() else { return };
        shared.tick_due.set(false);
        let newest = shared.newest.borrow_mut().take();
        if let Some((seq, params)) = newest {
            let scene = Scene::new(&params);
            shared.events.arrived.emit((seq, scene));
        }
    });
}

/// Runs `f` as a user-timing measure named `name`: the entry reaches
/// performance observers, and is cleared at once so none pile up.
fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else {
        return f();
    };
    let _ = performance.mark(name);
    let out = f();
    let _ = performance.measure_with_start_mark(name, name);
    performance.clear_marks_with_mark_name(name);
    performance.clear_measures_with_measure_name(name);
    out
}
