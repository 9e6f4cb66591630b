//! The root of the panels module (see `panel_bridge`): the content of the
//! open side panel, drawn from what the stage sent, with every change the
//! reader makes sent back to the stage's reducer.

use std::rc::Rc;

use yew::prelude::*;

use crate::components::advanced_settings::AdvancedSettings;
use crate::components::cascade_chart::CascadeChart;
use crate::components::compare_panel::ComparePanel;
use crate::components::correlation_heatmaps::CorrelationHeatmaps;
use crate::components::depth_chart::DepthChart;
use crate::components::language_menu::LanguageMenu;
use crate::components::lesson_panel::LessonPanel;
use crate::components::phase_map_view::{PhaseMapMemory, PhaseMapView};
use crate::components::position_panel::PositionPanel;
use crate::components::preset_menu::PresetMenu;
use crate::components::share_bar::ShareBar;
use crate::components::spread_view::SpreadView;
use crate::components::workshop_tools::WorkshopTools;
use crate::engine::i18n::{Key, Lang, PanelKey};
use crate::engine::link::{self, Panel, ViewOptions};
use crate::engine::presets::preset;
use crate::engine::Params;
use crate::panel_bridge::PanelAction;
use crate::scene::Scene;
use crate::state::Guess;

/// The open panel and everything it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownPanel {
    pub panel: Panel,
    pub lang: Lang,
    pub params: Params,
    pub view: ViewOptions,
    /// The share query of `params` and `view`.
    pub query: String,
    pub hidden: bool,
    pub guess: Guess,
    pub copy_status: Option<String>,
    pub pin_waiting: bool,
    pub scene: Option<Rc<Scene>>,
    pub pinned: Option<Rc<Scene>>,
}

#[derive(Properties, PartialEq)]
pub struct PanelsRootProps {
    /// None while no panel is open.
    pub shown: Option<Rc<ShownPanel>>,
    /// Sends an action to the stage.
    pub on_action: Callback<PanelAction>,
}

/// A callback that turns its value into an action for the stage.
fn asking<T: 'static>(
    on_action: &Callback<PanelAction>,
    make: fn(T) -> PanelAction,
) -> Callback<T> {
    on_action.reform(make)
}

/// The content of the open panel. Panels that show the run say it is
/// being computed until the first one arrives.
fn panel_body(
    shown: &ShownPanel,
    on_action: &Callback<PanelAction>,
    phase_map: &PhaseMapMemory,
) -> Html {
    let (panel, lang, scene) = (shown.panel, shown.lang, shown.scene.clone());
    let run = scene.as_ref().map(|s| s.run.clone());
    let on_change = asking(on_action, |(key, value): (&'static str, f64)| {
        PanelAction::SetField {
            key: key.to_string(),
            value,
        }
    });
    let hides_outcome = matches!(
        panel,
        Panel::Charts | Panel::Correlations | Panel::Compare | Panel::Position
    );
    if shown.hidden && hides_outcome {
        return html! { <p class="predict-hidden" id="panel-hidden">{ lang.t(PanelKey::PredictHiddenPanel) }</p> };
    }
    let pending =
        html! { <p class="run-pending" id="panel-pending">{ lang.t(Key::ComputingFirstRun) }</p> };
    let guess = shown.view.predict.then_some(shown.guess.fall_pct).flatten();
    match (panel, scene) {
        (Panel::Charts, Some(scene)) => {
            let run = scene.run.clone();
            let reported = shown
                .params
                .preset
                .as_deref()
                .and_then(preset)
                .and_then(|p| p.reported);
            html! {
                <>
                    <CascadeChart run={run.clone()} lang={lang} guess_fall_pct={guess} />
                    <DepthChart run={run.clone()} lang={lang} />
                    <SpreadView query={link::encode(&shown.params)} run={run} reported={reported} lang={lang} />
                </>
            }
        }
        (Panel::Correlations, Some(scene)) => {
            html! { <CorrelationHeatmaps run={scene.run.clone()} lang={lang} /> }
        }
        (Panel::Compare, Some(scene)) => html! {
            <ComparePanel pinned={shown.pinned.clone()} current={scene} lang={lang} on_pin={asking(on_action, PanelAction::Pin)} pin_waiting={shown.pin_waiting} />
        },
        (Panel::Position, Some(scene)) => html! {
            <PositionPanel position={shown.view.position} run={scene.run.clone()} lang={lang} on_change={asking(on_action, PanelAction::SetPosition)} />
        },
        (Panel::Charts | Panel::Correlations | Panel::Compare | Panel::Position, None) => pending,
        (Panel::PhaseMap, _) => html! {
            <PhaseMapView memory={phase_map.clone()} params={shown.params.clone()} lang={lang} query={link::encode(&shown.params)} on_change={on_change} />
        },
        (Panel::Lesson, _) => html! {
            <>
                <p class="tagline">{ lang.t(PanelKey::Tagline) }</p>
                <LessonPanel step={shown.view.lesson} lang={lang} on_go={asking(on_action, PanelAction::GoToLesson)}
                    predict={shown.view.predict} on_predict={asking(on_action, PanelAction::SetPredict)} />
            </>
        },
        (Panel::Settings, _) => html! {
            <>
                <LanguageMenu lang={lang} on_select={asking(on_action, PanelAction::SetLang)} />
                <PresetMenu params={shown.params.clone()} run={run} lang={lang} on_select={asking(on_action, PanelAction::ApplyPreset)} />
                <AdvancedSettings params={shown.params.clone()} lang={lang} on_change={on_change} />
            </>
        },
        // The video recorder plays the stage's own spiral, so the stage
        // puts its button under this panel.
        (Panel::Share, _) => html! {
            <ShareBar query={shown.query.clone()} status={shown.copy_status.clone()} lang={lang}
                on_status={asking(on_action, PanelAction::CopyStatus)}>
                <WorkshopTools params={shown.params.clone()} view={shown.view.clone()} run={run} lang={lang}
                    on_projector={asking(on_action, PanelAction::SetProjector)} />
            </ShareBar>
        },
    }
}

#[function_component(PanelsRoot)]
pub fn panels_root(props: &PanelsRootProps) -> Html {
    // Kept here, above the panel's content, so the map outlives its tab.
    let phase_map = use_state(PhaseMapMemory::default);
    match &props.shown {
        Some(shown) => panel_body(shown, &props.on_action, &phase_map),
        None => html! {},
    }
}
