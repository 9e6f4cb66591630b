//! The address bar as the app's memory: read once at start, rewritten with
//! `history.replaceState` (so dragging does not flood Back) after every
//! change, at most once per `ADDRESS_INTERVAL_MS`, the last change always.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::i18n::{Key, Lang};
use crate::engine::link::{self, ViewOptions};
use crate::engine::Params;
use crate::timer::after_ms;

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

/// The least time between two rewrites of the address. Browsers cap how
/// often a page may call `replaceState` (Chrome ignores calls past 200 in
/// 10 s, Safari throws past 100 in 30 s) and a slider drag sends an input
/// every frame: uncapped, the address stopped following a long drag and
/// kept a stale link. 350 ms stays under both caps.
const ADDRESS_INTERVAL_MS: f64 = 350.0;

/// When the address was last written, and the query waiting for the next
/// write, if any.
#[derive(Default)]
struct AddressWriter {
    last_written_ms: Option<f64>,
    waiting: Option<String>,
}

thread_local! {
    static ADDRESS: RefCell<AddressWriter> = RefCell::new(AddressWriter::default());
}

/// Replaces the address's query with the share link for `params` and
/// `view`, keeping the path (so it works under any sub-path) and dropping
/// any fragment: at once when the last write was long enough ago, else
/// when the interval is up (with whatever is newest by then).
pub fn replace_query(params: &Params, view: &ViewOptions) {
    let query = format!("?{}", share_query(params, view));
    let now = now_ms();
    let wait = ADDRESS.with(|address| {
        let mut address = address.borrow_mut();
        let since = address.last_written_ms.map_or(f64::INFINITY, |t| now - t);
        if address.waiting.is_some() {
            address.waiting = Some(query);
            None
        } else if since >= ADDRESS_INTERVAL_MS {
            write_address(&query);
            address.last_written_ms = Some(now);
            None
        } else {
            address.waiting = Some(query);
            Some(ADDRESS_INTERVAL_MS - since)
        }
    });
    if let Some(wait) = wait {
        flush_when_leaving();
        after_ms(wait.ceil() as i32, flush_address);
    }
}

/// Writes the waiting query, if any.
fn flush_address() {
    ADDRESS.with(|address| {
        let mut address = address.borrow_mut();
        if let Some(query) = address.waiting.take() {
            write_address(&query);
            address.last_written_ms = Some(now_ms());
        }
    });
}

/// Writes a waiting query before the page goes (a reload, a closed tab),
/// so the address the browser keeps is the last scenario; registered once.
fn flush_when_leaving() {
    thread_local!(static REGISTERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if REGISTERED.with(|r| r.replace(true)) {
        return;
    }
    if let Some(window) = web_sys::window() {
        let on_leave = Closure::<dyn FnMut()>::new(flush_address);
        let _ =
            window.add_event_listener_with_callback("pagehide", on_leave.as_ref().unchecked_ref());
        // Lives as long as the page.
        on_leave.forget();
    }
}

fn write_address(query: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(history) = window.history() else {
        return;
    };
    if window.location().search().ok().as_deref() != Some(query) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(query));
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
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

/// The first of the browser's preferred languages (`navigator.languages`)
/// that the app speaks, else English.
pub fn browser_lang() -> Lang {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let preferred: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    Lang::from_browser(&preferred)
}

/// Marks the document as written in `lang` (`<html lang>`, for screen
/// readers and the fonts the browser picks) and names the tab in it.
pub fn show_language(lang: Lang) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(root) = document.document_element() {
        let tag = if lang == Lang::Zh {
            "zh-Hans"
        } else {
            lang.code()
        };
        let _ = root.set_attribute("lang", tag);
    }
    document.set_title(lang.t(Key::DocumentTitle));
}
