//! The spread of outcomes: one button runs the scenario over 50 seeds in
//! the worker, with progress; then a fan chart of BTC's price (median and
//! 10-90% band, the run on screen, a preset's reported low) and a histogram
//! of the total liquidated. The fan's figures are on the canvas as
//! `data-fan` (the JSON of `cascade-lab ensemble`'s `btc_price_path`).

use std::rc::Rc;

use yew::prelude::*;

use crate::chart;
use crate::engine::ensemble::{path_spread, PathSpread};
use crate::engine::i18n::{Lang, PanelKey};
use crate::engine::presets::Reported;
use crate::engine::Run;
use crate::spread::{self, unflatten, SeedResult, DEFAULT_SEEDS, SEEDS_PER_PART};
use crate::worker::{self, Computation, Update};

#[derive(Properties, PartialEq)]
pub struct SpreadViewProps {
    /// The scenario's share query (its seed is replaced by 1..50).
    pub query: AttrValue,
    pub run: Rc<Run>,
    pub reported: Option<Reported>,
    pub lang: Lang,
}

/// The seeds as far as run.
#[derive(Clone, Default, PartialEq)]
struct Seeds {
    query: String,
    results: Vec<SeedResult>,
    parts_done: usize,
    running: bool,
    error: Option<String>,
    /// Once every seed is in.
    fan: Option<Rc<PathSpread>>,
}

impl Seeds {
    fn take(&mut self, update: Update) {
        match update {
            Update::Part { values, .. } => {
                self.results.extend(unflatten(&values));
                self.parts_done += 1;
            }
            Update::Done => {
                self.running = false;
                let paths: Vec<Vec<f64>> =
                    self.results.iter().map(|r| r.btc_path.clone()).collect();
                self.fan = Some(Rc::new(path_spread(&paths)));
            }
            Update::Failed(message) => {
                self.running = false;
                self.error = Some(message);
            }
        }
    }
}

#[function_component(SpreadView)]
pub fn spread_view(props: &SpreadViewProps) -> Html {
    let seeds = use_state(Seeds::default);
    let latest = use_mut_ref(Seeds::default);
    let computation = use_mut_ref(|| None::<Computation>);
    let compute = {
        let (seeds, latest, computation, query) = (
            seeds.clone(),
            latest.clone(),
            computation.clone(),
            props.query.to_string(),
        );
        Callback::from(move |_: MouseEvent| {
            let fresh = Seeds {
                query: query.clone(),
                running: true,
                ..Seeds::default()
            };
            *latest.borrow_mut() = fresh.clone();
            seeds.set(fresh);
            let (seeds, latest) = (seeds.clone(), latest.clone());
            let on_update: Rc<dyn Fn(Update)> = Rc::new(move |update| {
                let mut s: std::cell::RefMut<'_, Seeds> = latest.borrow_mut();
                s.take(update);
                seeds.set(s.clone());
            });
            // Dropping the previous computation stops its worker.
            *computation.borrow_mut() = Some(worker::start(
                spread::job(query.clone(), DEFAULT_SEEDS),
                on_update,
            ));
        })
    };
    let parts = DEFAULT_SEEDS.div_ceil(SEEDS_PER_PART);
    let stale = !seeds.query.is_empty() && seeds.query != props.query.as_str();
    let lang = props.lang;
    html! {
        <div class="spread" id="spread">
            <h2>{ lang.t(PanelKey::SeedsHeading) }</h2>
            <p>{ lang.t(PanelKey::SeedsIntro) }</p>
            <div class="phase-map-controls">
                <button type="button" id="spread-compute" onclick={compute} disabled={seeds.running}>
                    { lang.t(if seeds.query.is_empty() { PanelKey::SeedsCompute } else { PanelKey::SeedsComputeAgain }) }
                </button>
                <progress id="spread-progress" max={parts.to_string()} value={seeds.parts_done.to_string()} aria-label={lang.t(PanelKey::SeedsProgress)} />
            </div>
            if let Some(message) = &seeds.error {
                <p class="phase-error" role="alert">{ lang.fill(PanelKey::SeedsFailed, &[("message", message)]) }</p>
            }
            if stale {
                <p class="phase-stale">{ lang.t(PanelKey::SeedsStale) }</p>
            }
            if let Some(fan) = seeds.fan.clone() {
                <SpreadCharts fan={fan} totals={Rc::new(seeds.results.iter().map(|r| r.total_liquidated_usd).collect::<Vec<_>>())}
                    run={props.run.clone()} reported={props.reported} lang={lang} />
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SpreadChartsProps {
    fan: Rc<PathSpread>,
    totals: Rc<Vec<f64>>,
    run: Rc<Run>,
    reported: Option<Reported>,
    lang: Lang,
}

#[function_component(SpreadCharts)]
fn spread_charts(props: &SpreadChartsProps) -> Html {
    let reported_fall = props.reported.map(|r| r.btc_drawdown_pct);
    let reported_total = props.reported.map(|r| r.total_liquidated_usd);
    let lang = props.lang;
    let fan_ref = chart::use_drawn_canvas(
        (props.fan.clone(), props.run.clone(), reported_fall, lang),
        |canvas, (fan, run, reported, lang)| chart::draw_fan(canvas, fan, run, *reported, *lang),
    );
    let histogram_ref = chart::use_drawn_canvas(
        (
            props.totals.clone(),
            props.run.summary.total_liquidated_usd,
            reported_total,
            lang,
        ),
        |canvas, (totals, this_run, reported, lang)| {
            chart::draw_histogram(canvas, totals, *this_run, *reported, *lang)
        },
    );
    let fan_json = serde_json::to_string(&*props.fan).unwrap_or_default();
    let totals_json = serde_json::to_string(&*props.totals).unwrap_or_default();
    html! {
        <>
            <canvas ref={fan_ref} id="fan-canvas" class="chart" role="img" aria-label={lang.t(PanelKey::SeedsFanLabel)} data-fan={fan_json} />
            <canvas ref={histogram_ref} id="histogram-canvas" class="chart" role="img" aria-label={lang.t(PanelKey::SeedsHistogramLabel)} data-totals={totals_json} />
        </>
    }
}
