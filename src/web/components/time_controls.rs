//! Play/pause, one round forward, speed and a scrubber: the time controls
//! of the animation (keyboard: Space, Right arrow).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::animation::Player;
use crate::engine::i18n::{Key, Lang};
use crate::state::SPEEDS;

#[derive(Properties)]
pub struct TimeControlsProps {
    pub player: Rc<RefCell<Player>>,
    pub playing: bool,
    pub lang: Lang,
    pub speed: f64,
    pub steps: usize,
    /// Predict mode before the reveal: nothing to play or scrub yet.
    #[prop_or_default]
    pub locked: bool,
    pub scrubber: NodeRef,
    pub position_label: NodeRef,
    pub on_play: Callback<bool>,
    pub on_speed: Callback<f64>,
    pub on_step: Callback<()>,
}

impl PartialEq for TimeControlsProps {
    fn eq(&self, other: &Self) -> bool {
        self.playing == other.playing
            && self.lang == other.lang
            && self.speed == other.speed
            && self.steps == other.steps
            && self.locked == other.locked
    }
}

#[function_component(TimeControls)]
pub fn time_controls(props: &TimeControlsProps) -> Html {
    let toggle = {
        let (on_play, playing) = (props.on_play.clone(), props.playing);
        Callback::from(move |_: MouseEvent| on_play.emit(!playing))
    };
    let step = props.on_step.reform(|_: MouseEvent| ());
    let scrub = {
        let (player, on_play) = (props.player.clone(), props.on_play.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let value = input.value_as_number();
            if value.is_finite() {
                on_play.emit(false);
                player.borrow_mut().seek(value);
            }
        })
    };
    let lang = props.lang;
    html! {
        <div class="time-controls" role="group" aria-label={lang.t(Key::TimeLabel)}>
            <button type="button" id="play-button" onclick={toggle} aria-keyshortcuts="Space" disabled={props.locked}>
                { lang.t(if props.playing { Key::Pause } else { Key::Play }) }
            </button>
            <button type="button" id="step-button" onclick={step} aria-keyshortcuts="ArrowRight" disabled={props.locked}>{ lang.t(Key::NextRound) }</button>
            <span class="speed" role="radiogroup" aria-label={lang.t(Key::SpeedLabel)}>
                { for SPEEDS.iter().map(|&speed| {
                    let on_speed = props.on_speed.clone();
                    let pressed = props.speed == speed;
                    html! {
                        <button type="button" class={classes!("speed-button", pressed.then_some("active"))}
                            role="radio" aria-checked={pressed.to_string()}
                            onclick={Callback::from(move |_: MouseEvent| on_speed.emit(speed))}>
                            { format!("{}x", lang.decimal(speed, if speed.fract() == 0.0 { 0 } else { 1 })) }
                        </button>
                    }
                }) }
            </span>
            <label class="scrubber" for="scrubber">
                <span ref={props.position_label.clone()} id="position-label">{ lang.t(Key::PositionStart) }</span>
                <input ref={props.scrubber.clone()} type="range" id="scrubber" min="0" disabled={props.locked}
                    max={props.steps.to_string()} step="any" oninput={scrub} />
            </label>
        </div>
    }
}
