//! The list of keyboard shortcuts (opened with `?`).

use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};

use crate::components::modal::Modal;

/// Key and what it does, in the order shown.
pub const SHORTCUTS: [(Key, Key); 8] = [
    (Key::KeySpace, Key::DoPlay),
    (Key::KeyRightArrow, Key::DoStep),
    (Key::KeyR, Key::DoReset),
    (Key::KeyQuestion, Key::DoHelp),
    (Key::KeyEsc, Key::DoClose),
    (Key::KeyPageDown, Key::DoNextStep),
    (Key::KeyPageUp, Key::DoPreviousStep),
    (Key::KeyTab, Key::DoTab),
];
#[derive(Properties, PartialEq)]
pub struct ShortcutsDialogProps {
    pub open: bool,
    pub lang: Lang,
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
    let lang = props.lang;
    html! {
        <Modal id="shortcuts-dialog" title={lang.t(Key::KeyboardShortcuts)} on_close={props.on_close.clone()}>
                <dl>
                    { for SHORTCUTS.iter().map(|(key, what)| html! {
                        <>
                            <dt><kbd>{ lang.t(*key) }</kbd></dt>
                            <dd>{ lang.t(*what) }</dd>
                        </>
                    }) }
                </dl>
                <button type="button" ref={close_button} onclick={close}>{ lang.t(Key::Close) }</button>
        </Modal>
    }
}
