//! The HTML to put this scenario into another page: an iframe of the
//! embed view (only the spiral and the three main sliders), in a read-only
//! box with a copy button.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::engine::i18n::{Key, Lang, PanelKey};

use crate::clipboard;
use crate::components::modal::Modal;

/// The iframe snippet for `address` (already carrying `embed=1`). The
/// address comes from our own link encoder, but `&` and `"` are escaped
/// so the attribute stays well formed whatever it holds.
pub fn iframe_snippet(address: &str, title: &str) -> String {
    let escape = |text: &str| text.replace('&', "&amp;").replace('"', "&quot;");
    let (src, title) = (escape(address), escape(title));
    format!(r#"<iframe src="{src}" width="800" height="600" title="{title}"></iframe>"#)
}

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    pub snippet: AttrValue,
    pub lang: Lang,
    pub on_close: Callback<()>,
}

#[function_component(EmbedDialog)]
pub fn embed_dialog(props: &EmbedDialogProps) -> Html {
    let field = use_node_ref();
    let status = use_state(String::new);
    let lang = props.lang;
    {
        let field = field.clone();
        use_effect_with((), move |_| {
            if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                let _ = area.focus();
                area.select();
            }
        });
    }
    let copy = {
        let (field, status, snippet) = (field.clone(), status.clone(), props.snippet.clone());
        Callback::from(move |_: MouseEvent| {
            let done = {
                let status = status.clone();
                move || status.set(lang.t(PanelKey::SnippetCopied).to_string())
            };
            let (field, status) = (field.clone(), status.clone());
            let blocked = move || {
                if let Some(area) = field.cast::<HtmlTextAreaElement>() {
                    area.select();
                }
                status.set(lang.t(PanelKey::SnippetCopyBlocked).to_string());
            };
            clipboard::copy(&snippet, done, blocked);
        })
    };
    html! {
        <Modal id="embed-dialog" title={lang.t(PanelKey::EmbedTitle)} on_close={props.on_close.clone()}>
                <label for="embed-snippet">{ lang.t(PanelKey::EmbedHint) }</label>
                <textarea ref={field} id="embed-snippet" class="embed-snippet" readonly=true rows="4" value={props.snippet.clone()} />
                <div class="dialog-buttons">
                    <button type="button" id="copy-embed" onclick={copy}>{ lang.t(PanelKey::CopySnippet) }</button>
                    <button type="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ lang.t(Key::Close) }</button>
                    <span class="copy-status" role="status" aria-live="polite">{ (*status).clone() }</span>
                </div>
        </Modal>
    }
}
