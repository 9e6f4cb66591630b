//! Correlation matrices of the assets' minute returns before the shock and
//! during the cascade, as two heatmaps; redrawn only when the run changes.

use yew::prelude::*;

use crate::web::chart::{self, RunProps};

#[function_component(CorrelationHeatmaps)]
pub fn correlation_heatmaps(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), chart::draw_correlations);
    let summary = &props.run.summary;
    let description = format!(
        "Two heatmaps of how the assets' minute returns move together, from -1 (blue, opposite) through 0 (white) \
         to +1 (red, together): before the shock the average pair correlation is {:.2}, during the cascade {:.2}",
        summary.mean_correlation_before, summary.mean_correlation_during,
    );
    html! {
        <canvas
            ref={canvas_ref}
            id="correlation-canvas"
            class="chart"
            role="img"
            aria-label={description}
        />
    }
}
