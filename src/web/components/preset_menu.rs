//! The scenarios menu: historical events and teaching cases, each with a
//! caption comparing what was reported with what the engine simulates.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::engine::describe::ensemble_caption;
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::market::BTC;
use crate::engine::presets::{preset, PRESETS};
use crate::engine::{Params, Run};

#[derive(Properties, PartialEq)]
pub struct PresetMenuProps {
    pub params: Params,
    /// None until the first run arrives: the caption then leaves out what
    /// is simulated.
    pub run: Option<std::rc::Rc<Run>>,
    pub lang: Lang,
    pub on_select: Callback<String>,
}

/// The preset's description, then what was reported against what the
/// engine simulates: "Reported (24 h): BTC -14.7%, $19.13B liquidated,
/// 1,618,240 accounts. Simulated: ..." (the simulated part once a run is
/// there to say it).
fn caption(lang: Lang, params: &Params, run: Option<&Run>) -> Option<String> {
    let chosen = preset(params.preset.as_deref()?)?;
    let mut text = lang.t(chosen.description).to_string();
    if let Some(r) = chosen.reported {
        let changed = (chosen.params)() != *params;
        let accounts = |n: f64| lang.fill(PanelKey::CaptionAccounts, &[("n", &lang.count(n))]);
        let reported_fall = format!("{}", r.btc_drawdown_pct);
        let reported_decimals = reported_fall.split('.').nth(1).map_or(0, str::len);
        text.push_str(&lang.fill(
            PanelKey::CaptionReported,
            &[
                ("window", lang.t(r.window)),
                ("fall", &lang.percent(r.btc_drawdown_pct, reported_decimals)),
                ("money", &lang.money(r.total_liquidated_usd)),
                ("accounts", &r.accounts.map(accounts).unwrap_or_default()),
            ],
        ));
        let Some(run) = run else {
            return Some(text);
        };
        let simulated_accounts = r
            .accounts
            .map(|_| accounts(run.summary.accounts_liquidated));
        text.push_str(&lang.fill(
            PanelKey::CaptionSimulated,
            &[
                (
                    "changes",
                    if changed {
                        lang.t(PanelKey::CaptionWithChanges)
                    } else {
                        ""
                    },
                ),
                ("fall", &lang.percent(run.assets[BTC].max_drawdown_pct, 1)),
                ("money", &lang.money(run.summary.total_liquidated_usd)),
                ("accounts", &simulated_accounts.unwrap_or_default()),
            ],
        ));
        if let Some(spread) = ensemble_caption(lang, chosen.name) {
            // Chinese sentences follow one another without a space.
            if lang != Lang::Zh {
                text.push(' ');
            }
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
    let lang = props.lang;
    html! {
        <div class="presets">
            <label for="preset-select">{ lang.t(PanelKey::PresetLabel) }</label>
            <select id="preset-select" {onchange}>
                <option value="" selected={current.is_empty()}>{ lang.t(PanelKey::PresetDefault) }</option>
                { for PRESETS.iter().map(|p| html! {
                    <option value={p.name} selected={current == p.name}>{ lang.t(p.title) }</option>
                }) }
            </select>
            if let Some(text) = caption(lang, &props.params, props.run.as_deref()) {
                <p class="preset-caption" id="preset-caption">{ text }</p>
            }
        </div>
    }
}
