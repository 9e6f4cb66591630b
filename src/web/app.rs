//! The page: the scenario controls, the animated spiral with its time
//! controls, the charts beside it, sharing, and the shortcuts.

use yew::prelude::*;

use crate::web::animation::Player;
use crate::web::components::advanced_settings::AdvancedSettings;
use crate::web::components::cascade_chart::CascadeChart;
use crate::web::components::compare_panel::ComparePanel;
use crate::web::components::correlation_heatmaps::CorrelationHeatmaps;
use crate::web::components::depth_chart::DepthChart;
use crate::web::components::lesson_panel::LessonPanel;
use crate::web::components::link_notice::LinkNoticeBar;
use crate::web::components::phase_map_view::PhaseMapView;
use crate::web::components::preset_menu::PresetMenu;
use crate::web::components::scenario_controls::ScenarioControls;
use crate::web::components::share_bar::ShareBar;
use crate::web::components::shortcuts_dialog::ShortcutsDialog;
use crate::web::components::spiral_view::SpiralView;
use crate::web::components::time_controls::TimeControls;
use crate::web::components::workshop_tools::WorkshopTools;
use crate::web::keyboard::{KeyListener, Shortcut};
use crate::web::state::{Action, AppState};
use crate::web::url;

/// A callback that turns its value into an action for the reducer.
fn dispatching<T: 'static>(
    dispatcher: &UseReducerDispatcher<AppState>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_query(&url::current_query()));
    let dispatcher = state.dispatcher();
    let player = {
        let (scene, dispatcher) = (state.scene.clone(), dispatcher.clone());
        use_mut_ref(move || {
            Player::new(
                scene,
                Callback::from(move |()| dispatcher.dispatch(Action::SetPlaying(false))),
            )
        })
    };
    let scrubber = use_node_ref();
    let position_label = use_node_ref();

    use_effect_with(
        (state.params.clone(), state.view.clone()),
        |(params, view)| url::replace_query(params, view),
    );
    {
        let player = player.clone();
        use_effect_with((state.playing, state.speed), move |&(playing, speed)| {
            let mut p = player.borrow_mut();
            p.speed = speed;
            if p.playing != playing {
                p.set_playing(playing);
            }
        });
    }
    {
        // A preset or a reset starts the animation again from the shock.
        let player = player.clone();
        use_effect_with(state.replays, move |_| {
            let mut p = player.borrow_mut();
            p.seek(0.0);
            p.set_playing(true);
        });
    }
    let step_round = {
        let (player, dispatcher) = (player.clone(), dispatcher.clone());
        Callback::from(move |()| {
            dispatcher.dispatch(Action::SetPlaying(false));
            let mut p: std::cell::RefMut<'_, Player> = player.borrow_mut();
            p.set_playing(false);
            p.step_round();
        })
    };
    {
        let (dispatcher, step_round) = (dispatcher.clone(), step_round.clone());
        use_effect_with((), move |_| {
            let listener = KeyListener::new(move |shortcut| match shortcut {
                Shortcut::TogglePlay => dispatcher.dispatch(Action::TogglePlaying),
                Shortcut::StepRound => step_round.emit(()),
                Shortcut::ResetAll => dispatcher.dispatch(Action::ResetAll),
                Shortcut::ToggleHelp => dispatcher.dispatch(Action::ShowHelp(true)),
                Shortcut::CloseHelp => dispatcher.dispatch(Action::ShowHelp(false)),
            });
            move || drop(listener)
        });
    }

    let on_change = dispatching(&dispatcher, |(key, value): (&'static str, f64)| {
        Action::SetField { key, value }
    });
    let send = |action: fn(()) -> Action| dispatching(&dispatcher, action);
    let on_play = dispatching(&dispatcher, Action::SetPlaying);
    let on_speed = dispatching(&dispatcher, Action::SetSpeed);
    let on_preset = dispatching(&dispatcher, Action::ApplyPreset);
    let on_lesson = dispatching(&dispatcher, Action::GoToLesson);
    let on_pin = dispatching(&dispatcher, Action::Pin);
    let on_projector = dispatching(&dispatcher, Action::SetProjector);
    let on_status = dispatching(&dispatcher, Action::CopyStatus);
    let run = state.scene.run.clone();

    html! {
        <main class={classes!("app", state.view.projector.then_some("theme-projector"), state.view.embed.then_some("embed"))}>
            <header class="masthead">
                <div>
                    <h1>{ "Cascade Lab" }</h1>
                    <p class="tagline">{ "How a price shock becomes a crash when leveraged positions are sold into thin order books." }</p>
                </div>
                <button type="button" class="help-button" aria-keyshortcuts="?" onclick={send(|_| Action::ShowHelp(true)).reform(|_: MouseEvent| ())}>
                    { "Keyboard shortcuts (?)" }
                </button>
            </header>
            <LinkNoticeBar notices={state.notices.clone()} on_dismiss={send(|_| Action::DismissNotices)} />
            <LessonPanel step={state.view.lesson} on_go={on_lesson} />
            <div class="setup">
                <ScenarioControls params={state.params.clone()} on_change={on_change.clone()} />
                <div class="side-controls">
                    <PresetMenu params={state.params.clone()} run={run.clone()} on_select={on_preset} />
                    <AdvancedSettings params={state.params.clone()} on_change={on_change.clone()} />
                </div>
            </div>
            <div class="stage">
                <section class="spiral-column" aria-label="The spiral">
                    <SpiralView player={player.clone()} scene={state.scene.clone()} scrubber={scrubber.clone()} position_label={position_label.clone()} />
                    <TimeControls player={player.clone()} playing={state.playing} speed={state.speed} steps={state.scene.run.steps.len()}
                        scrubber={scrubber} position_label={position_label}
                        on_play={on_play} on_speed={on_speed} on_step={step_round} on_reset={send(|_| Action::ResetAll)} />
                    <p class="summary" aria-live="polite" id="run-summary">{ state.scene.run.headline() }</p>
                    <p class="backstop" id="run-backstop">{ state.scene.run.backstop_sentence() }</p>
                    <p class="visually-hidden" aria-live="assertive" id="announcement">{ state.announcement.clone().unwrap_or_default() }</p>
                </section>
                <section class="charts-column" aria-label="Charts">
                    <CascadeChart run={run.clone()} />
                    <DepthChart run={run.clone()} />
                    <CorrelationHeatmaps run={run} />
                    <ComparePanel pinned={state.pinned.clone()} current={state.scene.clone()} on_pin={on_pin} />
                    <PhaseMapView params={state.params.clone()} query={crate::engine::link::encode(&state.params)} on_change={on_change.clone()} />
                </section>
            </div>
            <ShareBar query={url::share_query(&state.params, &state.view)} status={state.copy_status.clone()} on_status={on_status}>
                <WorkshopTools params={state.params.clone()} view={state.view.clone()} run={state.scene.run.clone()}
                    on_projector={on_projector} />
            </ShareBar>
            <ShortcutsDialog open={state.help_open} on_close={send(|_| Action::ShowHelp(false))} />
        </main>
    }
}
