//! Keyboard shortcuts for the whole page: Space plays or pauses, Right
//! arrow steps one round, R resets, ? lists the shortcuts, Esc closes it,
//! Page Down and Page Up (what presentation clickers send) step through an
//! open lesson. Keys typed into a control keep their usual meaning there,
//! and while a dialog is open every key belongs to the dialog.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    TogglePlay,
    StepRound,
    ResetAll,
    ToggleHelp,
    CloseHelp,
    NextLessonStep,
    PreviousLessonStep,
}

/// The shortcut for a key pressed with focus on an element of `tag` (and
/// `input_type` for inputs), or None to leave the key to that element.
pub fn shortcut_for(key: &str, tag: &str, input_type: &str, modifiers: bool) -> Option<Shortcut> {
    if modifiers {
        return None;
    }
    let typing = matches!(tag, "SELECT" | "TEXTAREA")
        || (tag == "INPUT" && !matches!(input_type, "range" | "checkbox"));
    let on_slider = tag == "INPUT" && input_type == "range";
    match key {
        "Escape" => Some(Shortcut::CloseHelp),
        _ if typing => None,
        // Space activates a focused button or checkbox: leave it to them.
        " " if matches!(tag, "BUTTON" | "SUMMARY" | "A") || input_type == "checkbox" => None,
        " " => Some(Shortcut::TogglePlay),
        // A focused slider moves with the arrows.
        "ArrowRight" if on_slider => None,
        "ArrowRight" => Some(Shortcut::StepRound),
        "r" | "R" => Some(Shortcut::ResetAll),
        "?" => Some(Shortcut::ToggleHelp),
        "PageDown" => Some(Shortcut::NextLessonStep),
        "PageUp" => Some(Shortcut::PreviousLessonStep),
        _ => None,
    }
}

/// Listens on the document until dropped.
pub struct KeyListener {
    closure: Closure<dyn FnMut(KeyboardEvent)>,
}

impl KeyListener {
    pub fn new(handle: impl Fn(Shortcut) + 'static) -> Self {
        let closure = Closure::<dyn FnMut(KeyboardEvent)>::new(move |event: KeyboardEvent| {
            if modal_is_open() {
                return; // the dialog handles its own keys
            }
            let target = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
            let input_type = target
                .as_ref()
                .and_then(|t| t.get_attribute("type"))
                .unwrap_or_default();
            let modifiers = event.ctrl_key() || event.meta_key() || event.alt_key();
            if let Some(shortcut) = shortcut_for(&event.key(), &tag, &input_type, modifiers) {
                if shortcut != Shortcut::CloseHelp {
                    event.prevent_default();
                }
                handle(shortcut);
            }
        });
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document
                .add_event_listener_with_callback("keydown", closure.as_ref().unchecked_ref());
        }
        KeyListener { closure }
    }
}

impl Drop for KeyListener {
    fn drop(&mut self) {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = document.remove_event_listener_with_callback(
                "keydown",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// True while a modal dialog is on the page: the page's shortcuts are
/// inert behind it.
fn modal_is_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[aria-modal=\"true\"]").ok().flatten())
        .is_some()
}
