//! The three main controls and the sentence they make up:
//! "A 5% shock hits traders using 20x on average, in books as deep as usual."

use yew::prelude::*;

use crate::components::slider::Slider;
use crate::engine::describe::shock_text;
use crate::engine::i18n::{Key, Lang};
use crate::engine::params::field;
use crate::engine::Params;

/// "half as deep as usual", "twice as deep", "0.7 times as deep".
pub fn depth_words(lang: Lang, multiplier: f64) -> String {
    match multiplier {
        m if (m - 1.0).abs() < 1e-9 => lang.t(Key::DepthUsual).to_string(),
        m if (m - 0.5).abs() < 1e-9 => lang.t(Key::DepthHalf).to_string(),
        m if (m - 2.0).abs() < 1e-9 => lang.t(Key::DepthTwice).to_string(),
        m => lang.fill(Key::DepthTimes, &[("m", &as_typed(lang, m))]),
    }
}

/// A slider's value as it was set (0.7, 12.5), in the language's notation.
fn as_typed(lang: Lang, value: f64) -> String {
    let decimals = format!("{value}").split('.').nth(1).map_or(0, str::len);
    lang.decimal(value, decimals)
}

/// "20x", with the language's decimal point.
fn leverage_text(lang: Lang, leverage: f64) -> String {
    format!("{}x", as_typed(lang, leverage))
}

/// The scenario as one sentence.
pub fn scenario_sentence(lang: Lang, p: &Params) -> String {
    let weekend = if p.weekend {
        lang.t(Key::OnWeekend)
    } else {
        ""
    };
    lang.fill(
        Key::ScenarioSentence,
        &[
            ("shock", &shock_text(lang, p.shock_pct)),
            ("lev", &leverage_text(lang, p.mean_leverage)),
            ("depth", &depth_words(lang, p.depth_multiplier)),
            ("weekend", weekend),
        ],
    )
}

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub params: Params,
    pub lang: Lang,
    pub on_change: Callback<(&'static str, f64)>,
}

#[function_component(ScenarioControls)]
pub fn scenario_controls(props: &ScenarioControlsProps) -> Html {
    let (p, lang) = (&props.params, props.lang);
    let labels = [
        (
            "shock",
            lang.fill(
                Key::SliderShock,
                &[("shock", &shock_text(lang, p.shock_pct))],
            ),
        ),
        (
            "lev",
            lang.fill(
                Key::SliderLeverage,
                &[("lev", &leverage_text(lang, p.mean_leverage))],
            ),
        ),
        (
            "liq",
            lang.fill(
                Key::SliderLiquidity,
                &[("depth", &depth_words(lang, p.depth_multiplier))],
            ),
        ),
    ];
    html! {
        <section class="controls" aria-label={lang.t(Key::ScenarioLabel)}>
            <p class="scenario-sentence" id="scenario-sentence">{ scenario_sentence(lang, p) }</p>
            { for labels.into_iter().filter_map(|(key, label)| {
                let spec = field(key)?;
                Some(html! {
                    <Slider key={key} spec={spec} value={(spec.get)(p)} label={label} on_change={props.on_change.clone()} />
                })
            }) }
        </section>
    }
}
