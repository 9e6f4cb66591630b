//! The Yew app: a thin view over engine results, built for wasm32 only
//! (natively this crate is empty, so `cargo test --workspace` passes over it).
//!
//! `state` holds the one reducer; `components/` has one file per component;
//! `scene` is what the views draw (a run and its liquidation map), and
//! `scene_worker` computes every scene, the first included, in a web worker;
//! `animation` runs the frame loop outside Yew's renders and `spiral` draws
//! each frame; `chart` draws the plotters charts; `url` keeps the address
//! bar in step with the parameters; `keyboard` maps the shortcuts.
#![cfg(target_arch = "wasm32")]

/// The engine is reached as `crate::engine` everywhere in the views.
use cascade_lab_engine as engine;

mod animation;
mod app;
mod canvas;
mod chart;
mod chart_layout;
mod clipboard;
mod components;
mod download;
pub mod js_api;
mod keyboard;
pub mod panel_bridge;
pub mod panels;
pub mod panic_panel;
pub mod phase_map;
mod scene;
mod scene_worker;
mod spiral;
mod spiral_layout;
pub mod spread;
mod state;
mod timer;
mod url;
mod video;
mod webm;
mod worker;

/// Entry point called by `main` in wasm32.
pub fn start() {
    panic_panel::install();
    // The engine worker loads while the app mounts.
    worker::prewarm_latest_only();
    match web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
    {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
