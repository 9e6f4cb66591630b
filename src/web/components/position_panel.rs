//! Will my position survive? The reader's own BTC position: side, entry,
//! leverage and size; its liquidation price (also drawn on the spiral's
//! map), what the current run does to it, and what every preset would.
//! The numbers and the verdicts come from `engine::survival`.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::positions::Side;
use crate::engine::presets::preset;
use crate::engine::survival::{Entry, OutOfRange, PositionReport, UserPosition};
use crate::engine::Run;

#[derive(Properties)]
pub struct PositionPanelProps {
    pub position: Option<UserPosition>,
    pub run: Rc<Run>,
    pub lang: Lang,
    pub on_change: Callback<Option<UserPosition>>,
}

impl PartialEq for PositionPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position
            && Rc::ptr_eq(&self.run, &other.run)
            && self.lang == other.lang
            && self.on_change == other.on_change
    }
}

#[function_component(PositionPanel)]
pub fn position_panel(props: &PositionPanelProps) -> Html {
    let lang = props.lang;
    let error = use_state(|| None::<OutOfRange>);
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
                <p>{ lang.t(PanelKey::PositionIntro) }</p>
                <button type="button" id="position-add" onclick={add}>{ lang.t(PanelKey::PositionAdd) }</button>
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
                    Err(refused) => error.set(Some(refused)),
                }
            })
        }
    };
    html! {
        <div class="position" id="position-panel">
            <p>{ lang.t(PanelKey::PositionIntro) }</p>
            <div class="position-form">
                { side_select(lang, position, &props.on_change) }
                { entry_fields(lang, position, &props.on_change, set("pos_entry"), set("pos_from")) }
                { number_field("pos_lev", lang.t(PanelKey::PositionLeverage), position.leverage, "1", "125", "any", set("pos_lev")) }
                { number_field("pos_size", lang.t(PanelKey::PositionSize), position.size_usd, "10", "100000000", "any", set("pos_size")) }
            </div>
            <p class="field-error" role="alert" id="position-error">{ error.as_ref().map(|e| e.text_in(lang)).unwrap_or_default() }</p>
            <p id="position-headline">{ report.headline_in(lang) }</p>
            <p id="position-verdict" aria-live="polite"
                data-liquidation-price={report.liquidation_price.to_string()}
                data-report={serde_json::to_string(report).unwrap_or_default()}>
                <strong>{ lang.t(PanelKey::PositionInThisRun) }</strong>{ report.verdict.sentence_in(lang, position.side) }
            </p>
            { presets_table(lang, position.side, report) }
            <button type="button" id="position-remove" onclick={props.on_change.reform(|_: MouseEvent| None)}>{ lang.t(PanelKey::PositionRemove) }</button>
        </div>
    }
}

fn side_select(
    lang: Lang,
    position: UserPosition,
    on_change: &Callback<Option<UserPosition>>,
) -> Html {
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
            <label for="position-side">{ lang.t(PanelKey::PositionSide) }</label>
            <select id="position-side" name="pos" {onchange}>
                <option value="long" selected={position.side == Side::Long}>{ lang.t(PanelKey::PositionLong) }</option>
                <option value="short" selected={position.side == Side::Short}>{ lang.t(PanelKey::PositionShort) }</option>
            </select>
        </div>
    }
}

/// How the entry is given (a price or % from now), then its value.
fn entry_fields(
    lang: Lang,
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
            lang.t(PanelKey::PositionEntryValuePrice),
            p,
            "1",
            "10000000",
            "any",
            set_price,
        ),
        Entry::FromNow(pct) => number_field(
            "pos_from",
            lang.t(PanelKey::PositionEntryValuePct),
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
                <label for="position-entry-kind">{ lang.t(PanelKey::PositionEntryKind) }</label>
                <select id="position-entry-kind" {onchange}>
                    <option value="price" selected={by_price}>{ lang.t(PanelKey::PositionEntryPrice) }</option>
                    <option value="from" selected={!by_price}>{ lang.t(PanelKey::PositionEntryFromNow) }</option>
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

/// Each preset by its title, with the position's verdict in it.
fn presets_table(lang: Lang, side: Side, report: &PositionReport) -> Html {
    let title = |name: &'static str| preset(name).map_or(name, |p| lang.t(p.title));
    html! {
        <table class="position-presets" id="position-presets">
            <caption>{ lang.t(PanelKey::PositionTableCaption) }</caption>
            <thead><tr><th scope="col">{ lang.t(PanelKey::PositionPresetColumn) }</th><th scope="col">{ lang.t(PanelKey::PositionVerdictColumn) }</th></tr></thead>
            <tbody>
                { for report.presets.iter().map(|p| html! {
                    <tr data-preset={p.preset}><th scope="row">{ title(p.preset) }</th><td>{ p.verdict.sentence_in(lang, side) }</td></tr>
                }) }
            </tbody>
        </table>
    }
}
