//! The scenarios menu: historical events and teaching cases, each with a
//! caption comparing what was reported with what the engine simulates.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::describe::{ensemble_caption, group_thousands};
use crate::engine::market::BTC;
use crate::engine::presets::{preset, PRESETS};
use crate::engine::{Params, Run};

#[derive(Properties, PartialEq)]
pub struct PresetMenuProps {
    pub params: Params,
    pub run: std::rc::Rc<Run>,
    pub on_select: Callback<String>,
}

fn billions(usd: f64) -> String {
    format!("${:.2}B", usd / 1e9)
}

/// "Reported: BTC -14.7%, $19.13B, 1,618,240 accounts (24 h). Simulated: ..."
fn caption(params: &Params, run: &Run) -> Option<String> {
    let chosen = preset(params.preset.as_deref()?)?;
    let mut text = chosen.description.to_string();
    if let Some(r) = chosen.reported {
        let changed = (chosen.params)() != *params;
        let accounts = |n: f64| format!(", {} accounts", group_thousands(n.round() as u64));
        text.push_str(&format!(
            " Reported ({}): BTC -{}%, {} liquidated{}. Simulated{}: BTC -{:.1}%, {} liquidated{}.",
            r.window,
            r.btc_drawdown_pct,
            billions(r.total_liquidated_usd),
            r.accounts.map(accounts).unwrap_or_default(),
            if changed { " with your changes" } else { "" },
            run.assets[BTC].max_drawdown_pct,
            billions(run.summary.total_liquidated_usd),
            r.accounts
                .map(|_| accounts(run.summary.accounts_liquidated))
                .unwrap_or_default(),
        ));
        if let Some(spread) = ensemble_caption(chosen.name) {
            text.push(' ');
            text.push_str(&spread);
        }
    }
    Some(text)
}

#[function_component(PresetMenu)]
pub fn preset_menu(props: &PresetMenuProps) -> Html {
    let on_select = props.on_select.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        on_select.emit(select.value());
    });
    let current = props.params.preset.clone().unwrap_or_default();
    html! {
        <div class="presets">
            <label for="preset-select">{ "Scenario" }</label>
            <select id="preset-select" {onchange}>
                <option value="" selected={current.is_empty()}>{ "Default: a 5% shock at 20x" }</option>
                { for PRESETS.iter().map(|p| html! {
                    <option value={p.name} selected={current == p.name}>{ p.title }</option>
                }) }
            </select>
            if let Some(text) = caption(&props.params, &props.run) {
                <p class="preset-caption" id="preset-caption">{ text }</p>
            }
        </div>
    }
}
