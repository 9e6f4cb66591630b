//! Draws a run on a canvas with plotters: the price path round by round
//! above, cumulative liquidations below.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::engine::CascadeRun;

/// Colour-blind-safe pair (Okabe-Ito blue and vermillion).
const PRICE_COLOUR: RGBColor = RGBColor(0, 114, 178);
const LIQUIDATION_COLOUR: RGBColor = RGBColor(213, 94, 0);
const GRID_LIGHT: RGBColor = RGBColor(242, 244, 248);
const GRID_BOLD: RGBColor = RGBColor(214, 219, 228);

/// Sizes the canvas's backing store to its CSS size times the device pixel
/// ratio (crisp on HiDPI screens) and returns that ratio for scaling fonts.
fn fit_backing_store(canvas: &HtmlCanvasElement) -> f64 {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0);
    let css_width = f64::from(canvas.client_width().max(300));
    let css_height = f64::from(canvas.client_height().max(200));
    let (w, h) = ((css_width * ratio).round() as u32, (css_height * ratio).round() as u32);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    ratio
}

/// Draws `run`; errors from the backend are returned as text for the console.
pub fn draw(canvas: &HtmlCanvasElement, run: &CascadeRun) -> Result<(), String> {
    let ratio = fit_backing_store(canvas);
    let px = |x: f64| (x * ratio).round() as u32;
    let font = |size: f64| ("sans-serif", size * ratio);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 * 11 / 20);

    let last_round = run.rounds.last().map_or(0, |r| r.number).max(1);
    let low = run.rounds.iter().map(|r| r.price).fold(run.reference_price, f64::min);
    let pad = (run.reference_price - low).max(run.reference_price * 0.01) * 0.08;

    let mut price_chart = ChartBuilder::on(&top)
        .caption(format!("{} price by round of the spiral (USD)", run.asset), font(15.0))
        .margin(px(8.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0u32..last_round, (low - pad)..(run.reference_price + pad))
        .map_err(|e| e.to_string())?;
    price_chart
        .configure_mesh()
        .x_desc("round")
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style(font(12.0))
        .axis_desc_style(font(12.0))
        .y_label_formatter(&|v| format!("{:.0}k", v / 1000.0))
        .draw()
        .map_err(|e| e.to_string())?;
    let path = std::iter::once((0, run.reference_price)).chain(run.rounds.iter().map(|r| (r.number, r.price)));
    price_chart
        .draw_series(LineSeries::new(path.clone(), PRICE_COLOUR.stroke_width(px(2.5))))
        .map_err(|e| e.to_string())?;
    price_chart
        .draw_series(path.map(|(x, y)| Circle::new((x, y), px(3.5), PRICE_COLOUR.filled())))
        .map_err(|e| e.to_string())?;

    let total = run.summary.total_liquidated_usd.max(1.0) / 1e9;
    let mut liquidation_chart = ChartBuilder::on(&bottom)
        .caption("Cumulative liquidations (USD billions)", font(15.0))
        .margin(px(8.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(64.0))
        .build_cartesian_2d(0u32..last_round, 0.0..total * 1.1)
        .map_err(|e| e.to_string())?;
    liquidation_chart
        .configure_mesh()
        .x_desc("round")
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style(font(12.0))
        .axis_desc_style(font(12.0))
        .y_label_formatter(&|v| format!("{v:.1}"))
        .draw()
        .map_err(|e| e.to_string())?;
    liquidation_chart
        .draw_series(AreaSeries::new(
            run.rounds.iter().map(|r| (r.number, r.cumulative_liquidated_usd / 1e9)),
            0.0,
            LIQUIDATION_COLOUR.mix(0.35),
        )
        .border_style(LIQUIDATION_COLOUR.stroke_width(px(2.0))))
        .map_err(|e| e.to_string())?;
    root.present().map_err(|e| e.to_string())
}
