//! Sharing: the address of exactly this scenario, a button that copies it,
//! and the address itself in a read-only box (to read off a projector, or
//! to copy by hand where the clipboard is not allowed).

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::i18n::{Lang, PanelKey};
use crate::{clipboard, url};

#[derive(Properties, PartialEq)]
pub struct ShareBarProps {
    /// The share query (changes whenever the scenario does).
    pub query: AttrValue,
    pub status: Option<String>,
    pub lang: Lang,
    pub on_status: Callback<Option<String>>,
    /// More ways to take the scenario away (QR code, downloads, embed).
    #[prop_or_default]
    pub children: Html,
}

#[function_component(ShareBar)]
pub fn share_bar(props: &ShareBarProps) -> Html {
    let field = use_node_ref();
    let address = url::address_with(&props.query);
    let lang = props.lang;
    let copy = {
        let (field, on_status, address) = (field.clone(), props.on_status.clone(), address.clone());
        Callback::from(move |_: MouseEvent| {
            let done = {
                let on_status = on_status.clone();
                move || on_status.emit(Some(lang.t(PanelKey::LinkCopied).to_string()))
            };
            let (field, on_status) = (field.clone(), on_status.clone());
            let blocked = move || {
                if let Some(input) = field.cast::<HtmlInputElement>() {
                    input.select();
                }
                on_status.emit(Some(lang.t(PanelKey::LinkCopyBlocked).to_string()));
            };
            clipboard::copy(&address, done, blocked);
        })
    };
    html! {
        <div class="share">
            <button type="button" id="copy-link" onclick={copy}>{ lang.t(PanelKey::CopyLink) }</button>
            <label class="visually-hidden" for="share-address">{ lang.t(PanelKey::LinkToScenario) }</label>
            <input ref={field} id="share-address" type="text" readonly=true value={address} />
            <span class="copy-status" role="status" aria-live="polite">{ props.status.clone().unwrap_or_default() }</span>
            { props.children.clone() }
        </div>
    }
}
