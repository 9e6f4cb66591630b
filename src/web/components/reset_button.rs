//! Every control back to its default (also the R key). An icon, so it fits
//! the title row and stays on the first screen whatever the controls column
//! holds; its name is its label and its tooltip.

use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};

#[derive(Properties, PartialEq)]
pub struct ResetButtonProps {
    pub lang: Lang,
    pub on_reset: Callback<()>,
}

#[function_component(ResetButton)]
pub fn reset_button(props: &ResetButtonProps) -> Html {
    let name = props.lang.t(Key::ResetAll);
    html! {
        <button type="button" id="reset-button" class="icon-button" aria-keyshortcuts="R"
            aria-label={name} title={name} onclick={props.on_reset.reform(|_: MouseEvent| ())}>
            // An arrow turning back on itself: start again.
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M4 12a8 8 0 1 0 2.3-5.7M4 4v4.5h4.5" />
            </svg>
        </button>
    }
}
