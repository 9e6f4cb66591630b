//! Cascade Lab: a liquidation-cascade engine and the teaching app built on it.
//!
//! [`engine`] (the `cascade-lab-engine` crate) is plain Rust and compiles
//! unchanged natively and to wasm; `web` (the `cascade-lab-web` crate,
//! wasm32 only) is the Yew app, a thin view over engine results. Each is its
//! own crate so the compiler enforces that the engine never imports the UI,
//! and so the page's wasm can build each for its own purpose (speed, size).

pub use cascade_lab_engine as engine;

#[cfg(target_arch = "wasm32")]
pub use cascade_lab_web as web;

/// The spiral's arithmetic has no web types, so its tests run natively too.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "web/spiral_layout.rs"]
mod spiral_layout;

/// Where a chart's legend goes depends on numbers alone, so its tests run natively too.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "web/chart_layout.rs"]
mod chart_layout;

/// WebM duration fixing works on bytes alone, so its tests run natively too.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "web/webm.rs"]
mod webm;
