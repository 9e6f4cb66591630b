//! The three main controls and the sentence they make up:
//! "A 5% shock hits traders using 20x on average, in books as deep as usual."

use yew::prelude::*;

use crate::engine::params::field;
use crate::engine::Params;
use crate::web::components::slider::Slider;

/// "half as deep as usual", "twice as deep", "0.7 times as deep".
pub fn depth_words(multiplier: f64) -> String {
    match multiplier {
        m if (m - 1.0).abs() < 1e-9 => "as deep as usual".to_string(),
        m if (m - 0.5).abs() < 1e-9 => "half as deep as usual".to_string(),
        m if (m - 2.0).abs() < 1e-9 => "twice as deep as usual".to_string(),
        m => format!("{m} times as deep as usual"),
    }
}

/// The scenario as one sentence.
pub fn scenario_sentence(p: &Params) -> String {
    format!(
        "A {}% shock hits traders using {}x on average, in books {}{}.",
        p.shock_pct,
        p.mean_leverage,
        depth_words(p.depth_multiplier),
        if p.weekend { " on a weekend" } else { "" }
    )
}

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub params: Params,
    pub on_change: Callback<(&'static str, f64)>,
}

#[function_component(ScenarioControls)]
pub fn scenario_controls(props: &ScenarioControlsProps) -> Html {
    let p = &props.params;
    let labels = [
        (
            "shock",
            format!("Shock: the price first falls {}%", p.shock_pct),
        ),
        (
            "lev",
            format!("Leverage: traders use {}x on average", p.mean_leverage),
        ),
        (
            "liq",
            format!("Liquidity: order books {}", depth_words(p.depth_multiplier)),
        ),
    ];
    html! {
        <section class="controls" aria-label="Scenario">
            <p class="scenario-sentence" id="scenario-sentence">{ scenario_sentence(p) }</p>
            { for labels.into_iter().filter_map(|(key, label)| {
                let spec = field(key)?;
                Some(html! {
                    <Slider key={key} spec={spec} value={(spec.get)(p)} label={label} on_change={props.on_change.clone()} />
                })
            }) }
        </section>
    }
}
