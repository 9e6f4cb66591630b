//! The page as a stage (after PhET's screens): the scenario sentence, the
//! three main sliders and the spiral with its time controls fill one screen,
//! and everything else opens in a side panel from the tabs above it.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use crate::animation::Player;
use crate::components::full_screen_button::FullScreenButton;
use crate::components::link_notice::LinkNoticeBar;
use crate::components::panel_host::PanelHost;
use crate::components::panel_tabs::PanelTabs;
use crate::components::predict_box::{guess_sentence, PredictBox};
use crate::components::reset_button::ResetButton;
use crate::components::scenario_controls::ScenarioControls;
use crate::components::shortcuts_dialog::ShortcutsDialog;
use crate::components::side_panel::SidePanel;
use crate::components::spiral_view::SpiralView;
use crate::components::time_controls::TimeControls;
use crate::components::video_button::VideoButton;
use crate::engine::i18n::Key;
use crate::engine::link::Panel;
use crate::keyboard::{KeyListener, Shortcut};
use crate::panel_bridge::{run_id, stage, PanelMessage};
use crate::scene_worker::{Events, SceneWorker};
use crate::state::{Action, AppState};
use crate::url;

/// A callback that turns its value into an action for the reducer.
fn dispatching<T: 'static>(
    dispatcher: &UseReducerDispatcher<AppState>,
    make: fn(T) -> Action,
) -> Callback<T> {
    let dispatcher = dispatcher.clone();
    Callback::from(move |value| dispatcher.dispatch(make(value)))
}

/// What the open panel `panel` shows, for the panels module.
fn panel_message(panel: Panel, state: &AppState) -> PanelMessage {
    PanelMessage {
        panel: panel.key().to_string(),
        lang: state.lang,
        query: url::share_query(&state.params, &state.view),
        hidden: state.hidden(),
        guess: state.guess,
        copy_status: state.copy_status.clone(),
        pin_waiting: state.pin_on_arrival,
        scene: state.scene.as_deref().map(run_id),
        pinned: state.pinned.as_deref().map(run_id),
    }
}

/// The open side panel: its content comes from the panels module; the
/// video recorder, which plays the stage's own spiral, stays here.
fn side_panel(
    panel: Panel,
    state: &AppState,
    dispatcher: &UseReducerDispatcher<AppState>,
    player: &Rc<RefCell<Player>>,
) -> Html {
    let lang = state.lang;
    let recorder = match (panel, &state.scene) {
        (Panel::Share, Some(_)) => html! { <VideoButton player={player.clone()} lang={lang} /> },
        (Panel::Share, None) => html! {
            <p class="run-pending" id="recorder-pending">{ lang.t(Key::ComputingFirstRun) }</p>
        },
        _ => html! {},
    };
    html! {
        <SidePanel panel={panel} lang={lang} on_close={dispatching(dispatcher, |()| Action::ShowPanel(None))}>
            <PanelHost message={panel_message(panel, state)} scene={state.scene.clone()} pinned={state.pinned.clone()}
                dispatcher={dispatcher.clone()} lang={lang} />
            { recorder }
        </SidePanel>
    }
}

/// The outcome sentence, or in predict mode the guess before the reveal
/// and the guess against the outcome after it.
fn outcome(state: &AppState, dispatcher: &UseReducerDispatcher<AppState>) -> Html {
    let lang = state.lang;
    if state.hidden() {
        return html! {
            <>
                <PredictBox guess={state.guess} lang={lang} on_guess={dispatching(dispatcher, Action::SetGuess)}
                    on_reveal={dispatching(dispatcher, |()| Action::Reveal)} />
                <p class="summary visually-hidden" aria-live="polite" id="run-summary">{ lang.t(Key::PredictHiddenSummary) }</p>
            </>
        };
    }
    let Some(run) = state.scene.as_ref().map(|s| &s.run) else {
        // The backstop's line is held (a blank line) so nothing moves when the run arrives.
        return html! {
            <>
                <p class="summary" aria-live="polite" aria-busy="true" id="run-summary">{ lang.t(Key::ComputingFirstRun) }</p>
                <p class="summary backstop" id="run-backstop">{ "\u{a0}" }</p>
            </>
        };
    };
    let compared = match (state.view.predict, state.guess.fall_pct) {
        (true, Some(_)) => {
            guess_sentence(
                lang,
                state.guess,
                run.assets[crate::engine::market::BTC].max_drawdown_pct,
                run.summary.total_liquidated_usd,
            ) + lang.sentence_gap()
        }
        _ => String::new(),
    };
    html! {
        <>
            <p class="summary" aria-live="polite" id="run-summary">{ compared }{ run.headline_in(state.lang) }</p>
            <p class="summary backstop" id="run-backstop">{ run.backstop_sentence_in(state.lang) }</p>
            if state.view.predict {
                <button type="button" id="predict-again" onclick={dispatching(dispatcher, |_: MouseEvent| Action::SetPredict(true))}>{ lang.t(Key::PredictAgain) }</button>
            }
        </>
    }
}

/// Starts the engine worker once, with its replies going to the reducer as
/// actions, and posts each newly requested scenario to it.
#[hook]
fn use_scene_worker(state: &UseReducerHandle<AppState>) {
    let engine = use_mut_ref(|| None::<SceneWorker>);
    {
        let (engine, dispatcher) = (engine.clone(), state.dispatcher());
        use_effect_with((), move |_| {
            *engine.borrow_mut() = Some(SceneWorker::start(Events {
                arrived: dispatching(&dispatcher, |(seq, scene)| Action::RunArrived {
                    seq,
                    scene: Box::new(scene),
                }),
                slow: dispatching(&dispatcher, Action::RunSlow),
                on_page: dispatching(&dispatcher, |()| Action::EngineOnPage),
            }));
            move || drop(engine.borrow_mut().take())
        });
    }
    let params = state.params.clone();
    // Request 0, the first run, goes the same way as every later one.
    use_effect_with(state.requested, move |&seq| {
        if let Some(engine) = engine.borrow().as_ref() {
            engine.request(seq, params);
        }
    });
}

/// Says that a run is being computed, once it has taken a while, and
/// where no worker runs the engine, that the page computes it itself.
fn run_status(state: &AppState) -> Html {
    let lang = state.lang;
    html! {
        <>
            <p class="run-status" role="status" id="run-status">
                // Before the first run the outcome line already says so.
                { if state.computing && state.scene.is_some() { lang.t(Key::ComputingRun) } else { "" } }
            </p>
            if state.engine_on_page {
                <p class="engine-notice" id="engine-notice">{ lang.t(Key::EngineOnPage) }</p>
            }
        </>
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
    let state = use_reducer(|| AppState::from_query(&url::current_query(), url::browser_lang()));
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
    use_scene_worker(&state);
    // The panels' module downloads once the first run is on screen, so it
    // never holds that run back and a panel opened later shows at once.
    // An embedded page has no panels.
    use_effect_with(
        (state.scene.is_some(), state.view.embed),
        |&(has_run, embed)| {
            if has_run && !embed {
                stage::prefetch();
            }
        },
    );
    let scrubber = use_node_ref();
    let position_label = use_node_ref();

    use_effect_with(
        (state.params.clone(), state.view.clone()),
        |(params, view)| url::replace_query(params, view),
    );
    use_effect_with(state.lang, |&lang| url::show_language(lang));
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
        // Predict mode holds the animation at the shock until the reveal.
        let player = player.clone();
        use_effect_with(state.hidden(), move |&hidden| {
            player.borrow_mut().set_locked(hidden)
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
    let lang = state.lang;

    html! {
        <main class={classes!("app", state.view.projector.then_some("theme-projector"), state.view.embed.then_some("embed"))}>
            <header class="masthead">
                <h1>{ lang.t(Key::AppTitle) }</h1>
                <PanelTabs open={panel} lang={lang} on_show={dispatching(&dispatcher, Action::ShowPanel)} />
                <div class="stage-buttons">
                    <ResetButton lang={lang} on_reset={send(|_| Action::ResetAll)} />
                    <FullScreenButton lang={lang} />
                    <button type="button" class="help-button" aria-keyshortcuts="?" aria-label={lang.t(Key::KeyboardShortcuts)}
                        title={lang.t(Key::KeyboardShortcuts)}
                        onclick={send(|_| Action::ShowHelp(true)).reform(|_: MouseEvent| ())}>{ "?" }</button>
                </div>
            </header>
            <LinkNoticeBar notices={state.notices.clone()} lang={lang} on_dismiss={send(|_| Action::DismissNotices)} />
            <div class={classes!("workspace", panel.is_some().then_some("with-panel"))}>
                <section class="stage" id="stage" aria-label={lang.t(Key::StageLabel)}>
                    <div class="stage-grid">
                        <div class="stage-controls">
                            <ScenarioControls params={state.params.clone()} lang={lang} on_change={on_change} />
                            <div class="stage-outcome">
                                { outcome(&state, &dispatcher) }
                                { run_status(&state) }
                            </div>
                        </div>
                        <SpiralView player={player.clone()} scene={state.scene.clone()} lang={lang} scrubber={scrubber.clone()} position_label={position_label.clone()} />
                        <TimeControls player={player.clone()} playing={state.playing} lang={lang} speed={state.speed}
                            // The run's length is part of the outcome predict mode hides.
                            steps={match &state.scene { Some(scene) if !state.hidden() => scene.run.steps.len(), _ => 0 }} locked={state.hidden()}
                            scrubber={scrubber} position_label={position_label}
                            on_play={dispatching(&dispatcher, Action::SetPlaying)} on_speed={dispatching(&dispatcher, Action::SetSpeed)}
                            on_step={step_round} />
                    </div>
                    <p class="visually-hidden" aria-live="assertive" id="announcement">{ state.announcement.clone().unwrap_or_default() }</p>
                </section>
                if let Some(panel) = panel {
                    { side_panel(panel, &state, &dispatcher, &player) }
                }
            </div>
            <ShortcutsDialog open={state.help_open} lang={lang} on_close={send(|_| Action::ShowHelp(false))} />
        </main>
    }
}
