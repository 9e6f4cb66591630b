//! One-shot timers on the page's event loop, shared by the modules that
//! wait: the engine worker's "computing" notice and the address bar.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Runs `f` once, `ms` milliseconds from now (at the next turn of the event
/// loop for 0).
pub fn after_ms(ms: i32, f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let callback = Closure::once_into_js(f);
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}
