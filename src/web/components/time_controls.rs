//! Play/pause, one round forward, speed and a scrubber: the time controls
//! of the animation (keyboard: Space, Right arrow).

use std::cell::RefCell;
use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::web::animation::Player;
use crate::web::state::SPEEDS;

#[derive(Properties)]
pub struct TimeControlsProps {
    pub player: Rc<RefCell<Player>>,
    pub playing: bool,
    pub speed: f64,
    pub steps: usize,
    pub scrubber: NodeRef,
    pub position_label: NodeRef,
    pub on_play: Callback<bool>,
    pub on_speed: Callback<f64>,
    pub on_step: Callback<()>,
}

impl PartialEq for TimeControlsProps {
    fn eq(&self, other: &Self) -> bool {
        self.playing == other.playing && self.speed == other.speed && self.steps == other.steps
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
    html! {
        <div class="time-controls" role="group" aria-label="Time">
            <button type="button" id="play-button" onclick={toggle} aria-keyshortcuts="Space">
                { if props.playing { "Pause" } else { "Play" } }
            </button>
            <button type="button" id="step-button" onclick={step} aria-keyshortcuts="ArrowRight">{ "Next round" }</button>
            <span class="speed" role="radiogroup" aria-label="Speed">
                { for SPEEDS.iter().map(|&speed| {
                    let on_speed = props.on_speed.clone();
                    let pressed = props.speed == speed;
                    html! {
                        <button type="button" class={classes!("speed-button", pressed.then_some("active"))}
                            role="radio" aria-checked={pressed.to_string()}
                            onclick={Callback::from(move |_: MouseEvent| on_speed.emit(speed))}>
                            { format!("{speed}x") }
                        </button>
                    }
                }) }
            </span>
            <label class="scrubber" for="scrubber">
                <span ref={props.position_label.clone()} id="position-label">{ "Before the shock" }</span>
                <input ref={props.scrubber.clone()} type="range" id="scrubber" min="0"
                    max={props.steps.to_string()} step="any" oninput={scrub} />
            </label>
        </div>
    }
}
