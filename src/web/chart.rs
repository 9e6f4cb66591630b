//! Draws runs on canvases with plotters: every asset's price relative to its
//! reference above cumulative liquidations (long and short); order-book
//! depth relative to normal; correlation heatmaps before and during the
//! cascade. `use_run_canvas` is the hook the chart components share.

use std::rc::Rc;

use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::canvas::{fit_backing_store, TypeScale, FONT_STACK};
use crate::chart_layout::{place_legend, Corner, Fill, LegendPlace, Mark, Plot};
use crate::engine::correlation::Matrix;
use crate::engine::ensemble::PathSpread;
use crate::engine::i18n::{Key, Lang};
use crate::engine::Run;
use crate::spiral_layout::wrap_words;

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
const REFERENCE_LINE: RGBColor = RGBColor(120, 126, 136);
const INK: RGBColor = RGBColor(33, 37, 41);
/// Diverging correlation scale: Okabe-Ito blue (-1), near-white (0),
/// Okabe-Ito vermillion (+1).
const NEGATIVE: RGBColor = RGBColor(0, 114, 178);
const NEUTRAL: RGBColor = RGBColor(247, 247, 247);
const POSITIVE: RGBColor = RGBColor(213, 94, 0);

type Root = DrawingArea<CanvasBackend, Shift>;
/// A line's points: (minute, value).
type Points = Vec<(u32, f64)>;
type MinuteChart<'a> = ChartContext<'a, CanvasBackend, Cartesian2d<RangedCoordu32, RangedCoordf64>>;

/// Props of a component that draws one run.
#[derive(Properties, PartialEq)]
pub struct RunProps {
    pub run: Rc<Run>,
    pub lang: Lang,
}

/// A drawing function as the chart components take it.
pub type DrawRun = fn(&HtmlCanvasElement, &Run, Lang) -> Result<(), String>;

/// A node ref for a canvas that `draw` paints whenever `run` changes (and
/// only then); a failed drawing is reported on the console.
#[hook]
pub fn use_run_canvas(run: Rc<Run>, lang: Lang, draw: DrawRun) -> NodeRef {
    use_drawn_canvas((run, lang), move |canvas, (run, lang): &(Rc<Run>, Lang)| {
        draw(canvas, run, *lang)
    })
}

/// A node ref for a canvas that `draw` paints whenever `inputs` change (and
/// only then); a failed drawing is reported on the console.
#[hook]
pub fn use_drawn_canvas<T, F>(inputs: T, draw: F) -> NodeRef
where
    T: PartialEq + 'static,
    F: Fn(&HtmlCanvasElement, &T) -> Result<(), String> + 'static,
{
    let canvas_ref = use_node_ref();
    {
        let canvas_ref = canvas_ref.clone();
        use_effect_with(inputs, move |inputs| {
            if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                if let Err(message) = draw(&canvas, inputs) {
                    web_sys::console::warn_1(&format!("chart not drawn: {message}").into());
                }
            }
        });
    }
    canvas_ref
}

fn message(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// The whole canvas as a white drawing area in device pixels, with the
/// factor that the sizes below (designed around 12 px labels at one device
/// pixel per CSS pixel) are multiplied by: the device pixel ratio times the
/// page's type scale, so labels are never under the page's canvas minimum
/// and the layout grows with them.
fn blank_area(canvas: &HtmlCanvasElement) -> Result<(Root, f64), String> {
    let size = fit_backing_store(canvas);
    if !size.is_drawable() {
        return Err("the canvas is hidden".to_string());
    }
    let ratio = size.ratio * TypeScale::read().small() / 12.0;
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(message)?;
    Ok((root, ratio))
}

/// A liquidation axis's value, given in USD billions: 17.5 in English and
/// Spanish, 175 in Chinese, whose axis counts in 亿 (a hundred million).
fn billions_label(lang: Lang, billions: f64) -> String {
    match lang {
        Lang::Zh => lang.decimal(billions * 10.0, 0),
        _ => lang.decimal(billions, 1),
    }
}

/// CSS pixels to device pixels.
fn px(css: f64, ratio: f64) -> u32 {
    (css * ratio).round() as u32
}

/// The area under a chart's caption, which is wrapped to the canvas's
/// width: on one line it ran off both sides of the Compare panel at 1280 x
/// 720 in projector mode ("BTC price, A and B (% from before the shock)").
fn titled(area: &Root, caption: &str, ratio: f64) -> Result<Root, String> {
    let font = TextStyle::from((FONT_STACK, 15.0 * ratio).into_font());
    let width = f64::from(area.dim_in_pixel().0) - 2.0 * f64::from(px(8.0, ratio));
    let measure = |text: &str| {
        area.estimate_text_size(text, &font)
            .map_or(0.0, |(w, _)| f64::from(w))
    };
    let mut rest = area.clone();
    for line in wrap_words(caption, width, measure) {
        rest = rest.titled(&line, font.clone()).map_err(message)?;
    }
    Ok(rest)
}

/// What a chart's legend will list, and the marks it must not cover, in
/// the chart's own values: the legend then takes a corner none of them
/// reaches into, or the plot makes room for it above them (see
/// `chart_layout::place_legend`), the same rule on every chart.
#[derive(Default)]
struct LegendPlan {
    labels: Vec<String>,
    marks: Vec<(Vec<(f64, f64)>, PlannedFill)>,
}

enum PlannedFill {
    Nothing,
    Down(f64),
    Band(Vec<(f64, f64)>),
}

/// A line by minute as the values a legend is placed among.
fn by_minute_xy(points: &[(u32, f64)]) -> Vec<(f64, f64)> {
    points.iter().map(|&(m, v)| (f64::from(m), v)).collect()
}

impl LegendPlan {
    fn label(&mut self, text: impl Into<String>) {
        self.labels.push(text.into());
    }

    fn line(&mut self, points: Vec<(f64, f64)>) {
        self.marks.push((points, PlannedFill::Nothing));
    }

    fn area(&mut self, points: Vec<(f64, f64)>, base: f64) {
        self.marks.push((points, PlannedFill::Down(base)));
    }

    fn band(&mut self, upper: Vec<(f64, f64)>, lower: Vec<(f64, f64)>) {
        self.marks.push((upper, PlannedFill::Band(lower)));
    }

    /// The legend's size in pixels as [`draw_legend`] lays it out: the
    /// widest label beside its swatch, a line and a quarter per label,
    /// the margins around.
    fn size_px(&self, area: &Root, ratio: f64) -> (f64, f64) {
        let font = TextStyle::from((FONT_STACK, 12.0 * ratio).into_font());
        let widest = self
            .labels
            .iter()
            .map(|l| {
                area.estimate_text_size(l, &font)
                    .map_or(0.0, |(w, _)| f64::from(w))
            })
            .fold(0.0, f64::max);
        let margin = f64::from(px(LEGEND_MARGIN, ratio));
        (
            widest + f64::from(px(LEGEND_SWATCH_AREA, ratio)) + 2.0 * margin,
            self.labels.len() as f64 * 12.0 * ratio * 1.25 + 2.0 * margin,
        )
    }

    /// Where the legend goes on a plot of `plot_px` pixels over `x` and `y`.
    fn place(
        &self,
        area: &Root,
        plot_px: (u32, u32),
        x: (f64, f64),
        y: (f64, f64),
        ratio: f64,
    ) -> LegendPlace {
        let marks: Vec<Mark<'_>> = self
            .marks
            .iter()
            .map(|(points, fill)| Mark {
                points,
                fill: match fill {
                    PlannedFill::Nothing => Fill::Nothing,
                    PlannedFill::Down(base) => Fill::Down(*base),
                    PlannedFill::Band(lower) => Fill::Band(lower),
                },
            })
            .collect();
        let plot = Plot {
            x,
            y,
            size_px: (f64::from(plot_px.0), f64::from(plot_px.1)),
        };
        place_legend(&marks, plot, self.size_px(area, ratio))
    }
}

/// Legend layout, CSS px: the swatch's column and the margin around.
const LEGEND_SWATCH_AREA: f64 = 30.0;
const LEGEND_MARGIN: f64 = 10.0;

/// A chart over the run's minutes (under its caption, see [`titled`]) with
/// the shared label sizes and grid style; fonts and margins scale with the
/// device pixel ratio. Returns where `legend` goes: its value range may
/// have been raised to make room for it.
fn minute_chart<'a>(
    area: &'a Root,
    lang: Lang,
    minutes: u32,
    y_range: std::ops::Range<f64>,
    y_label: &dyn Fn(&f64) -> String,
    ratio: f64,
    legend: &LegendPlan,
) -> Result<(MinuteChart<'a>, SeriesLabelPosition), String> {
    let build = |range: std::ops::Range<f64>| {
        ChartBuilder::on(area)
            .margin(px(8.0, ratio))
            .x_label_area_size(px(40.0, ratio))
            .y_label_area_size(px(56.0, ratio))
            .build_cartesian_2d(0u32..minutes, range)
            .map_err(message)
    };
    let chart = build(y_range.clone())?;
    let place = legend.place(
        area,
        chart.plotting_area().dim_in_pixel(),
        (0.0, f64::from(minutes)),
        (y_range.start, y_range.end),
        ratio,
    );
    let mut chart = if place.y.1 > y_range.end {
        build(place.y.0..place.y.1)?
    } else {
        chart
    };
    chart
        .configure_mesh()
        // As many value labels as fit two label heights apart.
        .y_labels((area.dim_in_pixel().1 as f64 / (30.0 * ratio)).clamp(3.0, 10.0) as usize)
        .x_desc(lang.t(Key::ChartMinute))
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style((FONT_STACK, 12.0 * ratio))
        .axis_desc_style((FONT_STACK, 12.0 * ratio))
        .y_label_formatter(y_label)
        .draw()
        .map_err(message)?;
    Ok((chart, label_position(place.corner)))
}

fn label_position(corner: Corner) -> SeriesLabelPosition {
    match corner {
        Corner::UpperRight => SeriesLabelPosition::UpperRight,
        Corner::LowerRight => SeriesLabelPosition::LowerRight,
        Corner::UpperLeft => SeriesLabelPosition::UpperLeft,
        Corner::LowerLeft => SeriesLabelPosition::LowerLeft,
    }
}

fn draw_legend<CT: CoordTranslate>(
    chart: &mut ChartContext<'_, CanvasBackend, CT>,
    position: SeriesLabelPosition,
    ratio: f64,
) -> Result<(), String> {
    chart
        .configure_series_labels()
        .position(position)
        .legend_area_size(px(LEGEND_SWATCH_AREA, ratio))
        .margin(px(LEGEND_MARGIN, ratio))
        .label_font((FONT_STACK, 12.0 * ratio))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID_BOLD)
        .draw()
        .map_err(message)
}

/// Asset `index`'s line in its colour (BTC thicker), labelled for the legend.
fn draw_asset_line(
    chart: &mut MinuteChart<'_>,
    label: &str,
    index: usize,
    points: impl IntoIterator<Item = (u32, f64)>,
    ratio: f64,
) -> Result<(), String> {
    let colour = ASSET_COLOURS[index % ASSET_COLOURS.len()];
    let (width, swatch) = (
        px(if index == 0 { 3.0 } else { 2.0 }, ratio),
        px(16.0, ratio) as i32,
    );
    let swatch_width = px(3.0, ratio);
    chart
        .draw_series(LineSeries::new(points, colour.stroke_width(width)))
        .map_err(message)?
        .label(label)
        .legend(move |(x, y)| {
            PathElement::new(
                vec![(x, y), (x + swatch, y)],
                colour.stroke_width(swatch_width),
            )
        });
    Ok(())
}

/// Cumulative liquidations of one side as a filled area, labelled for the legend.
fn draw_liquidation_area(
    chart: &mut MinuteChart<'_>,
    label: &str,
    points: impl Iterator<Item = (u32, f64)>,
    colour: RGBColor,
    ratio: f64,
) -> Result<(), String> {
    let (swatch, half) = (px(16.0, ratio) as i32, px(5.0, ratio) as i32);
    chart
        .draw_series(
            AreaSeries::new(
                std::iter::once((0u32, 0.0)).chain(points),
                0.0,
                colour.mix(0.3),
            )
            .border_style(colour.stroke_width(px(2.0, ratio))),
        )
        .map_err(message)?
        .label(label)
        .legend(move |(x, y)| {
            Rectangle::new([(x, y - half), (x + swatch, y + half)], colour.filled())
        });
    Ok(())
}

/// The reader's predicted fall of BTC across the price chart, dashed.
fn draw_guess_line(
    chart: &mut MinuteChart<'_>,
    minutes: u32,
    value: f64,
    ratio: f64,
    lang: Lang,
) -> Result<(), String> {
    let style = BLACK.stroke_width(px(2.0, ratio));
    let dash = (minutes / 40).max(1);
    let dashes = (0..minutes)
        .step_by(2 * dash as usize)
        .map(move |m| PathElement::new(vec![(m, value), ((m + dash).min(minutes), value)], style));
    let swatch = px(16.0, ratio) as i32;
    chart
        .draw_series(dashes)
        .map_err(message)?
        .label(guess_label(lang, value))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], style));
    Ok(())
}

/// The legend's name for the reader's guess, at `value` (%, negative).
fn guess_label(lang: Lang, value: f64) -> String {
    lang.fill(Key::PredictChartLabel, &[("fall", &lang.percent(value, 1))])
}

/// A value range padded by `share` of its span (at least `min_pad`).
fn padded(lowest: f64, highest: f64, share: f64, min_pad: f64) -> (f64, f64) {
    let pad = ((highest - lowest) * share).max(min_pad);
    (lowest - pad, highest + pad)
}

/// Draws `run`: prices above (with a line at a predicted fall of BTC, when
/// given), cumulative liquidations below. Errors from the backend are
/// returned as text for the console.
pub fn draw(
    canvas: &HtmlCanvasElement,
    run: &Run,
    guess_fall_pct: Option<f64>,
    lang: Lang,
) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 * 11 / 20);

    let minutes = run.steps.len().max(2) as u32;
    let lowest = run
        .assets
        .iter()
        .map(|a| -a.max_drawdown_pct)
        .chain(guess_fall_pct.map(|g| -g))
        .fold(0.0f64, f64::min);
    let highest = run
        .steps
        .iter()
        .flat_map(|s| {
            s.assets
                .iter()
                .zip(&run.assets)
                .map(|(x, a)| (x.price / a.reference_price - 1.0) * 100.0)
        })
        .fold(0.0f64, f64::max);
    let (low, high) = padded(lowest, highest, 0.06, 0.5);

    let price_chart_area = titled(&top, lang.t(Key::ChartPrices), ratio)?;
    let paths: Vec<Points> = run
        .assets
        .iter()
        .enumerate()
        .map(|(index, asset)| {
            std::iter::once((0u32, 0.0))
                .chain(run.steps.iter().map(|s| {
                    let price = s.assets[index].price;
                    (s.minute + 1, (price / asset.reference_price - 1.0) * 100.0)
                }))
                .collect()
        })
        .collect();
    let mut legend = LegendPlan::default();
    for (asset, path) in run.assets.iter().zip(&paths) {
        legend.label(asset.name);
        legend.line(by_minute_xy(path));
    }
    if let Some(guess) = guess_fall_pct {
        legend.label(guess_label(lang, -guess));
        legend.line(vec![(0.0, -guess), (f64::from(minutes), -guess)]);
    }
    let (mut price_chart, corner) = minute_chart(
        &price_chart_area,
        lang,
        minutes,
        low..high,
        &|v| lang.percent(*v, 0),
        ratio,
        &legend,
    )?;
    for (index, (asset, path)) in run.assets.iter().zip(paths).enumerate() {
        draw_asset_line(&mut price_chart, asset.name, index, path, ratio)?;
    }
    if let Some(guess) = guess_fall_pct {
        draw_guess_line(&mut price_chart, minutes, -guess, ratio, lang)?;
    }
    draw_legend(&mut price_chart, corner, ratio)?;

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
    let liquidation_chart_area = titled(&bottom, lang.t(Key::ChartLiquidations), ratio)?;
    let mut legend = LegendPlan::default();
    for (key, side) in [(Key::ChartLongs, 0), (Key::ChartShorts, 1)] {
        legend.label(lang.t(key));
        let totals = cumulative
            .iter()
            .map(|&(m, l, s)| (f64::from(m), [l, s][side]));
        legend.area(std::iter::once((0.0, 0.0)).chain(totals).collect(), 0.0);
    }
    let (mut liquidation_chart, corner) = minute_chart(
        &liquidation_chart_area,
        lang,
        minutes,
        0.0..top_value,
        &|v| billions_label(lang, *v),
        ratio,
        &legend,
    )?;
    draw_liquidation_area(
        &mut liquidation_chart,
        lang.t(Key::ChartLongs),
        cumulative.iter().map(|&(m, l, _)| (m, l)),
        LONG_COLOUR,
        ratio,
    )?;
    draw_liquidation_area(
        &mut liquidation_chart,
        lang.t(Key::ChartShorts),
        cumulative.iter().map(|&(m, _, s)| (m, s)),
        SHORT_COLOUR,
        ratio,
    )?;
    draw_legend(&mut liquidation_chart, corner, ratio)?;
    root.present().map_err(message)
}

/// Each asset's order-book depth by minute, in % of its depth at minute 0
/// (normal conditions): a line per asset, 100% marked.
pub fn draw_depth(canvas: &HtmlCanvasElement, run: &Run, lang: Lang) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let minutes = run.steps.len().max(2) as u32;
    let series: Vec<Points> = (0..run.assets.len())
        .map(|index| {
            let normal = run
                .steps
                .first()
                .map_or(0.0, |s| s.assets[index].depth_usd_per_pct);
            if normal <= 0.0 {
                return Vec::new();
            }
            run.steps
                .iter()
                .map(|s| (s.minute, 100.0 * s.assets[index].depth_usd_per_pct / normal))
                .collect()
        })
        .collect();
    let values = || series.iter().flatten().map(|&(_, v)| v);
    let (low, high) = padded(
        values().fold(100.0, f64::min),
        values().fold(100.0, f64::max),
        0.08,
        2.0,
    );

    let chart_area = titled(&root, lang.t(Key::ChartDepth), ratio)?;

    let lines = same_lines_joined(run, series);
    let mut legend = LegendPlan::default();
    legend.line(vec![(0.0, 100.0), (f64::from(minutes), 100.0)]);
    for (_, label, points) in &lines {
        legend.label(label.as_str());
        legend.line(by_minute_xy(points));
    }
    let (mut chart, corner) = minute_chart(
        &chart_area,
        lang,
        minutes,
        low.max(0.0)..high,
        &|v| lang.percent(*v, 0),
        ratio,
        &legend,
    )?;
    chart
        .draw_series(LineSeries::new(
            [(0, 100.0), (minutes, 100.0)],
            REFERENCE_LINE.stroke_width(px(1.0, ratio)),
        ))
        .map_err(message)?;
    for (index, label, points) in lines {
        draw_asset_line(&mut chart, &label, index, points, ratio)?;
    }
    draw_legend(&mut chart, corner, ratio)?;
    root.present().map_err(message)
}

/// Assets whose lines coincide (within 0.05 points everywhere) drawn once,
/// in the first one's colour, labelled with all their names: under a common
/// stress factor SOL, ALTS, GOLD and NQ thin alike, and one line hidden
/// behind another would leave its legend entry pointing at nothing.
fn same_lines_joined(run: &Run, series: Vec<Points>) -> Vec<(usize, String, Points)> {
    let mut lines: Vec<(usize, String, Points)> = Vec::new();
    for (index, points) in series.into_iter().enumerate() {
        let name = run.assets[index].name;
        let same = |line: &Points| {
            line.len() == points.len()
                && line
                    .iter()
                    .zip(&points)
                    .all(|(a, b)| a.0 == b.0 && (a.1 - b.1).abs() < 0.05)
        };
        match lines.iter_mut().find(|(_, _, line)| same(line)) {
            Some((_, label, _)) => *label = format!("{label}, {name}"),
            None => lines.push((index, name.to_string(), points)),
        }
    }
    lines
}

/// The diverging scale's colour for a correlation in [-1, 1].
fn correlation_colour(value: f64) -> RGBColor {
    let t = if value.is_finite() {
        value.clamp(-1.0, 1.0)
    } else {
        0.0
    };
    let (end, weight) = if t < 0.0 {
        (NEGATIVE, -t)
    } else {
        (POSITIVE, t)
    };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * weight).round() as u8;
    RGBColor(
        mix(NEUTRAL.0, end.0),
        mix(NEUTRAL.1, end.1),
        mix(NEUTRAL.2, end.2),
    )
}

/// WCAG relative luminance of an sRGB colour.
fn luminance(colour: RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            libm::pow((c + 0.055) / 1.055, 2.4)
        }
    };
    0.2126 * linear(colour.0) + 0.7152 * linear(colour.1) + 0.0722 * linear(colour.2)
}

/// White or near-black text, whichever contrasts more with `background`.
fn text_colour_on(background: RGBColor) -> RGBColor {
    let l = luminance(background);
    let on_white = 1.05 / (l + 0.05);
    let on_ink = (l + 0.05) / (luminance(INK) + 0.05);
    if on_white > on_ink {
        WHITE
    } else {
        INK
    }
}

/// A value with two decimals and a typographic minus (never "-0.00").
fn two_decimals(value: f64) -> String {
    let text = format!("{value:.2}");
    match text.strip_prefix('-') {
        Some("0.00") => "0.00".to_string(),
        Some(rest) => format!("\u{2212}{rest}"),
        None => text,
    }
}

/// Text at `(x, y)` in device pixels, anchored by `pos`.
fn label(
    area: &Root,
    text: &str,
    (x, y): (i32, i32),
    size: f64,
    colour: &RGBColor,
    pos: Pos,
) -> Result<(), String> {
    let style = (FONT_STACK, size).into_font().color(colour).pos(pos);
    area.draw(&Text::new(text.to_string(), (x, y), style))
        .map_err(message)
}

/// Room around a heatmap's grid in device pixels: the title and the column
/// names above it, the row names left of it, padding.
struct HeatmapFrame {
    title: i32,
    columns: i32,
    rows: i32,
    pad: i32,
}

impl HeatmapFrame {
    fn new(ratio: f64) -> Self {
        let css = |x: f64| px(x, ratio) as i32;
        HeatmapFrame {
            title: css(26.0),
            columns: css(20.0),
            rows: css(46.0),
            pad: css(8.0),
        }
    }

    /// The side of one cell of an n x n grid in a panel of this size.
    fn cell(&self, (width, height): (u32, u32), n: usize) -> i32 {
        let (width, height, n) = (width as i32, height as i32, n.max(1) as i32);
        let across = (width - self.rows - 2 * self.pad) / n;
        let down = (height - self.title - self.columns - self.pad) / n;
        across.min(down).max(1)
    }
}

/// One titled heatmap of `matrix`, asset names on both axes, each cell's
/// value printed in it; the grid is as large as the area allows, centred.
fn draw_heatmap(
    area: &Root,
    frame: &HeatmapFrame,
    title: &str,
    names: &[&str],
    matrix: &Matrix,
    ratio: f64,
) -> Result<(), String> {
    let css = |x: f64| px(x, ratio) as i32;
    let width = area.dim_in_pixel().0 as i32;
    let n = matrix.len() as i32;
    let cell = frame.cell(area.dim_in_pixel(), matrix.len());
    let left = (width - frame.rows - n * cell) / 2 + frame.rows;
    let top = frame.title + frame.columns;
    let middle = left + n * cell / 2;
    // Column names must fit their cells: about 0.7 em a capital letter.
    let longest = names
        .iter()
        .map(|name| name.chars().count())
        .max()
        .unwrap_or(1)
        .max(1);
    // Labels never shrink below the page's minimum: a short grid gets
    // abbreviated names instead.
    let column_size = 12.0 * ratio;
    let abbreviate = f64::from(cell - css(4.0)) < 0.7 * longest as f64 * column_size;
    label(
        area,
        title,
        (middle, css(4.0)),
        14.0 * ratio,
        &INK,
        Pos::new(HPos::Center, VPos::Top),
    )?;

    // Values ("0.49") need a cell about 2.6 labels wide; in smaller cells
    // they are left out rather than drawn illegibly or over the neighbours.
    let value_size = 12.0 * ratio;
    let show_values = f64::from(cell) >= 2.6 * value_size;
    let gap = css(1.0).max(1);
    for (i, row) in matrix.iter().enumerate() {
        let y = top + i as i32 * cell;
        let name = names.get(i).copied().unwrap_or("?");
        label(
            area,
            name,
            (left - css(6.0), y + cell / 2),
            12.0 * ratio,
            &INK,
            Pos::new(HPos::Right, VPos::Center),
        )?;
        let column_name: String = if abbreviate {
            name.chars().take(1).collect()
        } else {
            name.to_string()
        };
        label(
            area,
            &column_name,
            (left + i as i32 * cell + cell / 2, top - css(4.0)),
            column_size,
            &INK,
            Pos::new(HPos::Center, VPos::Bottom),
        )?;
        for (j, &value) in row.iter().enumerate() {
            let x = left + j as i32 * cell;
            let fill = correlation_colour(value);
            area.draw(&Rectangle::new(
                [(x, y), (x + cell - gap, y + cell - gap)],
                fill.filled(),
            ))
            .map_err(message)?;
            if show_values {
                let centre = (x + (cell - gap) / 2, y + (cell - gap) / 2);
                label(
                    area,
                    &two_decimals(value),
                    centre,
                    value_size,
                    &text_colour_on(fill),
                    Pos::new(HPos::Center, VPos::Center),
                )?;
            }
        }
    }
    Ok(())
}

/// A horizontal colour bar from -1 to +1 with ticks, centred in `area`.
fn draw_colour_scale(area: &Root, ratio: f64, lang: Lang) -> Result<(), String> {
    let css = |x: f64| px(x, ratio) as i32;
    let width = area.dim_in_pixel().0 as i32;
    let bar_width = css(240.0).min(width - css(180.0)).max(css(80.0));
    let left = (width - bar_width) / 2;
    let (top, bar_height) = (css(6.0), css(12.0));
    for x in 0..bar_width {
        let value = -1.0 + 2.0 * (f64::from(x) + 0.5) / f64::from(bar_width);
        area.draw(&Rectangle::new(
            [(left + x, top), (left + x + 1, top + bar_height)],
            correlation_colour(value).filled(),
        ))
        .map_err(message)?;
    }
    area.draw(&Rectangle::new(
        [(left, top), (left + bar_width, top + bar_height)],
        GRID_BOLD.stroke_width(1),
    ))
    .map_err(message)?;
    let size = 12.0 * ratio;
    let caption = Pos::new(HPos::Right, VPos::Center);
    label(
        area,
        lang.t(Key::ChartCorrelation),
        (left - css(10.0), top + bar_height / 2),
        size,
        &INK,
        caption,
    )?;
    for (tick, text) in [
        (-1.0, "\u{2212}1"),
        (-0.5, "\u{2212}0.5"),
        (0.0, "0"),
        (0.5, "+0.5"),
        (1.0, "+1"),
    ] {
        let x = left + ((tick + 1.0) / 2.0 * f64::from(bar_width)).round() as i32;
        label(
            area,
            text,
            (x, top + bar_height + css(3.0)),
            size,
            &INK,
            Pos::new(HPos::Center, VPos::Top),
        )?;
    }
    Ok(())
}

/// Two correlation heatmaps, before the shock and during the cascade, side
/// by side or stacked (whichever gives larger cells), over a shared colour
/// scale.
pub fn draw_correlations(canvas: &HtmlCanvasElement, run: &Run, lang: Lang) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let height = root.dim_in_pixel().1;
    let legend_height = px(40.0, ratio).min(height / 4);
    let (maps, legend) = root.split_vertically(height - legend_height);
    // Side by side or stacked, whichever gives the larger cells.
    let frame = HeatmapFrame::new(ratio);
    let ((width, height), n) = (maps.dim_in_pixel(), run.correlation_before.len());
    let panels = if frame.cell((width, height / 2), n) > frame.cell((width / 2, height), n) {
        maps.split_evenly((2, 1))
    } else {
        maps.split_evenly((1, 2))
    };
    let names: Vec<&str> = run.assets.iter().map(|a| a.name).collect();
    let matrices = [
        (lang.t(Key::ChartBefore), &run.correlation_before),
        (lang.t(Key::ChartDuring), &run.correlation_during),
    ];
    for (area, (title, matrix)) in panels.iter().zip(matrices) {
        draw_heatmap(area, &frame, title, &names, matrix, ratio)?;
    }
    draw_colour_scale(&legend, ratio, lang)?;
    root.present().map_err(message)
}

/// One chart of the comparison: its area, title, value range, the two
/// runs' points and how its values are labelled.
type ComparePanel<'a> = (
    &'a Root,
    Key,
    std::ops::Range<f64>,
    [&'a Points; 2],
    &'a dyn Fn(&f64) -> String,
);

/// Run A (pinned, grey and dashed-looking thin line) against run B (the
/// current one, in colour): BTC's price above, total liquidations below.
pub fn draw_compare(
    canvas: &HtmlCanvasElement,
    a: &Run,
    b: &Run,
    lang: Lang,
) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 / 2);
    let minutes = a.steps.len().max(b.steps.len()).max(2) as u32;
    let btc = |run: &Run| -> Vec<(u32, f64)> {
        std::iter::once((0u32, 0.0))
            .chain(run.steps.iter().map(|s| {
                (
                    s.minute + 1,
                    (s.assets[0].price / run.assets[0].reference_price - 1.0) * 100.0,
                )
            }))
            .collect()
    };
    let cumulative = |run: &Run| -> Vec<(u32, f64)> {
        let mut total = 0.0;
        std::iter::once((0u32, 0.0))
            .chain(run.steps.iter().map(|s| {
                total += s
                    .assets
                    .iter()
                    .map(|x| x.long_liquidated_usd + x.short_liquidated_usd)
                    .sum::<f64>()
                    / 1e9;
                (s.minute + 1, total)
            }))
            .collect()
    };
    let (pa, pb, la, lb) = (btc(a), btc(b), cumulative(a), cumulative(b));
    let lowest = pa.iter().chain(&pb).map(|p| p.1).fold(0.0f64, f64::min);
    let highest = pa.iter().chain(&pb).map(|p| p.1).fold(0.0f64, f64::max);
    let (low, high) = padded(lowest, highest, 0.06, 0.5);
    let top_value = la.iter().chain(&lb).map(|p| p.1).fold(0.01f64, f64::max) * 1.1;
    let series = [
        (lang.t(Key::ChartPinnedA), REFERENCE_LINE, 2.0),
        (lang.t(Key::ChartNowB), ASSET_COLOURS[0], 3.0),
    ];
    let percent = |v: &f64| lang.percent(*v, 0);
    let billions = |v: &f64| billions_label(lang, *v);
    let panels: [ComparePanel<'_>; 2] = [
        (&top, Key::ChartCompareBtc, low..high, [&pa, &pb], &percent),
        (
            &bottom,
            Key::ChartCompareLiquidations,
            0.0..top_value,
            [&la, &lb],
            &billions,
        ),
    ];
    for (area, caption, range, data, format) in panels {
        let area = titled(area, lang.t(caption), ratio)?;
        let mut legend = LegendPlan::default();
        for ((label, _, _), points) in series.iter().zip(data) {
            legend.label(*label);
            legend.line(by_minute_xy(points));
        }
        let (mut chart, corner) =
            minute_chart(&area, lang, minutes, range, format, ratio, &legend)?;
        for ((label, colour, width), points) in series.iter().zip(data) {
            let (colour, swatch) = (*colour, px(16.0, ratio) as i32);
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    colour.stroke_width(px(*width, ratio)),
                ))
                .map_err(message)?
                .label(*label)
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + swatch, y)], colour.stroke_width(3))
                });
        }
        draw_legend(&mut chart, corner, ratio)?;
    }
    root.present().map_err(message)
}

/// BTC's price fan over the seeds: the 10-90% band, the median, the run on
/// screen and, for a historical preset, the reported low, all in % from the
/// price before the shock.
pub fn draw_fan(
    canvas: &HtmlCanvasElement,
    fan: &PathSpread,
    run: &Run,
    reported_fall_pct: Option<f64>,
    lang: Lang,
) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let start = fan.median.first().copied().unwrap_or(1.0);
    let pct = |price: f64| (price / start - 1.0) * 100.0;
    let this_run: Points = std::iter::once((0u32, 0.0))
        .chain(
            run.steps
                .iter()
                .map(|s| (s.minute + 1, pct(s.assets[0].price))),
        )
        .collect();
    let minutes = (fan.median.len().max(this_run.len()).max(2) - 1) as u32;
    let lowest = fan
        .p10
        .iter()
        .map(|&p| pct(p))
        .chain(this_run.iter().map(|p| p.1))
        .chain(reported_fall_pct.map(|f| -f))
        .fold(0.0f64, f64::min);
    let (low, high) = padded(lowest, 0.0, 0.06, 0.5);
    let by_minute = |path: &[f64]| -> Points {
        path.iter()
            .enumerate()
            .map(|(m, &p)| (m as u32, pct(p)))
            .collect()
    };
    let reported_line: Points = reported_fall_pct
        .map(|f| (0..=minutes).map(|m| (m, -f)).collect())
        .unwrap_or_default();
    let (p10, median, p90) = (
        by_minute(&fan.p10),
        by_minute(&fan.median),
        by_minute(&fan.p90),
    );
    let reported_label = reported_fall_pct.map(|fall| {
        let typed = lang.typed_percent(-fall);
        format!("{} {typed}", lang.t(Key::SeedsReported))
    });
    let mut legend = LegendPlan::default();
    legend.label(lang.t(Key::SeedsFanBand));
    legend.band(by_minute_xy(&p90), by_minute_xy(&p10));
    legend.label(lang.t(Key::SeedsFanMedian));
    legend.line(by_minute_xy(&median));
    legend.label(lang.t(Key::SeedsThisRun));
    legend.line(by_minute_xy(&this_run));
    if let Some(label) = &reported_label {
        legend.label(label.as_str());
        legend.line(by_minute_xy(&reported_line));
    }
    let chart_area = titled(&root, lang.t(Key::SeedsFanCaption), ratio)?;
    let (mut chart, corner) = minute_chart(
        &chart_area,
        lang,
        minutes,
        low..high,
        &|v| lang.percent(*v, 0),
        ratio,
        &legend,
    )?;
    let band: Points = p90.iter().chain(p10.iter().rev()).copied().collect();
    let (swatch, half) = (px(16.0, ratio) as i32, px(5.0, ratio) as i32);
    let band_colour = ASSET_COLOURS[0].mix(0.25);
    chart
        .draw_series(std::iter::once(Polygon::new(band, band_colour.filled())))
        .map_err(message)?
        .label(lang.t(Key::SeedsFanBand))
        .legend(move |(x, y)| {
            Rectangle::new(
                [(x, y - half), (x + swatch, y + half)],
                band_colour.filled(),
            )
        });
    draw_asset_line(
        &mut chart,
        lang.t(Key::SeedsFanMedian),
        0,
        median.iter().copied(),
        ratio,
    )?;
    let run_style = INK.stroke_width(px(1.5, ratio));
    chart
        .draw_series(std::iter::once(PathElement::new(this_run, run_style)))
        .map_err(message)?
        .label(lang.t(Key::SeedsThisRun))
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], run_style));
    if let (Some(fall), Some(label)) = (reported_fall_pct, reported_label) {
        let style = LONG_COLOUR.stroke_width(px(2.0, ratio));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(0, -fall), (minutes, -fall)],
                style,
            )))
            .map_err(message)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], style));
    }
    draw_legend(&mut chart, corner, ratio)?;
    root.present().map_err(message)
}

/// How many seeds liquidated how much: ten bins over the range, with the
/// run on screen and, for a historical preset, the reported total marked.
pub fn draw_histogram(
    canvas: &HtmlCanvasElement,
    totals_usd: &[f64],
    this_run_usd: f64,
    reported_usd: Option<f64>,
    lang: Lang,
) -> Result<(), String> {
    const BINS: usize = 10;
    let (root, ratio) = blank_area(canvas)?;
    let billions: Vec<f64> = totals_usd.iter().map(|t| t / 1e9).collect();
    let marks = [Some(this_run_usd / 1e9), reported_usd.map(|r| r / 1e9)];
    let (low, high) = billions
        .iter()
        .copied()
        .chain(marks.iter().flatten().copied())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
    let (low, high) = padded(low.max(0.0), high.max(low + 1e-9), 0.05, 0.01);
    let width = (high - low) / BINS as f64;
    let mut counts = [0u32; BINS];
    for b in &billions {
        counts[(((b - low) / width) as usize).min(BINS - 1)] += 1;
    }
    let top = f64::from(counts.iter().copied().max().unwrap_or(1)) * 1.15;
    let area = titled(&root, lang.t(Key::SeedsHistogramCaption), ratio)?;
    let bar = |i: usize| (low + width * i as f64, low + width * (i as f64 + 0.92));
    let swatch = px(16.0, ratio) as i32;
    let labelled = [
        (lang.t(Key::SeedsThisRun), marks[0], INK),
        (lang.t(Key::SeedsReported), marks[1], LONG_COLOUR),
    ];
    let labelled: Vec<(String, f64, RGBColor)> = labelled
        .into_iter()
        .filter_map(|(label, value, colour)| {
            value.map(|x| (format!("{label} {}", lang.money_short(x * 1e9)), x, colour))
        })
        .collect();
    let mut legend = LegendPlan::default();
    for (i, &c) in counts.iter().enumerate() {
        let (x0, x1) = bar(i);
        legend.area(vec![(x0, f64::from(c)), (x1, f64::from(c))], 0.0);
    }
    for (label, x, _) in &labelled {
        legend.label(label.as_str());
        legend.line(vec![(*x, 0.0), (*x, top)]);
    }
    let build = |top: f64| {
        ChartBuilder::on(&area)
            .margin(px(8.0, ratio))
            .x_label_area_size(px(40.0, ratio))
            .y_label_area_size(px(40.0, ratio))
            .build_cartesian_2d(low..high, 0.0..top)
            .map_err(message)
    };
    let chart = build(top)?;
    let plot_px = chart.plotting_area().dim_in_pixel();
    let place = legend.place(&area, plot_px, (low, high), (0.0, top), ratio);
    let mut chart = if place.y.1 > top {
        build(place.y.1)?
    } else {
        chart
    };
    chart
        .configure_mesh()
        .x_desc(lang.t(Key::SeedsHistogramAxis))
        .y_desc(lang.t(Key::SeedsHistogramCount))
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style((FONT_STACK, 12.0 * ratio))
        .axis_desc_style((FONT_STACK, 12.0 * ratio))
        .x_label_formatter(&|v| billions_label(lang, *v))
        .y_label_formatter(&|v| format!("{v:.0}"))
        .draw()
        .map_err(message)?;
    chart
        .draw_series(counts.iter().enumerate().map(|(i, &c)| {
            let (x0, x1) = bar(i);
            Rectangle::new(
                [(x0, 0.0), (x1, f64::from(c))],
                ASSET_COLOURS[0].mix(0.6).filled(),
            )
        }))
        .map_err(message)?;
    for (label, x, colour) in labelled {
        let style = colour.stroke_width(px(2.5, ratio));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, top)],
                style,
            )))
            .map_err(message)?
            .label(label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + swatch, y)], style));
    }
    draw_legend(&mut chart, label_position(place.corner), ratio)?;
    root.present().map_err(message)
}
