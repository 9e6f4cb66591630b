//! Draws a run on a canvas with plotters: every asset's price relative to
//! its reference above, cumulative liquidations (long and short) below.

use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

use crate::engine::Run;

/// Okabe-Ito colours, distinguishable with every common colour-vision
/// deficiency: one per asset, in the engine's asset order.
pub const ASSET_COLOURS: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // BTC blue
    RGBColor(213, 94, 0),    // ETH vermillion
    RGBColor(0, 158, 115),   // SOL bluish green
    RGBColor(204, 121, 167), // ALTS reddish purple
    RGBColor(230, 159, 0),   // GOLD orange
    RGBColor(86, 180, 233),  // NQ sky blue
];
const LONG_COLOUR: RGBColor = RGBColor(213, 94, 0);
const SHORT_COLOUR: RGBColor = RGBColor(0, 114, 178);
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

type MinuteChart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordu32, RangedCoordf64>>;

/// A chart over the run's minutes with the shared caption, label sizes and
/// grid style; fonts and margins scale with the device pixel ratio.
fn minute_chart<'a>(
    area: &'a DrawingArea<CanvasBackend, Shift>,
    caption: &str,
    minutes: u32,
    y_range: std::ops::Range<f64>,
    y_label: &dyn Fn(&f64) -> String,
    ratio: f64,
) -> Result<MinuteChart<'a>, String> {
    let px = |x: f64| (x * ratio).round() as u32;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, ("sans-serif", 15.0 * ratio))
        .margin(px(8.0))
        .x_label_area_size(px(40.0))
        .y_label_area_size(px(56.0))
        .build_cartesian_2d(0u32..minutes, y_range)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_desc("minute")
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style(("sans-serif", 12.0 * ratio))
        .axis_desc_style(("sans-serif", 12.0 * ratio))
        .y_label_formatter(y_label)
        .draw()
        .map_err(|e| e.to_string())?;
    Ok(chart)
}

fn draw_legend(chart: &mut MinuteChart<'_>, position: SeriesLabelPosition, ratio: f64) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(("sans-serif", 12.0 * ratio))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID_BOLD)
        .draw()
        .map_err(|e| e.to_string())
}

/// Draws `run`; errors from the backend are returned as text for the console.
pub fn draw(canvas: &HtmlCanvasElement, run: &Run) -> Result<(), String> {
    let ratio = fit_backing_store(canvas);
    let px = |x: f64| (x * ratio).round() as u32;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 * 11 / 20);

    let minutes = run.steps.len().max(2) as u32;
    let lowest = run.assets.iter().map(|a| -a.max_drawdown_pct).fold(0.0f64, f64::min);
    let highest = run
        .steps
        .iter()
        .flat_map(|s| s.assets.iter().zip(&run.assets).map(|(x, a)| (x.price / a.reference_price - 1.0) * 100.0))
        .fold(0.0f64, f64::max);
    let pad = ((highest - lowest) * 0.06).max(0.5);

    let mut price_chart = minute_chart(&top, "Prices by minute (% from before the shock)", minutes, (lowest - pad)..(highest + pad), &|v| format!("{v:.0}%"), ratio)?;
    for (index, asset) in run.assets.iter().enumerate() {
        let colour = ASSET_COLOURS[index];
        let path = std::iter::once((0u32, 0.0))
            .chain(run.steps.iter().map(|s| (s.minute + 1, (s.assets[index].price / asset.reference_price - 1.0) * 100.0)));
        price_chart
            .draw_series(LineSeries::new(path, colour.stroke_width(px(if index == 0 { 3.0 } else { 2.0 }))))
            .map_err(|e| e.to_string())?
            .label(asset.name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], colour.stroke_width(3)));
    }
    draw_legend(&mut price_chart, SeriesLabelPosition::LowerLeft, ratio)?;

    let mut long_total = 0.0;
    let mut short_total = 0.0;
    let cumulative: Vec<(u32, f64, f64)> = run
        .steps
        .iter()
        .map(|s| {
            long_total += s.assets.iter().map(|a| a.long_liquidated_usd).sum::<f64>() / 1e9;
            short_total += s.assets.iter().map(|a| a.short_liquidated_usd).sum::<f64>() / 1e9;
            (s.minute + 1, long_total, short_total)
        })
        .collect();
    let top_value = (long_total + short_total).max(0.01) * 1.1;
    let mut liquidation_chart = minute_chart(&bottom, "Cumulative liquidations (USD billions)", minutes, 0.0..top_value, &|v| format!("{v:.1}"), ratio)?;
    let start = std::iter::once((0u32, 0.0));
    liquidation_chart
        .draw_series(
            AreaSeries::new(start.clone().chain(cumulative.iter().map(|&(m, l, _)| (m, l))), 0.0, LONG_COLOUR.mix(0.3))
                .border_style(LONG_COLOUR.stroke_width(px(2.0))),
        )
        .map_err(|e| e.to_string())?
        .label("longs")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], LONG_COLOUR.filled()));
    liquidation_chart
        .draw_series(
            AreaSeries::new(start.chain(cumulative.iter().map(|&(m, _, s)| (m, s))), 0.0, SHORT_COLOUR.mix(0.3))
                .border_style(SHORT_COLOUR.stroke_width(px(2.0))),
        )
        .map_err(|e| e.to_string())?
        .label("shorts")
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], SHORT_COLOUR.filled()));
    draw_legend(&mut liquidation_chart, SeriesLabelPosition::UpperLeft, ratio)?;
    root.present().map_err(|e| e.to_string())
}
