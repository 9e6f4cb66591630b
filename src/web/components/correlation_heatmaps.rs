//! Correlation matrices of the assets' minute returns before the shock and
//! during the cascade, as two heatmaps; redrawn only when the run changes.

use yew::prelude::*;

use crate::chart::{self, RunProps};
use crate::engine::i18n::PanelKey;

#[function_component(CorrelationHeatmaps)]
pub fn correlation_heatmaps(props: &RunProps) -> Html {
    let canvas_ref = chart::use_run_canvas(props.run.clone(), props.lang, chart::draw_correlations);
    let summary = &props.run.summary;
    let lang = props.lang;
    let description = lang.fill(
        PanelKey::ChartCorrelationLabel,
        &[
            ("before", &lang.decimal(summary.mean_correlation_before, 2)),
            ("during", &lang.decimal(summary.mean_correlation_during, 2)),
        ],
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
