//! One further setting, shown as the control its kind calls for: a slider
//! for a number, a select for a choice, a checkbox for on/off, a number box
//! for a seed. Bounds, step and label all come from the parameter table.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::slider::Slider;
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::params::{bound_text, FieldSpec, Kind};

#[derive(Properties)]
pub struct FieldControlProps {
    pub spec: &'static FieldSpec,
    pub value: f64,
    pub lang: Lang,
    pub on_change: Callback<(&'static str, f64)>,
}

impl PartialEq for FieldControlProps {
    fn eq(&self, other: &Self) -> bool {
        self.spec.key == other.spec.key
            && self.value == other.value
            && self.lang == other.lang
            && self.on_change == other.on_change
    }
}

/// A choice's value in words ("linear" in a link, "线性" on the page).
fn choice_name(lang: Lang, name: &str) -> &str {
    match name {
        "linear" => lang.t(PanelKey::ChoiceLinear),
        "sqrt" => lang.t(PanelKey::ChoiceSqrt),
        "market" => lang.t(PanelKey::ChoiceMarket),
        "textbook" => lang.t(PanelKey::ChoiceTextbook),
        _ => name,
    }
}

#[function_component(FieldControl)]
pub fn field_control(props: &FieldControlProps) -> Html {
    let (spec, lang) = (props.spec, props.lang);
    let label = lang.t(spec.label);
    let key = spec.key;
    let id = format!("field-{key}");
    let on_change = props.on_change.clone();
    match &spec.kind {
        Kind::Choice(names) => {
            let onchange = Callback::from(move |e: Event| {
                let select: HtmlSelectElement = e.target_unchecked_into();
                on_change.emit((key, select.selected_index().max(0) as f64));
            });
            html! {
                <div class="field">
                    <label for={id.clone()}>{ label }</label>
                    <select id={id} name={key} {onchange}>
                        { for names.iter().enumerate().map(|(i, name)| html! {
                            <option value={*name} selected={i as f64 == props.value}>{ choice_name(lang, name) }</option>
                        }) }
                    </select>
                </div>
            }
        }
        Kind::Number {
            min,
            max,
            integer: true,
            ..
        } if *min == 0.0 && *max == 1.0 => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                on_change.emit((key, if input.checked() { 1.0 } else { 0.0 }));
            });
            html! {
                <div class="field checkbox">
                    <input type="checkbox" id={id.clone()} name={key} checked={props.value == 1.0} {onchange} />
                    <label for={id}>{ label }</label>
                </div>
            }
        }
        Kind::Number {
            min,
            max,
            integer: true,
            ..
        } if *max > 100_000.0 => {
            let onchange = Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let value = input.value_as_number();
                if value.is_finite() {
                    on_change.emit((key, value.round()));
                }
            });
            html! {
                <div class="field">
                    <label for={id.clone()}>{ label }</label>
                    <input type="number" id={id} name={key} min={min.to_string()} max={max.to_string()} step="1"
                        value={props.value.to_string()} {onchange} />
                </div>
            }
        }
        Kind::Number { .. } => html! {
            <Slider spec={spec} value={props.value} label={format!("{label}: {}", bound_text(lang, props.value))} on_change={props.on_change.clone()} />
        },
    }
}
