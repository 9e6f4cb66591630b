//! Times the benchmark cascade in headless Chromium (not part of the test
//! command; scripts/bench.sh runs it). The scenario is the one of the native
//! benchmark `cascade/run_100k` in benches/engine.rs: default parameters,
//! 100,000 positions generated before timing; the target is within 2x of
//! native. It prints the mean and fastest time per run; the only assertion
//! is that the run liquidated something, never a timing.
//!
//! Build it with the page's profile (or at least in release mode) or the
//! numbers mean nothing:
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test --profile web-release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
#![cfg(target_arch = "wasm32")]

use cascade_lab::engine::positions::Population;
use cascade_lab::engine::{run, Params};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const POSITIONS: u32 = 100_000;
const WARM_UP: usize = 5;
const REPETITIONS: usize = 30;

/// `performance.now()` in milliseconds, read through `Reflect` so no extra
/// web-sys feature is needed; `Date.now()` if it is missing.
fn now_ms() -> f64 {
    let performance =
        js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).ok();
    let now = performance.as_ref().and_then(|p| {
        let function = js_sys::Reflect::get(p, &JsValue::from_str("now")).ok()?;
        function
            .dyn_into::<js_sys::Function>()
            .ok()?
            .call0(p)
            .ok()?
            .as_f64()
    });
    now.unwrap_or_else(js_sys::Date::now)
}

#[wasm_bindgen_test]
fn cascade_over_100k_positions_in_the_browser() {
    let params = Params {
        positions: POSITIONS,
        ..Params::default()
    };
    let started = now_ms();
    let population = Population::generate(&params);
    let generate_ms = now_ms() - started;

    for _ in 0..WARM_UP {
        std::hint::black_box(run(&params, &population));
    }
    let mut times = Vec::with_capacity(REPETITIONS);
    let mut last = None;
    for _ in 0..REPETITIONS {
        let started = now_ms();
        let result = run(&params, &population);
        times.push(now_ms() - started);
        last = Some(result);
    }
    let last = last.expect("at least one repetition");
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let fastest = sorted[0];
    // One line for scripts/bench.sh to read; the digest identifies the run
    // (the native benchmark prints the digest of the same scenario).
    console_log!(
        "wasm_bench: run_100k mean {mean:.3} ms, median {median:.3} ms, fastest {fastest:.3} ms over {REPETITIONS} runs \
         ({} steps, ${:.2}B liquidated, digest {:016x}); generate_100k {generate_ms:.1} ms",
        last.summary.steps,
        last.summary.total_liquidated_usd / 1e9,
        last.digest()
    );
    console_log!(
        "wasm_bench: run_100k times ms {:?}",
        times
            .iter()
            .map(|t| (t * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>()
    );
    assert!(
        last.summary.total_liquidated_usd > 0.0 && last.summary.rounds > 0,
        "the benchmark cascade liquidated nothing"
    );
}

/// Median of `times`.
fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// Generation and the run at 1,000,000 positions, against the native
/// `cascade/generate_1m` and `cascade/simulate_1m_1thread` (target: 1.5x).
#[wasm_bindgen_test]
fn generation_and_run_at_a_million_positions_in_the_browser() {
    const MILLION_REPETITIONS: usize = 7;
    let params = Params {
        positions: 1_000_000,
        ..Params::default()
    };
    let mut generate = Vec::with_capacity(MILLION_REPETITIONS);
    let mut runs = Vec::with_capacity(MILLION_REPETITIONS);
    let mut last = None;
    for _ in 0..MILLION_REPETITIONS {
        let started = now_ms();
        let population = Population::generate(&params);
        generate.push(now_ms() - started);
        let started = now_ms();
        let result = run(&params, &population);
        runs.push(now_ms() - started);
        last = Some(result);
    }
    let last = last.expect("at least one repetition");
    console_log!(
        "wasm_bench: generate_1m median {:.1} ms, run_1m median {:.2} ms over {MILLION_REPETITIONS} runs (digest {:016x})",
        median(&generate),
        median(&runs),
        last.digest()
    );
    assert!(
        last.summary.rounds > 0,
        "the million-position run liquidated nothing"
    );
}
