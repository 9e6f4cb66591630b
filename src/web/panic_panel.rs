//! A panic must never leave a frozen page: the hook logs it and replaces
//! the page with a panel that says what happened and offers a reset link.

use wasm_bindgen::JsCast;

use crate::engine::i18n::Key;
use crate::engine::link;
use crate::url;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        web_sys::console::error_1(&format!("Cascade Lab stopped: {message}").into());
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            show(&body, &message);
        }
    }));
}

/// Replaces everything in `root` (the page's body) with the error panel.
pub fn show(root: &web_sys::HtmlElement, message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    let lang = link::decode(&url::current_query())
        .view
        .lang
        .unwrap_or_else(url::browser_lang);
    panel.set_id("error-panel");
    panel.set_attribute("role", "alert").ok();
    // Text nodes only: the panic message is never parsed as HTML.
    let heading = document.create_element("h2").ok();
    if let Some(h) = &heading {
        h.set_text_content(Some(lang.t(Key::PanicTitle)));
        panel.append_child(h).ok();
    }
    if let Ok(p) = document.create_element("p") {
        p.set_text_content(Some(message));
        panel.append_child(&p).ok();
    }
    if let Ok(a) = document.create_element("a") {
        a.set_text_content(Some(lang.t(Key::PanicReset)));
        // The page's own path without a query: defaults.
        let path = web_sys::window()
            .and_then(|w| w.location().pathname().ok())
            .unwrap_or_default();
        a.set_attribute("href", &path).ok();
        panel.append_child(&a).ok();
    }
    root.set_inner_html("");
    root.append_child(panel.unchecked_ref()).ok();
}
