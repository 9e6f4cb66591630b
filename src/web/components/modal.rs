//! A modal dialog that owns the keyboard while it is open (the WAI-ARIA
//! dialog pattern): Esc closes it, Tab and Shift+Tab cycle through its own
//! controls, no key reaches the page's shortcuts behind it, and on close
//! focus goes back to where it was before it opened.

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// What can take focus inside a dialog.
const FOCUSABLE: &str =
    "button:not([disabled]), [href], input:not([disabled]), select, textarea, [tabindex]:not([tabindex=\"-1\"])";

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// The dialog's id; its title has the id `{id}-title`.
    pub id: AttrValue,
    pub title: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    pub on_close: Callback<()>,
    pub children: Html,
}

fn focused_element() -> Option<HtmlElement> {
    web_sys::window()?
        .document()?
        .active_element()?
        .dyn_into::<HtmlElement>()
        .ok()
}

/// The dialog's focusable elements, first and last.
fn focus_ends(dialog: &web_sys::Element) -> Option<(HtmlElement, HtmlElement)> {
    let list = dialog.query_selector_all(FOCUSABLE).ok()?;
    let at = |i: u32| list.item(i)?.dyn_into::<HtmlElement>().ok();
    Some((at(0)?, at(list.length().checked_sub(1)?)?))
}

/// Esc closes; Tab at either end wraps around; every key stops here.
fn keydown(dialog: NodeRef, on_close: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        event.stop_propagation();
        match event.key().as_str() {
            "Escape" => on_close.emit(()),
            "Tab" => {
                let Some((first, last)) = dialog
                    .cast::<web_sys::Element>()
                    .and_then(|d| focus_ends(&d))
                else {
                    return;
                };
                let active = focused_element();
                let (edge, wrap_to) = if event.shift_key() {
                    (first, last)
                } else {
                    (last, first)
                };
                if active.as_ref() == Some(&edge) || active.is_none() {
                    event.prevent_default();
                    let _ = wrap_to.focus();
                }
            }
            _ => {}
        }
    })
}

#[function_component(Modal)]
pub fn modal(props: &ModalProps) -> Html {
    // Read while rendering, before the dialog's own effects move focus.
    let opener = use_mut_ref(focused_element);
    let dialog = use_node_ref();
    {
        let (opener, dialog) = (opener.clone(), dialog.clone());
        use_effect_with((), move |_| {
            let inside = focused_element()
                .zip(dialog.get())
                .is_some_and(|(f, d)| d.contains(Some(&f)));
            if !inside {
                if let Some((first, _)) = dialog
                    .cast::<web_sys::Element>()
                    .and_then(|d| focus_ends(&d))
                {
                    let _ = first.focus();
                }
            }
            move || {
                if let Some(element) = opener.borrow().as_ref() {
                    let _ = element.focus();
                }
            }
        });
    }
    let title_id = format!("{}-title", props.id);
    html! {
        <div class="dialog-backdrop" onkeydown={keydown(dialog.clone(), props.on_close.clone())}>
            <div ref={dialog} class={classes!("dialog", props.class.clone())} role="dialog" aria-modal="true"
                aria-labelledby={title_id.clone()} id={props.id.clone()}>
                <h2 id={title_id}>{ props.title.clone() }</h2>
                { props.children.clone() }
            </div>
        </div>
    }
}
