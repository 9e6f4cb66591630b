//! The arithmetic of the spiral animation, kept apart from the drawing so
//! it can be tested natively (`src/lib.rs` compiles this file on its own
//! for `cargo test`; in wasm it is `web::spiral_layout`): where a position
//! falls in a run, the price at any moment, the zoom, which bands are
//! liquidated, number formats and the loop's layout. No web types here.

// Natively only the tests use it; the drawing that uses the rest is wasm-only.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use std::f64::consts::PI;

use crate::engine::i18n::{Key, Lang};
use crate::engine::liquidation_map::LiquidationMap;
use crate::engine::market::BTC;
use crate::engine::Step;

/// Where each of the five phases of a step ends, as a fraction of the step
/// (price fall, losses, margin shortfall, forced sales, impact).
pub(crate) const PHASE_ENDS: [f64; 5] = [0.2, 0.35, 0.5, 0.75, 1.0];

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) w: f64,
    pub(crate) h: f64,
}

impl Rect {
    pub(crate) fn right(&self) -> f64 {
        self.x + self.w
    }
    pub(crate) fn bottom(&self) -> f64 {
        self.y + self.h
    }
    /// Whether the two share any area (touching edges do not count).
    pub(crate) fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
}

/// The boxes of the labels already drawn on the map, so that the next one
/// goes where it covers none of them: a label over bars stays readable
/// with its halo, a label over another label does not (the lowest price's
/// label ran over "per 1%" at the end of every run, and in Spanish "tú:"
/// over "Compras BTC").
#[derive(Default)]
pub(crate) struct Taken(Vec<Rect>);

impl Taken {
    pub(crate) fn add(&mut self, r: Rect) {
        self.0.push(r);
    }

    pub(crate) fn is_free(&self, r: &Rect) -> bool {
        !self.0.iter().any(|t| t.overlaps(r))
    }

    /// The first of `candidates` that covers nothing taken.
    pub(crate) fn first_free(&self, candidates: impl IntoIterator<Item = Rect>) -> Option<Rect> {
        candidates.into_iter().find(|r| self.is_free(r))
    }

    /// The top nearest `want.y` at which `want`, moved only up or down and
    /// kept between `lo` and `hi`, covers nothing taken: it stays put if it
    /// can, else it goes just above or just below what is in its way.
    pub(crate) fn nearest_free_y(&self, want: Rect, lo: f64, hi: f64, gap: f64) -> Option<f64> {
        let in_column = self
            .0
            .iter()
            .filter(|t| t.x < want.right() && want.x < t.right());
        let tops = std::iter::once(want.y)
            .chain(in_column.flat_map(|t| [t.bottom() + gap, t.y - want.h - gap]))
            .filter(|&y| y >= lo - 1e-9 && y + want.h <= hi + 1e-9);
        tops.filter(|&y| self.is_free(&Rect { y, ..want }))
            .min_by(|a, b| (a - want.y).abs().total_cmp(&(b - want.y).abs()))
    }
}

/// Where `position` falls in a run of `steps` steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum At {
    Before,
    Step { index: usize, frac: f64 },
    After,
}

pub(crate) fn locate(position: f64, steps: usize) -> At {
    if steps == 0 || position.is_nan() || position <= 0.0 {
        At::Before
    } else if position >= steps as f64 {
        At::After
    } else {
        let index = (position.floor() as usize).min(steps - 1);
        At::Step {
            index,
            frac: position - index as f64,
        }
    }
}

/// The five links of the loop, in the order a step plays them; each is
/// also the node of the loop diagram it lights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    PriceFall,
    Losses,
    MarginShortfall,
    ForcedSales,
    Impact,
}

impl Phase {
    pub(crate) const ALL: [Phase; 5] = [
        Phase::PriceFall,
        Phase::Losses,
        Phase::MarginShortfall,
        Phase::ForcedSales,
        Phase::Impact,
    ];

    /// The position of its node in the loop, 0 to 4.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// True while liquidated positions are being closed and sold, after
    /// the price reached the mark.
    pub(crate) fn liquidating(self) -> bool {
        self != Phase::PriceFall
    }
}

/// The phase a fraction of a step is in, and how far into that phase (0 to 1).
pub(crate) fn phase_of(frac: f64) -> (Phase, f64) {
    let frac = frac.clamp(0.0, 1.0);
    let mut start = 0.0;
    for (phase, &end) in Phase::ALL.into_iter().zip(PHASE_ENDS.iter()) {
        if frac < end || phase == Phase::Impact {
            return (phase, ((frac - start) / (end - start)).clamp(0.0, 1.0));
        }
        start = end;
    }
    (Phase::Impact, 1.0)
}

pub(crate) fn smooth(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

pub(crate) fn lerp(a: f64, b: f64, t: f64) -> f64 {
    a + (b - a) * t
}

/// BTC's price when step `k` starts: the previous step's close, or the
/// reference price for the first step.
pub(crate) fn open_price(steps: &[Step], reference: f64, k: usize) -> f64 {
    if k == 0 {
        reference
    } else {
        steps[k - 1].assets[BTC].price
    }
}

/// BTC's mark in step `k`: after the step's own move (shock and noise),
/// before its forced selling; liquidations are triggered at this price.
pub(crate) fn mark_price(steps: &[Step], reference: f64, k: usize) -> f64 {
    open_price(steps, reference, k) * (1.0 - steps[k].spiral.price_fall_pct / 100.0)
}

/// BTC's price at `position`: in a step it moves from the open to the mark
/// during the first phase, stands there, and moves from the mark to the
/// close during the last (the impact).
pub(crate) fn price_at(steps: &[Step], reference: f64, position: f64) -> f64 {
    match locate(position, steps.len()) {
        At::Before => reference,
        At::After => steps[steps.len() - 1].assets[BTC].price,
        At::Step { index, frac } => {
            let (phase, t) = phase_of(frac);
            let mark = mark_price(steps, reference, index);
            match phase {
                Phase::PriceFall => lerp(open_price(steps, reference, index), mark, smooth(t)),
                Phase::Impact => lerp(mark, steps[index].assets[BTC].price, smooth(t)),
                _ => mark,
            }
        }
    }
}

/// A price as a fall from the reference, in % (negative above it).
pub(crate) fn fall_pct(price: f64, reference: f64) -> f64 {
    (1.0 - price / reference) * 100.0
}

/// The deepest and the highest marks of the steps before `upto`, as falls
/// in % (0 at the start, the highest is 0 or negative): longs in bands above
/// the deepest mark and shorts below the highest have been liquidated.
pub(crate) fn mark_extremes(steps: &[Step], reference: f64, upto: usize) -> (f64, f64) {
    (0..upto.min(steps.len())).fold((0.0f64, 0.0f64), |(deepest, highest), k| {
        let fall = fall_pct(mark_price(steps, reference, k), reference);
        (deepest.max(fall), highest.min(fall))
    })
}

/// The deepest and highest prices of the whole run (marks and closes), as
/// falls in % from the reference (0 at the start).
pub(crate) fn run_extremes(steps: &[Step], reference: f64) -> (f64, f64) {
    (0..steps.len()).fold((0.0f64, 0.0f64), |(deepest, highest), k| {
        let mark = fall_pct(mark_price(steps, reference, k), reference);
        let close = fall_pct(steps[k].assets[BTC].price, reference);
        (deepest.max(mark).max(close), highest.min(mark).min(close))
    })
}

/// The price range shown, as falls in % from the reference, top (negative:
/// above the price) to bottom: from a little above the price to 30% past the
/// run's deepest fall, at least 10% deep, in whole bands; within the map,
/// unless the price itself falls past the map's end.
pub(crate) fn fall_range(
    deepest: f64,
    highest: f64,
    bin_pct: f64,
    above_limit: f64,
    below_limit: f64,
) -> (f64, f64) {
    let bin = if bin_pct > 0.0 { bin_pct } else { 0.5 };
    let wanted = (deepest * 1.3).max(deepest + 1.0).max(10.0);
    let limit = below_limit.max((deepest + 2.0).min(100.0)).max(bin);
    let bottom = ((wanted.min(limit) / bin).ceil() * bin).min(100.0);
    let above = (bottom * 0.15).max(2.0).max(-highest * 1.3 + 0.5);
    let above = ((above / bin).ceil() * bin).min(above_limit.max(0.0));
    (-above, bottom)
}

/// The price covered by the map's bands: how far above and below the
/// reference, in %.
pub(crate) fn map_limits(map: &LiquidationMap) -> (f64, f64) {
    match (map.bins.first(), map.bins.last()) {
        (Some(first), Some(last)) => (
            -(first.fall_pct - map.bin_pct / 2.0),
            last.fall_pct + map.bin_pct / 2.0,
        ),
        _ => (15.0, 45.0),
    }
}

/// The spacing of price ticks, in %: the smallest nice step at least
/// `min_gap_px` apart when `span_pct` is drawn over `px` pixels.
pub(crate) fn tick_step(span_pct: f64, px: f64, min_gap_px: f64) -> f64 {
    let px_per_pct = px / span_pct.max(1e-9);
    [0.5, 1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0]
        .into_iter()
        .find(|step| step * px_per_pct >= min_gap_px)
        .unwrap_or(100.0)
}

/// What has happened to the positions in one band of the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum BandState {
    /// The price has not reached it.
    Waiting,
    /// The price is past it but no mark has triggered it yet.
    UnderWater,
    /// Liquidated in this step; their orders leave as the fade goes 0 -> 1.
    Liquidating(f64),
    /// Liquidated in an earlier step.
    Gone,
}

/// The state of a band centred `centre` % below the reference. `gone_long`:
/// the deepest mark of earlier steps; `liquidating_long`: the deepest mark
/// so far including this step's; `gone_short`: the highest mark so far
/// (0 or negative); `price_fall`: where the price line is now.
pub(crate) fn band_state(
    centre: f64,
    gone_long: f64,
    liquidating_long: f64,
    gone_short: f64,
    price_fall: f64,
    fade: f64,
) -> BandState {
    if centre > 0.0 {
        if centre <= gone_long {
            BandState::Gone
        } else if centre <= liquidating_long {
            BandState::Liquidating(fade)
        } else if centre <= price_fall {
            BandState::UnderWater
        } else {
            BandState::Waiting
        }
    } else if centre >= gone_short {
        BandState::Gone
    } else if centre >= price_fall {
        BandState::UnderWater
    } else {
        BandState::Waiting
    }
}

/// Money as $1.21B, $340M, $12.3k, $950 (three significant digits), as
/// `lang` writes it.
pub(crate) fn format_usd(lang: Lang, value: f64) -> String {
    lang.money_short(value)
}

/// What the loop's five nodes show: their names (full, and short for a
/// small loop) and figures.
pub(crate) struct LoopFigures {
    pub(crate) names: [Key; 5],
    pub(crate) short_names: [Key; 5],
    pub(crate) amounts: [String; 5],
}

/// The loop's figures at `at`. In a minute, BTC's move before the forced
/// selling is named a move and signed as one: the shock and the retrace,
/// noise and the rebound as earlier impact fades all pass through it, so
/// it rises in rebound minutes. Once the run is over the money is summed
/// over its minutes, but a sum of moves mixes the fall with the rebound
/// (oct-2025's adds up to a rise), so the first node then gives BTC at its
/// low, `deepest` (%), the fall the caption and the outcome sentence give.
pub(crate) fn loop_figures(lang: Lang, at: At, steps: &[Step], deepest: f64) -> LoopFigures {
    let minute_names = [
        Key::LoopPriceMove,
        Key::LoopLosses,
        Key::LoopShortfall,
        Key::LoopForcedSales,
        Key::LoopImpact,
    ];
    let minute_short = [
        Key::LoopShortMove,
        Key::LoopShortLosses,
        Key::LoopShortShortfall,
        Key::LoopShortSales,
        Key::LoopShortImpact,
    ];
    let (first, first_short, amounts) = match at {
        At::Step { index, .. } if index < steps.len() => {
            let l = &steps[index].spiral;
            let amounts = [
                format_change(lang, -l.price_fall_pct),
                format_usd(lang, l.losses_usd),
                format_usd(lang, l.margin_shortfall_usd),
                format_usd(lang, l.forced_sales_usd),
                format_change(lang, -l.impact_pct),
            ];
            (Key::LoopPriceMove, Key::LoopShortMove, amounts)
        }
        At::After if !steps.is_empty() => {
            let sum = |g: fn(&Step) -> f64| steps.iter().map(g).sum::<f64>();
            let amounts = [
                format_change(lang, -deepest),
                // Minutes the price rose have negative losses; the total
                // counts what the falls cost.
                format_usd(lang, sum(|s| s.spiral.losses_usd.max(0.0))),
                format_usd(lang, sum(|s| s.spiral.margin_shortfall_usd)),
                format_usd(lang, sum(|s| s.spiral.forced_sales_usd)),
                format_change(lang, -sum(|s| s.spiral.impact_pct)),
            ];
            (Key::LoopLowest, Key::LoopShortLowest, amounts)
        }
        _ => (
            Key::LoopPriceMove,
            Key::LoopShortMove,
            std::array::from_fn(|_| "\u{2014}".to_string()),
        ),
    };
    let (mut names, mut short_names) = (minute_names, minute_short);
    names[0] = first;
    short_names[0] = first_short;
    LoopFigures {
        names,
        short_names,
        amounts,
    }
}

/// A price change in %, signed with a true minus: −0.62%, −11.2%, +0.29%.
pub(crate) fn format_change(lang: Lang, pct: f64) -> String {
    if !pct.is_finite() {
        return "\u{2014}".to_string();
    }
    let a = pct.abs();
    let decimals = if a < 0.995 { 2 } else { 1 };
    format!("{}{}", sign_of(pct, a < 0.005), lang.percent(a, decimals))
}

/// "−", "+" or nothing (for zero as shown).
fn sign_of(value: f64, shown_as_zero: bool) -> &'static str {
    if shown_as_zero {
        ""
    } else if value < 0.0 {
        "\u{2212}"
    } else {
        "+"
    }
}

/// A tick's change label: −5%, +2%, 0%, −2.5%.
pub(crate) fn format_tick(lang: Lang, pct: f64) -> String {
    let rounded = (pct * 10.0).round() / 10.0;
    let a = rounded.abs();
    let decimals = if (a - a.round()).abs() < 1e-9 { 0 } else { 1 };
    format!(
        "{}{}",
        sign_of(rounded, a == 0.0),
        lang.percent(a, decimals)
    )
}

/// Splits `text` into lines no wider than `max_width` as measured by
/// `measure`: at spaces, and between any two Chinese characters (which are
/// written without spaces). A single word wider than that gets a line of
/// its own.
pub(crate) fn wrap_words(text: &str, max_width: f64, measure: impl Fn(&str) -> f64) -> Vec<String> {
    if measure(text) <= max_width {
        return vec![text.to_string()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for (word, spaced) in breakable_pieces(text) {
        if line.is_empty() {
            line.push_str(word.trim_start());
            continue;
        }
        let kept = line.len();
        if spaced {
            line.push(' ');
        }
        line.push_str(word);
        if measure(&line) > max_width {
            line.truncate(kept);
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Wide (CJK) characters and their punctuation, where a line may break.
fn is_wide(c: char) -> bool {
    ('\u{2e80}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c)
}

/// The pieces a line may break between, each with whether a space stood
/// before it: words, and single wide characters.
fn breakable_pieces(text: &str) -> Vec<(&str, bool)> {
    let mut pieces = Vec::new();
    for word in text.split(' ') {
        let mut start = 0;
        let mut spaced = true;
        for (i, c) in word.char_indices() {
            // Break before a wide character and after one; closing
            // punctuation stays with what it closes, opening punctuation
            // with what it opens (no line ends in "（").
            let closing = matches!(c, '，' | '。' | '：' | '；' | '）' | '、' | '”' | '》');
            let before = word[..i].chars().last();
            let after_opening = before.is_some_and(|p| matches!(p, '（' | '“' | '《'));
            let after_wide = before.is_some_and(is_wide);
            if i > start && !closing && !after_opening && (is_wide(c) || after_wide) {
                pieces.push((&word[start..i], spaced));
                start = i;
                spaced = false;
            }
        }
        pieces.push((&word[start..], spaced));
    }
    pieces
}

/// A label for a horizontal line at `line_y`, left-aligned at `x`: its
/// wrapped lines and their box at the first place that covers nothing
/// taken and stays between `lo` and `hi`, trying under the line then above
/// it, each first `max_w` wide and then as narrow as the room left of each
/// label in the way (so the lowest price's label wraps beside the book's
/// labels rather than over them). None when there is no such place.
pub(crate) fn place_lines(
    taken: &Taken,
    text: &str,
    (x, line_y): (f64, f64),
    (max_w, line_h, gap): (f64, f64, f64),
    (lo, hi): (f64, f64),
    measure: impl Fn(&str) -> f64,
) -> Option<(Vec<String>, Rect)> {
    let mut widths = vec![max_w];
    widths.extend(
        taken
            .0
            .iter()
            .map(|t| t.x - gap - x)
            .filter(|&w| w > 0.0 && w < max_w),
    );
    widths.sort_by(|a, b| b.total_cmp(a));
    for below in [true, false] {
        for &width in &widths {
            let lines = wrap_words(text, width, &measure);
            let w = lines.iter().fold(0.0f64, |w, l| w.max(measure(l)));
            let h = line_h * lines.len() as f64;
            let y = if below {
                line_y + gap
            } else {
                line_y - gap - h
            };
            let place = Rect { x, y, w, h };
            if w <= width + 1e-9 && y >= lo - 1e-9 && y + h <= hi + 1e-9 && taken.is_free(&place) {
                return Some((lines, place));
            }
        }
    }
    None
}

/// Cheap deterministic noise in [0, 1) for placing sell orders.
pub(crate) fn hash01(a: u64, b: u64) -> f64 {
    let mut x = a.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ b.wrapping_add(0x632B_E59B_D9B4_E019)
            .wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// How the loop's five nodes are laid out.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Shape {
    /// A pentagon from the top, clockwise: when the area is tall enough.
    Pentagon,
    /// Two rows: price fall, losses, margin shortfall left to right on
    /// top; forced sales, impact right to left below.
    Track,
    /// Three rows in two columns, for an area too narrow for the track's
    /// top row (the stage beside an open panel, with Chinese money): price
    /// fall and losses, impact and margin shortfall, forced sales.
    Column,
}

/// Where the loop's five nodes go in `area`, given each node's width: the
/// pentagon when the area is tall enough, else the track when its top row
/// fits, else the column when it fits, else the track. Returns the
/// centres, the middle of the figure and the shape.
pub(crate) fn loop_layout(
    area: Rect,
    widths: &[f64; 5],
    pill_h: f64,
) -> ([(f64, f64); 5], (f64, f64), Shape) {
    let tall = area.h >= 3.4 * pill_h && area.h >= 0.45 * area.w;
    if let Some((centres, middle)) = tall.then(|| pentagon(area, widths, pill_h)).flatten() {
        return (centres, middle, Shape::Pentagon);
    }
    let track_fits = widths[0] + widths[1] + widths[2] <= area.w + 1e-9;
    if let Some((centres, middle)) = (!track_fits)
        .then(|| column(area, widths, pill_h))
        .flatten()
    {
        return (centres, middle, Shape::Column);
    }
    let (centres, middle) = track(area, widths, pill_h);
    (centres, middle, Shape::Track)
}

/// Above 1 when the loop's pills, laid out as `shape`, fit `area` with
/// room between them (`f` is the base font size): the scale to shrink
/// their type by otherwise. The track's bottom pair counts too: on a phone
/// in Spanish "Impacto en BTC" ran into "Ventas forzadas".
pub(crate) fn loop_room(
    shape: Shape,
    area: Rect,
    w: &[f64; 5],
    centres: &[(f64, f64); 5],
    f: f64,
) -> f64 {
    match shape {
        Shape::Track => {
            let top = area.w / (w[0] + w[1] + w[2] + 2.4 * f);
            let bottom = (centres[3].0 - centres[4].0) / ((w[3] + w[4]) / 2.0 + 0.6 * f);
            top.min(bottom)
        }
        Shape::Pentagon => (centres[2].0 - centres[3].0) / ((w[2] + w[3]) / 2.0 + 1.2 * f),
        // Only chosen when its pills fit apart.
        Shape::Column => 1.0,
    }
}

type Nodes = ([(f64, f64); 5], (f64, f64));

/// The pentagon, or none when its two bottom nodes (spread apart for wide
/// amounts, such as Chinese money) would not fit the area.
fn pentagon(area: Rect, widths: &[f64; 5], pill_h: f64) -> Option<Nodes> {
    // The pentagon spans 2 cos 18° rx across and (1 + cos 36°) ry down.
    let (across, down) = (2.0 * libm::cos(PI / 10.0), 1.0 + libm::cos(PI / 5.0));
    let widest = widths.iter().fold(0.0f64, |a, &b| a.max(b));
    let rx = ((area.w - widths[1].max(widths[4])) / across).max(widest * 0.55);
    let ry = ((area.h - pill_h) / down).min(rx * 1.1).max(0.0);
    let top = area.y + (area.h - (down * ry + pill_h)) / 2.0;
    let (cx, cy) = (area.x + area.w / 2.0, top + pill_h / 2.0 + ry);
    let mut centres: [(f64, f64); 5] = std::array::from_fn(|i| {
        let angle = -PI / 2.0 + i as f64 * 2.0 * PI / 5.0;
        (cx + rx * libm::cos(angle), cy + ry * libm::sin(angle))
    });
    let apart = (widths[2] + widths[3]) / 2.0 + pill_h * 0.3;
    if centres[2].0 - centres[3].0 < apart {
        centres[2].0 = cx + apart / 2.0;
        centres[3].0 = cx - apart / 2.0;
    }
    let fits = centres[2].0 + widths[2] / 2.0 <= area.right() + 1e-9
        && centres[3].0 - widths[3] / 2.0 >= area.x - 1e-9;
    fits.then_some((centres, (cx, cy)))
}

/// Three rows in two columns, or none when they do not fit: price fall
/// and losses on top, impact and margin shortfall under them, forced sales
/// centred at the bottom.
fn column(area: Rect, widths: &[f64; 5], pill_h: f64) -> Option<Nodes> {
    let gap = ((area.h - 3.0 * pill_h) / 2.0).min(pill_h * 0.5);
    let pair = (widths[0] + widths[1]).max(widths[4] + widths[2]);
    // Side by side, each pair only has to fit the width: the left pill is
    // flush with the left edge, the right one with the right edge.
    let fits = gap >= pill_h * 0.1 && pair <= area.w + 1e-9 && widths[3] <= area.w + 1e-9;
    if !fits {
        return None;
    }
    let top = area.y + (area.h - 3.0 * pill_h - 2.0 * gap) / 2.0 + pill_h / 2.0;
    let row = |i: f64| top + i * (pill_h + gap);
    let (left, right) = (|w: f64| area.x + w / 2.0, |w: f64| area.right() - w / 2.0);
    let cx = area.x + area.w / 2.0;
    let centres = [
        (left(widths[0]), row(0.0)),
        (right(widths[1]), row(0.0)),
        (right(widths[2]), row(1.0)),
        (cx, row(2.0)),
        (left(widths[4]), row(1.0)),
    ];
    Some((centres, (cx, row(1.0))))
}

/// Two rows: price fall, losses, margin shortfall left to right on top;
/// forced sales, impact right to left below.
fn track(area: Rect, widths: &[f64; 5], pill_h: f64) -> Nodes {
    let gap = ((area.w - widths[0] - widths[1] - widths[2]) / 2.0).max(0.0);
    let x0 = area.x + widths[0] / 2.0;
    let x1 = x0 + widths[0] / 2.0 + gap + widths[1] / 2.0;
    let x2 = x1 + widths[1] / 2.0 + gap + widths[2] / 2.0;
    let (top, bottom) = (area.y + pill_h / 2.0, area.bottom() - pill_h / 2.0);
    let centres = [
        (x0, top),
        (x1, top),
        (x2, top),
        ((x1 + x2) / 2.0, bottom),
        ((x0 + x1) / 2.0, bottom),
    ];
    (centres, (area.x + area.w / 2.0, (top + bottom) / 2.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cascade::{AssetStep, LoopAmounts};

    pub(crate) fn step(
        minute: u32,
        price: f64,
        fall_pct: f64,
        impact_pct: f64,
        shortfall: f64,
    ) -> Step {
        let asset = AssetStep {
            price,
            mark: price,
            return_pct: 0.0,
            long_liquidated_usd: 0.0,
            short_liquidated_usd: 0.0,
            accounts_liquidated: 0.0,
            large_liquidations: 0.0,
            depth_usd_per_pct: 2e9,
            correlation_with_btc: 0.0,
        };
        Step {
            minute,
            assets: vec![asset; 6],
            insurance_fund_usd: 0.0,
            adl_usd: 0.0,
            funding_rate_pct_per_hour: 0.0,
            stress: 0.0,
            margin_add_pct: 0.0,
            spiral: LoopAmounts {
                price_fall_pct: fall_pct,
                impact_pct,
                margin_shortfall_usd: shortfall,
                ..LoopAmounts::default()
            },
        }
    }

    /// 100 -> mark 98 -> close 97 -> mark 96.03 -> close 95.
    pub(crate) fn two_steps() -> Vec<Step> {
        vec![step(0, 97.0, 2.0, 1.0, 1.0), step(1, 95.0, 1.0, 1.03, 1.0)]
    }

    #[test]
    pub(crate) fn money_has_three_significant_digits() {
        assert_eq!(format_usd(Lang::En, 1.214e9), "$1.21B");
        assert_eq!(format_usd(Lang::En, 17.42e9), "$17.4B");
        assert_eq!(format_usd(Lang::En, 340e6), "$340M");
        assert_eq!(format_usd(Lang::En, 999.7e6), "$1.00B");
        assert_eq!(format_usd(Lang::En, 12_345.0), "$12.3k");
        assert_eq!(format_usd(Lang::En, 950.0), "$950");
        assert_eq!(format_usd(Lang::En, -28e6), "\u{2212}$28.0M");
        assert_eq!(format_usd(Lang::En, 0.0), "$0");
    }

    #[test]
    pub(crate) fn changes_and_prices_read_like_a_ticker() {
        assert_eq!(format_change(Lang::En, -0.62), "\u{2212}0.62%");
        assert_eq!(format_change(Lang::En, -11.24), "\u{2212}11.2%");
        assert_eq!(format_change(Lang::En, 0.29), "+0.29%");
        assert_eq!(format_change(Lang::En, -0.001), "0.00%");
        assert_eq!(format_tick(Lang::En, -5.0), "\u{2212}5%");
        assert_eq!(format_tick(Lang::En, 2.5), "+2.5%");
        assert_eq!(format_tick(Lang::En, 0.0), "0%");
        assert_eq!(Lang::En.price(88_846.6), "$88,847");
        assert_eq!(Lang::En.price(950.0), "$950");
        assert_eq!(Lang::En.price(1_234_567.0), "$1,234,567");
    }

    #[test]
    pub(crate) fn positions_map_to_steps_and_phases() {
        assert_eq!(locate(0.0, 3), At::Before);
        assert_eq!(locate(f64::NAN, 3), At::Before);
        assert_eq!(
            locate(1.25, 3),
            At::Step {
                index: 1,
                frac: 0.25
            }
        );
        assert_eq!(locate(3.0, 3), At::After);
        assert_eq!(locate(1.0, 0), At::Before);
        assert_eq!(phase_of(0.0), (Phase::PriceFall, 0.0));
        assert_eq!(phase_of(0.1).0, Phase::PriceFall);
        assert_eq!(phase_of(0.2), (Phase::Losses, 0.0));
        assert_eq!(phase_of(0.625), (Phase::ForcedSales, 0.5));
        assert_eq!(phase_of(1.0), (Phase::Impact, 1.0));
    }

    #[test]
    pub(crate) fn the_price_goes_open_mark_close() {
        let steps = two_steps();
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
        assert!(close(price_at(&steps, 100.0, 0.0), 100.0));
        assert!(
            close(price_at(&steps, 100.0, 0.2), 98.0),
            "at the mark after the first phase"
        );
        assert!(
            close(price_at(&steps, 100.0, 0.6), 98.0),
            "standing at the mark"
        );
        assert!(
            close(price_at(&steps, 100.0, 1.0), 97.0),
            "the next step opens at the close"
        );
        assert!(close(price_at(&steps, 100.0, 1.5), 96.03));
        assert!(close(price_at(&steps, 100.0, 2.0), 95.0));
        assert!(
            close(price_at(&steps, 100.0, 0.1), 99.0),
            "halfway through the first phase"
        );
        // Continuous at a step boundary.
        assert!((price_at(&steps, 100.0, 0.9999999) - price_at(&steps, 100.0, 1.0)).abs() < 1e-4);
    }

    #[test]
    pub(crate) fn bands_are_gone_once_a_mark_crossed_them() {
        let steps = two_steps();
        assert_eq!(mark_extremes(&steps, 100.0, 0), (0.0, 0.0));
        let (deepest, highest) = mark_extremes(&steps, 100.0, 2);
        assert!((deepest - 3.97).abs() < 1e-9 && highest == 0.0);
        let (deepest, _) = run_extremes(&steps, 100.0);
        assert!((deepest - 5.0).abs() < 1e-9);
        // Mark at 3% earlier, this step's mark at 4%, price now at 4.5%.
        assert_eq!(band_state(2.75, 3.0, 4.0, 0.0, 4.5, 0.0), BandState::Gone);
        assert_eq!(
            band_state(3.25, 3.0, 4.0, 0.0, 4.5, 0.5),
            BandState::Liquidating(0.5)
        );
        assert_eq!(
            band_state(4.25, 3.0, 4.0, 0.0, 4.5, 0.0),
            BandState::UnderWater
        );
        assert_eq!(
            band_state(4.75, 3.0, 4.0, 0.0, 4.5, 0.0),
            BandState::Waiting
        );
        assert_eq!(
            band_state(-0.25, 3.0, 4.0, 0.0, 4.5, 0.0),
            BandState::Waiting
        );
        assert_eq!(band_state(-0.25, 3.0, 4.0, -0.5, 4.5, 0.0), BandState::Gone);
        assert_eq!(
            band_state(-0.75, 0.0, 0.0, 0.0, -1.0, 0.0),
            BandState::UnderWater
        );
    }

    #[test]
    pub(crate) fn the_zoom_covers_the_fall_in_whole_bands() {
        assert_eq!(fall_range(11.2, 0.0, 0.5, 15.0, 45.0), (-2.5, 15.0));
        assert_eq!(fall_range(2.0, 0.0, 0.5, 15.0, 45.0), (-2.0, 10.0));
        assert_eq!(fall_range(30.0, 0.0, 0.5, 15.0, 45.0), (-6.0, 39.0));
        assert_eq!(fall_range(44.0, 0.0, 0.5, 15.0, 45.0), (-7.0, 46.0));
        assert_eq!(fall_range(60.0, 0.0, 0.5, 15.0, 45.0), (-9.5, 62.0));
        assert_eq!(fall_range(95.0, 0.0, 0.5, 15.0, 45.0), (-15.0, 97.0));
        assert_eq!(fall_range(3.0, -4.0, 0.5, 15.0, 45.0), (-6.0, 10.0));
        assert_eq!(tick_step(20.0, 400.0, 30.0), 2.0);
        assert_eq!(tick_step(20.0, 100.0, 30.0), 10.0);
    }

    #[test]
    pub(crate) fn the_loop_is_a_pentagon_when_tall_and_a_track_when_flat() {
        let widths = [80.0, 60.0, 110.0, 90.0, 70.0];
        let (nodes, (cx, _), shape) = loop_layout(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 400.0,
                h: 400.0,
            },
            &widths,
            40.0,
        );
        assert_eq!(shape, Shape::Pentagon);
        assert!((nodes[0].0 - cx).abs() < 1e-9, "price fall on top");
        assert!(
            nodes[0].1 < nodes[1].1 && nodes[1].1 < nodes[2].1,
            "clockwise from the top"
        );
        for (i, &(x, y)) in nodes.iter().enumerate() {
            assert!(
                x - widths[i] / 2.0 >= -1e-9 && x + widths[i] / 2.0 <= 400.0 + 1e-9,
                "node {i} inside"
            );
            assert!(
                y - 20.0 >= -1e-9 && y + 20.0 <= 400.0 + 1e-9,
                "node {i} inside"
            );
        }
        let (nodes, _, shape) = loop_layout(
            Rect {
                x: 0.0,
                y: 0.0,
                w: 344.0,
                h: 100.0,
            },
            &widths,
            36.0,
        );
        assert_eq!(shape, Shape::Track);
        assert_eq!(nodes[0], (40.0, 18.0));
        assert_eq!(nodes[2], (344.0 - 55.0, 18.0));
        assert!(
            nodes[3].1 == 82.0 && nodes[3].0 > nodes[4].0,
            "forced sales right of impact, below"
        );
    }

    #[test]
    pub(crate) fn wide_bottom_nodes_never_overlap() {
        let square = |w: f64| Rect {
            x: 0.0,
            y: 0.0,
            w,
            h: 450.0,
        };
        // Shortfall and forced sales as wide as Chinese money makes them.
        let widths = [100.0, 130.0, 125.0, 130.0, 90.0];
        for area in [square(330.0), square(400.0)] {
            let (nodes, _, shape) = loop_layout(area, &widths, 48.0);
            let (left, right) = if shape == Shape::Track {
                (4, 3)
            } else {
                (3, 2)
            };
            let gap = (nodes[right].0 - widths[right] / 2.0) - (nodes[left].0 + widths[left] / 2.0);
            assert!(gap > 0.0, "bottom nodes apart at {} px wide: {gap}", area.w);
            for (i, &(x, _)) in nodes.iter().enumerate() {
                assert!(x - widths[i] / 2.0 >= -1e-9 && x + widths[i] / 2.0 <= area.w + 1e-9);
            }
        }
    }

    #[test]
    fn a_narrow_loop_is_a_column_whose_pills_stay_apart_and_inside() {
        // The stage beside an open panel at 1280x720 projector, with
        // Chinese money: neither the pentagon nor the track's top row fits
        // 246 x 240 px.
        let widths = [110.0, 125.0, 125.0, 140.0, 95.0];
        let pill_h = 58.0;
        let area = Rect {
            x: 10.0,
            y: 0.0,
            w: 246.0,
            h: 240.0,
        };
        let (nodes, _, shape) = loop_layout(area, &widths, pill_h);
        assert_eq!(shape, Shape::Column);
        let pill = |i: usize| Rect {
            x: nodes[i].0 - widths[i] / 2.0,
            y: nodes[i].1 - pill_h / 2.0,
            w: widths[i],
            h: pill_h,
        };
        for i in 0..5 {
            let p = pill(i);
            assert!(
                p.x >= area.x - 1e-9 && p.right() <= area.right() + 1e-9,
                "node {i} inside: {p:?}"
            );
            assert!(
                p.y >= area.y - 1e-9 && p.bottom() <= area.bottom() + 1e-9,
                "node {i} inside: {p:?}"
            );
            for j in i + 1..5 {
                assert!(!p.overlaps(&pill(j)), "nodes {i} and {j} apart");
            }
        }
        assert!(
            nodes[0].0 < nodes[1].0 && nodes[4].0 < nodes[2].0,
            "clockwise: fall, losses, shortfall, sales, impact"
        );
        assert!(nodes[1].1 < nodes[2].1 && nodes[2].1 < nodes[3].1);
        // Too short for three rows: the track, as before.
        let flat = Rect { h: 150.0, ..area };
        assert_eq!(loop_layout(flat, &widths, pill_h).2, Shape::Track);
    }

    #[test]
    fn a_track_whose_bottom_pills_touch_has_no_room() {
        // A phone in Spanish before the reveal: the top row fits, but
        // "Impacto en BTC" and "Ventas forzadas" below it do not.
        let area = Rect {
            x: 0.0,
            y: 0.0,
            w: 330.0,
            h: 100.0,
        };
        let widths = [90.0, 70.0, 115.0, 118.0, 118.0];
        let (centres, _, shape) = loop_layout(area, &widths, 40.0);
        assert_eq!(shape, Shape::Track);
        assert!(
            area.w / (90.0 + 70.0 + 115.0 + 2.4 * 14.0) >= 1.0,
            "the top row alone fits"
        );
        assert!(loop_room(shape, area, &widths, &centres, 14.0) < 1.0);
        // With the short names ("Ventas", "Impacto") it fits.
        let short = [60.0, 70.0, 70.0, 65.0, 70.0];
        let (centres, _, shape) = loop_layout(area, &short, 40.0);
        assert!(loop_room(shape, area, &short, &centres, 14.0) >= 1.0);
    }

    #[test]
    fn labels_move_off_each_other_to_the_nearest_free_place() {
        let rect = |x: f64, y: f64, w: f64, h: f64| Rect { x, y, w, h };
        let mut taken = Taken::default();
        let bids = rect(300.0, 400.0, 100.0, 60.0);
        assert_eq!(taken.nearest_free_y(bids, 0.0, 600.0, 2.0), Some(400.0));
        // The lowest price's label, across the plot, straddles the bids
        // label's place: the bids label goes above it (nearer than below).
        taken.add(rect(140.0, 440.0, 270.0, 24.0));
        assert_eq!(
            taken.nearest_free_y(bids, 0.0, 600.0, 2.0),
            Some(440.0 - 60.0 - 2.0)
        );
        // With the book's block above, it goes below instead.
        taken.add(rect(310.0, 330.0, 90.0, 90.0));
        assert_eq!(taken.nearest_free_y(bids, 0.0, 600.0, 2.0), Some(466.0));
        // Above the block when the plot ends first, nowhere when it starts
        // there too.
        assert_eq!(taken.nearest_free_y(bids, 0.0, 500.0, 2.0), Some(268.0));
        assert_eq!(taken.nearest_free_y(bids, 300.0, 500.0, 2.0), None);
        // A label in another column is not in the way.
        assert!(taken.is_free(&rect(0.0, 440.0, 130.0, 24.0)));
        let above = rect(140.0, 420.0, 100.0, 24.0);
        let below = rect(140.0, 500.0, 100.0, 24.0);
        assert_eq!(taken.first_free([above, below]), Some(below));
    }

    #[test]
    fn the_lowest_price_wraps_beside_the_book_labels() {
        let measure = |s: &str| s.chars().count() as f64 * 10.0;
        // The label of a dashed line at y = 500 on a plot whose labels may
        // reach down to `bottom`.
        let place = |taken: &Taken, bottom: f64| {
            let label = "lowest $83,780 (-11.8%)";
            place_lines(
                taken,
                label,
                (140.0, 500.0),
                (280.0, 24.0, 3.0),
                (200.0, bottom),
                measure,
            )
        };
        let mut taken = Taken::default();
        // Nothing in the way: one line under the dashed line.
        let (lines, at) = place(&taken, 560.0).unwrap();
        assert_eq!((lines.len(), at.y), (1, 503.0));
        // The book's labels at the right, across the line: two lines that
        // end before them.
        taken.add(Rect {
            x: 315.0,
            y: 447.0,
            w: 100.0,
            h: 72.0,
        });
        let (lines, at) = place(&taken, 560.0).unwrap();
        assert_eq!(lines, vec!["lowest $83,780", "(-11.8%)"]);
        assert!(at.right() <= 312.0 && taken.is_free(&at));
        // No room under the line: above it.
        let (_, at) = place(&taken, 520.0).unwrap();
        assert_eq!(at.bottom(), 497.0);
        // Nowhere at all.
        taken.add(Rect {
            x: 140.0,
            y: 440.0,
            w: 150.0,
            h: 120.0,
        });
        assert!(place(&taken, 560.0).is_none());
    }

    #[test]
    pub(crate) fn captions_wrap_at_spaces() {
        let measure = |s: &str| s.chars().count() as f64;
        assert_eq!(
            wrap_words("one two three", 20.0, measure),
            vec!["one two three"]
        );
        assert_eq!(
            wrap_words("one two three", 7.0, measure),
            vec!["one two", "three"]
        );
        assert_eq!(
            wrap_words("averylongword x", 5.0, measure),
            vec!["averylongword", "x"]
        );
    }

    #[test]
    fn chinese_wraps_between_characters_and_keeps_punctuation() {
        let measure = |s: &str| s.chars().count() as f64;
        assert_eq!(
            wrap_words("冲击之前：价格下跌", 5.0, measure),
            vec!["冲击之前：", "价格下跌"]
        );
        assert_eq!(
            wrap_words("第3分钟 BTC下跌", 4.0, measure),
            vec!["第3分钟", "BTC下", "跌"]
        );
        // The lowest price's label on the map: the bracket goes down with
        // the fall it opens.
        assert_eq!(
            wrap_words("最低$83,780（−11.8%）", 11.0, measure),
            vec!["最低$83,780", "（−11.8%）"]
        );
    }

    /// Whether a loop node's name calls its figure a fall.
    fn names_a_fall(name: &str) -> bool {
        let name = name.to_lowercase();
        ["fall", "下跌", "跌幅", "caída"]
            .iter()
            .any(|w| name.contains(w))
    }

    #[test]
    fn the_loops_btc_figures_say_what_they_count_in_rebounds_and_at_the_end() {
        use crate::engine::presets::preset;
        use crate::engine::simulate;
        for name in ["feb-2026", "oct-2025"] {
            let run = simulate(&(preset(name).unwrap().params)());
            let steps = &run.steps;
            let reference = run.assets[BTC].reference_price;
            let (deepest, _) = run_extremes(steps, reference);
            let rebounds = steps.iter().filter(|s| s.spiral.price_fall_pct < 0.0);
            assert!(rebounds.count() > 0, "{name} has minutes BTC rises in");
            for lang in Lang::ALL {
                let mut rose = false;
                for index in 0..steps.len() {
                    let at = At::Step { index, frac: 0.1 };
                    let figures = loop_figures(lang, at, steps, deepest);
                    let move_now = &figures.amounts[0];
                    assert_eq!(
                        move_now,
                        &format_change(lang, -steps[index].spiral.price_fall_pct)
                    );
                    rose |= move_now.starts_with('+');
                    for key in [figures.names[0], figures.short_names[0]] {
                        assert!(
                            !names_a_fall(lang.t(key)) || move_now.starts_with('\u{2212}'),
                            "{name} minute {index}: {} {move_now}",
                            lang.t(key)
                        );
                    }
                }
                assert!(rose, "{name} in {lang:?}: a rise is shown as a rise");
                // At the end: BTC at its low, as the caption's "stopped at".
                let end = loop_figures(lang, At::After, steps, deepest);
                assert_eq!(end.amounts[0], format_change(lang, -deepest));
                assert!(end.amounts[0].starts_with('\u{2212}'), "{}", end.amounts[0]);
                assert!(
                    deepest > run.summary.shock_pct * 0.5,
                    "{name} fell {deepest}"
                );
                // A sum of the moves would not do: oct-2025's rebound outweighs its fall.
                let summed: f64 = steps.iter().map(|s| s.spiral.price_fall_pct).sum();
                assert!(name != "oct-2025" || summed < 0.0, "{name}: {summed}");
            }
        }
    }
}
