//! Compare: pin the current run as A, change settings, and see B over A
//! with the differences stated in numbers.

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::engine::market::BTC;
use crate::engine::Run;
use crate::web::chart;
use crate::web::scene::Scene;

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    pub pinned: Option<Rc<Scene>>,
    pub current: Rc<Scene>,
    pub on_pin: Callback<bool>,
}

/// The figures compared, as (name, A, B, unit), and a sentence each.
fn differences(a: &Run, b: &Run) -> Vec<(&'static str, String, String, String)> {
    let billions = |x: f64| format!("${:.2}B", x / 1e9);
    let count = |x: f64| crate::engine::describe::group_thousands(x.round() as u64);
    let (fa, fb) = (
        a.assets[BTC].max_drawdown_pct,
        b.assets[BTC].max_drawdown_pct,
    );
    let (ta, tb) = (
        a.summary.total_liquidated_usd,
        b.summary.total_liquidated_usd,
    );
    let (ca, cb) = (a.summary.accounts_liquidated, b.summary.accounts_liquidated);
    let change = |d: f64, unit: &str, more: &str, less: &str| {
        if d.abs() < 1e-9 {
            "the same".to_string()
        } else {
            format!(
                "{} {unit} {}",
                format_magnitude(d.abs(), unit),
                if d > 0.0 { more } else { less }
            )
        }
    };
    vec![
        (
            "BTC fall",
            format!("{fa:.1}%"),
            format!("{fb:.1}%"),
            change(fb - fa, "points", "further in B", "less far in B"),
        ),
        (
            "Liquidated",
            billions(ta),
            billions(tb),
            change((tb - ta) / 1e9, "billion", "more in B", "less in B"),
        ),
        (
            "Accounts",
            count(ca),
            count(cb),
            change(cb - ca, "accounts", "more in B", "fewer in B"),
        ),
        (
            "Rounds",
            a.summary.rounds.to_string(),
            b.summary.rounds.to_string(),
            change(
                f64::from(b.summary.rounds) - f64::from(a.summary.rounds),
                "rounds",
                "more in B",
                "fewer in B",
            ),
        ),
        (
            "Amplification",
            format!("{:.2}x", a.summary.amplification),
            format!("{:.2}x", b.summary.amplification),
            change(
                b.summary.amplification - a.summary.amplification,
                "x",
                "higher in B",
                "lower in B",
            ),
        ),
    ]
}

fn format_magnitude(value: f64, unit: &str) -> String {
    match unit {
        "accounts" | "rounds" => crate::engine::describe::group_thousands(value.round() as u64),
        "billion" => format!("${value:.2}"),
        _ => format!("{value:.2}"),
    }
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &ComparePanelProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let pair = props.pinned.clone().map(|a| (a, props.current.clone()));
        use_effect_with(pair, move |pair| {
            if let (Some((a, b)), Some(element)) = (pair, canvas.cast::<HtmlCanvasElement>()) {
                if let Err(message) = chart::draw_compare(&element, &a.run, &b.run) {
                    web_sys::console::warn_1(&format!("comparison not drawn: {message}").into());
                }
            }
        });
    }
    let pin = props.on_pin.reform(|_: MouseEvent| true);
    let unpin = props.on_pin.reform(|_: MouseEvent| false);
    let Some(pinned) = &props.pinned else {
        return html! {
            <div class="compare closed">
                <button type="button" id="pin-button" onclick={pin}>{ "Pin this run as A to compare" }</button>
            </div>
        };
    };
    html! {
        <div class="compare" id="compare-panel">
            <h2>{ "A (pinned) against B (now)" }</h2>
            <table id="compare-table">
                <thead><tr><th scope="col">{ "Measure" }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th><th scope="col">{ "Difference" }</th></tr></thead>
                <tbody>
                    { for differences(&pinned.run, &props.current.run).into_iter().map(|(name, a, b, said)| html! {
                        <tr><th scope="row">{ name }</th><td>{ a }</td><td>{ b }</td><td>{ said }</td></tr>
                    }) }
                </tbody>
            </table>
            <canvas ref={canvas} id="compare-canvas" class="chart" role="img"
                aria-label="BTC price and cumulative liquidations of run A, pinned, and run B, now" />
            <div class="compare-actions">
                <button type="button" id="repin-button" onclick={pin}>{ "Pin B as the new A" }</button>
                <button type="button" id="unpin-button" onclick={unpin}>{ "Stop comparing" }</button>
            </div>
        </div>
    }
}
