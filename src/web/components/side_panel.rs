//! The open side panel beside the stage: a heading, a close button and the
//! panel's content. Only the open panel is rendered, so its canvases are
//! drawn at the size they are shown.

use yew::prelude::*;

use crate::components::panel_tabs::panel_title;
use crate::engine::i18n::{Key, Lang};
use crate::engine::link::Panel;

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    pub panel: Panel,
    pub lang: Lang,
    pub on_close: Callback<()>,
    pub children: Html,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let lang = props.lang;
    let title = panel_title(lang, props.panel);
    html! {
        <section class="side-panel" id="side-panel" aria-labelledby="side-panel-title" data-panel={props.panel.key()}>
            <div class="side-panel-head">
                <h2 id="side-panel-title">{ title }</h2>
                <button type="button" id="close-panel" aria-label={lang.fill(Key::CloseNamed, &[("name", title)])}
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ lang.t(Key::Close) }</button>
            </div>
            // The body scrolls under a head that stays put, so the head
            // never covers the top of a chart scrolled to.
            <div class="side-panel-body" id="side-panel-body">{ props.children.clone() }</div>
        </section>
    }
}
