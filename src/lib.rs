//! Cascade Lab: a liquidation-cascade engine and the teaching app built on it.
//!
//! [`engine`] is plain Rust and compiles unchanged natively and to wasm;
//! `web` (wasm32 only) is the Yew app, a thin view over engine results.

pub mod engine;

#[cfg(target_arch = "wasm32")]
pub mod web;

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
