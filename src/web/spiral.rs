//! The animated liquidation spiral for BTC, drawn every animation frame with
//! the raw canvas 2D API (no plotters: a frame has to cost well under 4 ms).
//!
//! One panel is BTC's liquidation map: a bar per 0.5% price band, longs
//! below the starting price and shorts above, stacked by leverage. The price
//! line falls through it; the bands it crosses light up, turn into sell
//! orders that fly into the order book (the green block of bids under the
//! price, as wide as the book is deep) and eat its top, and the price line
//! follows them down into the next layer. The other panel is the loop
//! itself, price fall -> losses -> margin shortfall -> forced sales ->
//! impact, with this minute's amounts and the active link lit. A caption
//! above both says in words what is happening. Wide canvases put the loop
//! beside the map, narrow ones below it.
//!
//! Each step is played in five phases, one per link of the loop: the step's
//! own move (shock and noise) takes the price from the previous close to the
//! step's mark, the layers the mark crossed are liquidated, their margin is
//! short, their orders are sold into the book, and the impact takes the
//! price from the mark to the step's close. So the price line moves in the
//! first and the last phase and stands at the mark in between.
//!
//! The pure arithmetic (formatting, the price at a position, the zoom,
//! which bands are crossed, the loop's layout) is in `spiral_layout`, with
//! unit tests that run natively.

use std::f64::consts::PI;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::engine::liquidation_map::LEVERAGE_BUCKET_NAMES;
use crate::engine::market::BTC;
use crate::engine::Step;
use crate::web::canvas::{fit_backing_store, TypeScale};
use crate::web::scene::Scene;
use crate::web::spiral_layout::*;

const FONT: &str = "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif";
const PAPER: &str = "#ffffff";
const INK: &str = "#14213d";
const MUTED: &str = "#4a5568";
const GRID: &str = "#e2e6ee";
const ARROW: &str = "#8a94a6";
/// Okabe-Ito: BTC's blue (as in the chart), vermillion, bluish green.
const BTC_BLUE: &str = "#0072b2";
const VERMILLION: &str = "#d55e00";
const GREEN: &str = "#009e73";
const DONE_FILL: &str = "#e3f0f8";
/// Sequential ramp for the leverage buckets, light to dark (yellow, orange,
/// red, crimson, dark purple): lightness falls monotonically, so the order
/// reads with every common colour-vision deficiency.
const LEVERAGE_RAMP: [&str; 5] = ["#fed976", "#fd8d3c", "#e31a1c", "#9e0142", "#3f007d"];
const LOOP_NAMES: [&str; 5] = [
    "Price fall",
    "Losses",
    "Margin shortfall",
    "Forced sales",
    "Impact",
];

/// Height of the order-book block, in % of the price (one rung per 1%).
const BOOK_RUNGS: usize = 3;
/// Sell orders drawn per step at most (and at least, when anything is sold).
const MAX_PARTICLES: f64 = 24.0;
const MIN_PARTICLES: f64 = 4.0;
/// Opacity of a band whose positions are gone.
const GONE_ALPHA: f64 = 0.16;

/// Draws the spiral at `position` (in steps: 3.25 = a quarter into step 3, 0.0 = before the first step, scene.run.steps.len() as f64 = the end).
pub fn draw(canvas: &HtmlCanvasElement, scene: &Scene, position: f64) -> Result<(), String> {
    let size = fit_backing_store(canvas);
    if !size.is_drawable() {
        return Ok(()); // hidden or collapsed: nothing to draw on
    }
    let (width, height, ratio) = (size.width, size.height, size.ratio);
    let ctx = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or("canvas has no 2d context")?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| "the 2d context is not a CanvasRenderingContext2d".to_string())?;
    // Everything below is in CSS pixels; the transform maps them onto the
    // backing store. Set (not multiplied) every frame.
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
        .map_err(js_error)?;
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str(PAPER);
    ctx.fill_rect(0.0, 0.0, width, height);

    // The base size follows the canvas (a larger stage reads from further
    // away), never letting the smallest text (0.85 f) under the page's minimum.
    let scale = TypeScale::read();
    let lowest = scale.min / 0.85;
    let f = (width.min(height * 1.6) / 46.0).clamp(lowest, lowest.max(34.0));
    let pen = Pen {
        ctx: &ctx,
        f,
        min: scale.min,
    };
    let view = View::new(scene, position);

    // Caption across the top, wrapped to the width.
    let pad = (f * 0.6).round();
    let caption_size = f * 1.1;
    pen.font(caption_size, 600);
    let caption_text = caption(scene, &view);
    let lines = wrap_words(&caption_text, width - 2.0 * pad, |s| pen.width(s));
    let line_height = caption_size * 1.3;
    pen.align("left", "middle");
    for (i, line) in lines.iter().enumerate() {
        pen.text(line, pad, pad + line_height * (i as f64 + 0.5), INK);
    }
    let top = pad + line_height * lines.len() as f64 + pad * 0.5;
    let body = Rect {
        x: pad,
        y: top,
        w: width - 2.0 * pad,
        h: height - top - pad,
    };

    let (map_rect, loop_rect) = if body.w >= body.h * 1.3 {
        let loop_w = (body.w * 0.4).min(body.h * 1.5).max(body.w * 0.3);
        (
            Rect {
                w: body.w - loop_w - pad,
                ..body
            },
            Rect {
                x: body.right() - loop_w,
                w: loop_w,
                ..body
            },
        )
    } else {
        let loop_h = (body.h * 0.3).max(f * 9.0).min(body.h * 0.5);
        (
            Rect {
                h: body.h - loop_h - pad * 0.5,
                ..body
            },
            Rect {
                y: body.bottom() - loop_h,
                h: loop_h,
                ..body
            },
        )
    };
    draw_map(&pen, map_rect, scene, &view);
    draw_loop(&pen, loop_rect, scene, &view);
    Ok(())
}

fn js_error(e: JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// The context plus the frame's base font size, with the few drawing verbs
/// used here.
struct Pen<'a> {
    ctx: &'a CanvasRenderingContext2d,
    /// Base font size, CSS px.
    f: f64,
    /// The smallest text allowed, CSS px.
    min: f64,
}

impl Pen<'_> {
    fn font(&self, size: f64, weight: u32) {
        self.ctx
            .set_font(&format!("{weight} {:.1}px {FONT}", size.max(self.min)));
    }
    fn align(&self, align: &str, baseline: &str) {
        self.ctx.set_text_align(align);
        self.ctx.set_text_baseline(baseline);
    }
    fn width(&self, text: &str) -> f64 {
        self.ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(text.chars().count() as f64 * self.f * 0.6)
    }
    fn text(&self, text: &str, x: f64, y: f64, colour: &str) {
        self.ctx.set_fill_style_str(colour);
        let _ = self.ctx.fill_text(text, x, y);
    }
    /// Text with a white outline, readable over bars and lines.
    fn halo_text(&self, text: &str, x: f64, y: f64, colour: &str) {
        self.ctx.set_stroke_style_str(PAPER);
        self.ctx.set_line_width(3.5);
        self.ctx.set_line_join("round");
        let _ = self.ctx.stroke_text(text, x, y);
        self.text(text, x, y, colour);
    }
    fn fill_rect(&self, x: f64, y: f64, w: f64, h: f64, colour: &str) {
        self.ctx.set_fill_style_str(colour);
        self.ctx.fill_rect(x, y, w, h);
    }
    fn line(&self, x1: f64, y1: f64, x2: f64, y2: f64, colour: &str, width: f64) {
        self.ctx.set_stroke_style_str(colour);
        self.ctx.set_line_width(width);
        self.ctx.begin_path();
        self.ctx.move_to(x1, y1);
        self.ctx.line_to(x2, y2);
        self.ctx.stroke();
    }
    /// A horizontal dashed line drawn as one path of short segments (no
    /// dash array to allocate).
    fn dashed_hline(&self, x1: f64, x2: f64, y: f64, colour: &str, width: f64, dash: f64) {
        self.ctx.set_stroke_style_str(colour);
        self.ctx.set_line_width(width);
        self.ctx.begin_path();
        let mut x = x1;
        while x < x2 {
            self.ctx.move_to(x, y);
            self.ctx.line_to((x + dash).min(x2), y);
            x += 2.0 * dash;
        }
        self.ctx.stroke();
    }
    fn rounded_rect_path(&self, x: f64, y: f64, w: f64, h: f64, r: f64) {
        let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
        let c = self.ctx;
        c.begin_path();
        c.move_to(x + r, y);
        let _ = c.arc_to(x + w, y, x + w, y + h, r);
        let _ = c.arc_to(x + w, y + h, x, y + h, r);
        let _ = c.arc_to(x, y + h, x, y, r);
        let _ = c.arc_to(x, y, x + w, y, r);
        c.close_path();
    }
    /// A filled pill with centred white text, for values on the axes.
    fn pill(&self, text: &str, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        self.rounded_rect_path(x, y - h / 2.0, w, h, h * 0.3);
        self.ctx.set_fill_style_str(fill);
        self.ctx.fill();
        self.align("center", "middle");
        self.text(text, x + w / 2.0, y, PAPER);
    }
}

/// Everything one frame needs to know about where the run is.
struct View<'a> {
    steps: &'a [Step],
    reference: f64,
    at: At,
    /// The current step (the last one once the run is over).
    step: Option<&'a Step>,
    phase: usize,
    /// Progress through the phase, 0 to 1.
    t: f64,
    /// Progress through the step, 0 to 1.
    frac: f64,
    price: f64,
    fall: f64,
    mark_fall: f64,
    close_fall: f64,
    gone_long: f64,
    liquidating_long: f64,
    gone_short: f64,
    /// How far this step's liquidated layers have left as orders, 0 to 1.
    fade: f64,
    /// The book's depth, USD per 1%, eased between steps.
    depth: f64,
    max_depth: f64,
    max_forced: f64,
    deepest: f64,
    highest: f64,
    /// Rounds up to and including the current step, and in the whole run.
    round: usize,
    rounds: usize,
}

impl<'a> View<'a> {
    fn new(scene: &'a Scene, position: f64) -> Self {
        let steps = &scene.run.steps[..];
        let reference = if scene.map.reference_price > 0.0 {
            scene.map.reference_price
        } else {
            scene.run.assets.get(BTC).map_or(1.0, |a| a.reference_price)
        };
        let at = locate(position, steps.len());
        let price = price_at(steps, reference, position);
        let fall = fall_pct(price, reference);
        let depth_of = |k: usize| steps[k].assets[BTC].depth_usd_per_pct;
        let max_depth = steps
            .iter()
            .map(|s| s.assets[BTC].depth_usd_per_pct)
            .fold(0.0, f64::max);
        let max_forced = steps
            .iter()
            .map(|s| s.spiral.forced_sales_usd)
            .fold(0.0, f64::max);
        let (deepest, highest) = run_extremes(steps, reference);
        let is_round = |s: &Step| s.spiral.margin_shortfall_usd > 0.0;
        let rounds = steps.iter().filter(|s| is_round(s)).count();
        let mut view = View {
            steps,
            reference,
            at,
            step: None,
            phase: 0,
            t: 0.0,
            frac: 0.0,
            price,
            fall,
            mark_fall: fall,
            close_fall: fall,
            gone_long: 0.0,
            liquidating_long: 0.0,
            gone_short: 0.0,
            fade: 0.0,
            depth: steps
                .first()
                .map_or(0.0, |s| s.assets[BTC].depth_usd_per_pct),
            max_depth,
            max_forced,
            deepest,
            highest,
            round: 0,
            rounds,
        };
        match at {
            At::Before => {}
            At::After => {
                let (deep, high) = mark_extremes(steps, reference, steps.len());
                view.step = steps.last();
                view.phase = 4;
                view.t = 1.0;
                view.frac = 1.0;
                view.gone_long = deep;
                view.liquidating_long = deep;
                view.gone_short = high;
                view.fade = 1.0;
                view.depth = depth_of(steps.len() - 1);
                view.round = rounds;
            }
            At::Step { index, frac } => {
                let (phase, t) = phase_of(frac);
                let (deep, high) = mark_extremes(steps, reference, index);
                let mark_fall = fall_pct(mark_price(steps, reference, index), reference);
                // While the price is still on its way to the mark, only the
                // bands it has passed are being liquidated.
                let (reached_long, reached_short) = if phase == 0 {
                    (fall.min(mark_fall), fall.max(mark_fall))
                } else {
                    (mark_fall, mark_fall)
                };
                view.step = Some(&steps[index]);
                view.phase = phase;
                view.t = t;
                view.frac = frac;
                view.mark_fall = mark_fall;
                view.close_fall = fall_pct(steps[index].assets[BTC].price, reference);
                view.gone_long = deep;
                view.liquidating_long = deep.max(reached_long);
                view.gone_short = high.min(reached_short);
                view.fade = match phase {
                    0..=2 => 0.0,
                    3 => smooth(t),
                    _ => 1.0,
                };
                view.depth = if phase == 0 && index > 0 {
                    lerp(depth_of(index - 1), depth_of(index), smooth(t))
                } else {
                    depth_of(index)
                };
                view.round = steps[..=index].iter().filter(|s| is_round(s)).count();
            }
        }
        view
    }

    fn in_round(&self) -> bool {
        matches!(self.at, At::Step { .. })
            && self
                .step
                .is_some_and(|s| s.spiral.margin_shortfall_usd > 0.0)
    }
}

fn caption(scene: &Scene, view: &View<'_>) -> String {
    match (view.at, view.step) {
        (At::Step { .. }, Some(step)) => {
            let minute = step.minute + 1;
            let btc = &step.assets[BTC];
            if view.in_round() {
                format!(
                    "Minute {minute} \u{b7} round {} of {}: {} of longs liquidated into {} per 1% of bids: {}",
                    view.round,
                    view.rounds,
                    format_usd(btc.long_liquidated_usd),
                    format_usd(btc.depth_usd_per_pct),
                    format_change(-step.spiral.impact_pct),
                )
            } else if view.round == 0 {
                format!(
                    "Minute {minute}: the shock moves BTC {}; nobody is liquidated yet",
                    format_change(-step.spiral.price_fall_pct)
                )
            } else if step.spiral.forced_sales_usd > 0.0 {
                format!(
                    "Minute {minute}: nobody new is liquidated, but {} of large positions liquidated earlier is still being sold, in slices",
                    format_usd(step.spiral.forced_sales_usd)
                )
            } else {
                format!(
                    "Minute {minute}: nothing liquidated after round {}; bids refill to {} per 1%",
                    view.round,
                    format_usd(btc.depth_usd_per_pct)
                )
            }
        }
        (At::After, _) => {
            let fall = format_change(-view.deepest);
            let rounds = if view.rounds == 1 {
                "1 round".to_string()
            } else {
                format!("{} rounds", view.rounds)
            };
            if scene.run.summary.runaway {
                format!("The spiral ran away: BTC fell {fall} over {rounds}, until there was nothing left to stop it")
            } else {
                format!(
                    "The book absorbed the selling: the spiral stopped at {fall} after {rounds}"
                )
            }
        }
        _ => {
            let within: f64 = scene
                .map
                .bins
                .iter()
                .filter(|b| b.fall_pct > 0.0 && b.fall_pct < 5.0)
                .map(|b| b.total_usd())
                .sum();
            format!(
                "Before the shock: {} of longs would be liquidated within 5% of the price",
                format_usd(within)
            )
        }
    }
}

/// The liquidation map with the price line, the order book and the sell
/// orders flying between them.
fn draw_map(pen: &Pen<'_>, r: Rect, scene: &Scene, view: &View<'_>) {
    let ctx = pen.ctx;
    let f = pen.f;
    let small = (f * 0.85).max(pen.min);
    let map = &scene.map;

    // Legend: leverage buckets on one row if any wording fits, else wrapped.
    pen.font(small, 400);
    pen.align("left", "middle");
    let row_h = small * 1.5;
    let swatch = small * 0.9;
    let short: [String; 5] = std::array::from_fn(|i| {
        LEVERAGE_BUCKET_NAMES[i]
            .replace("under ", "<")
            .replace("over ", ">")
    });
    let item_w = |name: &str| swatch + small * 0.25 + pen.width(name) + small * 0.6;
    let full_w: f64 = LEVERAGE_BUCKET_NAMES.iter().map(|n| item_w(n)).sum();
    let short_w: f64 = short.iter().map(|n| item_w(n)).sum();
    let title_w = |t: &str| pen.width(t) + small * 0.5;
    let (title, use_short) = [
        ("Liquidations by leverage:", false),
        ("Leverage:", false),
        ("Leverage:", true),
    ]
    .into_iter()
    .find(|&(t, s)| title_w(t) + if s { short_w } else { full_w } <= r.w + small * 0.6)
    .unwrap_or(("Leverage:", true));
    let mut x = r.x;
    let mut y = r.y + row_h / 2.0;
    pen.text(title, x, y, MUTED);
    x += title_w(title);
    for (i, full) in LEVERAGE_BUCKET_NAMES.iter().enumerate() {
        let name = if use_short { short[i].as_str() } else { full };
        let w = item_w(name);
        if x + w - small * 0.6 > r.right() && x > r.x {
            x = r.x;
            y += row_h;
        }
        pen.fill_rect(x, y - swatch / 2.0, swatch, swatch, LEVERAGE_RAMP[i]);
        pen.text(name, x + swatch + small * 0.25, y, INK);
        x += w;
    }
    let legend_h = y + row_h / 2.0 - r.y;

    // The plot: % labels left, bars, the book column, prices right.
    let left_w = pen.width("\u{2212}00.0%") + small * 1.0;
    let right_w = pen.width(&format_price(view.reference * 1.05)) + small * 1.0;
    let foot_h = small * 1.6;
    let plot = Rect {
        x: r.x + left_w,
        y: r.y + legend_h + small * 0.8,
        w: r.w - left_w - right_w,
        h: r.h - legend_h - small * 0.8 - foot_h,
    };
    if plot.w < 40.0 || plot.h < 40.0 {
        return;
    }
    let book_w = (plot.w * 0.22).max(f * 4.0).min(plot.w * 0.35);
    let bars = Rect {
        w: plot.w - book_w - f * 0.5,
        ..plot
    };
    let book_x = plot.right() - book_w;

    let (above_limit, below_limit) = map_limits(map);
    let (top, bottom) = fall_range(
        view.deepest,
        view.highest,
        map.bin_pct,
        above_limit,
        below_limit,
    );
    let span = bottom - top;
    let y_of = |fall: f64| plot.y + (fall - top) / span * plot.h;
    let clamp_y = |y: f64| y.clamp(plot.y, plot.bottom());

    // Grid and tick labels.
    let step = tick_step(span, plot.h, small * 2.2);
    let mut tick = (top / step).ceil() * step;
    pen.align("right", "middle");
    while tick <= bottom + 1e-9 {
        let y = y_of(tick);
        pen.line(plot.x, y, plot.right(), y, GRID, 1.0);
        pen.text(&format_tick(-tick), plot.x - small * 0.4, y, MUTED);
        tick += step;
    }
    pen.align("left", "middle");
    tick = (top / step).ceil() * step;
    while tick <= bottom + 1e-9 {
        pen.text(
            &format_price(view.reference * (1.0 - tick / 100.0)),
            plot.right() + small * 0.4,
            y_of(tick),
            MUTED,
        );
        tick += step;
    }
    let start_y = y_of(0.0);
    pen.dashed_hline(plot.x, plot.right(), start_y, MUTED, 1.0, 4.0);
    if below_limit < bottom {
        // The price fell past the map: mark where the map's bands end.
        let y = y_of(below_limit);
        pen.dashed_hline(plot.x, bars.right(), y, MUTED, 1.0, 2.0);
        pen.font(small, 400);
        pen.align("left", "top");
        pen.halo_text("the map ends here", plot.x + small * 0.4, y + 3.0, MUTED);
    }

    // Bars, one colour at a time; the band's state sets its opacity.
    let visible = |fall: f64| {
        fall - map.bin_pct / 2.0 >= top - 1e-9 && fall + map.bin_pct / 2.0 <= bottom + 1e-9
    };
    let peak = map
        .bins
        .iter()
        .filter(|b| visible(b.fall_pct))
        .map(|b| b.total_usd())
        .fold(0.0, f64::max);
    let usd_w = if peak > 0.0 { bars.w / peak } else { 0.0 };
    let band_px = map.bin_pct / span * plot.h;
    let gap = (band_px * 0.15).min(1.5);
    let pulse = 0.5 + 0.5 * (view.frac * 6.0 * PI).sin();
    let state = |fall: f64| {
        band_state(
            fall,
            view.gone_long,
            view.liquidating_long,
            view.gone_short,
            view.fall,
            view.fade,
        )
    };
    let alpha = |s: BandState| match s {
        BandState::Waiting => 0.9,
        BandState::UnderWater => 1.0,
        BandState::Liquidating(fade) => lerp(1.0, GONE_ALPHA, fade),
        BandState::Gone => GONE_ALPHA,
    };
    for (bucket, colour) in LEVERAGE_RAMP.iter().enumerate() {
        ctx.set_fill_style_str(colour);
        for bin in map.bins.iter().filter(|b| visible(b.fall_pct)) {
            let w = bin.usd_by_leverage[bucket] * usd_w;
            if w <= 0.0 {
                continue;
            }
            let left: f64 = bin.usd_by_leverage[..bucket].iter().sum::<f64>() * usd_w;
            ctx.set_global_alpha(alpha(state(bin.fall_pct)));
            ctx.fill_rect(
                bars.x + left,
                y_of(bin.fall_pct - map.bin_pct / 2.0) + gap / 2.0,
                w,
                band_px - gap,
            );
        }
    }
    ctx.set_global_alpha(1.0);
    // Outline the bands the price is crossing: they flash while their
    // positions are being liquidated.
    ctx.set_stroke_style_str(INK);
    for bin in map.bins.iter().filter(|b| visible(b.fall_pct)) {
        let outline = match state(bin.fall_pct) {
            BandState::UnderWater => 0.55,
            BandState::Liquidating(fade) if fade < 1.0 => (0.35 + 0.65 * pulse) * (1.0 - fade),
            _ => 0.0,
        };
        if outline > 0.0 && bin.total_usd() > 0.0 {
            ctx.set_global_alpha(outline);
            ctx.set_line_width(1.5);
            ctx.stroke_rect(
                bars.x - 1.0,
                y_of(bin.fall_pct - map.bin_pct / 2.0) + gap / 2.0,
                (bin.total_usd() * usd_w + 2.0).min(bars.w + 2.0),
                band_px - gap,
            );
        }
    }
    ctx.set_global_alpha(1.0);

    // Which side liquidates where.
    pen.font(small, 400);
    pen.align("right", "bottom");
    pen.halo_text("shorts \u{25b2}", bars.right() - 2.0, start_y - 2.0, MUTED);
    pen.align("right", "top");
    pen.halo_text("longs \u{25bc}", bars.right() - 2.0, start_y + 2.0, MUTED);

    // The order book: bids under the price, as wide as the book is deep,
    // one rung per 1%. From the forced-sales phase on it stays at the mark
    // while the orders eat its top.
    let block_w = if view.max_depth > 0.0 {
        (book_w * view.depth / view.max_depth).max(2.0)
    } else {
        0.0
    };
    let selling = view.step.is_some() && matches!(view.at, At::Step { .. }) && view.phase >= 3;
    let anchor = if selling { view.mark_fall } else { view.fall };
    ctx.set_global_alpha(0.35);
    for rung in 0..BOOK_RUNGS {
        let y1 = clamp_y(y_of(anchor + rung as f64));
        let y2 = clamp_y(y_of(anchor + rung as f64 + 1.0) - 1.0);
        if y2 > y1 {
            pen.fill_rect(book_x, y1, block_w, y2 - y1, GREEN);
        }
    }
    ctx.set_global_alpha(1.0);
    ctx.set_stroke_style_str(GREEN);
    ctx.set_line_width(1.5);
    let book_top = clamp_y(y_of(anchor));
    let book_bottom = clamp_y(y_of(anchor + BOOK_RUNGS as f64));
    if book_bottom > book_top {
        ctx.stroke_rect(book_x, book_top, block_w, book_bottom - book_top);
    }
    // The eaten part: what this step's impact takes off the book.
    if let (true, Some(step)) = (selling, view.step) {
        let eaten_to = view.close_fall.max(view.mark_fall);
        let (y_mark, y_close) = (clamp_y(y_of(view.mark_fall)), clamp_y(y_of(eaten_to)));
        if view.phase == 3 {
            let landed = ((view.t - 0.4) / 0.6).clamp(0.0, 1.0);
            ctx.set_global_alpha(0.25 + 0.65 * landed);
            pen.fill_rect(
                book_x,
                y_mark,
                block_w,
                (y_close - y_mark).max(4.0),
                VERMILLION,
            );
        } else {
            let y_now = clamp_y(y_of(view.fall)).clamp(y_mark, y_close.max(y_mark));
            ctx.set_global_alpha(0.85);
            pen.fill_rect(
                book_x,
                y_now,
                block_w,
                (y_close - y_now).max(0.0),
                VERMILLION,
            );
            ctx.set_global_alpha(1.0);
            pen.fill_rect(book_x, y_mark, block_w, y_now - y_mark, PAPER);
            ctx.set_stroke_style_str(VERMILLION);
            ctx.set_line_width(1.0);
            if y_now - y_mark > 1.0 {
                ctx.stroke_rect(book_x, y_mark, block_w, y_now - y_mark);
            }
        }
        ctx.set_global_alpha(1.0);

        // Sell orders flying from the liquidated layers into the book.
        let forced = step.spiral.forced_sales_usd;
        if view.phase == 3 && forced > 0.0 {
            let share = if view.max_forced > 0.0 {
                forced / view.max_forced
            } else {
                1.0
            };
            let count = (MIN_PARTICLES + (MAX_PARTICLES - MIN_PARTICLES) * share).round() as u64;
            let size = (f * 0.45).max(5.0);
            let seed = u64::from(step.minute);
            let (from_lo, from_hi) = if view.liquidating_long > view.gone_long {
                (view.gone_long, view.liquidating_long)
            } else {
                (view.mark_fall - 1.0, view.mark_fall)
            };
            ctx.set_fill_style_str(VERMILLION);
            ctx.set_stroke_style_str(INK);
            ctx.set_line_width(1.0);
            for i in 0..count {
                let depart = 0.6 * i as f64 / count as f64;
                let s = (view.t - depart) / 0.4;
                if !(0.0..1.0).contains(&s) {
                    continue;
                }
                let from_fall = lerp(from_lo, from_hi, hash01(seed, 3 * i));
                let bin_index = ((from_fall + above_limit) / map.bin_pct).floor().max(0.0) as usize;
                let bar_len = map
                    .bins
                    .get(bin_index)
                    .map_or(0.0, |b| b.total_usd() * usd_w);
                let x0 = bars.x + bar_len * hash01(seed, 3 * i + 1).max(0.2);
                let y0 = clamp_y(y_of(from_fall));
                let x1 = book_x + size / 2.0 + (block_w - size).max(0.0) * hash01(seed, 3 * i + 2);
                let y1 = lerp(y_mark, y_close.max(y_mark + size), hash01(seed, 3 * i + 1));
                let e = smooth(s);
                // A little arc: up first, then down into the book.
                let lift = (4.0 * e * (1.0 - e)) * f;
                let (px, py) = (lerp(x0, x1, e), lerp(y0, y1, e) - lift);
                ctx.fill_rect(px - size / 2.0, py - size / 2.0, size, size);
                ctx.stroke_rect(px - size / 2.0, py - size / 2.0, size, size);
            }
        }
    }

    // Labels for the book and for what is being sold.
    pen.font(small, 600);
    pen.align("right", "top");
    // Under the block, or above the price line when the block reaches the
    // bottom of the plot.
    let book_label_y = if book_bottom + 3.0 + small * 2.6 <= plot.bottom() {
        book_bottom + 3.0
    } else {
        (book_top - 3.0 - small * 2.6).max(plot.y)
    };
    pen.halo_text("Bids", plot.right() - 2.0, book_label_y, GREEN);
    pen.font(small, 400);
    let depth_text = format!("{} per 1%", format_usd(view.depth));
    pen.halo_text(
        &depth_text,
        plot.right() - 2.0,
        book_label_y + small * 1.25,
        INK,
    );
    if let (At::Step { .. }, Some(step)) = (view.at, view.step) {
        let liquidated = step.assets[BTC].long_liquidated_usd;
        if liquidated > 0.0 && (1..=4).contains(&view.phase) {
            pen.font(small, 600);
            let (text, y, x) = if view.phase <= 2 {
                let middle = (view.gone_long.max(view.mark_fall - 1.0)
                    + view.liquidating_long.max(view.mark_fall))
                    / 2.0;
                pen.align("right", "middle");
                (
                    format!("{} of longs liquidated", format_usd(liquidated)),
                    clamp_y(y_of(middle.min(view.mark_fall))) - small,
                    bars.right() - 2.0,
                )
            } else {
                pen.align("right", "top");
                (
                    format!("{} sold", format_usd(liquidated)),
                    clamp_y(y_of(view.close_fall.max(view.mark_fall))) + 3.0,
                    book_x - small * 0.5,
                )
            };
            pen.halo_text(&text, x, y, VERMILLION);
        }
    }

    // Where the spiral stopped.
    if view.at == At::After {
        let y = clamp_y(y_of(view.deepest));
        pen.dashed_hline(plot.x, plot.right(), y, VERMILLION, 2.0, 6.0);
        ctx.set_fill_style_str(VERMILLION);
        ctx.begin_path();
        ctx.move_to(plot.x, y);
        ctx.line_to(plot.x - small * 0.6, y - small * 0.45);
        ctx.line_to(plot.x - small * 0.6, y + small * 0.45);
        ctx.close_path();
        ctx.fill();
        pen.font(small, 600);
        let label = format!(
            "lowest {} ({})",
            format_price(view.reference * (1.0 - view.deepest / 100.0)),
            format_change(-view.deepest)
        );
        if y + small * 1.6 < plot.bottom() {
            pen.align("left", "top");
            pen.halo_text(&label, plot.x + small * 0.4, y + 3.0, VERMILLION);
        } else {
            pen.align("left", "bottom");
            pen.halo_text(&label, plot.x + small * 0.4, y - 3.0, VERMILLION);
        }
    }

    // The price line and its value on both axes.
    let y = clamp_y(y_of(view.fall));
    pen.line(plot.x, y, plot.right(), y, BTC_BLUE, 2.5);
    pen.font(small, 600);
    let h = small * 1.45;
    pen.pill(
        &format_price(view.price),
        plot.right() + 1.0,
        y,
        right_w - 1.0,
        h,
        BTC_BLUE,
    );
    pen.pill(
        &format_change(-view.fall),
        r.x,
        y,
        left_w - small * 0.3,
        h,
        BTC_BLUE,
    );

    // Foot: what a bar's length means.
    pen.font(small, 400);
    pen.align("left", "middle");
    let foot_y = plot.bottom() + foot_h / 2.0 + 2.0;
    let long_note = format!(
        "Bar: USD liquidated per {}% of price; longest {}",
        map.bin_pct,
        format_usd(peak)
    );
    let short_note = format!("Longest bar: {}", format_usd(peak));
    let note = if pen.width(&long_note) <= bars.w + left_w {
        long_note
    } else {
        short_note
    };
    pen.text(&note, r.x, foot_y, MUTED);
}

/// The loop: five nodes in a cycle with this step's amounts (the whole
/// run's once it is over), the active one filled and a dot running along
/// the link it feeds.
fn draw_loop(pen: &Pen<'_>, r: Rect, scene: &Scene, view: &View<'_>) {
    let ctx = pen.ctx;
    let f = pen.f;

    let amounts: [String; 5] = match (view.at, view.step) {
        (At::Step { .. }, Some(s)) => {
            let l = &s.spiral;
            [
                format_change(-l.price_fall_pct),
                format_usd(l.losses_usd),
                format_usd(l.margin_shortfall_usd),
                format_usd(l.forced_sales_usd),
                format_change(-l.impact_pct),
            ]
        }
        (At::After, _) => {
            let sum = |g: fn(&Step) -> f64| view.steps.iter().map(g).sum::<f64>();
            [
                format_change(-sum(|s| s.spiral.price_fall_pct)),
                // Minutes the price rose have negative losses; the total
                // counts what the falls cost.
                format_usd(sum(|s| s.spiral.losses_usd.max(0.0))),
                format_usd(sum(|s| s.spiral.margin_shortfall_usd)),
                format_usd(sum(|s| s.spiral.forced_sales_usd)),
                format_change(-sum(|s| s.spiral.impact_pct)),
            ]
        }
        _ => std::array::from_fn(|_| "\u{2014}".to_string()),
    };

    // Panel background and a title when there is room.
    pen.rounded_rect_path(r.x, r.y, r.w, r.h, 8.0);
    ctx.set_fill_style_str("#f7f8fb");
    ctx.fill();
    let inset = (f * 0.5).round();
    let mut area = Rect {
        x: r.x + inset,
        y: r.y + inset,
        w: r.w - 2.0 * inset,
        h: r.h - 2.0 * inset,
    };
    if area.h > f * 14.0 {
        let title = match (view.at, view.step) {
            (At::Step { .. }, Some(step)) => format!("The loop in minute {}", step.minute + 1),
            (At::After, _) => "The loop over the whole run".to_string(),
            _ => "The loop".to_string(),
        };
        pen.font(f, 600);
        pen.align("left", "top");
        pen.text(&title, area.x, area.y, INK);
        area.y += f * 1.7;
        area.h -= f * 1.7;
    }

    // Node sizes; fonts shrink (not below 12 px) when the nodes do not fit.
    let mut name_size = (f * 0.9).max(pen.min);
    let mut amount_size = f.max(pen.min);
    let mut widths = [0.0; 5];
    let mut pill_h = 0.0;
    for attempt in 0..2 {
        pen.font(name_size, 400);
        let names: [f64; 5] = std::array::from_fn(|i| pen.width(LOOP_NAMES[i]));
        pen.font(amount_size, 700);
        widths = std::array::from_fn(|i| names[i].max(pen.width(&amounts[i])) + name_size * 1.0);
        pill_h = name_size * 1.2 + amount_size * 1.25 + name_size * 0.45;
        let (centres, _, track) = loop_layout(area, &widths, pill_h);
        let room = if track {
            area.w / (widths[0] + widths[1] + widths[2] + 2.4 * f)
        } else {
            (centres[2].0 - centres[3].0) / ((widths[2] + widths[3]) / 2.0 + 1.2 * f)
        };
        if room >= 1.0 || attempt == 1 || name_size <= pen.min {
            break;
        }
        name_size = (name_size * room).max(pen.min);
        amount_size = (amount_size * room).max(pen.min);
    }
    let (centres, (cx, cy), track) = loop_layout(area, &widths, pill_h);
    let active = match view.at {
        At::Step { .. } => Some(view.phase),
        _ => None,
    };

    // Links: arrows between the pills' edges, bowed outwards.
    let exit = |i: usize, dx: f64, dy: f64| {
        let (hw, hh) = (widths[i] / 2.0 + 3.0, pill_h / 2.0 + 3.0);
        let x = if dx.abs() > 1e-9 {
            hw / dx.abs()
        } else {
            f64::INFINITY
        };
        let y = if dy.abs() > 1e-9 {
            hh / dy.abs()
        } else {
            f64::INFINITY
        };
        x.min(y)
    };
    for i in 0..5 {
        let j = (i + 1) % 5;
        let ((x1, y1), (x2, y2)) = (centres[i], centres[j]);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = (dx * dx + dy * dy).sqrt();
        if length < 1.0 {
            continue;
        }
        let (ux, uy) = (dx / length, dy / length);
        let (a, b) = (exit(i, ux, uy), exit(j, ux, uy));
        if a + b + 6.0 >= length {
            continue; // the pills touch: no room for an arrow
        }
        let (sx, sy) = (x1 + ux * a, y1 + uy * a);
        let (ex, ey) = (x2 - ux * b, y2 - uy * b);
        let (mx, my) = ((sx + ex) / 2.0, (sy + ey) / 2.0);
        let bow = if track { 0.12 } else { 0.25 };
        let (qx, qy) = (mx + (mx - cx) * bow, my + (my - cy) * bow);
        let lit = active == Some(i);
        let colour = if lit { VERMILLION } else { ARROW };
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(if lit { 3.0 } else { 1.5 });
        ctx.begin_path();
        ctx.move_to(sx, sy);
        ctx.quadratic_curve_to(qx, qy, ex, ey);
        ctx.stroke();
        // Arrowhead along the curve's last tangent.
        let (tx, ty) = (ex - qx, ey - qy);
        let tl = (tx * tx + ty * ty).sqrt().max(1e-9);
        let (tx, ty) = (tx / tl, ty / tl);
        let head = if lit { f * 0.7 } else { f * 0.55 };
        ctx.set_fill_style_str(colour);
        ctx.begin_path();
        ctx.move_to(ex, ey);
        ctx.line_to(
            ex - tx * head - ty * head * 0.5,
            ey - ty * head + tx * head * 0.5,
        );
        ctx.line_to(
            ex - tx * head + ty * head * 0.5,
            ey - ty * head - tx * head * 0.5,
        );
        ctx.close_path();
        ctx.fill();
        if lit && view.t > 0.35 {
            let u = smooth((view.t - 0.35) / 0.65);
            let px = (1.0 - u) * (1.0 - u) * sx + 2.0 * (1.0 - u) * u * qx + u * u * ex;
            let py = (1.0 - u) * (1.0 - u) * sy + 2.0 * (1.0 - u) * u * qy + u * u * ey;
            ctx.begin_path();
            let _ = ctx.arc(px, py, (f * 0.4).max(4.0), 0.0, 2.0 * PI);
            ctx.fill();
        }
    }

    // Nodes: the active one filled, the ones this step has passed tinted.
    for (i, amount) in amounts.iter().enumerate() {
        let (x, y) = centres[i];
        let (fill, border, name_colour, amount_colour) = match active {
            Some(p) if p == i => (BTC_BLUE, BTC_BLUE, PAPER, PAPER),
            Some(p) if i < p => (DONE_FILL, BTC_BLUE, INK, INK),
            _ => (PAPER, ARROW, MUTED, INK),
        };
        pen.rounded_rect_path(
            x - widths[i] / 2.0,
            y - pill_h / 2.0,
            widths[i],
            pill_h,
            name_size * 0.5,
        );
        ctx.set_fill_style_str(fill);
        ctx.fill();
        ctx.set_stroke_style_str(border);
        ctx.set_line_width(1.5);
        ctx.stroke();
        pen.align("center", "middle");
        let top = y - pill_h / 2.0 + name_size * 0.225;
        pen.font(name_size, 400);
        pen.text(LOOP_NAMES[i], x, top + name_size * 0.6, name_colour);
        pen.font(amount_size, 700);
        pen.text(
            amount,
            x,
            top + name_size * 1.2 + amount_size * 0.62,
            amount_colour,
        );
    }

    // In the middle: which round this is.
    let (first, second) = match (view.at, view.step) {
        (At::Step { .. }, Some(step)) if view.in_round() => (
            format!("Round {} of {}", view.round, view.rounds),
            format!("minute {}", step.minute + 1),
        ),
        (At::Step { .. }, Some(step)) => (
            format!("Minute {}", step.minute + 1),
            "no new liquidations".to_string(),
        ),
        (At::After, _) if scene.run.summary.runaway => {
            (format!("{} rounds", view.rounds), "ran away".to_string())
        }
        (At::After, _) => (
            "Totals".to_string(),
            format!("{} minutes", view.steps.len()),
        ),
        _ => ("Waiting".to_string(), "for the shock".to_string()),
    };
    pen.align("center", "middle");
    if track {
        let band = area.h - 2.0 * pill_h;
        if band >= name_size * 1.3 {
            pen.font(name_size, 600);
            pen.text(&format!("{first} \u{b7} {second}"), cx, cy, INK);
        }
    } else {
        let middle_y = cy + pill_h * 0.2;
        pen.font(name_size, 700);
        pen.text(&first, cx, middle_y - name_size * 0.65, INK);
        pen.font(name_size, 400);
        pen.text(&second, cx, middle_y + name_size * 0.65, MUTED);
    }
}
