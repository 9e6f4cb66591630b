//! A labelled range input bound to one parameter of the table in
//! `engine::params`, so its bounds and step come from one place.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::engine::params::FieldSpec;

#[derive(Properties)]
pub struct SliderProps {
    pub spec: &'static FieldSpec,
    pub value: f64,
    /// The label as a phrase that includes the current value.
    pub label: AttrValue,
    pub on_change: Callback<(&'static str, f64)>,
}

impl PartialEq for SliderProps {
    fn eq(&self, other: &Self) -> bool {
        self.spec.key == other.spec.key
            && self.value == other.value
            && self.label == other.label
            && self.on_change == other.on_change
    }
}

/// A label "Shock: the price first falls 5%" cut after its name ("Shock"),
/// at the first colon (the full-width one in Chinese), so a compact stage
/// can show the name alone while screen readers still hear the whole label.
/// A label without a colon is all name.
fn name_and_detail(label: &str) -> (&str, &str) {
    label
        .find([':', '\u{ff1a}'])
        .map_or((label, ""), |at| label.split_at(at))
}

#[function_component(Slider)]
pub fn slider(props: &SliderProps) -> Html {
    let id = format!("slider-{}", props.spec.key);
    let key = props.spec.key;
    let (min, max, step) = props.spec.bounds();
    let on_change = props.on_change.clone();
    let (name, detail) = name_and_detail(&props.label);
    let oninput = Callback::from(move |e: InputEvent| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let value = input.value_as_number();
        if value.is_finite() {
            on_change.emit((key, value));
        }
    });
    html! {
        <div class="slider">
            <label for={id.clone()}>
                <span class="slider-name">{ name }</span><span class="slider-detail">{ detail }</span>
            </label>
            <input
                type="range"
                id={id}
                name={key}
                min={min.to_string()}
                max={max.to_string()}
                step={step.to_string()}
                value={props.value.to_string()}
                {oninput}
            />
        </div>
    }
}
