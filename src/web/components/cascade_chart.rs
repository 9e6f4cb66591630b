//! Every asset's price and the cumulative liquidations, by minute;
//! redrawn only when the run changes.

use yew::prelude::*;

use crate::web::chart::{self, RunProps};

#[function_component(CascadeChart)]
pub fn cascade_chart(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), chart::draw);
    html! {
        <canvas
            ref={canvas_ref}
            id="cascade-canvas"
            class="chart"
            role="img"
            aria-label="Every asset's price by minute in percent from its start, and cumulative liquidations of longs and shorts"
        />
    }
}
