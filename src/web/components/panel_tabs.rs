//! The tabs that open the side panels beside the spiral: everything that is
//! not the stage is one click (or Tab and Enter) away. A tab shows its panel
//! or, when it is already open, closes it.

use yew::prelude::*;

use crate::engine::link::Panel;

/// Each panel's name on its tab and as its heading: the one table of them.
pub fn panel_title(panel: Panel) -> &'static str {
    match panel {
        Panel::Charts => "Charts",
        Panel::Correlations => "Correlations",
        Panel::Compare => "Compare",
        Panel::PhaseMap => "Phase map",
        Panel::Lesson => "Lesson",
        Panel::Settings => "Settings",
        Panel::Share => "Share",
    }
}

#[derive(Properties, PartialEq)]
pub struct PanelTabsProps {
    pub open: Option<Panel>,
    pub on_show: Callback<Option<Panel>>,
}

#[function_component(PanelTabs)]
pub fn panel_tabs(props: &PanelTabsProps) -> Html {
    html! {
        <nav class="panel-tabs" aria-label="Panels">
            { for Panel::ALL.into_iter().map(|panel| {
                let open = props.open == Some(panel);
                let target = (!open).then_some(panel);
                html! {
                    <button type="button" id={format!("tab-{}", panel.key())} class={classes!("tab", open.then_some("active"))}
                        aria-expanded={open.to_string()} aria-controls={open.then_some("side-panel")}
                        onclick={props.on_show.reform(move |_: MouseEvent| target)}>
                        { panel_title(panel) }
                    </button>
                }
            }) }
        </nav>
    }
}
