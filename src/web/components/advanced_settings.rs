//! The further settings, folded away so the three main sliders stay in
//! front (a native <details>, so keyboard and screen readers know it).

use yew::prelude::*;

use crate::components::field_control::FieldControl;
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::params::field;
use crate::engine::Params;

/// The settings offered here, in order.
pub const ADVANCED_KEYS: [&str; 12] = [
    "long", "mm", "impact", "weekend", "gamma", "whales", "cross", "spiral", "etf", "ramp", "fund",
    "seed",
];

#[derive(Properties, PartialEq)]
pub struct AdvancedSettingsProps {
    pub params: Params,
    pub lang: Lang,
    pub on_change: Callback<(&'static str, f64)>,
}

#[function_component(AdvancedSettings)]
pub fn advanced_settings(props: &AdvancedSettingsProps) -> Html {
    html! {
        <details class="advanced" id="advanced-settings">
            <summary>{ props.lang.t(PanelKey::MoreSettings) }</summary>
            <div class="advanced-grid">
                { for ADVANCED_KEYS.iter().filter_map(|key| field(key)).map(|spec| html! {
                    <FieldControl key={spec.key} spec={spec} value={(spec.get)(&props.params)} lang={props.lang} on_change={props.on_change.clone()} />
                }) }
            </div>
        </details>
    }
}
