//! Copying text to the clipboard, shared by the share link and the embed
//! snippet. Browsers refuse the clipboard on plain http or in some iframes,
//! so every caller gets a fallback (select the text, ask for Ctrl+C).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Writes `text` to the clipboard, then calls `done` or, when the clipboard
/// is missing or refuses, `blocked`.
pub fn copy(text: &str, done: impl FnOnce() + 'static, blocked: impl FnOnce() + 'static) {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        blocked();
        return;
    };
    let done = Closure::once_into_js(move |_: JsValue| done());
    let failed = Closure::once_into_js(move |_: JsValue| blocked());
    // Called through `then` itself so the one-shot closures free themselves
    // once the promise settles.
    let promise = clipboard.write_text(text);
    if let Ok(then) = js_sys::Reflect::get(&promise, &JsValue::from_str("then")) {
        let _ = then
            .unchecked_into::<js_sys::Function>()
            .call2(&promise, &done, &failed);
    }
}
