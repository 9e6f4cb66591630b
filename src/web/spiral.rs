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

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::f64::consts::PI;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::canvas::{fit_backing_store_to, CanvasSize, TypeScale};
use crate::engine::i18n::{Key, Lang};
use crate::engine::liquidation_map::{LiquidationMap, LEVERAGE_BUCKET_NAMES};
use crate::engine::market::BTC;
use crate::engine::positions::Side;
use crate::engine::Step;
use crate::scene::Scene;
use crate::spiral_layout::*;

use crate::canvas::FONT_STACK as FONT;
const PAPER: &str = "#ffffff";
const INK: &str = "#14213d";
const MUTED: &str = "#4a5568";
const GRID: &str = "#e2e6ee";
const ARROW: &str = "#8a94a6";
/// Okabe-Ito: BTC's blue (as in the chart), vermillion, bluish green.
const BTC_BLUE: &str = "#0072b2";
const VERMILLION: &str = "#d55e00";
const GREEN: &str = "#009e73";
/// Okabe-Ito reddish purple: the reader's own position.
const PURPLE: &str = "#cc79a7";
const DONE_FILL: &str = "#e3f0f8";
/// Sequential ramp for the leverage buckets, light to dark (yellow, orange,
/// red, crimson, dark purple): lightness falls monotonically, so the order
/// reads with every common colour-vision deficiency.
const LEVERAGE_RAMP: [&str; 5] = ["#fed976", "#fd8d3c", "#e31a1c", "#9e0142", "#3f007d"];
/// Height of the order-book block, in % of the price (one rung per 1%).
const BOOK_RUNGS: usize = 3;
/// Sell orders drawn per step at most (and at least, when anything is sold).
const MAX_PARTICLES: f64 = 24.0;
const MIN_PARTICLES: f64 = 4.0;
/// Opacity of a band whose positions are gone.
const GONE_ALPHA: f64 = 0.16;

/// Draws the spiral at `position` (in steps: 3.25 = a quarter into step 3, 0.0 = before the first step, scene.run.steps.len() as f64 = the end).
/// With `hide_outcome` (predict mode before the reveal) the map's scale
/// does not follow the run's extremes, so it gives nothing away.
pub fn draw(
    canvas: &HtmlCanvasElement,
    css_size: (f64, f64),
    scene: &Scene,
    position: f64,
    hide_outcome: bool,
    lang: Lang,
) -> Result<(), String> {
    let Some((ctx, size, scale)) = blank_paper(canvas, css_size)? else {
        return Ok(()); // hidden or collapsed: nothing to draw on
    };
    let pen = Pen::sized(&ctx, size, scale, lang);
    let view = View::new(scene, position, hide_outcome);

    let caption = caption(&pen, scene, &view);
    let figures = loop_figures(pen.lang, view.at, view.steps, view.deepest);
    let (frame, nodes) = Frame::fitting_the_loop(&pen, size, &caption, &figures);
    draw_caption(&pen, &frame);
    draw_map(&pen, frame.map, scene, &view);
    draw_loop(
        &pen,
        frame.loop_panel,
        &nodes,
        &figures.amounts,
        scene,
        &view,
    );
    Ok(())
}

/// Before the first run arrives: the blank paper and one quiet line saying
/// the run is being computed, in the caption's type, so nothing is drawn
/// that is not the run's.
pub fn draw_computing(
    canvas: &HtmlCanvasElement,
    css_size: (f64, f64),
    lang: Lang,
) -> Result<(), String> {
    let Some((ctx, size, scale)) = blank_paper(canvas, css_size)? else {
        return Ok(());
    };
    let pen = Pen::sized(&ctx, size, scale, lang);
    pen.font(pen.f * 1.1, 600);
    pen.align("center", "middle");
    let text = lang.t(Key::ComputingFirstRun);
    pen.text(text, size.width / 2.0, size.height / 2.0, MUTED);
    Ok(())
}

/// The canvas's 2D context, cleared to paper, with its size (its CSS size is
/// `css_size`) and the page's type scale; None for a hidden or collapsed
/// canvas.
fn blank_paper(
    canvas: &HtmlCanvasElement,
    css_size: (f64, f64),
) -> Result<Option<(CanvasRenderingContext2d, CanvasSize, TypeScale)>, String> {
    let size = fit_backing_store_to(canvas, css_size);
    if !size.is_drawable() {
        return Ok(None);
    }
    let ctx = canvas
        .get_context("2d")
        .map_err(js_error)?
        .ok_or("canvas has no 2d context")?
        .dyn_into::<CanvasRenderingContext2d>()
        .map_err(|_| "the 2d context is not a CanvasRenderingContext2d".to_string())?;
    // Everything drawn is in CSS pixels; the transform maps them onto the
    // backing store. Set (not multiplied) every frame.
    ctx.set_transform(size.ratio, 0.0, 0.0, size.ratio, 0.0, 0.0)
        .map_err(js_error)?;
    ctx.set_global_alpha(1.0);
    ctx.set_fill_style_str(PAPER);
    ctx.fill_rect(0.0, 0.0, size.width, size.height);
    Ok(Some((ctx, size, TypeScale::read())))
}

/// The canvas cut into its parts: the caption's lines across the top, then
/// the map and the loop, side by side on a wide canvas and stacked on a
/// narrow one.
struct Frame {
    caption: Vec<String>,
    caption_size: f64,
    pad: f64,
    map: Rect,
    loop_panel: Rect,
}

/// How much of a wide body the loop may take, tried in turn until its five
/// nodes fit at the page's smallest type: on a short canvas (a projector's
/// stage beside a side panel) the loop's usual share is too narrow for its
/// boxes, which then ran off the canvas, so the map gives up width.
const LOOP_SHARES: [f64; 2] = [0.4, 0.5];

impl Frame {
    /// The first cut whose loop nodes stay inside its panel, else the
    /// widest loop, with the nodes fitted there (drawn as they are).
    fn fitting_the_loop(
        pen: &Pen<'_>,
        size: CanvasSize,
        caption: &str,
        figures: &LoopFigures,
    ) -> (Self, LoopNodes) {
        let fitted = |share| {
            let frame = Frame::cut(pen, size.width, size.height, caption, share);
            let area = loop_area(pen, frame.loop_panel);
            let nodes = LoopNodes::fit(pen, area, figures);
            let inside = nodes.inside(area);
            (frame, nodes, inside)
        };
        let mut chosen = fitted(LOOP_SHARES[0]);
        for &share in &LOOP_SHARES[1..] {
            if chosen.2 {
                break;
            }
            chosen = fitted(share);
        }
        (chosen.0, chosen.1)
    }

    /// The canvas cut for a caption; on a wide body the loop takes
    /// `loop_share` of its width (at the first share, no more than one and
    /// a half times the body's height, so it does not sprawl).
    fn cut(pen: &Pen<'_>, width: f64, height: f64, caption: &str, loop_share: f64) -> Self {
        let f = pen.f;
        let pad = (f * 0.6).round();
        let caption_size = f * 1.1;
        pen.font(caption_size, 600);
        let lines = wrap_words(caption, width - 2.0 * pad, |s| pen.width(s));
        let top = pad + caption_size * 1.3 * lines.len() as f64 + pad * 0.5;
        let body = Rect {
            x: pad,
            y: top,
            w: width - 2.0 * pad,
            h: height - top - pad,
        };
        let (map, loop_panel) = if body.w >= body.h * 1.3 {
            let loop_w = if loop_share <= LOOP_SHARES[0] {
                (body.w * loop_share).min(body.h * 1.5).max(body.w * 0.3)
            } else {
                body.w * loop_share
            };
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
        Frame {
            caption: lines,
            caption_size,
            pad,
            map,
            loop_panel,
        }
    }
}

fn draw_caption(pen: &Pen<'_>, frame: &Frame) {
    pen.font(frame.caption_size, 600);
    pen.align("left", "middle");
    let line_height = frame.caption_size * 1.3;
    for (i, line) in frame.caption.iter().enumerate() {
        pen.text(
            line,
            frame.pad,
            frame.pad + line_height * (i as f64 + 0.5),
            INK,
        );
    }
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
    /// The language of every word and number drawn.
    lang: Lang,
    /// The font last set on the context, as (size bits, weight): setting
    /// the same one again costs a string's trip to JS and a font parse.
    font_now: Cell<Option<FontKey>>,
}

/// A font of the canvas's one family: its size in CSS px (as bits, so it
/// can be a key) and its weight.
type FontKey = (u64, u32);

thread_local! {
    /// Widths of text already measured, by font: a frame measures the same
    /// labels as the frame before it, and `measureText` is among the
    /// costliest calls of a frame. Bounded: cleared when it grows past
    /// `TEXT_WIDTHS_KEPT` entries (numbers change as a run plays).
    static TEXT_WIDTHS: RefCell<HashMap<FontKey, HashMap<String, f64>>> = RefCell::new(HashMap::new());
}

const TEXT_WIDTHS_KEPT: usize = 4_096;

impl<'a> Pen<'a> {
    /// The pen for a canvas of `size`: the base size follows the canvas (a
    /// larger stage reads from further away), never letting the smallest
    /// text (0.85 f) under the page's minimum.
    fn sized(
        ctx: &'a CanvasRenderingContext2d,
        size: CanvasSize,
        scale: TypeScale,
        lang: Lang,
    ) -> Self {
        let lowest = scale.min / 0.85;
        let f = (size.width.min(size.height * 1.6) / 46.0).clamp(lowest, lowest.max(34.0));
        Pen {
            ctx,
            f,
            min: scale.min,
            lang,
            font_now: Cell::new(None),
        }
    }

    fn font(&self, size: f64, weight: u32) {
        let size = size.max(self.min);
        let key = (size.to_bits(), weight);
        if self.font_now.replace(Some(key)) != Some(key) {
            self.ctx.set_font(&format!("{weight} {size:.1}px {FONT}"));
        }
    }
    fn align(&self, align: &str, baseline: &str) {
        self.ctx.set_text_align(align);
        self.ctx.set_text_baseline(baseline);
    }
    /// The width of `text` in the current font, measured once per font.
    fn width(&self, text: &str) -> f64 {
        let Some(font) = self.font_now.get() else {
            return self.measure(text);
        };
        // Looked up by `&str`, so a hit allocates nothing.
        let known = TEXT_WIDTHS.with(|w| w.borrow().get(&font)?.get(text).copied());
        if let Some(width) = known {
            return width;
        }
        let width = self.measure(text);
        TEXT_WIDTHS.with(|widths| {
            let mut widths = widths.borrow_mut();
            if widths.values().map(HashMap::len).sum::<usize>() >= TEXT_WIDTHS_KEPT {
                widths.clear();
            }
            widths
                .entry(font)
                .or_default()
                .insert(text.to_string(), width);
        });
        width
    }
    fn measure(&self, text: &str) -> f64 {
        self.ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(text.chars().count() as f64 * self.f * 0.6)
    }
    /// The box one line of `text`, in the current font of `size` px, takes
    /// when drawn at (x, y) with this alignment and baseline.
    fn text_box(
        &self,
        text: &str,
        (x, y): (f64, f64),
        (align, baseline): (&str, &str),
        size: f64,
    ) -> Rect {
        let (w, h) = (self.width(text), size * 1.2);
        let left = match align {
            "right" => x - w,
            "center" => x - w / 2.0,
            _ => x,
        };
        let top = match baseline {
            "bottom" => y - h,
            "middle" => y - h / 2.0,
            _ => y,
        };
        Rect {
            x: left,
            y: top,
            w,
            h,
        }
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
    phase: Phase,
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
    fn new(scene: &'a Scene, position: f64, hide_outcome: bool) -> Self {
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
        let (deepest, highest) = if hide_outcome {
            (0.0, 0.0)
        } else {
            run_extremes(steps, reference)
        };
        let is_round = |s: &Step| s.spiral.margin_shortfall_usd > 0.0;
        let rounds = steps.iter().filter(|s| is_round(s)).count();
        let mut view = View {
            steps,
            reference,
            at,
            step: None,
            phase: Phase::PriceFall,
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
                view.phase = Phase::Impact;
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
                let (reached_long, reached_short) = if phase == Phase::PriceFall {
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
                    Phase::ForcedSales => smooth(t),
                    Phase::Impact => 1.0,
                    _ => 0.0,
                };
                view.depth = if phase == Phase::PriceFall && index > 0 {
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

fn caption(pen: &Pen<'_>, scene: &Scene, view: &View<'_>) -> String {
    let lang = pen.lang;
    let money = |usd: f64| format_usd(lang, usd);
    let change = |pct: f64| format_change(lang, pct);
    match (view.at, view.step) {
        (At::Step { .. }, Some(step)) => {
            let minute = (step.minute + 1).to_string();
            let btc = &step.assets[BTC];
            if view.in_round() {
                lang.fill(
                    Key::CaptionRound,
                    &[
                        ("minute", &minute),
                        ("round", &view.round.to_string()),
                        ("rounds", &view.rounds.to_string()),
                        ("liquidated", &money(btc.long_liquidated_usd)),
                        ("depth", &money(btc.depth_usd_per_pct)),
                        ("impact", &change(-step.spiral.impact_pct)),
                    ],
                )
            } else if view.round == 0 {
                lang.fill(
                    Key::CaptionShockOnly,
                    &[
                        ("minute", &minute),
                        ("fall", &change(-step.spiral.price_fall_pct)),
                    ],
                )
            } else if step.spiral.forced_sales_usd > 0.0 {
                lang.fill(
                    Key::CaptionSlices,
                    &[
                        ("minute", &minute),
                        ("sales", &money(step.spiral.forced_sales_usd)),
                    ],
                )
            } else {
                lang.fill(
                    Key::CaptionRefill,
                    &[
                        ("minute", &minute),
                        ("round", &view.round.to_string()),
                        ("depth", &money(btc.depth_usd_per_pct)),
                    ],
                )
            }
        }
        (At::After, _) => {
            let fall = change(-view.deepest);
            let rounds = if view.rounds == 1 {
                lang.t(Key::OneRound).to_string()
            } else {
                lang.fill(Key::Rounds, &[("n", &view.rounds.to_string())])
            };
            let key = if scene.run.summary.runaway {
                Key::CaptionRanAway
            } else {
                Key::CaptionAbsorbed
            };
            lang.fill(key, &[("fall", &fall), ("rounds", &rounds)])
        }
        _ => {
            let within: f64 = scene
                .map
                .bins
                .iter()
                .filter(|b| b.fall_pct > 0.0 && b.fall_pct < 5.0)
                .map(|b| b.total_usd())
                .sum();
            lang.fill(Key::CaptionBefore, &[("amount", &money(within))])
        }
    }
}

/// The map cut into its parts, with the vertical scale (% below the
/// starting price) they share.
struct MapFrame {
    /// Label size, CSS px.
    small: f64,
    /// Cells: % labels left of `plot`, prices right of it.
    left_w: f64,
    right_w: f64,
    /// Bars and book together, with the book's column at the right.
    plot: Rect,
    bars: Rect,
    book: Rect,
    /// The note under the plot.
    foot_y: f64,
    /// Falls (%) at the top and the bottom of the plot.
    top: f64,
    bottom: f64,
}

impl MapFrame {
    fn cut(
        pen: &Pen<'_>,
        r: Rect,
        legend_h: f64,
        view: &View<'_>,
        map: &LiquidationMap,
    ) -> Option<Self> {
        let small = (pen.f * 0.85).max(pen.min);
        pen.font(small, 400);
        let left_w = pen.width("\u{2212}00.0%") + small;
        let right_w = pen.width(&pen.lang.price(view.reference * 1.05)) + small;
        let foot_h = small * 1.6;
        let plot = Rect {
            x: r.x + left_w,
            y: r.y + legend_h + small * 0.8,
            w: r.w - left_w - right_w,
            h: r.h - legend_h - small * 0.8 - foot_h,
        };
        if plot.w < 40.0 || plot.h < 40.0 {
            return None;
        }
        let book_w = (plot.w * 0.22).max(pen.f * 4.0).min(plot.w * 0.35);
        let bars = Rect {
            w: plot.w - book_w - pen.f * 0.5,
            ..plot
        };
        let book = Rect {
            x: plot.right() - book_w,
            w: book_w,
            ..plot
        };
        let (above_limit, below_limit) = map_limits(map);
        let (top, bottom) = fall_range(
            view.deepest,
            view.highest,
            map.bin_pct,
            above_limit,
            below_limit,
        );
        let foot_y = plot.bottom() + foot_h / 2.0 + 2.0;
        Some(MapFrame {
            small,
            left_w,
            right_w,
            plot,
            bars,
            book,
            foot_y,
            top,
            bottom,
        })
    }

    /// The y of a fall (%), unclamped.
    fn y_of(&self, fall: f64) -> f64 {
        self.plot.y + (fall - self.top) / (self.bottom - self.top) * self.plot.h
    }

    /// The y of a fall, kept inside the plot.
    fn y_in(&self, fall: f64) -> f64 {
        self.y_of(fall).clamp(self.plot.y, self.plot.bottom())
    }

    /// Height of the price tag on the axes.
    fn tag_h(&self) -> f64 {
        self.small * 1.45
    }
}

/// The liquidation map with the price line, the order book and the sell
/// orders flying between them, drawn layer by layer.
fn draw_map(pen: &Pen<'_>, r: Rect, scene: &Scene, view: &View<'_>) {
    let map = &scene.map;
    let legend_h = draw_legend(pen, r);
    let Some(frame) = MapFrame::cut(pen, r, legend_h, view, map) else {
        return;
    };
    draw_axes(pen, &frame, view, map);
    let mut taken = Taken::default();
    let peak = draw_bars(pen, &frame, view, map, &mut taken);
    draw_book(pen, &frame, view);
    taken.add(block_box(&frame, view));
    draw_orders(pen, &frame, view, map, peak);
    // The reader's label first; the book's labels, which follow the block
    // anyway, move round it; the lowest price's label wraps round both.
    draw_user_liquidation(pen, &frame, view, scene, &mut taken);
    if view.at == At::After {
        // The lowest price's dashed line, which text should not sit on.
        let y = frame.y_in(view.deepest);
        taken.add(Rect {
            x: frame.plot.x,
            y: y - 2.0,
            w: frame.plot.w,
            h: 4.0,
        });
    }
    draw_book_labels(pen, &frame, view, &mut taken);
    draw_end_marker(pen, &frame, view, &mut taken);
    draw_price_line(pen, &frame, view);
    draw_foot(pen, &frame, map, peak);
}

/// The leverage buckets' colours on one row if any wording fits, else
/// wrapped; returns the height used.
/// The leverage buckets' names in `lang` (under 5x, 5-10x, ..., over 50x).
fn leverage_names(lang: Lang) -> [String; 5] {
    std::array::from_fn(|i| match i {
        0 => lang.t(Key::LeverageUnder5).to_string(),
        4 => lang.t(Key::LeverageOver50).to_string(),
        _ => LEVERAGE_BUCKET_NAMES[i].to_string(),
    })
}

fn draw_legend(pen: &Pen<'_>, r: Rect) -> f64 {
    let small = (pen.f * 0.85).max(pen.min);
    pen.font(small, 400);
    pen.align("left", "middle");
    let row_h = small * 1.5;
    let swatch = small * 0.9;
    let names = leverage_names(pen.lang);
    let short: [String; 5] = std::array::from_fn(|i| {
        LEVERAGE_BUCKET_NAMES[i]
            .replace("under ", "<")
            .replace("over ", ">")
    });
    let item_w = |name: &str| swatch + small * 0.25 + pen.width(name) + small * 0.6;
    let full_w: f64 = names.iter().map(|n| item_w(n)).sum();
    let short_w: f64 = short.iter().map(|n| item_w(n)).sum();
    let title_w = |t: &str| pen.width(t) + small * 0.5;
    let (long_title, title) = (
        pen.lang.t(Key::LegendTitleLong),
        pen.lang.t(Key::LegendTitle),
    );
    let (title, use_short) = [(long_title, false), (title, false), (title, true)]
        .into_iter()
        .find(|&(t, s)| title_w(t) + if s { short_w } else { full_w } <= r.w + small * 0.6)
        .unwrap_or((title, true));
    let mut x = r.x;
    let mut y = r.y + row_h / 2.0;
    pen.text(title, x, y, MUTED);
    x += title_w(title);
    for (i, full) in names.iter().enumerate() {
        let name = if use_short {
            short[i].as_str()
        } else {
            full.as_str()
        };
        let w = item_w(name);
        if x + w - small * 0.6 > r.right() && x > r.x {
            x = r.x;
            y += row_h;
        }
        pen.fill_rect(x, y - swatch / 2.0, swatch, swatch, LEVERAGE_RAMP[i]);
        pen.text(name, x + swatch + small * 0.25, y, INK);
        x += w;
    }
    y + row_h / 2.0 - r.y
}

/// Grid lines with % labels left and prices right, leaving out the labels
/// the price tags would cover; the starting price dashed; where the map ends.
fn draw_axes(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>, map: &LiquidationMap) {
    let (plot, small) = (frame.plot, frame.small);
    let step = tick_step(frame.bottom - frame.top, plot.h, small * 2.2);
    let price_y = frame.y_in(view.fall);
    pen.font(small, 400);
    let mut tick = (frame.top / step).ceil() * step;
    while tick <= frame.bottom + 1e-9 {
        let y = frame.y_of(tick);
        pen.line(plot.x, y, plot.right(), y, GRID, 1.0);
        if (y - price_y).abs() >= frame.tag_h() {
            pen.align("right", "middle");
            pen.text(
                &format_tick(pen.lang, -tick),
                plot.x - small * 0.4,
                y,
                MUTED,
            );
            pen.align("left", "middle");
            let price = pen.lang.price(view.reference * (1.0 - tick / 100.0));
            pen.text(&price, plot.right() + small * 0.4, y, MUTED);
        }
        tick += step;
    }
    pen.dashed_hline(plot.x, plot.right(), frame.y_of(0.0), MUTED, 1.0, 4.0);
    let (_, below_limit) = map_limits(map);
    if below_limit < frame.bottom {
        // The price fell past the map: mark where the map's bands end.
        let y = frame.y_of(below_limit);
        pen.dashed_hline(plot.x, frame.bars.right(), y, MUTED, 1.0, 2.0);
        pen.align("left", "top");
        pen.halo_text(
            pen.lang.t(Key::MapEnds),
            plot.x + small * 0.4,
            y + 3.0,
            MUTED,
        );
    }
}

/// Bars, one colour at a time, the band's state setting its opacity; the
/// bands being liquidated outlined and flashing. Returns the longest bar's
/// USD, which sets the scale.
fn draw_bars(
    pen: &Pen<'_>,
    frame: &MapFrame,
    view: &View<'_>,
    map: &LiquidationMap,
    taken: &mut Taken,
) -> f64 {
    let ctx = pen.ctx;
    let bars = frame.bars;
    let visible = |fall: f64| {
        fall - map.bin_pct / 2.0 >= frame.top - 1e-9
            && fall + map.bin_pct / 2.0 <= frame.bottom + 1e-9
    };
    let peak = map
        .bins
        .iter()
        .filter(|b| visible(b.fall_pct))
        .map(|b| b.total_usd())
        .fold(0.0, f64::max);
    let usd_w = if peak > 0.0 { bars.w / peak } else { 0.0 };
    let band_px = map.bin_pct / (frame.bottom - frame.top) * frame.plot.h;
    let gap = (band_px * 0.15).min(1.5);
    let band_y = |fall: f64| frame.y_of(fall - map.bin_pct / 2.0) + gap / 2.0;
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
    for (bucket, colour) in LEVERAGE_RAMP.iter().enumerate() {
        ctx.set_fill_style_str(colour);
        for bin in map.bins.iter().filter(|b| visible(b.fall_pct)) {
            let w = bin.usd_by_leverage[bucket] * usd_w;
            if w > 0.0 {
                let left: f64 = bin.usd_by_leverage[..bucket].iter().sum::<f64>() * usd_w;
                ctx.set_global_alpha(match state(bin.fall_pct) {
                    BandState::Waiting => 0.9,
                    BandState::UnderWater => 1.0,
                    BandState::Liquidating(fade) => lerp(1.0, GONE_ALPHA, fade),
                    BandState::Gone => GONE_ALPHA,
                });
                ctx.fill_rect(bars.x + left, band_y(bin.fall_pct), w, band_px - gap);
            }
        }
    }
    let pulse = 0.5 + 0.5 * libm::sin(view.frac * 6.0 * PI);
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(1.5);
    for bin in map
        .bins
        .iter()
        .filter(|b| visible(b.fall_pct) && b.total_usd() > 0.0)
    {
        let outline = match state(bin.fall_pct) {
            BandState::UnderWater => 0.55,
            BandState::Liquidating(fade) if fade < 1.0 => (0.35 + 0.65 * pulse) * (1.0 - fade),
            _ => 0.0,
        };
        if outline > 0.0 {
            ctx.set_global_alpha(outline);
            let w = (bin.total_usd() * usd_w + 2.0).min(bars.w + 2.0);
            ctx.stroke_rect(bars.x - 1.0, band_y(bin.fall_pct), w, band_px - gap);
        }
    }
    ctx.set_global_alpha(1.0);
    // Which side liquidates where.
    let start_y = frame.y_of(0.0);
    pen.font(frame.small, 400);
    for (key, baseline, dy) in [(Key::Shorts, "bottom", -2.0), (Key::Longs, "top", 2.0)] {
        let (text, at) = (pen.lang.t(key), (bars.right() - 2.0, start_y + dy));
        pen.align("right", baseline);
        pen.halo_text(text, at.0, at.1, MUTED);
        taken.add(pen.text_box(text, at, ("right", baseline), frame.small));
    }
    peak
}

/// Where the book stands: at the mark from the forced-sales phase on,
/// else under the moving price.
fn book_anchor(view: &View<'_>) -> (bool, f64) {
    let selling = view.step.is_some()
        && matches!(view.at, At::Step { .. })
        && view.phase >= Phase::ForcedSales;
    (selling, if selling { view.mark_fall } else { view.fall })
}

/// The book's block, as wide as the book is deep.
fn block_width(frame: &MapFrame, view: &View<'_>) -> f64 {
    if view.max_depth > 0.0 {
        (frame.book.w * view.depth / view.max_depth).max(2.0)
    } else {
        0.0
    }
}

/// The book's block, as drawn by `draw_book`.
fn block_box(frame: &MapFrame, view: &View<'_>) -> Rect {
    let (_, anchor) = book_anchor(view);
    let (top, bottom) = (frame.y_in(anchor), frame.y_in(anchor + BOOK_RUNGS as f64));
    Rect {
        x: frame.book.x,
        y: top,
        w: block_width(frame, view),
        h: (bottom - top).max(0.0),
    }
}

/// The order book: bids under the price, one rung per 1%, and the part
/// this step's impact eats off its top.
fn draw_book(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>) {
    let ctx = pen.ctx;
    let (x, w) = (frame.book.x, block_width(frame, view));
    let (selling, anchor) = book_anchor(view);
    ctx.set_global_alpha(0.35);
    for rung in 0..BOOK_RUNGS {
        let y1 = frame.y_in(anchor + rung as f64);
        let y2 = frame.y_in(anchor + rung as f64 + 1.0) - 1.0;
        if y2 > y1 {
            pen.fill_rect(x, y1, w, y2 - y1, GREEN);
        }
    }
    ctx.set_global_alpha(1.0);
    ctx.set_stroke_style_str(GREEN);
    ctx.set_line_width(1.5);
    let (top, bottom) = (frame.y_in(anchor), frame.y_in(anchor + BOOK_RUNGS as f64));
    if bottom > top {
        ctx.stroke_rect(x, top, w, bottom - top);
    }
    if !selling {
        return;
    }
    let (y_mark, y_close) = (
        frame.y_in(view.mark_fall),
        frame.y_in(view.close_fall.max(view.mark_fall)),
    );
    if view.phase == Phase::ForcedSales {
        let landed = ((view.t - 0.4) / 0.6).clamp(0.0, 1.0);
        ctx.set_global_alpha(0.25 + 0.65 * landed);
        pen.fill_rect(x, y_mark, w, (y_close - y_mark).max(4.0), VERMILLION);
    } else {
        let y_now = frame.y_in(view.fall).clamp(y_mark, y_close.max(y_mark));
        ctx.set_global_alpha(0.85);
        pen.fill_rect(x, y_now, w, (y_close - y_now).max(0.0), VERMILLION);
        ctx.set_global_alpha(1.0);
        pen.fill_rect(x, y_mark, w, y_now - y_mark, PAPER);
        ctx.set_stroke_style_str(VERMILLION);
        ctx.set_line_width(1.0);
        if y_now - y_mark > 1.0 {
            ctx.stroke_rect(x, y_mark, w, y_now - y_mark);
        }
    }
    ctx.set_global_alpha(1.0);
}

/// Sell orders flying from the liquidated layers into the book, during
/// the forced-sales phase; more of them the more is sold.
fn draw_orders(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>, map: &LiquidationMap, peak: f64) {
    let (ctx, f) = (pen.ctx, pen.f);
    let Some(step) = view.step.filter(|_| matches!(view.at, At::Step { .. })) else {
        return;
    };
    let forced = step.spiral.forced_sales_usd;
    if view.phase != Phase::ForcedSales || forced <= 0.0 {
        return;
    }
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
    let (above_limit, _) = map_limits(map);
    let usd_w = if peak > 0.0 { frame.bars.w / peak } else { 0.0 };
    let block_w = block_width(frame, view);
    let (y_mark, y_close) = (
        frame.y_in(view.mark_fall),
        frame.y_in(view.close_fall.max(view.mark_fall)),
    );
    ctx.set_fill_style_str(VERMILLION);
    ctx.set_stroke_style_str(INK);
    ctx.set_line_width(1.0);
    for i in 0..count {
        let s = (view.t - 0.6 * i as f64 / count as f64) / 0.4;
        if !(0.0..1.0).contains(&s) {
            continue;
        }
        let from_fall = lerp(from_lo, from_hi, hash01(seed, 3 * i));
        let bin_index = ((from_fall + above_limit) / map.bin_pct).floor().max(0.0) as usize;
        let bar_len = map
            .bins
            .get(bin_index)
            .map_or(0.0, |b| b.total_usd() * usd_w);
        let x0 = frame.bars.x + bar_len * hash01(seed, 3 * i + 1).max(0.2);
        let y0 = frame.y_in(from_fall);
        let x1 = frame.book.x + size / 2.0 + (block_w - size).max(0.0) * hash01(seed, 3 * i + 2);
        let y1 = lerp(y_mark, y_close.max(y_mark + size), hash01(seed, 3 * i + 1));
        let e = smooth(s);
        // A little arc: up first, then down into the book.
        let lift = (4.0 * e * (1.0 - e)) * f;
        let (px, py) = (lerp(x0, x1, e), lerp(y0, y1, e) - lift);
        ctx.fill_rect(px - size / 2.0, py - size / 2.0, size, size);
        ctx.stroke_rect(px - size / 2.0, py - size / 2.0, size, size);
    }
}

/// The book's depth under its block, and what this step liquidates (beside
/// the bands, while they are closed) or sells (in the book's column, above
/// the price, where nothing else is drawn).
fn draw_book_labels(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>, taken: &mut Taken) {
    let (small, plot) = (frame.small, frame.plot);
    // What this step liquidates keeps its place beside the bands; the
    // book's labels move round it.
    let liquidated = liquidated_now(view);
    if view.phase <= Phase::MarginShortfall {
        if let Some(usd) = liquidated {
            draw_liquidated_label(pen, frame, view, usd, taken);
        }
    }
    if let Some(label_y) = book_labels_y(pen, frame, view, taken) {
        pen.font(small, 600);
        pen.align("right", "top");
        pen.halo_text(pen.lang.t(Key::Bids), plot.right() - 2.0, label_y, GREEN);
        pen.font(small, 400);
        pen.halo_text(
            &format_usd(pen.lang, view.depth),
            plot.right() - 2.0,
            label_y + small * 1.2,
            INK,
        );
        pen.halo_text(
            pen.lang.t(Key::BidsPerPct),
            plot.right() - 2.0,
            label_y + small * 2.4,
            INK,
        );
    }
    let Some(usd) = liquidated.filter(|_| view.phase > Phase::MarginShortfall) else {
        return;
    };
    pen.font(small, 600);
    let amount = format_usd(pen.lang, usd);
    let Some(y) = sold_label_bottom(pen, frame, view, &amount, taken) else {
        return;
    };
    pen.align("right", "bottom");
    pen.halo_text(pen.lang.t(Key::Sold), plot.right() - 2.0, y, VERMILLION);
    pen.halo_text(&amount, plot.right() - 2.0, y - small * 1.2, VERMILLION);
}

/// BTC's longs liquidated in this step, while its liquidating phases play.
fn liquidated_now(view: &View<'_>) -> Option<f64> {
    let step = view.step.filter(|_| matches!(view.at, At::Step { .. }))?;
    let usd = step.assets[BTC].long_liquidated_usd;
    (usd > 0.0 && view.phase.liquidating()).then_some(usd)
}

/// "$X of BTC longs liquidated" beside the bands being liquidated, or under
/// the price line when that covers another label (the "shorts / longs"
/// labels, the reader's own).
fn draw_liquidated_label(
    pen: &Pen<'_>,
    frame: &MapFrame,
    view: &View<'_>,
    usd: f64,
    taken: &mut Taken,
) {
    let small = frame.small;
    pen.font(small, 600);
    let amount = format_usd(pen.lang, usd);
    let text = [
        pen.lang
            .fill(Key::LiquidatedOfBtcLongs, &[("amount", &amount)]),
        pen.lang.fill(Key::LiquidatedShort, &[("amount", &amount)]),
        amount.clone(),
    ]
    .into_iter()
    .find(|t| pen.width(t) <= frame.bars.w - small)
    .unwrap_or(amount);
    let middle = (view.gone_long.max(view.mark_fall - 1.0)
        + view.liquidating_long.max(view.mark_fall))
        / 2.0;
    let x = frame.bars.right() - 2.0;
    let beside = frame.y_in(middle.min(view.mark_fall)) - small;
    let under = frame.y_in(view.fall) + small * 1.4;
    let boxes = [beside, under].map(|y| pen.text_box(&text, (x, y), ("right", "middle"), small));
    // Left out where it would cover another label (a short map): the
    // caption gives the same amount.
    let Some(place) = taken.first_free(boxes) else {
        return;
    };
    pen.align("right", "middle");
    pen.halo_text(&text, x, place.y + place.h / 2.0, VERMILLION);
    taken.add(place);
}

/// The top of the book's three labels: under the block, or the nearest
/// place (in the book's column, which they overflow in Spanish) where they
/// cover no other label; the box they take is added to `taken`. None on a
/// map too short to hold them apart from the other labels.
fn book_labels_y(
    pen: &Pen<'_>,
    frame: &MapFrame,
    view: &View<'_>,
    taken: &mut Taken,
) -> Option<f64> {
    let (small, plot) = (frame.small, frame.plot);
    let block = block_box(frame, view);
    pen.font(small, 600);
    let bids_w = pen.width(pen.lang.t(Key::Bids));
    pen.font(small, 400);
    let w = [
        format_usd(pen.lang, view.depth).as_str(),
        pen.lang.t(Key::BidsPerPct),
    ]
    .iter()
    .fold(bids_w, |w, t| w.max(pen.width(t)));
    let want = Rect {
        x: plot.right() - 2.0 - w,
        y: block.bottom() + 3.0,
        w,
        h: small * 3.6,
    };
    let y = taken.nearest_free_y(want, plot.y, plot.bottom(), 3.0)?;
    taken.add(Rect { y, ..want });
    Some(y)
}

/// Where the two lines of "$X sold" end: just above the mark, or the
/// nearest place up or down that covers no label already drawn (the
/// "shorts / longs" labels at the starting price early in a run, the book's
/// labels); None where there is no such place (the caption gives the sales).
fn sold_label_bottom(
    pen: &Pen<'_>,
    frame: &MapFrame,
    view: &View<'_>,
    amount: &str,
    taken: &mut Taken,
) -> Option<f64> {
    let (small, plot) = (frame.small, frame.plot);
    let w = pen.width(pen.lang.t(Key::Sold)).max(pen.width(amount));
    let h = small * 2.4;
    let bottom = (frame.y_in(view.mark_fall) - 3.0).max(plot.y + h + small * 0.1);
    let want = Rect {
        x: plot.right() - 2.0 - w,
        y: bottom - h,
        w,
        h,
    };
    let y = taken.nearest_free_y(want, plot.y, plot.bottom(), 3.0)?;
    taken.add(Rect { y, ..want });
    Some(y + h)
}

/// Once the run is over: a dashed line and a label where the spiral stopped.
fn draw_end_marker(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>, taken: &mut Taken) {
    if view.at != At::After {
        return;
    }
    let (ctx, small, plot) = (pen.ctx, frame.small, frame.plot);
    let y = frame.y_in(view.deepest);
    pen.dashed_hline(plot.x, plot.right(), y, VERMILLION, 2.0, 6.0);
    ctx.set_fill_style_str(VERMILLION);
    ctx.begin_path();
    ctx.move_to(plot.x, y);
    ctx.line_to(plot.x - small * 0.6, y - small * 0.45);
    ctx.line_to(plot.x - small * 0.6, y + small * 0.45);
    ctx.close_path();
    ctx.fill();
    pen.font(small, 600);
    let label = pen.lang.fill(
        Key::Lowest,
        &[
            (
                "price",
                &pen.lang
                    .price(view.reference * (1.0 - view.deepest / 100.0)),
            ),
            ("fall", &format_change(pen.lang, -view.deepest)),
        ],
    );
    // On the plot, not over the prices beside it nor the labels in it:
    // wrapped when the words are too wide ("mínimo 83.780 $ (−11,8 %)").
    let x = plot.x + small * 0.4;
    let line_h = small * 1.2;
    let measure = |t: &str| pen.width(t);
    let (lines, place) = place_lines(
        taken,
        &label,
        (x, y),
        (plot.right() - x, line_h, 3.0),
        (plot.y, plot.bottom() + small * 0.4),
        measure,
    )
    .unwrap_or_else(|| {
        let lines = wrap_words(&label, plot.right() - x, measure);
        let h = line_h * lines.len() as f64;
        let top = if y + 3.0 + h <= plot.bottom() {
            y + 3.0
        } else {
            y - 3.0 - h
        };
        (
            lines,
            Rect {
                x,
                y: top,
                w: 0.0,
                h,
            },
        )
    });
    pen.align("left", "top");
    for (i, line) in lines.iter().enumerate() {
        pen.halo_text(line, x, place.y + line_h * i as f64, VERMILLION);
    }
    taken.add(place);
}

/// The reader's position: a dashed line at its liquidation price (kept on
/// the plot's edge when it is off the map) and what it is, right-aligned.
fn draw_user_liquidation(
    pen: &Pen<'_>,
    frame: &MapFrame,
    view: &View<'_>,
    scene: &Scene,
    taken: &mut Taken,
) {
    let Some((side, price)) = scene.user_liquidation else {
        return;
    };
    let (plot, small) = (frame.plot, frame.small);
    let y = frame.y_in(fall_pct(price, view.reference));
    pen.dashed_hline(plot.x, frame.bars.right(), y, PURPLE, 2.5, 4.0);
    let words = match side {
        Side::Long => Key::PositionMapLong,
        Side::Short => Key::PositionMapShort,
    };
    pen.font(small, 600);
    let price_text = pen.lang.price(price);
    let labels: Vec<String> = [words, Key::PositionMapBrief]
        .map(|key| pen.lang.fill(key, &[("price", &price_text)]))
        .into_iter()
        .filter(|l| pen.width(l) <= frame.bars.w)
        .collect();
    // Above its line, or under it near the top or when another label is
    // there; the long wording first.
    let near_top = y - small * 1.6 < plot.y;
    let sides: &[(&str, f64)] = if near_top {
        &[("top", 3.0)]
    } else {
        &[("bottom", -3.0), ("top", 3.0)]
    };
    let x = frame.bars.right();
    let options: Vec<(&String, &str, f64, Rect)> = labels
        .iter()
        .flat_map(|l| sides.iter().map(move |&(baseline, dy)| (l, baseline, dy)))
        .map(|(l, baseline, dy)| {
            (
                l,
                baseline,
                dy,
                pen.text_box(l, (x, y + dy), ("right", baseline), small),
            )
        })
        .collect();
    let Some(&(label, baseline, dy, place)) = options
        .iter()
        .find(|o| taken.is_free(&o.3))
        .or(options.first())
    else {
        return;
    };
    pen.align("right", baseline);
    pen.halo_text(label, x, y + dy, INK);
    taken.add(place);
}

/// The price line with its value as tags on both axes.
fn draw_price_line(pen: &Pen<'_>, frame: &MapFrame, view: &View<'_>) {
    let (plot, small) = (frame.plot, frame.small);
    let y = frame.y_in(view.fall);
    pen.line(plot.x, y, plot.right(), y, BTC_BLUE, 2.5);
    pen.font(small, 600);
    let h = frame.tag_h();
    pen.pill(
        &pen.lang.price(view.price),
        plot.right() + 1.0,
        y,
        frame.right_w - 1.0,
        h,
        BTC_BLUE,
    );
    pen.pill(
        &format_change(pen.lang, -view.fall),
        plot.x - frame.left_w,
        y,
        frame.left_w - small * 0.3,
        h,
        BTC_BLUE,
    );
}

/// What a bar's length means.
fn draw_foot(pen: &Pen<'_>, frame: &MapFrame, map: &LiquidationMap, peak: f64) {
    pen.font(frame.small, 400);
    pen.align("left", "middle");
    let long_note = pen.lang.fill(
        Key::FootLong,
        &[
            ("band", &pen.lang.percent(map.bin_pct, 1)),
            ("amount", &format_usd(pen.lang, peak)),
        ],
    );
    let note = if pen.width(&long_note) <= frame.bars.w + frame.left_w {
        long_note
    } else {
        pen.lang
            .fill(Key::FootShort, &[("amount", &format_usd(pen.lang, peak))])
    };
    pen.text(&note, frame.plot.x - frame.left_w, frame.foot_y, MUTED);
}

/// The loop: five nodes in a cycle with this step's amounts (the whole
/// run's once it is over), the active one filled and a dot running along
/// the link it feeds.
fn draw_loop(
    pen: &Pen<'_>,
    r: Rect,
    nodes: &LoopNodes,
    amounts: &[String; 5],
    scene: &Scene,
    view: &View<'_>,
) {
    pen.rounded_rect_path(r.x, r.y, r.w, r.h, 8.0);
    pen.ctx.set_fill_style_str("#f7f8fb");
    pen.ctx.fill();
    draw_loop_title(pen, loop_inner(pen, r), view);
    let active = match view.at {
        At::Step { .. } => Some(view.phase),
        _ => None,
    };
    draw_links(pen, nodes, active, view.t);
    draw_nodes(pen, nodes, amounts, active);
    draw_loop_centre(pen, nodes, scene, view);
}

/// The loop panel `r` inside its inset.
fn loop_inner(pen: &Pen<'_>, r: Rect) -> Rect {
    let inset = (pen.f * 0.5).round();
    Rect {
        x: r.x + inset,
        y: r.y + inset,
        w: r.w - 2.0 * inset,
        h: r.h - 2.0 * inset,
    }
}

/// The height the loop's title and its note take.
fn loop_title_height(pen: &Pen<'_>) -> f64 {
    pen.f * 1.35 + (pen.f * 0.85).max(pen.min) * 1.5
}

/// The room for the loop's nodes in the loop panel `r`: inside its inset,
/// under its title and note.
fn loop_area(pen: &Pen<'_>, r: Rect) -> Rect {
    let inner = loop_inner(pen, r);
    let title = loop_title_height(pen);
    Rect {
        y: inner.y + title,
        h: inner.h - title,
        ..inner
    }
}

/// The title and what the loop counts (the price moves are BTC's, the
/// amounts all six assets'), at the top of `area` (see `loop_area` for the
/// room they leave).
fn draw_loop_title(pen: &Pen<'_>, area: Rect, view: &View<'_>) {
    let lang = pen.lang;
    let titles = match (view.at, view.step) {
        (At::Step { .. }, Some(step)) => {
            let minute = [("minute", (step.minute + 1).to_string())];
            let minute = [(minute[0].0, minute[0].1.as_str())];
            [
                lang.fill(Key::LoopTitleMinute, &minute),
                lang.fill(Key::LoopTitleMinuteShort, &minute),
            ]
        }
        (At::After, _) => [
            lang.t(Key::LoopTitleRun).to_string(),
            lang.t(Key::LoopTitleRunShort).to_string(),
        ],
        _ => [
            lang.t(Key::LoopTitle).to_string(),
            lang.t(Key::LoopTitle).to_string(),
        ],
    };
    let small = (pen.f * 0.85).max(pen.min);
    pen.align("left", "top");
    pen.font(pen.f, 600);
    let [long, short] = titles;
    let title = if pen.width(&long) <= area.w {
        long
    } else {
        short
    };
    pen.text(&title, area.x, area.y, INK);
    pen.font(small, 400);
    let note = [lang.t(Key::LoopNoteLong), lang.t(Key::LoopNoteShort)]
        .into_iter()
        .find(|n| pen.width(n) <= area.w)
        .unwrap_or(lang.t(Key::LoopNoteShortest));
    pen.text(note, area.x, area.y + pen.f * 1.35, MUTED);
}

/// The five nodes' places and sizes: fonts shrink (never under the page's
/// minimum) when the nodes do not fit.
struct LoopNodes {
    names: [&'static str; 5],
    centres: [(f64, f64); 5],
    centre: (f64, f64),
    widths: [f64; 5],
    pill_h: f64,
    name_size: f64,
    amount_size: f64,
    /// Pentagon, track or column.
    shape: Shape,
    /// Height of the loop's area.
    area_h: f64,
}

impl LoopNodes {
    /// The largest fonts (never under the page's minimum) and the longest
    /// names with which the nodes fit the area without touching.
    fn fit(pen: &Pen<'_>, area: Rect, figures: &LoopFigures) -> Self {
        let amounts = &figures.amounts;
        let full = figures.names.map(|k| pen.lang.t(k));
        let short = figures.short_names.map(|k| pen.lang.t(k));
        let mut nodes = Self::place(pen, area, amounts, full, pen.f * 0.9, pen.f);
        for names in [full, full, short] {
            let room = nodes.room(area, pen.f);
            if room >= 1.0 {
                break;
            }
            let (name_size, amount_size) = (nodes.name_size * room, nodes.amount_size * room);
            nodes = Self::place(pen, area, amounts, names, name_size, amount_size);
        }
        nodes
    }

    fn place(
        pen: &Pen<'_>,
        area: Rect,
        amounts: &[String; 5],
        names: [&'static str; 5],
        name_size: f64,
        amount_size: f64,
    ) -> Self {
        let (name_size, amount_size) = (name_size.max(pen.min), amount_size.max(pen.min));
        pen.font(name_size, 400);
        let name_w: [f64; 5] = std::array::from_fn(|i| pen.width(names[i]));
        pen.font(amount_size, 700);
        let widths = std::array::from_fn(|i| name_w[i].max(pen.width(&amounts[i])) + name_size);
        let pill_h = name_size * 1.2 + amount_size * 1.25 + name_size * 0.45;
        let (centres, centre, shape) = loop_layout(area, &widths, pill_h);
        LoopNodes {
            names,
            centres,
            centre,
            widths,
            pill_h,
            name_size,
            amount_size,
            shape,
            area_h: area.h,
        }
    }

    /// Whether every node's pill lies within `area` from side to side.
    fn inside(&self, area: Rect) -> bool {
        self.centres
            .iter()
            .zip(self.widths)
            .all(|(&(x, _), w)| x - w / 2.0 >= area.x - 0.5 && x + w / 2.0 <= area.right() + 0.5)
    }

    /// Above 1 when the nodes fit with room between them.
    fn room(&self, area: Rect, f: f64) -> f64 {
        loop_room(self.shape, area, &self.widths, &self.centres, f)
    }

    /// How far from node i's centre, along (dx, dy), its pill's edge is.
    fn exit(&self, i: usize, dx: f64, dy: f64) -> f64 {
        let (hw, hh) = (self.widths[i] / 2.0 + 3.0, self.pill_h / 2.0 + 3.0);
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
    }
}

/// Arrows between the pills' edges, bowed outwards; the active one lit,
/// with a dot running along it.
fn draw_links(pen: &Pen<'_>, nodes: &LoopNodes, active: Option<Phase>, t: f64) {
    let (ctx, f) = (pen.ctx, pen.f);
    let (cx, cy) = nodes.centre;
    for phase in Phase::ALL {
        let (i, j) = (phase.index(), (phase.index() + 1) % 5);
        let ((x1, y1), (x2, y2)) = (nodes.centres[i], nodes.centres[j]);
        let length = libm::hypot(x2 - x1, y2 - y1);
        if length < 1.0 {
            continue;
        }
        let (ux, uy) = ((x2 - x1) / length, (y2 - y1) / length);
        let (a, b) = (nodes.exit(i, ux, uy), nodes.exit(j, ux, uy));
        if a + b + 6.0 >= length {
            continue; // the pills touch: no room for an arrow
        }
        let (sx, sy, ex, ey) = (x1 + ux * a, y1 + uy * a, x2 - ux * b, y2 - uy * b);
        let (mx, my) = ((sx + ex) / 2.0, (sy + ey) / 2.0);
        let bow = if nodes.shape == Shape::Track {
            0.12
        } else {
            0.25
        };
        let (qx, qy) = (mx + (mx - cx) * bow, my + (my - cy) * bow);
        let lit = active == Some(phase);
        let colour = if lit { VERMILLION } else { ARROW };
        ctx.set_stroke_style_str(colour);
        ctx.set_line_width(if lit { 3.0 } else { 1.5 });
        ctx.begin_path();
        ctx.move_to(sx, sy);
        ctx.quadratic_curve_to(qx, qy, ex, ey);
        ctx.stroke();
        // Arrowhead along the curve's last tangent.
        let tl = libm::hypot(ex - qx, ey - qy).max(1e-9);
        let (tx, ty) = ((ex - qx) / tl, (ey - qy) / tl);
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
        if lit && t > 0.35 {
            let u = smooth((t - 0.35) / 0.65);
            let px = (1.0 - u) * (1.0 - u) * sx + 2.0 * (1.0 - u) * u * qx + u * u * ex;
            let py = (1.0 - u) * (1.0 - u) * sy + 2.0 * (1.0 - u) * u * qy + u * u * ey;
            ctx.begin_path();
            let _ = ctx.arc(px, py, (f * 0.4).max(4.0), 0.0, 2.0 * PI);
            ctx.fill();
        }
    }
}

/// The pills: the active one filled, the ones this step has passed tinted.
fn draw_nodes(pen: &Pen<'_>, nodes: &LoopNodes, amounts: &[String; 5], active: Option<Phase>) {
    let ctx = pen.ctx;
    let (name_size, amount_size) = (nodes.name_size, nodes.amount_size);
    for phase in Phase::ALL {
        let i = phase.index();
        let (x, y) = nodes.centres[i];
        let (fill, border, name_colour, amount_colour) = match active {
            Some(p) if p == phase => (BTC_BLUE, BTC_BLUE, PAPER, PAPER),
            Some(p) if phase < p => (DONE_FILL, BTC_BLUE, INK, INK),
            _ => (PAPER, ARROW, MUTED, INK),
        };
        let (w, h) = (nodes.widths[i], nodes.pill_h);
        pen.rounded_rect_path(x - w / 2.0, y - h / 2.0, w, h, name_size * 0.5);
        ctx.set_fill_style_str(fill);
        ctx.fill();
        ctx.set_stroke_style_str(border);
        ctx.set_line_width(1.5);
        ctx.stroke();
        pen.align("center", "middle");
        let top = y - h / 2.0 + name_size * 0.225;
        pen.font(name_size, 400);
        pen.text(nodes.names[i], x, top + name_size * 0.6, name_colour);
        pen.font(amount_size, 700);
        pen.text(
            &amounts[i],
            x,
            top + name_size * 1.2 + amount_size * 0.62,
            amount_colour,
        );
    }
}

/// In the middle of the loop: which round this is.
fn draw_loop_centre(pen: &Pen<'_>, nodes: &LoopNodes, scene: &Scene, view: &View<'_>) {
    let lang = pen.lang;
    let (round, rounds) = (view.round.to_string(), view.rounds.to_string());
    let minute = view
        .step
        .map(|s| (s.minute + 1).to_string())
        .unwrap_or_default();
    let (first, second) = match (view.at, view.step) {
        (At::Step { .. }, Some(_)) if view.in_round() => (
            lang.fill(Key::CentreRound, &[("round", &round), ("rounds", &rounds)]),
            lang.fill(Key::CentreMinute, &[("minute", &minute)]),
        ),
        (At::Step { .. }, Some(_)) => (
            lang.fill(Key::CentreMinuteTitle, &[("minute", &minute)]),
            lang.t(Key::CentreNoNew).to_string(),
        ),
        (At::After, _) if scene.run.summary.runaway => (
            lang.fill(Key::CentreRounds, &[("n", &rounds)]),
            lang.t(Key::CentreRanAway).to_string(),
        ),
        (At::After, _) => (
            lang.t(Key::CentreTotals).to_string(),
            lang.fill(Key::CentreMinutes, &[("n", &view.steps.len().to_string())]),
        ),
        _ => (
            lang.t(Key::CentreWaiting).to_string(),
            lang.t(Key::CentreForShock).to_string(),
        ),
    };
    let ((cx, cy), size) = (nodes.centre, nodes.name_size);
    pen.align("center", "middle");
    if nodes.shape == Shape::Track {
        if nodes.area_h - 2.0 * nodes.pill_h >= size * 1.3 {
            pen.font(size, 600);
            pen.text(&format!("{first} \u{b7} {second}"), cx, cy, INK);
        }
    } else {
        let c = &nodes.centres;
        let between = (c[1].0 - nodes.widths[1] / 2.0) - (c[4].0 + nodes.widths[4] / 2.0);
        pen.font(size, 700);
        if pen.width(&first).max(pen.width(&second)) + size > between {
            return; // no room between the pills; the caption says it
        }
        let middle_y = cy + nodes.pill_h * 0.2;
        pen.text(&first, cx, middle_y - size * 0.65, INK);
        pen.font(size, 400);
        pen.text(&second, cx, middle_y + size * 0.65, MUTED);
    }
}
