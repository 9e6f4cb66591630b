//! The Yew app (wasm32 only): a thin view over engine results.
//!
//! `state` holds the one reducer; `components/` has one file per component;
//! `url` keeps the address bar in step with the parameters; `chart` draws a
//! run onto a canvas.

mod app;
mod chart;
mod components;
mod panic_panel;
mod state;
mod url;

/// Entry point called by `main` in wasm32.
pub fn start() {
    panic_panel::install();
    match web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app")) {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
