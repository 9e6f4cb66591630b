//! Order-book depth of every asset by minute, in % of its normal depth;
//! redrawn only when the run changes.

use yew::prelude::*;

use crate::chart::{self, RunProps};
use crate::engine::i18n::PanelKey;

#[function_component(DepthChart)]
pub fn depth_chart(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), props.lang, chart::draw_depth);
    html! {
        <canvas
            ref={canvas_ref}
            id="depth-canvas"
            class="chart"
            role="img"
            aria-label={props.lang.t(PanelKey::ChartDepthLabel)}
        />
    }
}
