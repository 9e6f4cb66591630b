//! Predict, then watch: while the outcome is hidden, the reader guesses
//! BTC's total fall (and, if they like, the amount liquidated) and presses
//! Reveal (or Enter); afterwards the outcome sentence names the guess.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::decimal::parse_f64;
use crate::engine::i18n::{Key, Lang};
use crate::engine::survival::number_refused;
use crate::state::{Guess, MAX_GUESS_PCT};

/// Largest guess of the amount liquidated, USD billions.
const MAX_GUESS_BUSD: f64 = 1_000.0;

#[derive(Properties, PartialEq)]
pub struct PredictBoxProps {
    pub guess: Guess,
    pub on_guess: Callback<Guess>,
    pub on_reveal: Callback<()>,
    pub lang: Lang,
}

/// A typed number in `0..=max`, or the message naming the field and range.
fn read(lang: Lang, text: &str, label: &str, max: f64) -> Result<Option<f64>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_f64(text.trim())
        .filter(|v| (0.0..=max).contains(v))
        .map(Some)
        .ok_or_else(|| number_refused(lang, label, "0", &max.to_string(), text))
}

#[function_component(PredictBox)]
pub fn predict_box(props: &PredictBoxProps) -> Html {
    let lang = props.lang;
    let error = use_state(|| None::<String>);
    let field = |label: &'static str, max: f64, set: fn(&mut Guess, Option<f64>)| {
        let (guess, on_guess, error) = (props.guess, props.on_guess.clone(), error.clone());
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            match read(lang, &input.value(), label, max) {
                Ok(value) => {
                    let mut next = guess;
                    set(&mut next, value);
                    error.set(None);
                    on_guess.emit(next);
                }
                Err(message) => error.set(Some(message)),
            }
        })
    };
    let on_fall = field(lang.t(Key::PredictFallLabel), MAX_GUESS_PCT, |g, v| {
        g.fall_pct = v
    });
    let on_liq = field(
        lang.t(Key::PredictLiquidatedLabel),
        MAX_GUESS_BUSD,
        |g, v| g.liquidated_busd = v,
    );
    let onsubmit = {
        let (guess, on_reveal, error) = (props.guess, props.on_reveal.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if guess.fall_pct.is_none() {
                error.set(Some(lang.t(Key::PredictGuessNeeded).to_string()));
            } else if error.is_none() {
                on_reveal.emit(());
            }
        })
    };
    let shown = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
    html! {
        <form class="predict" id="predict-box" aria-labelledby="predict-heading" {onsubmit}>
            // Read out as the form's name; on screen the prompt asks the
            // question, which keeps Reveal on the first screen beside the
            // spiral at 1280 x 720 in projector mode.
            <h2 id="predict-heading" class="visually-hidden">{ lang.t(Key::PredictHeading) }</h2>
            <p id="predict-prompt">{ lang.t(Key::PredictPrompt) }</p>
            <div class="field">
                <label for="guess-fall">{ lang.t(Key::PredictFallLabel) }</label>
                <input type="number" id="guess-fall" min="0" max={MAX_GUESS_PCT.to_string()} step="any"
                    value={shown(props.guess.fall_pct)} oninput={on_fall} aria-describedby="guess-error" />
            </div>
            <div class="field">
                <label for="guess-liquidated">{ lang.t(Key::PredictLiquidatedLabel) }</label>
                <input type="number" id="guess-liquidated" min="0" max={MAX_GUESS_BUSD.to_string()} step="any"
                    value={shown(props.guess.liquidated_busd)} oninput={on_liq} aria-describedby="guess-error" />
            </div>
            <p class="field-error" role="alert" id="guess-error">{ (*error).clone().unwrap_or_default() }</p>
            <button type="submit" id="reveal-button">{ lang.t(Key::PredictReveal) }</button>
        </form>
    }
}

/// "You guessed 8%: it fell 11.2%." and, when the amount was guessed too,
/// " You guessed $5B liquidated: it was $19.13B.", in `lang`.
pub fn guess_sentence(lang: Lang, guess: Guess, fell_pct: f64, liquidated_usd: f64) -> String {
    let Some(guess_fall) = guess.fall_pct else {
        return String::new();
    };
    let mut text = lang.fill(
        Key::PredictGuessFall,
        &[
            ("guess", &lang.typed_percent(guess_fall)),
            ("fell", &lang.percent(fell_pct, 1)),
        ],
    );
    if let Some(billions) = guess.liquidated_busd {
        text.push_str(&lang.fill(
            Key::PredictGuessLiquidated,
            &[
                ("guess", &lang.typed_billions(billions)),
                ("actual", &lang.money(liquidated_usd)),
            ],
        ));
    }
    text
}
