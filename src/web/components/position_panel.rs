//! Will my position survive? The reader's own BTC position: side, entry,
//! leverage and size; its liquidation price (also drawn on the spiral's
//! map), what the current run does to it, and what every preset would.
//! The numbers come from `engine::survival`; the wording from `wording`.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::positions::Side;
use crate::engine::survival::{Entry, PositionReport, UserPosition};
use crate::engine::Run;
use crate::web::wording::POSITION;

#[derive(Properties)]
pub struct PositionPanelProps {
    pub position: Option<UserPosition>,
    pub run: Rc<Run>,
    pub on_change: Callback<Option<UserPosition>>,
}

impl PartialEq for PositionPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position
            && Rc::ptr_eq(&self.run, &other.run)
            && self.on_change == other.on_change
    }
}

#[function_component(PositionPanel)]
pub fn position_panel(props: &PositionPanelProps) -> Html {
    let error = use_state(|| None::<String>);
    // Every preset is run once per change of the position or the run.
    let report = use_memo((props.position, props.run.clone()), |(p, run)| {
        p.map(|p| PositionReport::of(&p, run))
    });
    let (Some(position), Some(report)) = (props.position, report.as_ref()) else {
        let add = props
            .on_change
            .reform(|_: MouseEvent| Some(UserPosition::default()));
        return html! {
            <div class="position" id="position-panel">
                <p>{ POSITION.intro }</p>
                <button type="button" id="position-add" onclick={add}>{ POSITION.add }</button>
            </div>
        };
    };
    // A typed value: used when the engine accepts it, else the reason is shown.
    let set = {
        let (on_change, error) = (props.on_change.clone(), error.clone());
        move |key: &'static str| {
            let (on_change, error) = (on_change.clone(), error.clone());
            Callback::from(move |e: Event| {
                let input: HtmlInputElement = e.target_unchecked_into();
                let mut next = position;
                match next.set(key, &input.value()) {
                    Ok(()) => {
                        error.set(None);
                        on_change.emit(Some(next));
                    }
                    Err(message) => error.set(Some(message)),
                }
            })
        }
    };
    html! {
        <div class="position" id="position-panel">
            <p>{ POSITION.intro }</p>
            <div class="position-form">
                { side_select(position, &props.on_change) }
                { entry_fields(position, &props.on_change, set("pos_entry"), set("pos_from")) }
                { number_field("pos_lev", POSITION.leverage, position.leverage, "1", "125", "any", set("pos_lev")) }
                { number_field("pos_size", POSITION.size, position.size_usd, "10", "100000000", "any", set("pos_size")) }
            </div>
            <p class="field-error" role="alert" id="position-error">{ (*error).clone().unwrap_or_default() }</p>
            <p id="position-headline">{ report.headline() }</p>
            <p id="position-verdict" aria-live="polite"
                data-liquidation-price={report.liquidation_price.to_string()}
                data-report={serde_json::to_string(report).unwrap_or_default()}>
                <strong>{ POSITION.in_this_run }</strong>{ report.sentence.clone() }
            </p>
            { presets_table(report) }
            <button type="button" id="position-remove" onclick={props.on_change.reform(|_: MouseEvent| None)}>{ POSITION.remove }</button>
        </div>
    }
}

fn side_select(position: UserPosition, on_change: &Callback<Option<UserPosition>>) -> Html {
    let onchange = on_change.reform(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        let side = if select.value() == "short" {
            Side::Short
        } else {
            Side::Long
        };
        Some(UserPosition { side, ..position })
    });
    html! {
        <div class="field">
            <label for="position-side">{ POSITION.side }</label>
            <select id="position-side" name="pos" {onchange}>
                <option value="long" selected={position.side == Side::Long}>{ POSITION.long }</option>
                <option value="short" selected={position.side == Side::Short}>{ POSITION.short }</option>
            </select>
        </div>
    }
}

/// How the entry is given (a price or % from now), then its value.
fn entry_fields(
    position: UserPosition,
    on_change: &Callback<Option<UserPosition>>,
    set_price: Callback<Event>,
    set_from: Callback<Event>,
) -> Html {
    let price = position.entry_price();
    let onchange = on_change.reform(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        // The entry stays where it is; only the way it is given changes.
        let entry = if select.value() == "price" {
            Entry::Price(price.round())
        } else {
            Entry::FromNow(0.0)
        };
        Some(UserPosition { entry, ..position })
    });
    let by_price = matches!(position.entry, Entry::Price(_));
    let value = match position.entry {
        Entry::Price(p) => number_field(
            "pos_entry",
            POSITION.entry_value_price,
            p,
            "1",
            "10000000",
            "any",
            set_price,
        ),
        Entry::FromNow(pct) => number_field(
            "pos_from",
            POSITION.entry_value_pct,
            pct,
            "-50",
            "50",
            "any",
            set_from,
        ),
    };
    html! {
        <>
            <div class="field">
                <label for="position-entry-kind">{ POSITION.entry_kind }</label>
                <select id="position-entry-kind" {onchange}>
                    <option value="price" selected={by_price}>{ POSITION.entry_price }</option>
                    <option value="from" selected={!by_price}>{ POSITION.entry_from_now }</option>
                </select>
            </div>
            { value }
        </>
    }
}

fn number_field(
    key: &'static str,
    label: &'static str,
    value: f64,
    min: &'static str,
    max: &'static str,
    step: &'static str,
    onchange: Callback<Event>,
) -> Html {
    let id = format!("position-{key}");
    html! {
        <div class="field">
            <label for={id.clone()}>{ label }</label>
            <input type="number" id={id} name={key} {min} {max} {step} value={value.to_string()} {onchange} />
        </div>
    }
}

fn presets_table(report: &PositionReport) -> Html {
    html! {
        <table class="position-presets" id="position-presets">
            <caption>{ POSITION.table_caption }</caption>
            <thead><tr><th scope="col">{ POSITION.preset_column }</th><th scope="col">{ POSITION.verdict_column }</th></tr></thead>
            <tbody>
                { for report.presets.iter().map(|p| html! {
                    <tr data-preset={p.preset}><th scope="row">{ p.preset }</th><td>{ p.sentence.clone() }</td></tr>
                }) }
            </tbody>
        </table>
    }
}
