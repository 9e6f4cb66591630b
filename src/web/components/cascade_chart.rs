//! Every asset's price and the cumulative liquidations, by minute, with
//! the reader's guess of BTC's fall in predict mode; redrawn only when the
//! run or the guess changes.

use std::rc::Rc;

use yew::prelude::*;

use crate::chart;
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::Run;

#[derive(Properties, PartialEq)]
pub struct CascadeChartProps {
    pub run: Rc<Run>,
    pub lang: Lang,
    /// The predicted fall of BTC, %, drawn as a line.
    #[prop_or_default]
    pub guess_fall_pct: Option<f64>,
}

#[function_component(CascadeChart)]
pub fn cascade_chart(props: &CascadeChartProps) -> Html {
    let canvas_ref = chart::use_drawn_canvas(
        (props.run.clone(), props.guess_fall_pct, props.lang),
        |canvas, (run, guess, lang)| chart::draw(canvas, run, *guess, *lang),
    );
    html! {
        <canvas
            ref={canvas_ref}
            id="cascade-canvas"
            class="chart"
            role="img"
            data-guess={props.guess_fall_pct.map(|g| g.to_string())}
            aria-label={props.lang.t(PanelKey::ChartCascadeLabel)}
        />
    }
}
