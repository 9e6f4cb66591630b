//! Order-book depth of every asset by minute, in % of its normal depth;
//! redrawn only when the run changes.

use yew::prelude::*;

use crate::web::chart::{self, RunProps};

#[function_component(DepthChart)]
pub fn depth_chart(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), chart::draw_depth);
    html! {
        <canvas
            ref={canvas_ref}
            id="depth-canvas"
            class="chart"
            role="img"
            aria-label="Order-book depth of each asset by minute, in percent of its normal depth: books thin out under stress and refill as it fades"
        />
    }
}
