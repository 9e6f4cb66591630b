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
