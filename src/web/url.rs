//! The address bar as the app's memory: read once at start, rewritten with
//! `history.replaceState` on every change so dragging does not flood Back.

use crate::engine::link::{self, ViewOptions};
use crate::engine::Params;

/// The query of the current address (without `?`).
pub fn current_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// The share query for a scenario shown a given way (without `?`).
pub fn share_query(params: &Params, view: &ViewOptions) -> String {
    format!("{}{}", link::encode(params), view.query_suffix())
}

/// Replaces the address's query with the share link for `params` and
/// `view`, keeping the path (so it works under any sub-path) and dropping
/// any fragment.
pub fn replace_query(params: &Params, view: &ViewOptions) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    let query = format!("?{}", share_query(params, view));
    if window.location().search().ok().as_deref() != Some(query.as_str()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&query));
    }
}

/// The page's own address (origin and path, no query) with `query`: built
/// from the state rather than read back from the address bar, which is
/// rewritten only after the render that shows it, so the link box, Copy
/// link and the QR code always carry the current scenario.
pub fn address_with(query: &str) -> String {
    let location = web_sys::window().map(|w| w.location());
    let base = location
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}?{query}")
}
