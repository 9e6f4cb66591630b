//! Compare: pin the current run as A, change settings, and see B over A
//! with the differences stated in numbers.

use std::rc::Rc;

use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::chart;
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::market::BTC;
use crate::engine::Run;
use crate::scene::Scene;

#[derive(Properties, PartialEq)]
pub struct ComparePanelProps {
    pub pinned: Option<Rc<Scene>>,
    pub current: Rc<Scene>,
    pub lang: Lang,
    pub on_pin: Callback<bool>,
    /// Pin was pressed while the new run is computed: it is pinned when it
    /// arrives, and the panel says so meanwhile.
    pub pin_waiting: bool,
}

/// The figures compared, as (name, A, B, the difference in words).
fn differences(lang: Lang, a: &Run, b: &Run) -> Vec<(&'static str, String, String, String)> {
    let (sa, sb) = (&a.summary, &b.summary);
    let (fa, fb) = (
        a.assets[BTC].max_drawdown_pct,
        b.assets[BTC].max_drawdown_pct,
    );
    let (ta, tb) = (sa.total_liquidated_usd, sb.total_liquidated_usd);
    let (ca, cb) = (sa.accounts_liquidated, sb.accounts_liquidated);
    let (ra, rb) = (f64::from(sa.rounds), f64::from(sb.rounds));
    let (aa, ab) = (sa.amplification, sb.amplification);
    let times = |x: f64| format!("{}x", lang.decimal(x, 2));
    let rows = [
        (
            PanelKey::CompareFall,
            lang.percent(fa, 1),
            lang.percent(fb, 1),
            fb - fa,
            lang.decimal((fb - fa).abs(), 2),
            PanelKey::CompareFurther,
            PanelKey::CompareLessFar,
        ),
        (
            PanelKey::CompareLiquidated,
            lang.money_short(ta),
            lang.money_short(tb),
            tb - ta,
            lang.money((tb - ta).abs()),
            PanelKey::CompareMore,
            PanelKey::CompareLess,
        ),
        (
            PanelKey::CompareAccounts,
            lang.count(ca),
            lang.count(cb),
            cb - ca,
            lang.count((cb - ca).abs()),
            PanelKey::CompareMoreAccounts,
            PanelKey::CompareFewerAccounts,
        ),
        (
            PanelKey::CompareRounds,
            lang.count(ra),
            lang.count(rb),
            rb - ra,
            lang.count((rb - ra).abs()),
            PanelKey::CompareMoreRounds,
            PanelKey::CompareFewerRounds,
        ),
        (
            PanelKey::CompareAmplification,
            times(aa),
            times(ab),
            ab - aa,
            times((ab - aa).abs()),
            PanelKey::CompareHigher,
            PanelKey::CompareLower,
        ),
    ];
    rows.into_iter()
        .map(|(name, a, b, d, size, more, less)| {
            let said = if d.abs() < 1e-9 {
                lang.t(PanelKey::CompareSame).to_string()
            } else {
                lang.fill(if d > 0.0 { more } else { less }, &[("n", &size)])
            };
            (lang.t(name), a, b, said)
        })
        .collect()
}

#[function_component(ComparePanel)]
pub fn compare_panel(props: &ComparePanelProps) -> Html {
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let pair = props.pinned.clone().map(|a| (a, props.current.clone()));
        use_effect_with((pair, props.lang), move |(pair, lang)| {
            if let (Some((a, b)), Some(element)) = (pair, canvas.cast::<HtmlCanvasElement>()) {
                if let Err(message) = chart::draw_compare(&element, &a.run, &b.run, *lang) {
                    web_sys::console::warn_1(&format!("comparison not drawn: {message}").into());
                }
            }
        });
    }
    let pin = props.on_pin.reform(|_: MouseEvent| true);
    let unpin = props.on_pin.reform(|_: MouseEvent| false);
    let lang = props.lang;
    // Always in the page, so screen readers hear the line when it appears.
    let waiting = html! {
        <p id="pin-waiting" class="compare-waiting" role="status">
            { if props.pin_waiting { lang.t(PanelKey::ComparePinWaiting) } else { "" } }
        </p>
    };
    let Some(pinned) = &props.pinned else {
        return html! {
            <div class="compare closed">
                <button type="button" id="pin-button" onclick={pin}>{ lang.t(PanelKey::ComparePin) }</button>
                { waiting }
            </div>
        };
    };
    html! {
        <div class="compare" id="compare-panel">
            <h2>{ lang.t(PanelKey::CompareTitle) }</h2>
            // Each measure's difference in words goes under its two figures:
            // as a fourth column it made the table wider than the panel at
            // 1280 x 720 in projector mode, in every language.
            <table id="compare-table">
                <thead><tr><th scope="col">{ lang.t(PanelKey::CompareMeasure) }</th><th scope="col">{ "A" }</th><th scope="col">{ "B" }</th></tr></thead>
                { for differences(lang, &pinned.run, &props.current.run).into_iter().map(|(name, a, b, said)| html! {
                    <tbody>
                        <tr><th scope="rowgroup" rowspan="2">{ name }</th><td>{ a }</td><td>{ b }</td></tr>
                        <tr><td colspan="2" class="compare-said">
                            <span class="visually-hidden">{ format!("{}: ", lang.t(PanelKey::CompareDifference)) }</span>
                            <span class="said">{ said }</span>
                        </td></tr>
                    </tbody>
                }) }
            </table>
            <canvas ref={canvas} id="compare-canvas" class="chart" role="img"
                aria-label={lang.t(PanelKey::CompareCanvasLabel)} />
            <div class="compare-actions">
                <button type="button" id="repin-button" onclick={pin}>{ lang.t(PanelKey::CompareRepin) }</button>
                <button type="button" id="unpin-button" onclick={unpin}>{ lang.t(PanelKey::CompareStop) }</button>
            </div>
            { waiting }
        </div>
    }
}
