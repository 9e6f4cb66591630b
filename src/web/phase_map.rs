//! The phase map: amplification (or total liquidated) over a grid of shock
//! x leverage, computed row by row in a web worker (`worker`) so the page
//! keeps answering input: the worker calls `phaseMapRow` once per row.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::link;
use crate::engine::params::field;
use crate::engine::runner::Runner;
use crate::engine::sweep::{Axis, Metric, Sweep};
use crate::worker::Job;

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
/// away, interleaved (`[m0, r0, m1, r1, ...]`). Exported for the worker
/// by the panels' module (`panels_main.rs`).
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

/// The map for `query` over `x_key` x `y_key`, one part per row.
pub fn job(query: String, x_values: Vec<f64>, y_values: Vec<f64>, metric: String) -> Job {
    let calls = y_values
        .iter()
        .map(|y| serde_json::json!([query, "shock", x_values, "lev", y, metric]))
        .collect();
    let on_page = move |row: usize| {
        phase_map_row(
            &query,
            "shock",
            x_values.clone(),
            "lev",
            y_values[row],
            &metric,
        )
        .map_err(|_| "the phase map could not be computed".to_string())
    };
    Job {
        export: "phaseMapRow",
        calls,
        on_page: Rc::new(on_page),
    }
}
