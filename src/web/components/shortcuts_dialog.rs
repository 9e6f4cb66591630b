//! The list of keyboard shortcuts (opened with `?`).

use yew::prelude::*;

use crate::web::components::modal::Modal;

/// Key and what it does, in the order shown.
pub const SHORTCUTS: [(&str, &str); 8] = [
    ("Space", "play or pause the animation"),
    ("Right arrow", "step forward one round of the spiral"),
    ("R", "reset every control to its default"),
    ("?", "show or hide this list"),
    ("Esc", "close this list or any dialog"),
    (
        "Page Down",
        "next step of an open lesson (a presentation clicker sends it)",
    ),
    ("Page Up", "previous step of an open lesson"),
    (
        "Tab",
        "move between controls; arrow keys move a focused slider",
    ),
];

#[derive(Properties, PartialEq)]
pub struct ShortcutsDialogProps {
    pub open: bool,
    pub on_close: Callback<()>,
}

#[function_component(ShortcutsDialog)]
pub fn shortcuts_dialog(props: &ShortcutsDialogProps) -> Html {
    let close_button = use_node_ref();
    {
        let close_button = close_button.clone();
        use_effect_with(props.open, move |open| {
            if *open {
                if let Some(button) = close_button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            }
        });
    }
    if !props.open {
        return html! {};
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <Modal id="shortcuts-dialog" title="Keyboard shortcuts" on_close={props.on_close.clone()}>
                <dl>
                    { for SHORTCUTS.iter().map(|(key, what)| html! {
                        <>
                            <dt><kbd>{ *key }</kbd></dt>
                            <dd>{ *what }</dd>
                        </>
                    }) }
                </dl>
                <button type="button" ref={close_button} onclick={close}>{ "Close" }</button>
        </Modal>
    }
}
