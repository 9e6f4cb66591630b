//! The phase map view: where cascades stay small and where they run away,
//! over shock x leverage, with the current setting marked. A click on a
//! cell loads that shock and leverage.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use crate::canvas::{fit_backing_store, TypeScale, FONT_STACK};
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::Params;
use crate::phase_map::{self, axis_values, LEVERAGE_VALUES, SHOCK_VALUES};
use crate::spiral_layout::{format_usd, Rect};
use crate::worker::{self, Computation, Update};

#[derive(Properties, PartialEq)]
pub struct PhaseMapProps {
    /// The map as last computed, kept by the app above the side panel.
    pub memory: PhaseMapMemory,
    pub params: Params,
    pub lang: Lang,
    /// The share query of the current settings (the map's base).
    pub query: AttrValue,
    pub on_change: Callback<(&'static str, f64)>,
}

/// The map's cells as far as computed: (metric, ran away) per cell, row-major.
#[derive(Clone, Default, PartialEq)]
struct Grid {
    cells: Vec<Option<(f64, bool)>>,
    rows_done: usize,
    metric: String,
    /// The settings it was computed for.
    query: String,
    error: Option<String>,
    running: bool,
}

impl Grid {
    /// Every row computed, without error, for `query` coloured by `metric`:
    /// computing again would repeat the same work.
    fn holds(&self, query: &str, metric: &str) -> bool {
        let complete = !self.cells.is_empty() && self.cells.iter().all(Option::is_some);
        complete && self.error.is_none() && self.query == query && self.metric == metric
    }
}

/// What the phase map keeps while its tab is closed: the map, the chosen
/// metric and the computation still filling it in. The app owns one, so
/// switching tabs and back shows the map at once instead of computing it
/// again; only a new scenario or metric needs a new computation.
#[derive(Default)]
struct Memory {
    grid: Grid,
    metric: Option<String>,
    computation: Option<Computation>,
    /// Re-renders the open view as rows arrive; none while the tab is closed.
    redraw: Option<Callback<()>>,
    /// Rows received from computations since the page loaded.
    rows_computed: usize,
}

/// A handle on the phase map's memory; equal only to itself, so passing it
/// down never re-renders the panel.
#[derive(Clone, Default)]
pub struct PhaseMapMemory(Rc<RefCell<Memory>>);

impl PartialEq for PhaseMapMemory {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Light yellow to dark purple (sequential, colour-blind safe), t in [0, 1].
fn ramp(t: f64) -> String {
    const STOPS: [(f64, f64, f64); 5] = [
        (255.0, 255.0, 204.0),
        (254.0, 217.0, 118.0),
        (253.0, 141.0, 60.0),
        (227.0, 26.0, 28.0),
        (63.0, 0.0, 125.0),
    ];
    let t = t.clamp(0.0, 1.0) * (STOPS.len() - 1) as f64;
    let (i, f) = (
        (t.floor() as usize).min(STOPS.len() - 2),
        t - t.floor().min((STOPS.len() - 2) as f64),
    );
    let mix = |a: f64, b: f64| (a + (b - a) * f).round();
    let (a, b) = (STOPS[i], STOPS[i + 1]);
    format!("rgb({},{},{})", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The map's frame in CSS pixels for labels of `font` px: the cells, with
/// tick labels and the leverage title left and above, the shock title below
/// and the colour legend right.
fn plot_area(width: f64, height: f64, font: f64) -> Rect {
    let (left, top, right, bottom) = (font * 3.4, font * 2.0, font * 6.4, font * 3.4);
    Rect {
        x: left,
        y: top,
        w: (width - left - right).max(10.0),
        h: (height - top - bottom).max(10.0),
    }
}

/// What a colour stands for in `metric`, as the legend prints it.
fn legend_value(lang: Lang, metric: &str, value: f64) -> String {
    if metric == "amplification" {
        format!("{}x", lang.decimal(value, 1))
    } else {
        format_usd(lang, value)
    }
}

/// The cells coloured by value (pale grey until computed), then the
/// boundary where cascades run away.
fn draw_cells(ctx: &CanvasRenderingContext2d, grid: &Grid, plot: Rect, (floor, peak): (f64, f64)) {
    let (xs, ys) = (
        axis_values(SHOCK_VALUES).len(),
        axis_values(LEVERAGE_VALUES).len(),
    );
    let (cw, ch) = (plot.w / xs as f64, plot.h / ys as f64);
    // Rows from the lowest leverage at the bottom.
    let cell_at = |xi: usize, yi: usize| {
        (
            plot.x + xi as f64 * cw,
            plot.bottom() - (yi + 1) as f64 * ch,
        )
    };
    for (index, cell) in grid.cells.iter().enumerate() {
        let (x, y) = cell_at(index % xs, index / xs);
        match cell {
            Some((value, _)) => {
                ctx.set_fill_style_str(&ramp((value - floor) / (peak - floor).max(1e-9)))
            }
            None => ctx.set_fill_style_str("#eef1f5"),
        }
        ctx.fill_rect(x, y, cw + 0.5, ch + 0.5);
    }
    // The boundary of runaway: edges between a runaway cell and a calm one.
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(2.5);
    ctx.begin_path();
    let runaway =
        |xi: usize, yi: usize| grid.cells.get(yi * xs + xi).copied().flatten().map(|c| c.1);
    for yi in 0..ys {
        for xi in 0..xs {
            let Some(here) = runaway(xi, yi) else {
                continue;
            };
            let (x, y) = cell_at(xi, yi);
            if xi + 1 < xs && runaway(xi + 1, yi).is_some_and(|r| r != here) {
                ctx.move_to(x + cw, y);
                ctx.line_to(x + cw, y + ch);
            }
            if yi + 1 < ys && runaway(xi, yi + 1).is_some_and(|r| r != here) {
                ctx.move_to(x, y);
                ctx.line_to(x + cw, y);
            }
        }
    }
    ctx.stroke();
}

/// Tick labels on both axes and the axis titles with their units.
fn draw_axes(ctx: &CanvasRenderingContext2d, plot: Rect, font: f64, lang: Lang) {
    let (xs, ys) = (axis_values(SHOCK_VALUES), axis_values(LEVERAGE_VALUES));
    let (cw, ch) = (plot.w / xs.len() as f64, plot.h / ys.len() as f64);
    ctx.set_fill_style_str("#14213d");
    ctx.set_font(&format!("{font:.1}px {FONT_STACK}"));
    ctx.set_text_baseline("top");
    ctx.set_text_align("center");
    let every = ((font * 2.6 / cw).ceil() as usize).max(1);
    for (i, x) in xs.iter().enumerate().step_by(every) {
        let _ = ctx.fill_text(
            &lang.percent(*x, 0),
            plot.x + (i as f64 + 0.5) * cw,
            plot.bottom() + font * 0.3,
        );
    }
    let _ = ctx.fill_text(
        lang.t(PanelKey::PhaseAxisShock),
        plot.x + plot.w / 2.0,
        plot.bottom() + font * 1.7,
    );
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    let every = ((font * 1.6 / ch).ceil() as usize).max(1);
    for (i, y) in ys.iter().enumerate().step_by(every) {
        let _ = ctx.fill_text(
            &format!("{y:.0}x"),
            plot.x - font * 0.3,
            plot.bottom() - (i as f64 + 0.5) * ch,
        );
    }
    ctx.set_text_align("left");
    ctx.set_text_baseline("bottom");
    let _ = ctx.fill_text(
        lang.t(PanelKey::PhaseAxisLeverage),
        font * 0.2,
        plot.y - font * 0.4,
    );
}

/// A vertical colour bar right of the map, lowest value at the bottom,
/// with five values beside it.
fn draw_legend(
    ctx: &CanvasRenderingContext2d,
    plot: Rect,
    font: f64,
    metric: &str,
    (floor, peak): (f64, f64),
    lang: Lang,
) {
    let (x, w) = (plot.right() + font * 0.8, font * 0.9);
    let rows = plot.h.max(1.0) as usize;
    for i in 0..rows {
        ctx.set_fill_style_str(&ramp(1.0 - i as f64 / rows as f64));
        ctx.fill_rect(x, plot.y + i as f64, w, 1.5);
    }
    ctx.set_stroke_style_str("#14213d");
    ctx.set_line_width(1.0);
    ctx.stroke_rect(x, plot.y, w, plot.h);
    ctx.set_fill_style_str("#14213d");
    ctx.set_text_align("left");
    ctx.set_text_baseline("middle");
    let ticks = if plot.h >= font * 7.0 { 4 } else { 1 };
    for k in 0..=ticks {
        let t = k as f64 / ticks as f64;
        let _ = ctx.fill_text(
            &legend_value(lang, metric, floor + t * (peak - floor)),
            x + w + font * 0.3,
            plot.bottom() - t * plot.h,
        );
    }
    ctx.set_text_align("right");
    ctx.set_text_baseline("bottom");
    let title = lang.t(if metric == "amplification" {
        PanelKey::PhaseLegendAmplification
    } else {
        PanelKey::PhaseLegendLiquidated
    });
    let _ = ctx.fill_text(title, x + w + font * 5.0, plot.y - font * 0.4);
}

/// The current setting: a ringed dot.
fn draw_marker(ctx: &CanvasRenderingContext2d, plot: Rect, params: &Params) {
    let (xs, ys) = (
        axis_values(SHOCK_VALUES).len(),
        axis_values(LEVERAGE_VALUES).len(),
    );
    let (cw, ch) = (plot.w / xs as f64, plot.h / ys as f64);
    let fx = (params.shock_pct - SHOCK_VALUES.0) / (SHOCK_VALUES.1 - SHOCK_VALUES.0);
    let fy = (params.mean_leverage - LEVERAGE_VALUES.0) / (LEVERAGE_VALUES.1 - LEVERAGE_VALUES.0);
    if (0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy) {
        let (mx, my) = (
            plot.x + cw / 2.0 + fx * (plot.w - cw),
            plot.bottom() - ch / 2.0 - fy * (plot.h - ch),
        );
        ctx.begin_path();
        let _ = ctx.arc(mx, my, 7.0, 0.0, std::f64::consts::TAU);
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("#ffffff");
        ctx.stroke();
        ctx.set_line_width(1.5);
        ctx.set_stroke_style_str("#0072b2");
        ctx.stroke();
    }
}

fn draw(
    canvas: &HtmlCanvasElement,
    grid: &Grid,
    params: &Params,
    lang: Lang,
) -> Result<(), String> {
    let size = fit_backing_store(canvas);
    if !size.is_drawable() {
        return Ok(());
    }
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|_| "no 2d context")?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "not a 2d context")?;
    ctx.set_transform(size.ratio, 0.0, 0.0, size.ratio, 0.0, 0.0)
        .map_err(|_| "transform")?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, size.width, size.height);
    let font = TypeScale::read().small();
    let plot = plot_area(size.width, size.height, font);
    let peak = grid
        .cells
        .iter()
        .flatten()
        .map(|c| c.0)
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let floor = if grid.metric == "amplification" {
        1.0
    } else {
        0.0
    };
    let range = (floor, peak.max(floor + 1e-9));
    draw_cells(&ctx, grid, plot, range);
    draw_axes(&ctx, plot, font, lang);
    if !grid.cells.is_empty() {
        draw_legend(&ctx, plot, font, &grid.metric, range, lang);
    }
    draw_marker(&ctx, plot, params);
    Ok(())
}

/// Starts computing the map for `query` and `metric` into `memory`,
/// dropping (and so stopping) any computation still running.
fn start_computation(memory: &PhaseMapMemory, query: String, metric: String) {
    let xs = axis_values(SHOCK_VALUES);
    let ys = axis_values(LEVERAGE_VALUES);
    let job = phase_map::job(query.clone(), xs.clone(), ys.clone(), metric.clone());
    let width = xs.len();
    let shared = memory.0.clone();
    let on_update: Rc<dyn Fn(Update)> = Rc::new(move |update| {
        let mut m = shared.borrow_mut();
        match update {
            Update::Part { index: row, values } => {
                for (i, pair) in values.chunks(2).enumerate().take(width) {
                    m.grid.cells[row * width + i] = Some((pair[0], pair[1] > 0.5));
                }
                m.grid.rows_done += 1;
                m.rows_computed += 1;
            }
            Update::Done => m.grid.running = false,
            Update::Failed(message) => {
                m.grid.running = false;
                m.grid.error = Some(message);
            }
        }
        let redraw = m.redraw.clone();
        drop(m);
        if let Some(redraw) = redraw {
            redraw.emit(());
        }
    });
    let mut m = memory.0.borrow_mut();
    m.computation = None;
    m.grid = Grid {
        cells: vec![None; xs.len() * ys.len()],
        metric,
        query,
        running: true,
        ..Grid::default()
    };
    drop(m);
    let computation = worker::start(job, on_update);
    memory.0.borrow_mut().computation = Some(computation);
}

#[function_component(PhaseMapView)]
pub fn phase_map_view(props: &PhaseMapProps) -> Html {
    let redraw = use_force_update();
    {
        // While this view is open, arriving rows re-render it.
        let (memory, redraw) = (props.memory.clone(), redraw.clone());
        use_effect_with((), move |_| {
            memory.0.borrow_mut().redraw = Some(Callback::from(move |()| redraw.force_update()));
            move || memory.0.borrow_mut().redraw = None
        });
    }
    let (grid, metric, rows_computed) = {
        let m = props.memory.0.borrow();
        let metric = m
            .metric
            .clone()
            .unwrap_or_else(|| "amplification".to_string());
        (m.grid.clone(), metric, m.rows_computed)
    };
    let canvas = use_node_ref();
    {
        let (canvas, params) = (canvas.clone(), props.params.clone());
        use_effect_with(
            (grid.clone(), params, props.lang),
            move |(grid, params, lang)| {
                if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                    if let Err(message) = draw(&element, grid, params, *lang) {
                        web_sys::console::warn_1(&format!("phase map not drawn: {message}").into());
                    }
                }
            },
        );
    }
    let up_to_date = grid.holds(props.query.as_str(), &metric);
    let compute = {
        let (memory, query, metric) = (
            props.memory.clone(),
            props.query.to_string(),
            metric.clone(),
        );
        let redraw = redraw.clone();
        Callback::from(move |_: MouseEvent| {
            if !memory.0.borrow().grid.holds(&query, &metric) {
                start_computation(&memory, query.clone(), metric.clone());
                redraw.force_update();
            }
        })
    };
    let on_click = {
        let (on_change, canvas) = (props.on_change.clone(), canvas.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(element) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let plot = plot_area(
                f64::from(element.client_width()),
                f64::from(element.client_height()),
                TypeScale::read().small(),
            );
            let (fx, fy) = (
                (f64::from(e.offset_x()) - plot.x) / plot.w,
                (plot.bottom() - f64::from(e.offset_y())) / plot.h,
            );
            if !(0.0..1.0).contains(&fx) || !(0.0..1.0).contains(&fy) {
                return;
            }
            let xs = axis_values(SHOCK_VALUES);
            let ys = axis_values(LEVERAGE_VALUES);
            on_change.emit(("shock", xs[(fx * xs.len() as f64) as usize]));
            on_change.emit(("lev", ys[(fy * ys.len() as f64) as usize]));
        })
    };
    let on_metric = {
        let memory = props.memory.clone();
        Callback::from(move |e: Event| {
            let chosen = e.target_unchecked_into::<HtmlSelectElement>().value();
            memory.0.borrow_mut().metric = Some(chosen);
            redraw.force_update();
        })
    };
    let total_rows = axis_values(LEVERAGE_VALUES).len();
    let stale =
        !grid.query.is_empty() && (grid.query != props.query.as_str() || grid.metric != metric);
    let lang = props.lang;
    html! {
        <div class="phase-map" id="phase-map" data-rows-computed={rows_computed.to_string()}
            data-running={grid.running.to_string()}>
            <h2>{ lang.t(PanelKey::PhaseTitle) }</h2>
            <div class="phase-map-controls">
                <label for="phase-metric">{ lang.t(PanelKey::PhaseColourBy) }</label>
                <select id="phase-metric" onchange={on_metric}>
                    <option value="amplification" selected={metric == "amplification"}>{ lang.t(PanelKey::PhaseAmplification) }</option>
                    <option value="total_liquidated_usd" selected={metric == "total_liquidated_usd"}>{ lang.t(PanelKey::PhaseTotalLiquidated) }</option>
                </select>
                <button type="button" id="phase-compute" onclick={compute} disabled={grid.running || up_to_date}>
                    { lang.t(if grid.cells.is_empty() { PanelKey::PhaseCompute } else if up_to_date { PanelKey::PhaseUpToDate } else { PanelKey::PhaseComputeAgain }) }
                </button>
                <progress id="phase-progress" max={total_rows.to_string()} value={grid.rows_done.to_string()} aria-label={lang.t(PanelKey::PhaseProgress)} />
            </div>
            if let Some(message) = &grid.error {
                <p class="phase-error" role="alert">{ lang.fill(PanelKey::PhaseStopped, &[("message", message)]) }</p>
            }
            if stale {
                <p class="phase-stale">{ lang.t(PanelKey::PhaseStale) }</p>
            }
            <canvas ref={canvas} id="phase-canvas" class="chart" role="img" onclick={on_click}
                aria-label={lang.t(PanelKey::PhaseCanvasLabel)} />
            <p class="phase-note">{ lang.t(PanelKey::PhaseNote) }</p>
        </div>
    }
}
