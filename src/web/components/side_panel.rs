//! The open side panel beside the stage: a heading, a close button and the
//! panel's content. Only the open panel is rendered, so its canvases are
//! drawn at the size they are shown.

use yew::prelude::*;

use crate::engine::link::Panel;
use crate::web::components::panel_tabs::panel_title;

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    pub panel: Panel,
    pub on_close: Callback<()>,
    pub children: Html,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let title = panel_title(props.panel);
    html! {
        <section class="side-panel" id="side-panel" aria-labelledby="side-panel-title" data-panel={props.panel.key()}>
            <div class="side-panel-head">
                <h2 id="side-panel-title">{ title }</h2>
                <button type="button" id="close-panel" aria-label={format!("Close {title}")}
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
            { props.children.clone() }
        </section>
    }
}
