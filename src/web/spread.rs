//! The spread of outcomes on the page: the scenario over many seeds, a few
//! seeds per part in the worker (`worker`), each seed run exactly as
//! `cascade-lab ensemble` runs it (`engine::ensemble::SeedOutcome`), and the
//! price fan assembled by the same function (`engine::ensemble::path_spread`).

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::ensemble::SeedOutcome;
use crate::engine::{link, simulate, Params};
use crate::worker::Job;

/// Seeds run by default, as `cascade-lab ensemble`.
pub const DEFAULT_SEEDS: u32 = 50;
/// Seeds per message from the worker: progress moves in steps of this many.
pub const SEEDS_PER_PART: u32 = 5;

/// One seed as the page keeps it: the total liquidated and BTC's path.
#[derive(Clone, Debug, PartialEq)]
pub struct SeedResult {
    pub total_liquidated_usd: f64,
    pub btc_path: Vec<f64>,
}

/// Seeds `first..=last` of `query`, flattened for the worker's message:
/// per seed, the total liquidated, the path's length, then the path.
/// Exported for the worker by the panels' module (`panels_main.rs`).
pub fn ensemble_seeds(query: &str, first: u32, last: u32) -> Result<Vec<f64>, JsError> {
    let decoded = link::decode(query);
    if decoded.has_errors() {
        let messages: Vec<String> = decoded.notices.into_iter().map(|n| n.message).collect();
        return Err(JsError::new(&messages.join("; ")));
    }
    Ok(seeds_flat(&decoded.params, first, last))
}

fn seeds_flat(base: &Params, first: u32, last: u32) -> Vec<f64> {
    let mut out = Vec::new();
    for seed in first..=last {
        let outcome = SeedOutcome::of(
            seed,
            simulate(&Params {
                seed,
                ..base.clone()
            }),
        );
        out.push(outcome.summary.summary.total_liquidated_usd);
        out.push(outcome.btc_path.len() as f64);
        out.extend(outcome.btc_path);
    }
    out
}

/// The seeds in a part, back from their flat form.
pub fn unflatten(values: &[f64]) -> Vec<SeedResult> {
    let mut out = Vec::new();
    let mut rest = values;
    while let [total, len, tail @ ..] = rest {
        let len = (*len as usize).min(tail.len());
        out.push(SeedResult {
            total_liquidated_usd: *total,
            btc_path: tail[..len].to_vec(),
        });
        rest = &tail[len..];
    }
    out
}

/// Seeds 1 to `seeds` of `query` in parts of [`SEEDS_PER_PART`].
pub fn job(query: String, seeds: u32) -> Job {
    let parts: Vec<(u32, u32)> = (0..seeds.div_ceil(SEEDS_PER_PART))
        .map(|i| {
            (
                1 + i * SEEDS_PER_PART,
                ((i + 1) * SEEDS_PER_PART).min(seeds),
            )
        })
        .collect();
    let calls = parts
        .iter()
        .map(|(first, last)| serde_json::json!([query, first, last]))
        .collect();
    let params = link::decode(&query).params;
    let on_page = move |part: usize| {
        let (first, last) = parts[part];
        Ok(seeds_flat(&params, first, last))
    };
    Job {
        export: "ensembleSeeds",
        calls,
        on_page: Rc::new(on_page),
    }
}
