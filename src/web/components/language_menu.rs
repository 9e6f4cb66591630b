//! The language menu, first in the Settings panel (the stage's title row
//! has no room left at 1280 x 720 in projector mode): each language listed
//! in its own name, so a reader finds theirs whatever the page is in. The
//! choice goes into the link.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::i18n::{Lang, PanelKey};

#[derive(Properties, PartialEq)]
pub struct LanguageMenuProps {
    pub lang: Lang,
    pub on_select: Callback<Lang>,
}

#[function_component(LanguageMenu)]
pub fn language_menu(props: &LanguageMenuProps) -> Html {
    let on_select = props.on_select.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some(lang) = Lang::from_code(&select.value()) {
            on_select.emit(lang);
        }
    });
    html! {
        <div class="language-menu">
            <label for="lang-select">{ props.lang.t(PanelKey::Language) }</label>
            <select id="lang-select" {onchange}>
                { for Lang::ALL.into_iter().map(|lang| html! {
                    <option value={lang.code()} lang={lang.code()} selected={lang == props.lang}>{ lang.name() }</option>
                }) }
            </select>
        </div>
    }
}
