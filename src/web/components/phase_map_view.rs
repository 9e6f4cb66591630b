//! The phase map view: where cascades stay small and where they run away,
//! over shock x leverage, with the current setting marked. A click on a
//! cell loads that shock and leverage.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::Params;
use crate::web::phase_map::{
    self, axis_values, Computation, Request, Update, LEVERAGE_VALUES, SHOCK_VALUES,
};

#[derive(Properties, PartialEq)]
pub struct PhaseMapProps {
    pub params: Params,
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

/// Plot area inside the canvas, in CSS pixels: left, top, width, height.
fn plot_area(width: f64, height: f64) -> (f64, f64, f64, f64) {
    (
        48.0,
        28.0,
        (width - 62.0).max(10.0),
        (height - 64.0).max(10.0),
    )
}

fn draw(canvas: &HtmlCanvasElement, grid: &Grid, params: &Params) -> Result<(), String> {
    let ratio = web_sys::window()
        .map_or(1.0, |w| w.device_pixel_ratio())
        .max(1.0);
    let (css_w, css_h) = (
        f64::from(canvas.client_width().max(200)),
        f64::from(canvas.client_height().max(150)),
    );
    let (w, h) = (
        (css_w * ratio).round() as u32,
        (css_h * ratio).round() as u32,
    );
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(|_| "no 2d context")?
        .ok_or("no 2d context")?
        .dyn_into()
        .map_err(|_| "not a 2d context")?;
    ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0)
        .map_err(|_| "transform")?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, css_w, css_h);
    let xs = axis_values(SHOCK_VALUES);
    let ys = axis_values(LEVERAGE_VALUES);
    let (left, top, pw, ph) = plot_area(css_w, css_h);
    let (cw, chh) = (pw / xs.len() as f64, ph / ys.len() as f64);
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
    // Rows from the lowest leverage at the bottom.
    let cell_rect =
        |xi: usize, yi: usize| (left + xi as f64 * cw, top + ph - (yi + 1) as f64 * chh);
    for (index, cell) in grid.cells.iter().enumerate() {
        let (yi, xi) = (index / xs.len(), index % xs.len());
        let (x, y) = cell_rect(xi, yi);
        match cell {
            Some((value, _)) => {
                ctx.set_fill_style_str(&ramp((value - floor) / (peak - floor).max(1e-9)))
            }
            None => ctx.set_fill_style_str("#eef1f5"),
        }
        ctx.fill_rect(x, y, cw + 0.5, chh + 0.5);
    }
    // The boundary of runaway: edges between a runaway cell and a calm one.
    ctx.set_stroke_style_str("#000000");
    ctx.set_line_width(2.5);
    ctx.begin_path();
    let runaway = |xi: usize, yi: usize| {
        grid.cells
            .get(yi * xs.len() + xi)
            .copied()
            .flatten()
            .map(|c| c.1)
    };
    for yi in 0..ys.len() {
        for xi in 0..xs.len() {
            let Some(here) = runaway(xi, yi) else {
                continue;
            };
            let (x, y) = cell_rect(xi, yi);
            if xi + 1 < xs.len() && runaway(xi + 1, yi).is_some_and(|r| r != here) {
                ctx.move_to(x + cw, y);
                ctx.line_to(x + cw, y + chh);
            }
            if yi + 1 < ys.len() && runaway(xi, yi + 1).is_some_and(|r| r != here) {
                ctx.move_to(x, y);
                ctx.line_to(x + cw, y);
            }
        }
    }
    ctx.stroke();
    // Axes.
    ctx.set_fill_style_str("#14213d");
    ctx.set_font("12px system-ui, sans-serif");
    for (i, x) in xs.iter().enumerate().step_by(4) {
        let _ = ctx.fill_text(
            &format!("{x:.0}%"),
            left + (i as f64 + 0.5) * cw - 8.0,
            top + ph + 16.0,
        );
    }
    for (i, y) in ys.iter().enumerate().step_by(4) {
        let _ = ctx.fill_text(
            &format!("{y:.0}x"),
            8.0,
            top + ph - (i as f64 + 0.5) * chh + 4.0,
        );
    }
    let _ = ctx.fill_text("shock", left + pw / 2.0 - 16.0, css_h - 8.0);
    let _ = ctx.fill_text("leverage", 4.0, top - 10.0);
    let note = "thick line: where cascades run away";
    let note_width = ctx.measure_text(note).map_or(200.0, |m| m.width());
    let _ = ctx.fill_text(
        note,
        (css_w - note_width - 6.0).max(left + 60.0),
        top - 10.0,
    );
    // The current setting.
    let fx = (params.shock_pct - SHOCK_VALUES.0) / (SHOCK_VALUES.1 - SHOCK_VALUES.0);
    let fy = (params.mean_leverage - LEVERAGE_VALUES.0) / (LEVERAGE_VALUES.1 - LEVERAGE_VALUES.0);
    if (0.0..=1.0).contains(&fx) && (0.0..=1.0).contains(&fy) {
        let (mx, my) = (
            left + cw / 2.0 + fx * (pw - cw),
            top + ph - chh / 2.0 - fy * (ph - chh),
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
    Ok(())
}

#[function_component(PhaseMapView)]
pub fn phase_map_view(props: &PhaseMapProps) -> Html {
    let grid = use_state(Grid::default);
    let latest: Rc<RefCell<Grid>> = use_mut_ref(Grid::default).clone();
    let computation = use_mut_ref(|| None::<Computation>);
    let metric = use_state(|| "amplification".to_string());
    let canvas = use_node_ref();
    {
        let (canvas, params) = (canvas.clone(), props.params.clone());
        use_effect_with(((*grid).clone(), params), move |(grid, params)| {
            if let Some(element) = canvas.cast::<HtmlCanvasElement>() {
                if let Err(message) = draw(&element, grid, params) {
                    web_sys::console::warn_1(&format!("phase map not drawn: {message}").into());
                }
            }
        });
    }
    let compute = {
        let (grid, latest, computation, metric, query) = (
            grid.clone(),
            latest.clone(),
            computation.clone(),
            metric.clone(),
            props.query.to_string(),
        );
        Callback::from(move |_: MouseEvent| {
            let xs = axis_values(SHOCK_VALUES);
            let ys = axis_values(LEVERAGE_VALUES);
            let fresh = Grid {
                cells: vec![None; xs.len() * ys.len()],
                metric: (*metric).clone(),
                query: query.clone(),
                running: true,
                ..Grid::default()
            };
            *latest.borrow_mut() = fresh.clone();
            grid.set(fresh);
            let request = Request {
                query: query.clone(),
                x_key: "shock".into(),
                x_values: xs.clone(),
                y_key: "lev".into(),
                y_values: ys,
                metric: (*metric).clone(),
            };
            let (grid, latest, width) = (grid.clone(), latest.clone(), xs.len());
            let on_update: Rc<dyn Fn(Update)> = Rc::new(move |update| {
                let mut g = latest.borrow_mut();
                match update {
                    Update::Row { row, values } => {
                        for (i, pair) in values.chunks(2).enumerate().take(width) {
                            g.cells[row * width + i] = Some((pair[0], pair[1] > 0.5));
                        }
                        g.rows_done += 1;
                    }
                    Update::Done => g.running = false,
                    Update::Failed(message) => {
                        g.running = false;
                        g.error = Some(message);
                    }
                }
                grid.set(g.clone());
            });
            // Dropping the previous computation stops its worker.
            *computation.borrow_mut() = Some(phase_map::start(request, on_update));
        })
    };
    let on_click = {
        let (on_change, canvas) = (props.on_change.clone(), canvas.clone());
        Callback::from(move |e: MouseEvent| {
            let Some(element) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let (left, top, pw, ph) = plot_area(
                f64::from(element.client_width()),
                f64::from(element.client_height()),
            );
            let (fx, fy) = (
                (f64::from(e.offset_x()) - left) / pw,
                (top + ph - f64::from(e.offset_y())) / ph,
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
        let metric = metric.clone();
        Callback::from(move |e: Event| {
            metric.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let total_rows = axis_values(LEVERAGE_VALUES).len();
    let stale = !grid.query.is_empty() && grid.query != props.query.as_str();
    html! {
        <section class="phase-map" aria-label="Phase map" id="phase-map">
            <h2>{ "Phase map: where cascades run away" }</h2>
            <div class="phase-map-controls">
                <label for="phase-metric">{ "Colour by" }</label>
                <select id="phase-metric" onchange={on_metric}>
                    <option value="amplification" selected={*metric == "amplification"}>{ "amplification" }</option>
                    <option value="total_liquidated_usd" selected={*metric == "total_liquidated_usd"}>{ "total liquidated" }</option>
                </select>
                <button type="button" id="phase-compute" onclick={compute} disabled={grid.running}>
                    { if grid.cells.is_empty() { "Compute the phase map" } else { "Compute again" } }
                </button>
                <progress id="phase-progress" max={total_rows.to_string()} value={grid.rows_done.to_string()} aria-label="Phase map progress" />
            </div>
            if let Some(message) = &grid.error {
                <p class="phase-error" role="alert">{ format!("The phase map stopped: {message}") }</p>
            }
            if stale {
                <p class="phase-stale">{ "Computed for other settings; compute again to update it." }</p>
            }
            <canvas ref={canvas} id="phase-canvas" class="chart" role="img" onclick={on_click}
                aria-label="Heatmap of amplification over shock (across) and leverage (up), with the boundary where cascades run away; click a cell to load its settings" />
        </section>
    }
}
