//! The page as a stage (after PhET's screens): the scenario sentence, the
//! three main sliders and the spiral with its time controls fill one screen,
//! and everything else opens in a side panel from the tabs above it.

use yew::prelude::*;

use crate::engine::link::Panel;
use crate::web::animation::Player;
use crate::web::components::advanced_settings::AdvancedSettings;
use crate::web::components::cascade_chart::CascadeChart;
use crate::web::components::compare_panel::ComparePanel;
use crate::web::components::correlation_heatmaps::CorrelationHeatmaps;
use crate::web::components::depth_chart::DepthChart;
use crate::web::components::full_screen_button::FullScreenButton;
use crate::web::components::lesson_panel::LessonPanel;
use crate::web::components::link_notice::LinkNoticeBar;
use crate::web::components::panel_tabs::PanelTabs;
use crate::web::components::phase_map_view::PhaseMapView;
use crate::web::components::preset_menu::PresetMenu;
use crate::web::components::scenario_controls::ScenarioControls;
use crate::web::components::share_bar::ShareBar;
use crate::web::components::shortcuts_dialog::ShortcutsDialog;
use crate::web::components::side_panel::SidePanel;
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

/// The content of side panel `panel`.
fn panel_body(panel: Panel, state: &AppState, dispatcher: &UseReducerDispatcher<AppState>) -> Html {
    let run = state.scene.run.clone();
    let on_change = dispatching(dispatcher, |(key, value): (&'static str, f64)| {
        Action::SetField { key, value }
    });
    match panel {
        Panel::Charts => html! { <><CascadeChart run={run.clone()} /><DepthChart run={run} /></> },
        Panel::Correlations => html! { <CorrelationHeatmaps run={run} /> },
        Panel::Compare => html! {
            <ComparePanel pinned={state.pinned.clone()} current={state.scene.clone()} on_pin={dispatching(dispatcher, Action::Pin)} />
        },
        Panel::PhaseMap => html! {
            <PhaseMapView params={state.params.clone()} query={crate::engine::link::encode(&state.params)} on_change={on_change} />
        },
        Panel::Lesson => html! {
            <>
                <p class="tagline">{ "How a price shock becomes a crash when leveraged positions are sold into thin order books." }</p>
                <LessonPanel step={state.view.lesson} on_go={dispatching(dispatcher, Action::GoToLesson)} />
            </>
        },
        Panel::Settings => html! {
            <>
                <PresetMenu params={state.params.clone()} run={run} on_select={dispatching(dispatcher, Action::ApplyPreset)} />
                <AdvancedSettings params={state.params.clone()} on_change={on_change} />
            </>
        },
        Panel::Share => html! {
            <ShareBar query={url::share_query(&state.params, &state.view)} status={state.copy_status.clone()}
                on_status={dispatching(dispatcher, Action::CopyStatus)}>
                <WorkshopTools params={state.params.clone()} view={state.view.clone()} run={run}
                    on_projector={dispatching(dispatcher, Action::SetProjector)} />
            </ShareBar>
        },
    }
}

/// What each shortcut does.
fn on_shortcut(
    dispatcher: UseReducerDispatcher<AppState>,
    step_round: Callback<()>,
) -> impl Fn(Shortcut) {
    move |shortcut| match shortcut {
        Shortcut::TogglePlay => dispatcher.dispatch(Action::TogglePlaying),
        Shortcut::StepRound => step_round.emit(()),
        Shortcut::ResetAll => dispatcher.dispatch(Action::ResetAll),
        Shortcut::ToggleHelp => dispatcher.dispatch(Action::ShowHelp(true)),
        Shortcut::CloseHelp => dispatcher.dispatch(Action::ShowHelp(false)),
        Shortcut::NextLessonStep => dispatcher.dispatch(Action::StepLesson(1)),
        Shortcut::PreviousLessonStep => dispatcher.dispatch(Action::StepLesson(-1)),
    }
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
        let handle = on_shortcut(dispatcher.clone(), step_round.clone());
        use_effect_with((), move |_| {
            let listener = KeyListener::new(handle);
            move || drop(listener)
        });
    }

    let on_change = dispatching(&dispatcher, |(key, value): (&'static str, f64)| {
        Action::SetField { key, value }
    });
    let send = |action: fn(()) -> Action| dispatching(&dispatcher, action);
    let panel = state.view.panel.filter(|_| !state.view.embed);

    html! {
        <main class={classes!("app", state.view.projector.then_some("theme-projector"), state.view.embed.then_some("embed"))}>
            <header class="masthead">
                <h1>{ "Cascade Lab" }</h1>
                <PanelTabs open={panel} on_show={dispatching(&dispatcher, Action::ShowPanel)} />
                <button type="button" class="help-button" aria-keyshortcuts="?" aria-label="Keyboard shortcuts"
                    onclick={send(|_| Action::ShowHelp(true)).reform(|_: MouseEvent| ())}>{ "?" }</button>
            </header>
            <LinkNoticeBar notices={state.notices.clone()} on_dismiss={send(|_| Action::DismissNotices)} />
            <div class={classes!("workspace", panel.is_some().then_some("with-panel"))}>
                <section class="stage" id="stage" aria-label="The spiral">
                    <div class="stage-grid">
                        <div class="stage-controls">
                            <ScenarioControls params={state.params.clone()} on_change={on_change} />
                            <p class="summary" aria-live="polite" id="run-summary">{ state.scene.run.headline() }</p>
                            <p class="summary backstop" id="run-backstop">{ state.scene.run.backstop_sentence() }</p>
                            <div class="stage-buttons">
                                <button type="button" id="reset-button" onclick={send(|_| Action::ResetAll).reform(|_: MouseEvent| ())}
                                    aria-keyshortcuts="R">{ "Reset all" }</button>
                                <FullScreenButton />
                            </div>
                        </div>
                        <SpiralView player={player.clone()} scene={state.scene.clone()} scrubber={scrubber.clone()} position_label={position_label.clone()} />
                        <TimeControls player={player.clone()} playing={state.playing} speed={state.speed} steps={state.scene.run.steps.len()}
                            scrubber={scrubber} position_label={position_label}
                            on_play={dispatching(&dispatcher, Action::SetPlaying)} on_speed={dispatching(&dispatcher, Action::SetSpeed)}
                            on_step={step_round} />
                    </div>
                    <p class="visually-hidden" aria-live="assertive" id="announcement">{ state.announcement.clone().unwrap_or_default() }</p>
                </section>
                if let Some(panel) = panel {
                    <SidePanel panel={panel} on_close={send(|_| Action::ShowPanel(None))}>
                        { panel_body(panel, &state, &dispatcher) }
                    </SidePanel>
                }
            </div>
            <ShortcutsDialog open={state.help_open} on_close={send(|_| Action::ShowHelp(false))} />
        </main>
    }
}
