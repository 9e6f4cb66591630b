//! Draws runs on canvases with plotters: every asset's price relative to its
//! reference above cumulative liquidations (long and short); order-book
//! depth relative to normal; correlation heatmaps before and during the
//! cascade. `use_run_canvas` is the hook the chart components share.

use std::ops::Range;
use std::rc::Rc;

use plotters::coord::types::{RangedCoordf64, RangedCoordu32};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use crate::canvas::{fit_backing_store, TypeScale, FONT_STACK};
use crate::chart_layout::{
    free_corner, Corner, Fill, LegendMetrics, LegendRows, Mark, Plot, LEGEND_INSET_PX,
};
use crate::engine::correlation::Matrix;
use crate::engine::ensemble::PathSpread;
use crate::engine::i18n::{Lang, PanelKey};
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

/// The label size the charts' sizes are designed around, at one device
/// pixel per CSS pixel; `blank_area`'s factor scales them all.
const DESIGN_LABEL_PX: f64 = 12.0;

/// The whole canvas as a white drawing area in device pixels, with the
/// factor that the sizes below (designed around [`DESIGN_LABEL_PX`] labels)
/// are multiplied by: the device pixel ratio times the page's label size
/// over the design's, so labels are never under the page's canvas minimum
/// and the layout grows with them.
fn blank_area(canvas: &HtmlCanvasElement) -> Result<(Root, f64), String> {
    let size = fit_backing_store(canvas);
    if !size.is_drawable() {
        return Err("the canvas is hidden".to_string());
    }
    let ratio = size.ratio * TypeScale::read().small() / DESIGN_LABEL_PX;
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("canvas has no 2d context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(message)?;
    Ok((root, ratio))
}

/// Labels' size in device pixels: the page's label size,
/// `TypeScale::small` CSS px (see [`blank_area`]), which is never under
/// `TypeScale::min` (13 px, 20 px in projector mode).
fn label_px(ratio: f64) -> f64 {
    DESIGN_LABEL_PX * ratio
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

/// How a legend entry shows its series: a short line in the series' colour
/// and width (CSS px; dashed for the reader's guess), or a block of the
/// colour an area or a band is filled with.
#[derive(Clone, Copy)]
enum Swatch {
    Line {
        colour: RGBAColor,
        width: f64,
        dashed: bool,
    },
    Block(RGBAColor),
}

impl Swatch {
    fn line(colour: impl Color, width: f64) -> Self {
        Swatch::Line {
            colour: colour.to_rgba(),
            width,
            dashed: false,
        }
    }
}

/// A colour as canvas 2D styles take it.
fn css_colour(colour: RGBAColor) -> String {
    let RGBAColor(r, g, b, a) = colour;
    format!("rgba({r}, {g}, {b}, {a})")
}

/// What a mark the legend must not cover fills beside its line (see
/// `chart_layout::Fill`), kept with the legend.
enum PlannedFill {
    Nothing,
    Down(f64),
    Band(Vec<(f64, f64)>),
}

/// A line by minute as the values a legend is placed among.
fn by_minute_xy(points: &[(u32, f64)]) -> Vec<(f64, f64)> {
    points.iter().map(|&(m, v)| (f64::from(m), v)).collect()
}

/// The room around a chart's plot, device px: a margin on every side and
/// the label areas under (x) and left of (y) the plot.
#[derive(Clone, Copy)]
struct Frame {
    margin: u32,
    x_labels: u32,
    y_labels: u32,
}

impl Frame {
    fn new(ratio: f64, y_labels_css: f64) -> Self {
        Frame {
            margin: px(8.0, ratio),
            x_labels: px(40.0, ratio),
            y_labels: px(y_labels_css, ratio),
        }
    }

    fn builder<'a, 'b>(&self, area: &'a Root) -> ChartBuilder<'a, 'b, CanvasBackend> {
        let mut builder = ChartBuilder::on(area);
        builder
            .margin(self.margin)
            .x_label_area_size(self.x_labels)
            .y_label_area_size(self.y_labels);
        builder
    }

    /// The plot's size in `area` as [`Frame::builder`] lays it out.
    fn plot_px(&self, area: &Root) -> (f64, f64) {
        let (width, height) = area.dim_in_pixel();
        let across = 2 * self.margin + self.y_labels;
        let down = 2 * self.margin + self.x_labels;
        (
            f64::from(width.saturating_sub(across)),
            f64::from(height.saturating_sub(down)),
        )
    }
}

/// Where a legend went: a corner of the plot that none of the chart's
/// marks reaches into, or rows in a band between the caption and the plot.
enum LegendSpot {
    Corner(Corner),
    Above { top: f64, rows: LegendRows },
}

/// A chart's legend: its entries, and the marks it must not cover in the
/// chart's own values. It takes a free corner of the plot (see
/// `chart_layout::free_corner`) or, failing one, rows above the plot, so
/// it never covers a line and the plot keeps its value range. Drawn by
/// hand on the canvas's 2D context: plotters clips its own legend to the
/// plot.
struct Legend {
    ctx: CanvasRenderingContext2d,
    ratio: f64,
    entries: Vec<(String, Swatch)>,
    marks: Vec<(Vec<(f64, f64)>, PlannedFill)>,
    always_above: bool,
}

impl Legend {
    fn new(canvas: &HtmlCanvasElement, ratio: f64) -> Result<Self, String> {
        let ctx = canvas
            .get_context("2d")
            .map_err(|e| format!("{e:?}"))?
            .ok_or("canvas has no 2d context")?
            .dyn_into::<CanvasRenderingContext2d>()
            .map_err(|_| "the 2d context is not a CanvasRenderingContext2d".to_string())?;
        Ok(Legend {
            ctx,
            ratio,
            entries: Vec::new(),
            marks: Vec::new(),
            always_above: false,
        })
    }

    /// A legend that always takes rows above the plot: the prices chart's
    /// six lines leave no corner free at the projector's size.
    fn above(mut self) -> Self {
        self.always_above = true;
        self
    }

    fn entry(&mut self, label: impl Into<String>, swatch: Swatch) {
        self.entries.push((label.into(), swatch));
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

    /// The labels' font: the page's label size (`TypeScale::small`, never
    /// under `TypeScale::min`) in device pixels.
    fn font(&self) -> String {
        format!("{}px {FONT_STACK}", label_px(self.ratio))
    }

    fn metrics(&self) -> LegendMetrics {
        LegendMetrics::for_font(label_px(self.ratio))
    }

    /// Each label's width in the legend's font, device px.
    fn text_widths(&self) -> Vec<f64> {
        self.ctx.set_font(&self.font());
        self.entries
            .iter()
            .map(|(label, _)| self.ctx.measure_text(label).map_or(0.0, |m| m.width()))
            .collect()
    }

    /// Finds the legend's place on a chart in `area` over `x` and `y` laid
    /// out by `frame`: a free corner (the area is returned as it is) or a
    /// band of rows at the area's top (the area under it is returned, for
    /// the chart).
    fn arrange(
        &self,
        area: Root,
        frame: Frame,
        x: (f64, f64),
        y: (f64, f64),
    ) -> (Root, LegendSpot) {
        let widths = self.text_widths();
        let metrics = self.metrics();
        let plot = Plot {
            x,
            y,
            size_px: frame.plot_px(&area),
        };
        let corner = (!self.always_above)
            .then(|| free_corner(&self.marks(), plot, metrics.column_size(&widths)))
            .flatten();
        match corner {
            Some(corner) => (area, LegendSpot::Corner(corner)),
            None => {
                let rows = metrics.rows(&widths, plot.size_px.0);
                let top = f64::from(area.get_base_pixel().1);
                let (_, rest) = area.split_vertically(rows.height.ceil() as u32);
                (rest, LegendSpot::Above { top, rows })
            }
        }
    }

    fn marks(&self) -> Vec<Mark<'_>> {
        self.marks
            .iter()
            .map(|(points, fill)| Mark {
                points,
                fill: match fill {
                    PlannedFill::Nothing => Fill::Nothing,
                    PlannedFill::Down(base) => Fill::Down(*base),
                    PlannedFill::Band(lower) => Fill::Band(lower),
                },
            })
            .collect()
    }

    /// Draws the legend at `spot` beside the plot at `plot` (device px,
    /// as plotters gives its pixel range).
    fn draw(&self, spot: &LegendSpot, plot: (Range<i32>, Range<i32>)) -> Result<(), String> {
        let ctx = &self.ctx;
        ctx.save();
        ctx.set_font(&self.font());
        ctx.set_text_align("start");
        ctx.set_text_baseline("middle");
        let (xs, ys) = (
            (f64::from(plot.0.start), f64::from(plot.0.end)),
            (f64::from(plot.1.start), f64::from(plot.1.end)),
        );
        let drawn = match spot {
            LegendSpot::Corner(corner) => self.draw_in_corner(*corner, xs, ys),
            LegendSpot::Above { top, rows } => self.draw_rows(rows, *top, xs),
        };
        ctx.restore();
        drawn.map_err(|e| format!("legend not drawn: {e:?}"))
    }

    /// One entry a line in a framed box inside the plot's `corner`.
    fn draw_in_corner(
        &self,
        corner: Corner,
        xs: (f64, f64),
        ys: (f64, f64),
    ) -> Result<(), JsValue> {
        let metrics = self.metrics();
        let (width, height) = metrics.column_size(&self.text_widths());
        let left = match corner {
            Corner::UpperRight | Corner::LowerRight => xs.1 - LEGEND_INSET_PX - width,
            Corner::UpperLeft | Corner::LowerLeft => xs.0 + LEGEND_INSET_PX,
        };
        let top = match corner {
            Corner::UpperRight | Corner::UpperLeft => ys.0 + LEGEND_INSET_PX,
            Corner::LowerRight | Corner::LowerLeft => ys.1 - LEGEND_INSET_PX - height,
        };
        self.ctx.set_fill_style_str(&css_colour(WHITE.mix(0.85)));
        self.ctx.fill_rect(left, top, width, height);
        self.ctx
            .set_stroke_style_str(&css_colour(GRID_BOLD.to_rgba()));
        self.ctx.set_line_width(1.0);
        self.ctx.stroke_rect(left, top, width, height);
        for (index, entry) in self.entries.iter().enumerate() {
            let middle = top + metrics.padding + (index as f64 + 0.5) * metrics.line_height;
            self.draw_entry(entry, left + metrics.padding, middle)?;
        }
        Ok(())
    }

    /// The rows centred over the plot, from `top` down; a row wider than
    /// the plot (a long Spanish label on a phone) is moved left as far as
    /// it must to end inside the canvas.
    fn draw_rows(&self, layout: &LegendRows, top: f64, xs: (f64, f64)) -> Result<(), JsValue> {
        let metrics = self.metrics();
        let canvas_width = self.ctx.canvas().map_or(xs.1, |c| f64::from(c.width()));
        for (number, row) in layout.rows.iter().enumerate() {
            let centred = (xs.0 + xs.1 - row.width) / 2.0;
            let start = centred
                .min(canvas_width - metrics.padding - row.width)
                .max(metrics.padding);
            let middle = top + (number as f64 + 0.5) * metrics.line_height;
            for &(index, x) in &row.entries {
                self.draw_entry(&self.entries[index], start + x, middle)?;
            }
        }
        Ok(())
    }

    /// A swatch from `left` and its label after it, centred on `middle`.
    fn draw_entry(
        &self,
        (label, swatch): &(String, Swatch),
        left: f64,
        middle: f64,
    ) -> Result<(), JsValue> {
        let (ctx, metrics) = (&self.ctx, self.metrics());
        match *swatch {
            Swatch::Line {
                colour,
                width,
                dashed,
            } => {
                let dash = metrics.swatch / 5.0;
                let pattern: &[f64] = if dashed { &[dash, dash * 0.6] } else { &[] };
                let pattern = pattern.iter().copied().map(JsValue::from);
                ctx.set_line_dash(&pattern.collect::<js_sys::Array>())?;
                ctx.set_stroke_style_str(&css_colour(colour));
                ctx.set_line_width(f64::from(px(width, self.ratio)));
                ctx.begin_path();
                ctx.move_to(left, middle);
                ctx.line_to(left + metrics.swatch, middle);
                ctx.stroke();
            }
            Swatch::Block(colour) => {
                let half = metrics.line_height * 0.3;
                ctx.set_fill_style_str(&css_colour(colour));
                ctx.fill_rect(left, middle - half, metrics.swatch, 2.0 * half);
            }
        }
        ctx.set_fill_style_str(&css_colour(INK.to_rgba()));
        ctx.fill_text(label, left + metrics.swatch + metrics.swatch_gap, middle)
    }
}

/// A chart over the run's minutes in `area` (under its caption, see
/// [`titled`], and its legend's band, see [`Legend::arrange`]) with the
/// shared label sizes and grid style; fonts and margins scale with the
/// device pixel ratio.
fn minute_chart<'a>(
    area: &'a Root,
    lang: Lang,
    minutes: u32,
    y_range: std::ops::Range<f64>,
    y_label: &dyn Fn(&f64) -> String,
    ratio: f64,
) -> Result<MinuteChart<'a>, String> {
    let mut chart = Frame::new(ratio, MINUTE_Y_LABELS)
        .builder(area)
        .build_cartesian_2d(0u32..minutes, y_range)
        .map_err(message)?;
    chart
        .configure_mesh()
        // As many value labels as fit two label heights apart.
        .y_labels((area.dim_in_pixel().1 as f64 / (30.0 * ratio)).clamp(3.0, 10.0) as usize)
        .x_desc(lang.t(PanelKey::ChartMinute))
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style((FONT_STACK, label_px(ratio)))
        .axis_desc_style((FONT_STACK, label_px(ratio)))
        .y_label_formatter(y_label)
        .draw()
        .map_err(message)?;
    Ok(chart)
}

/// The width of a minute chart's value labels, CSS px.
const MINUTE_Y_LABELS: f64 = 56.0;

/// Where `legend` goes on a minute chart in `area` over `minutes` and
/// `y`, and the area the chart then takes (see [`Legend::arrange`]).
fn arrange_minutes(
    legend: &Legend,
    area: Root,
    minutes: u32,
    y: &std::ops::Range<f64>,
    ratio: f64,
) -> (Root, LegendSpot) {
    let frame = Frame::new(ratio, MINUTE_Y_LABELS);
    legend.arrange(area, frame, (0.0, f64::from(minutes)), (y.start, y.end))
}

/// Asset `index`'s line in its colour (BTC thicker).
fn draw_asset_line(
    chart: &mut MinuteChart<'_>,
    index: usize,
    points: impl IntoIterator<Item = (u32, f64)>,
    ratio: f64,
) -> Result<(), String> {
    let colour = ASSET_COLOURS[index % ASSET_COLOURS.len()];
    let width = px(if index == 0 { 3.0 } else { 2.0 }, ratio);
    chart
        .draw_series(LineSeries::new(points, colour.stroke_width(width)))
        .map_err(message)?;
    Ok(())
}

/// Asset `index`'s legend swatch: its colour, a little thicker than its line.
fn asset_swatch(index: usize) -> Swatch {
    Swatch::line(ASSET_COLOURS[index % ASSET_COLOURS.len()], 3.0)
}

/// Cumulative liquidations of one side as a filled area.
fn draw_liquidation_area(
    chart: &mut MinuteChart<'_>,
    points: impl Iterator<Item = (u32, f64)>,
    colour: RGBColor,
    ratio: f64,
) -> Result<(), String> {
    chart
        .draw_series(
            AreaSeries::new(
                std::iter::once((0u32, 0.0)).chain(points),
                0.0,
                colour.mix(0.3),
            )
            .border_style(colour.stroke_width(px(2.0, ratio))),
        )
        .map_err(message)?;
    Ok(())
}

/// The reader's predicted fall of BTC across the price chart, dashed.
fn draw_guess_line(
    chart: &mut MinuteChart<'_>,
    minutes: u32,
    value: f64,
    ratio: f64,
) -> Result<(), String> {
    let style = BLACK.stroke_width(px(GUESS_WIDTH, ratio));
    let dash = (minutes / 40).max(1);
    let dashes = (0..minutes)
        .step_by(2 * dash as usize)
        .map(move |m| PathElement::new(vec![(m, value), ((m + dash).min(minutes), value)], style));
    chart.draw_series(dashes).map_err(message)?;
    Ok(())
}

/// The guess line's width, CSS px.
const GUESS_WIDTH: f64 = 2.0;

/// The legend's name for the reader's guess, at `value` (%, negative).
fn guess_label(lang: Lang, value: f64) -> String {
    lang.fill(
        PanelKey::PredictChartLabel,
        &[("fall", &lang.percent(value, 1))],
    )
}

/// A value range padded by `share` of its span (at least `min_pad`).
fn padded(lowest: f64, highest: f64, share: f64, min_pad: f64) -> (f64, f64) {
    let pad = ((highest - lowest) * share).max(min_pad);
    (lowest - pad, highest + pad)
}

/// Draws `run`: prices above (with a line at a predicted fall of BTC, when
/// given), cumulative liquidations below. Errors from the backend are
/// returned as text for the console. The canvas carries the price chart's
/// value range as `data-price-axis` ("low high", %).
pub fn draw(
    canvas: &HtmlCanvasElement,
    run: &Run,
    guess_fall_pct: Option<f64>,
    lang: Lang,
) -> Result<(), String> {
    let (root, ratio) = blank_area(canvas)?;
    let (top, bottom) = root.split_vertically(root.dim_in_pixel().1 * 11 / 20);
    let shown = draw_prices(canvas, &top, run, guess_fall_pct, lang, ratio)?;
    canvas
        .set_attribute("data-price-axis", &format!("{} {}", shown.start, shown.end))
        .map_err(|e| format!("{e:?}"))?;
    draw_liquidations(canvas, &bottom, run, lang, ratio)?;
    root.present().map_err(message)
}

/// Every asset's price in % from its reference, with the reader's guess of
/// BTC's fall, in `area`, the legend in rows above the plot. Returns the
/// value range shown: the lines' own range, padded.
fn draw_prices(
    canvas: &HtmlCanvasElement,
    area: &Root,
    run: &Run,
    guess_fall_pct: Option<f64>,
    lang: Lang,
    ratio: f64,
) -> Result<std::ops::Range<f64>, String> {
    let minutes = run.steps.len().max(2) as u32;
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
    let values = paths.iter().flatten().map(|p| p.1);
    let (lowest, highest) = values
        .chain(guess_fall_pct.map(|g| -g))
        .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high) = padded(lowest, highest, 0.06, 0.5);

    let mut legend = Legend::new(canvas, ratio)?.above();
    for (index, asset) in run.assets.iter().enumerate() {
        legend.entry(asset.name, asset_swatch(index));
    }
    if let Some(guess) = guess_fall_pct {
        let swatch = Swatch::Line {
            colour: BLACK.to_rgba(),
            width: GUESS_WIDTH,
            dashed: true,
        };
        legend.entry(guess_label(lang, -guess), swatch);
    }
    let area = titled(area, lang.t(PanelKey::ChartPrices), ratio)?;
    let (area, spot) = arrange_minutes(&legend, area, minutes, &(low..high), ratio);
    let percent = |v: &f64| lang.percent(*v, 0);
    let mut chart = minute_chart(&area, lang, minutes, low..high, &percent, ratio)?;
    for (index, path) in paths.into_iter().enumerate() {
        draw_asset_line(&mut chart, index, path, ratio)?;
    }
    if let Some(guess) = guess_fall_pct {
        draw_guess_line(&mut chart, minutes, -guess, ratio)?;
    }
    legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
    Ok(low..high)
}

/// Cumulative liquidations of longs and shorts, in USD billions, in `area`.
fn draw_liquidations(
    canvas: &HtmlCanvasElement,
    area: &Root,
    run: &Run,
    lang: Lang,
    ratio: f64,
) -> Result<(), String> {
    let minutes = run.steps.len().max(2) as u32;
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
    let sides = [
        (PanelKey::ChartLongs, LONG_COLOUR),
        (PanelKey::ChartShorts, SHORT_COLOUR),
    ];
    let side_points = |side: usize| cumulative.iter().map(move |&(m, l, s)| (m, [l, s][side]));
    let mut legend = Legend::new(canvas, ratio)?;
    for (side, (key, colour)) in sides.iter().enumerate() {
        legend.entry(lang.t(*key), Swatch::Block(colour.to_rgba()));
        let totals = side_points(side).map(|(m, v)| (f64::from(m), v));
        legend.area(std::iter::once((0.0, 0.0)).chain(totals).collect(), 0.0);
    }
    let area = titled(area, lang.t(PanelKey::ChartLiquidations), ratio)?;
    let (area, spot) = arrange_minutes(&legend, area, minutes, &(0.0..top_value), ratio);
    let billions = |v: &f64| billions_label(lang, *v);
    let mut chart = minute_chart(&area, lang, minutes, 0.0..top_value, &billions, ratio)?;
    for (side, (_, colour)) in sides.iter().enumerate() {
        draw_liquidation_area(&mut chart, side_points(side), *colour, ratio)?;
    }
    legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
    Ok(())
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

    let lines = same_lines_joined(run, series);
    let mut legend = Legend::new(canvas, ratio)?;
    legend.line(vec![(0.0, 100.0), (f64::from(minutes), 100.0)]);
    for (index, label, points) in &lines {
        legend.entry(label.as_str(), asset_swatch(*index));
        legend.line(by_minute_xy(points));
    }
    let range = low.max(0.0)..high;
    let area = titled(&root, lang.t(PanelKey::ChartDepth), ratio)?;
    let (area, spot) = arrange_minutes(&legend, area, minutes, &range, ratio);
    let percent = |v: &f64| lang.percent(*v, 0);
    let mut chart = minute_chart(&area, lang, minutes, range, &percent, ratio)?;
    chart
        .draw_series(LineSeries::new(
            [(0, 100.0), (minutes, 100.0)],
            REFERENCE_LINE.stroke_width(px(1.0, ratio)),
        ))
        .map_err(message)?;
    for (index, _, points) in lines {
        draw_asset_line(&mut chart, index, points, ratio)?;
    }
    legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
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
    let column_size = label_px(ratio);
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
    let value_size = label_px(ratio);
    let show_values = f64::from(cell) >= 2.6 * value_size;
    let gap = css(1.0).max(1);
    for (i, row) in matrix.iter().enumerate() {
        let y = top + i as i32 * cell;
        let name = names.get(i).copied().unwrap_or("?");
        label(
            area,
            name,
            (left - css(6.0), y + cell / 2),
            label_px(ratio),
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
    let size = label_px(ratio);
    let caption = Pos::new(HPos::Right, VPos::Center);
    label(
        area,
        lang.t(PanelKey::ChartCorrelation),
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
        (lang.t(PanelKey::ChartBefore), &run.correlation_before),
        (lang.t(PanelKey::ChartDuring), &run.correlation_during),
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
    PanelKey,
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
        (lang.t(PanelKey::ChartPinnedA), REFERENCE_LINE, 2.0),
        (lang.t(PanelKey::ChartNowB), ASSET_COLOURS[0], 3.0),
    ];
    let percent = |v: &f64| lang.percent(*v, 0);
    let billions = |v: &f64| billions_label(lang, *v);
    let panels: [ComparePanel<'_>; 2] = [
        (
            &top,
            PanelKey::ChartCompareBtc,
            low..high,
            [&pa, &pb],
            &percent,
        ),
        (
            &bottom,
            PanelKey::ChartCompareLiquidations,
            0.0..top_value,
            [&la, &lb],
            &billions,
        ),
    ];
    for (area, caption, range, data, format) in panels {
        let mut legend = Legend::new(canvas, ratio)?;
        for ((label, colour, width), points) in series.iter().zip(data) {
            legend.entry(*label, Swatch::line(*colour, *width));
            legend.line(by_minute_xy(points));
        }
        let area = titled(area, lang.t(caption), ratio)?;
        let (area, spot) = arrange_minutes(&legend, area, minutes, &range, ratio);
        let mut chart = minute_chart(&area, lang, minutes, range, format, ratio)?;
        for ((_, colour, width), points) in series.iter().zip(data) {
            chart
                .draw_series(LineSeries::new(
                    points.iter().copied(),
                    colour.stroke_width(px(*width, ratio)),
                ))
                .map_err(message)?;
        }
        legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
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
        format!("{} {typed}", lang.t(PanelKey::SeedsReported))
    });
    let band_colour = ASSET_COLOURS[0].mix(0.25);
    let (run_colour, run_width) = (INK, 1.5);
    let (reported_colour, reported_width) = (LONG_COLOUR, 2.0);
    let mut legend = Legend::new(canvas, ratio)?;
    legend.entry(lang.t(PanelKey::SeedsFanBand), Swatch::Block(band_colour));
    legend.band(by_minute_xy(&p90), by_minute_xy(&p10));
    legend.entry(lang.t(PanelKey::SeedsFanMedian), asset_swatch(0));
    legend.line(by_minute_xy(&median));
    legend.entry(
        lang.t(PanelKey::SeedsThisRun),
        Swatch::line(run_colour, run_width),
    );
    legend.line(by_minute_xy(&this_run));
    if let Some(label) = reported_label {
        legend.entry(label, Swatch::line(reported_colour, reported_width));
        legend.line(by_minute_xy(&reported_line));
    }
    let area = titled(&root, lang.t(PanelKey::SeedsFanCaption), ratio)?;
    let (area, spot) = arrange_minutes(&legend, area, minutes, &(low..high), ratio);
    let percent = |v: &f64| lang.percent(*v, 0);
    let mut chart = minute_chart(&area, lang, minutes, low..high, &percent, ratio)?;
    let band: Points = p90.iter().chain(p10.iter().rev()).copied().collect();
    chart
        .draw_series(std::iter::once(Polygon::new(band, band_colour.filled())))
        .map_err(message)?;
    draw_asset_line(&mut chart, 0, median.iter().copied(), ratio)?;
    let lines = [
        (this_run, run_colour, run_width),
        (reported_line, reported_colour, reported_width),
    ];
    for (points, colour, width) in lines {
        let style = colour.stroke_width(px(width, ratio));
        chart
            .draw_series(std::iter::once(PathElement::new(points, style)))
            .map_err(message)?;
    }
    legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
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
    let bar = |i: usize| (low + width * i as f64, low + width * (i as f64 + 0.92));
    let labelled = [
        (lang.t(PanelKey::SeedsThisRun), marks[0], INK),
        (lang.t(PanelKey::SeedsReported), marks[1], LONG_COLOUR),
    ];
    let labelled: Vec<(String, f64, RGBColor)> = labelled
        .into_iter()
        .filter_map(|(label, value, colour)| {
            value.map(|x| (format!("{label} {}", lang.money_short(x * 1e9)), x, colour))
        })
        .collect();
    const MARK_WIDTH: f64 = 2.5;
    let mut legend = Legend::new(canvas, ratio)?;
    for (i, &c) in counts.iter().enumerate() {
        let (x0, x1) = bar(i);
        legend.area(vec![(x0, f64::from(c)), (x1, f64::from(c))], 0.0);
    }
    for (label, x, colour) in &labelled {
        legend.entry(label.as_str(), Swatch::line(*colour, MARK_WIDTH));
        legend.line(vec![(*x, 0.0), (*x, top)]);
    }
    let area = titled(&root, lang.t(PanelKey::SeedsHistogramCaption), ratio)?;
    let frame = Frame::new(ratio, 40.0);
    let (area, spot) = legend.arrange(area, frame, (low, high), (0.0, top));
    let mut chart = frame
        .builder(&area)
        .build_cartesian_2d(low..high, 0.0..top)
        .map_err(message)?;
    chart
        .configure_mesh()
        .x_desc(lang.t(PanelKey::SeedsHistogramAxis))
        .y_desc(lang.t(PanelKey::SeedsHistogramCount))
        .light_line_style(GRID_LIGHT)
        .bold_line_style(GRID_BOLD)
        .label_style((FONT_STACK, label_px(ratio)))
        .axis_desc_style((FONT_STACK, label_px(ratio)))
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
    for (_, x, colour) in labelled {
        let style = colour.stroke_width(px(MARK_WIDTH, ratio));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(x, 0.0), (x, top)],
                style,
            )))
            .map_err(message)?;
    }
    legend.draw(&spot, chart.plotting_area().get_pixel_range())?;
    root.present().map_err(message)
}
