//! Long computations off the main thread: a web worker running this same
//! wasm module calls one of its exports once per part of a job and posts
//! each part back, so the page keeps answering while it fills in. The same
//! bootstrap starts the page's engine worker (`scene_worker`), which
//! computes only the newest of the requests posted to it.
//!
//! The worker is a small module script (made at run time from a Blob) that
//! imports the page's own JS glue and starts it (the app itself does not
//! start without a document) with the page's own compiled wasm module,
//! posted to it as its first message: nothing is downloaded or compiled a
//! second time, which on a slow connection would hold the first run back by
//! the whole wasm. Where the glue cannot be found (the offline
//! single file inlines it), the parts are computed on the page one per
//! timer tick instead, which keeps the page responsive between parts.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A computation in parts: the worker calls `export` with each element of
/// `calls` (an array of arguments); `on_page` computes part `i` on the page
/// when no worker can start.
pub struct Job {
    pub export: &'static str,
    pub calls: Vec<serde_json::Value>,
    pub on_page: Rc<dyn Fn(usize) -> Result<Vec<f64>, String>>,
}

/// What the page posts to the worker.
#[derive(Serialize)]
struct Request<'a> {
    export: &'a str,
    calls: &'a [serde_json::Value],
}

/// What the worker says back.
#[derive(Debug, Deserialize)]
struct Reply {
    part: Option<usize>,
    values: Option<Vec<f64>>,
    done: Option<bool>,
    error: Option<String>,
}

/// Progress reported to the view.
pub enum Update {
    Part { index: usize, values: Vec<f64> },
    Done,
    Failed(String),
}

/// A running computation; dropping it stops the worker.
pub struct Computation {
    worker: Option<web_sys::Worker>,
    _on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
    cancelled: Rc<RefCell<bool>>,
}

impl Drop for Computation {
    fn drop(&mut self) {
        *self.cancelled.borrow_mut() = true;
        if let Some(worker) = &self.worker {
            worker.terminate();
        }
    }
}

thread_local! {
    /// The glue this module's workers load, when it is not the page's own
    /// (the panels module's); `Some(None)`: no worker can load it.
    static OWN_GLUE: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Makes this module's workers load the glue at `url` (None: compute on
/// the page) instead of the page's.
pub fn use_glue(url: Option<String>) {
    OWN_GLUE.with(|own| *own.borrow_mut() = Some(url));
}

/// This module's JS glue, as an absolute URL: the page's own unless
/// [`use_glue`] named another (Trunk preloads the page's).
fn glue_url() -> Option<String> {
    if let Some(own) = OWN_GLUE.with(|own| own.borrow().clone()) {
        return own;
    }
    let document = web_sys::window()?.document()?;
    let href = document
        .query_selector("link[rel=modulepreload]")
        .ok()??
        .get_attribute("href")?;
    web_sys::Url::new_with_base(&href, &document.base_uri().ok()??)
        .ok()
        .map(|u| u.href())
}

/// The start of every worker's script: `ready` resolves to this wasm
/// module's exports once the page's own glue has instantiated the compiled
/// module the page posts first (that message goes no further).
fn worker_prelude(glue: &str) -> String {
    format!(
        r#"let receiveModule;
const compiled = new Promise((resolve) => {{ receiveModule = resolve; }});
self.addEventListener('message', (event) => {{
  if (event.data instanceof WebAssembly.Module) {{
    event.stopImmediatePropagation();
    receiveModule(event.data);
  }}
}});
const ready = Promise.all([import({glue:?}), compiled]).then(async ([m, module]) => {{ await m.default({{ module_or_path: module }}); return m; }});
"#
    )
}

/// A job's worker: every part of the request in turn, each posted back.
const JOB_HANDLER: &str = r#"self.onmessage = async (event) => {
  const r = event.data;
  try {
    const m = await ready;
    for (let part = 0; part < r.calls.length; part += 1) {
      const values = m[r.export](...r.calls[part]);
      self.postMessage({ part, values: Array.from(values) });
    }
    self.postMessage({ done: true });
  } catch (error) {
    self.postMessage({ error: String(error && error.message || error) });
  }
};"#;

/// A worker for the newest request only (`{ seq, export, args }`): what
/// arrives while a request is computed replaces whatever was waiting, so
/// a request made stale by a later one is never computed. The reply is
/// `{ seq, values }` with the `Float64Array`'s buffer transferred, not
/// copied, or `{ seq, error }`; `{ failed }` says the module never loaded.
const LATEST_ONLY_HANDLER: &str = r#"let waiting = null;
let scheduled = false;
const message = (error) => String(error && error.message || error);
const work = async () => {
  let m;
  try {
    m = await ready;
  } catch (error) {
    self.postMessage({ failed: message(error) });
    return;
  }
  const r = waiting;
  waiting = null;
  scheduled = false;
  try {
    const values = m[r.export](...r.args);
    self.postMessage({ seq: r.seq, values }, [values.buffer]);
  } catch (error) {
    self.postMessage({ seq: r.seq, error: message(error) });
  }
};
self.onmessage = (event) => {
  waiting = event.data;
  if (!scheduled) {
    scheduled = true;
    setTimeout(work, 0);
  }
};"#;

/// A module worker running this wasm with `handler` as its message handler.
fn spawn_module_worker(handler: &str) -> Result<web_sys::Worker, JsValue> {
    let glue = glue_url().ok_or_else(|| JsValue::from_str("no JS glue to load in a worker"))?;
    let script = worker_prelude(&glue) + handler;
    let parts = js_sys::Array::of1(&JsValue::from_str(&script));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker_options = web_sys::WorkerOptions::new();
    worker_options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &worker_options);
    let _ = web_sys::Url::revoke_object_url(&url);
    let worker = worker?;
    worker.post_message(&wasm_bindgen::module())?;
    Ok(worker)
}

/// The engine worker started ahead of the app (see [`prewarm_latest_only`]),
/// with word of whether it failed to load before anyone listened.
struct Prewarmed {
    worker: Result<web_sys::Worker, JsValue>,
    failed: Rc<Cell<bool>>,
    _on_error: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

thread_local! {
    static PREWARMED: RefCell<Option<Prewarmed>> = const { RefCell::new(None) };
}

/// Starts the newest-request-only worker now, before the app's first
/// render, so its script and module load while the page mounts instead of
/// after it: [`spawn_latest_only`] then hands this one out. A load failure
/// in between is kept, not lost.
pub fn prewarm_latest_only() {
    let failed = Rc::new(Cell::new(false));
    let worker = spawn_module_worker(LATEST_ONLY_HANDLER);
    let on_error = worker.as_ref().ok().map(|worker| {
        let failed = failed.clone();
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            failed.set(true);
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error
    });
    PREWARMED.with(|slot| {
        *slot.borrow_mut() = Some(Prewarmed {
            worker,
            failed,
            _on_error: on_error,
        });
    });
}

/// A worker that computes only the newest of the requests posted to it
/// (see [`LATEST_ONLY_HANDLER`] for its messages), or an error where no
/// worker can start (no glue to load: the offline single file). The
/// prewarmed one, if there is one.
pub fn spawn_latest_only() -> Result<web_sys::Worker, JsValue> {
    match PREWARMED.with(|slot| slot.borrow_mut().take()) {
        Some(Prewarmed { worker, failed, .. }) if failed.get() => {
            if let Ok(worker) = worker {
                worker.terminate();
            }
            Err(JsValue::from_str("the engine worker failed to load"))
        }
        Some(Prewarmed { worker, .. }) => worker,
        None => spawn_module_worker(LATEST_ONLY_HANDLER),
    }
}

fn spawn_worker(job: &Job, on_update: Rc<dyn Fn(Update)>) -> Result<Computation, JsValue> {
    let worker = spawn_module_worker(JOB_HANDLER)?;
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            on_update(
                match serde_wasm_bindgen::from_value::<Reply>(event.data()) {
                    Ok(Reply {
                        error: Some(message),
                        ..
                    }) => Update::Failed(message),
                    Ok(Reply {
                        done: Some(true), ..
                    }) => Update::Done,
                    Ok(Reply {
                        part: Some(index),
                        values: Some(values),
                        ..
                    }) => Update::Part { index, values },
                    Ok(_) | Err(_) => {
                        Update::Failed("the worker sent something unexpected".to_string())
                    }
                },
            )
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let request = Request {
        export: job.export,
        calls: &job.calls,
    };
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    worker.post_message(&request.serialize(&serializer)?)?;
    Ok(Computation {
        worker: Some(worker),
        _on_message: Some(on_message),
        cancelled: Rc::new(RefCell::new(false)),
    })
}

/// Without a worker: one part per timer tick on the page.
fn compute_on_page(job: Job, on_update: Rc<dyn Fn(Update)>) -> Computation {
    let cancelled = Rc::new(RefCell::new(false));
    fn schedule(
        job: Rc<Job>,
        index: usize,
        on_update: Rc<dyn Fn(Update)>,
        cancelled: Rc<RefCell<bool>>,
    ) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let tick = Closure::once_into_js(move || {
            if *cancelled.borrow() {
                return;
            }
            if index >= job.calls.len() {
                on_update(Update::Done);
                return;
            }
            match (job.on_page)(index) {
                Ok(values) => {
                    on_update(Update::Part { index, values });
                    schedule(job, index + 1, on_update, cancelled);
                }
                Err(message) => on_update(Update::Failed(message)),
            }
        });
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), 0);
    }
    schedule(Rc::new(job), 0, on_update, cancelled.clone());
    Computation {
        worker: None,
        _on_message: None,
        cancelled,
    }
}

/// Starts computing `job`, in a worker where possible.
pub fn start(job: Job, on_update: Rc<dyn Fn(Update)>) -> Computation {
    match spawn_worker(&job, on_update.clone()) {
        Ok(computation) => computation,
        Err(_) => compute_on_page(job, on_update),
    }
}
