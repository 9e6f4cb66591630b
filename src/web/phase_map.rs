//! The phase map: amplification (or total liquidated) over a grid of shock
//! x leverage, computed in a web worker so the page keeps answering input.
//!
//! The worker runs this same wasm module: a small module script (made at
//! run time from a Blob) imports the page's own JS glue, starts it (the app
//! itself does not start without a document) and calls `phaseMapRow` row by
//! row, posting each row back. Where the glue cannot be found (the offline
//! single file inlines it), rows are computed on the page one per timer
//! tick instead, which keeps the page responsive between rows.

use std::cell::RefCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::link;
use crate::engine::params::field;
use crate::engine::runner::Runner;
use crate::engine::sweep::{Axis, Metric, Sweep};

/// The grid: shock 0-24% across, mean leverage 2-50x down.
pub const SHOCK_VALUES: (f64, f64, usize) = (0.0, 24.0, 33);
pub const LEVERAGE_VALUES: (f64, f64, usize) = (2.0, 50.0, 25);

pub fn axis_values((from, to, steps): (f64, f64, usize)) -> Vec<f64> {
    (0..steps)
        .map(|i| from + (to - from) * i as f64 / (steps - 1) as f64)
        .collect()
}

thread_local! {
    /// Reuses draws and placements across the rows one worker computes.
    static RUNNER: RefCell<Runner> = RefCell::new(Runner::default());
}

/// One row of the map: for each x value, the metric and whether the run ran
/// away, interleaved (`[m0, r0, m1, r1, ...]`). Exported for the worker.
#[wasm_bindgen(js_name = phaseMapRow)]
pub fn phase_map_row(
    query: &str,
    x_key: &str,
    x_values: Vec<f64>,
    y_key: &str,
    y_value: f64,
    metric: &str,
) -> Result<Vec<f64>, JsError> {
    let decoded = link::decode(query);
    if decoded.has_errors() {
        return Err(JsError::new(
            &decoded
                .notices
                .iter()
                .map(|n| n.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        ));
    }
    let axis = |key: &str, values: Vec<f64>| -> Result<Axis, JsError> {
        let spec = field(key).ok_or_else(|| JsError::new(&format!("unknown parameter '{key}'")))?;
        Ok(Axis { spec, values })
    };
    let sweep = Sweep {
        base: decoded.params,
        x: axis(x_key, x_values)?,
        y: axis(y_key, vec![y_value])?,
        metric: Metric::parse(metric).map_err(|e| JsError::new(&e))?,
    };
    Ok(RUNNER.with(|runner| {
        let mut runner = runner.borrow_mut();
        (0..sweep.cell_count())
            .flat_map(|i| {
                let run = runner.run(&sweep.cell_params(i));
                [
                    sweep.metric.of(&run),
                    f64::from(u8::from(run.summary.runaway)),
                ]
            })
            .collect()
    }))
}

/// What the page asks the worker for.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    pub query: String,
    pub x_key: String,
    pub x_values: Vec<f64>,
    pub y_key: String,
    pub y_values: Vec<f64>,
    pub metric: String,
}

/// What the worker says back.
#[derive(Debug, Deserialize)]
struct Reply {
    row: Option<usize>,
    values: Option<Vec<f64>>,
    done: Option<bool>,
    error: Option<String>,
}

/// Progress reported to the view.
pub enum Update {
    Row { row: usize, values: Vec<f64> },
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

/// The page's JS glue and wasm, as absolute URLs (Trunk preloads both).
fn glue_urls() -> Option<(String, String)> {
    let document = web_sys::window()?.document()?;
    let absolute = |selector: &str| -> Option<String> {
        let href = document
            .query_selector(selector)
            .ok()??
            .get_attribute("href")?;
        web_sys::Url::new_with_base(&href, &document.base_uri().ok()??)
            .ok()
            .map(|u| u.href())
    };
    Some((
        absolute("link[rel=modulepreload]")?,
        absolute("link[rel=preload][as=fetch]")?,
    ))
}

fn worker_script(glue: &str, wasm: &str) -> String {
    format!(
        r#"const ready = import({glue:?}).then(async (m) => {{ await m.default({{ module_or_path: {wasm:?} }}); return m; }});
self.onmessage = async (event) => {{
  const r = event.data;
  try {{
    const m = await ready;
    for (let row = 0; row < r.yValues.length; row += 1) {{
      const values = m.phaseMapRow(r.query, r.xKey, Float64Array.from(r.xValues), r.yKey, r.yValues[row], r.metric);
      self.postMessage({{ row, values: Array.from(values) }});
    }}
    self.postMessage({{ done: true }});
  }} catch (error) {{
    self.postMessage({{ error: String(error && error.message || error) }});
  }}
}};"#
    )
}

fn spawn_worker(request: &Request, on_update: Rc<dyn Fn(Update)>) -> Result<Computation, JsValue> {
    let (glue, wasm) =
        glue_urls().ok_or_else(|| JsValue::from_str("no JS glue to load in a worker"))?;
    let parts = js_sys::Array::of1(&JsValue::from_str(&worker_script(&glue, &wasm)));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let worker_options = web_sys::WorkerOptions::new();
    worker_options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options(&url, &worker_options)?;
    let _ = web_sys::Url::revoke_object_url(&url);
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            match serde_wasm_bindgen::from_value::<Reply>(event.data()) {
                Ok(Reply {
                    error: Some(message),
                    ..
                }) => on_update(Update::Failed(message)),
                Ok(Reply {
                    done: Some(true), ..
                }) => on_update(Update::Done),
                Ok(Reply {
                    row: Some(row),
                    values: Some(values),
                    ..
                }) => on_update(Update::Row { row, values }),
                Ok(_) | Err(_) => on_update(Update::Failed(
                    "the worker sent something unexpected".to_string(),
                )),
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.post_message(&serde_wasm_bindgen::to_value(request)?)?;
    Ok(Computation {
        worker: Some(worker),
        _on_message: Some(on_message),
        cancelled: Rc::new(RefCell::new(false)),
    })
}

/// Without a worker: one row per timer tick on the page.
fn compute_on_page(request: Request, on_update: Rc<dyn Fn(Update)>) -> Computation {
    let cancelled = Rc::new(RefCell::new(false));
    fn schedule(
        request: Rc<Request>,
        row: usize,
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
            let Some(&y) = request.y_values.get(row) else {
                on_update(Update::Done);
                return;
            };
            match phase_map_row(
                &request.query,
                &request.x_key,
                request.x_values.clone(),
                &request.y_key,
                y,
                &request.metric,
            ) {
                Ok(values) => {
                    on_update(Update::Row { row, values });
                    schedule(request, row + 1, on_update, cancelled);
                }
                Err(_) => on_update(Update::Failed(
                    "the phase map could not be computed".to_string(),
                )),
            }
        });
        let _ =
            window.set_timeout_with_callback_and_timeout_and_arguments_0(tick.unchecked_ref(), 0);
    }
    schedule(Rc::new(request), 0, on_update, cancelled.clone());
    Computation {
        worker: None,
        _on_message: None,
        cancelled,
    }
}

/// Starts computing `request`, in a worker where possible.
pub fn start(request: Request, on_update: Rc<dyn Fn(Update)>) -> Computation {
    match spawn_worker(&request, on_update.clone()) {
        Ok(computation) => computation,
        Err(_) => compute_on_page(request, on_update),
    }
}
