//! Full screen for presenting: the whole page fills the screen (on a
//! projector that wins back the browser's toolbars), the tabs stay one click
//! away, and the same button, still on screen, brings the page back, as
//! does the browser's own Esc. An icon, so it fits the title row beside the
//! help button; its name is its label and its tooltip.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn is_full_screen() -> bool {
    document().and_then(|d| d.fullscreen_element()).is_some()
}

fn toggle_full_screen() {
    let Some(document) = document() else { return };
    if document.fullscreen_element().is_some() {
        document.exit_fullscreen();
    } else if let Some(page) = document.document_element() {
        let _ = page.request_fullscreen();
    }
}

/// Four corners pointing out (enter) or in (exit), drawn in the text colour.
fn icon(full: bool) -> Html {
    let path = if full {
        "M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5"
    } else {
        "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"
    };
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={path} />
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct FullScreenButtonProps {
    pub lang: Lang,
}

#[function_component(FullScreenButton)]
pub fn full_screen_button(props: &FullScreenButtonProps) -> Html {
    let full = use_state(is_full_screen);
    {
        let full = full.clone();
        use_effect_with((), move |_| {
            let listener = Closure::<dyn FnMut()>::new(move || full.set(is_full_screen()));
            if let Some(d) = document() {
                let _ = d.add_event_listener_with_callback(
                    "fullscreenchange",
                    listener.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let Some(d) = document() {
                    let _ = d.remove_event_listener_with_callback(
                        "fullscreenchange",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    let name = props.lang.t(if *full {
        Key::ExitFullScreen
    } else {
        Key::FullScreen
    });
    html! {
        <button type="button" id="full-screen" class="icon-button" aria-pressed={full.to_string()}
            aria-label={name} title={name}
            onclick={Callback::from(|_: MouseEvent| toggle_full_screen())}>
            { icon(*full) }
        </button>
    }
}
