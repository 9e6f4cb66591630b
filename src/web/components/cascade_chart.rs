//! Every asset's price and the cumulative liquidations, by minute;
//! redrawn only when the run changes.

use yew::prelude::*;

use crate::engine::i18n::Key;
use crate::web::chart::{self, RunProps};

#[function_component(CascadeChart)]
pub fn cascade_chart(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), props.lang, chart::draw);
    html! {
        <canvas
            ref={canvas_ref}
            id="cascade-canvas"
            class="chart"
            role="img"
            aria-label={props.lang.t(Key::ChartCascadeLabel)}
        />
    }
}
