//! The tabs that open the side panels beside the spiral: everything that is
//! not the stage is one click (or Tab and Enter) away. A tab shows its panel
//! or, when it is already open, closes it.

use yew::prelude::*;

use crate::engine::i18n::{Key, Lang};
use crate::engine::link::Panel;

/// Each panel's name on its tab and as its heading.
pub fn panel_title(lang: Lang, panel: Panel) -> &'static str {
    lang.t(match panel {
        Panel::Charts => Key::PanelCharts,
        Panel::Correlations => Key::PanelCorrelations,
        Panel::Compare => Key::PanelCompare,
        Panel::PhaseMap => Key::PanelPhaseMap,
        Panel::Position => Key::PanelPosition,
        Panel::Lesson => Key::PanelLesson,
        Panel::Settings => Key::PanelSettings,
        Panel::Share => Key::PanelShare,
    })
}

#[derive(Properties, PartialEq)]
pub struct PanelTabsProps {
    pub open: Option<Panel>,
    pub lang: Lang,
    pub on_show: Callback<Option<Panel>>,
}

#[function_component(PanelTabs)]
pub fn panel_tabs(props: &PanelTabsProps) -> Html {
    html! {
        <nav class="panel-tabs" aria-label={props.lang.t(Key::PanelsLabel)}>
            { for Panel::ALL.into_iter().map(|panel| {
                let open = props.open == Some(panel);
                let target = (!open).then_some(panel);
                html! {
                    <button type="button" id={format!("tab-{}", panel.key())} class={classes!("tab", open.then_some("active"))}
                        aria-expanded={open.to_string()} aria-controls={open.then_some("side-panel")}
                        onclick={props.on_show.reform(move |_: MouseEvent| target)}>
                        { panel_title(props.lang, panel) }
                    </button>
                }
            }) }
        </nav>
    }
}
