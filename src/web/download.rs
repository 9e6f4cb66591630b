//! Files the page hands to the browser's downloads: a temporary
//! `<a download>` clicked once, since a page cannot write files itself.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// How long a Blob URL stays valid after the click: Chromium reads it
/// after the click returns, so revoking at once can cancel the download.
const REVOKE_AFTER_MS: i32 = 10_000;

/// Saves `text` as a file named `filename` of type `mime`.
pub fn save_text(filename: &str, mime: &str, text: &str) {
    save_parts(
        filename,
        mime,
        &js_sys::Array::of1(&JsValue::from_str(text)),
    );
}

/// Saves `bytes` as a file named `filename` of type `mime`.
pub fn save_bytes(filename: &str, mime: &str, bytes: &[u8]) {
    let array = js_sys::Uint8Array::from(bytes);
    save_parts(filename, mime, &js_sys::Array::of1(&array));
}

fn save_parts(filename: &str, mime: &str, parts: &js_sys::Array) {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_buffer_source_sequence_and_options(parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(filename, &url);
    let revoke = Closure::once_into_js(move || {
        let _ = Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            revoke.unchecked_ref(),
            REVOKE_AFTER_MS,
        );
    }
}

/// Saves what a canvas shows as a PNG (a data URL: nothing to revoke).
pub fn save_canvas_png(filename: &str, canvas: &HtmlCanvasElement) {
    if let Ok(url) = canvas.to_data_url() {
        click_link(filename, &url);
    }
}

fn click_link(filename: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(element) = document.create_element("a") else {
        return;
    };
    let anchor: HtmlAnchorElement = element.unchecked_into();
    anchor.set_href(href);
    anchor.set_download(filename);
    anchor.click();
}
