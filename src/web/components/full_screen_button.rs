//! Full screen for presenting: the stage (spiral, sliders and time controls)
//! fills the screen, and the same button, still on screen, brings the page
//! back ("Exit full screen"), as does the browser's own Esc.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

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
    } else if let Some(stage) = document.get_element_by_id("stage") {
        let _ = stage.request_fullscreen();
    }
}

#[function_component(FullScreenButton)]
pub fn full_screen_button() -> Html {
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
    html! {
        <button type="button" id="full-screen" aria-pressed={full.to_string()}
            onclick={Callback::from(|_: MouseEvent| toggle_full_screen())}>
            { if *full { "Exit full screen" } else { "Full screen" } }
        </button>
    }
}
