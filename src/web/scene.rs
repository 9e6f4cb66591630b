//! What the views draw: one run of the engine and the liquidation map of
//! the population it ran on, computed together whenever parameters change
//! (in the engine worker, `scene_worker`, wherever one can start).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::engine::flat::{self, Reader};
use crate::engine::link;
use crate::engine::liquidation_map::LiquidationMap;
use crate::engine::market::BTC;
use crate::engine::positions::Side;
use crate::engine::runner::{population_key, Runner};
use crate::engine::survival::UserPosition;
use crate::engine::{run, Params, Run};

thread_local! {
    /// The page's placed population, kept between runs so that moving the
    /// shock, the books or a flow re-runs without placing it again.
    static RUNNER: RefCell<Runner> = RefCell::new(Runner::default());
    /// The liquidation map of that population, under its population key:
    /// made once per placement, so a re-run that keeps the population
    /// (the shock alone, at two million positions) does not walk it again.
    static MAP: RefCell<Option<(Vec<u64>, LiquidationMap)>> = const { RefCell::new(None) };
}

/// Runs `f` with the page's runner (one per thread: the page, or a worker).
pub fn with_runner<T>(f: impl FnOnce(&mut Runner) -> T) -> T {
    RUNNER.with(|runner| f(&mut runner.borrow_mut()))
}

/// True when `a` and `b` are the same scene object, or both absent (no
/// run yet): the cheap test of whether a new run arrived.
pub fn same_scene(a: &Option<Rc<Scene>>, b: &Option<Rc<Scene>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// Bands of the map: 0.5% wide, from 15% above the price to 45% below.
pub const MAP_BIN_PCT: f64 = 0.5;
pub const MAP_ABOVE_PCT: f64 = 15.0;
pub const MAP_BELOW_PCT: f64 = 45.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Shared with the charts, so handing it to them copies nothing.
    pub run: Rc<Run>,
    /// BTC's liquidation map before the shock.
    pub map: LiquidationMap,
    /// The run's digest in hex: the canvas carries it once it shows this
    /// run, so tests can tell which run is on screen and when it got there.
    pub digest: String,
    /// The reader's own position's liquidation price, drawn on the map.
    pub user_liquidation: Option<(Side, f64)>,
}

/// The run for `params` and the map of its population, with this thread's
/// runner (the map is made again only when the population was).
fn compute(params: &Params) -> (Run, LiquidationMap) {
    with_runner(|runner| {
        let population = runner.population(params);
        let key = population_key(params);
        let map = MAP.with(|kept| {
            let mut kept = kept.borrow_mut();
            match kept.as_ref() {
                Some((k, map)) if *k == key => map.clone(),
                _ => {
                    let map = LiquidationMap::of(
                        population,
                        BTC,
                        MAP_BIN_PCT,
                        MAP_ABOVE_PCT,
                        MAP_BELOW_PCT,
                    );
                    kept.insert((key, map)).1.clone()
                }
            }
        });
        (run(params, population), map)
    })
}

/// The scene for the scenario `query` (its share query) as one flat array
/// (the run, then the map; see `engine::flat`), computed with the runner
/// of the thread it is called on. Exported for the engine worker, which
/// posts the array to the page.
#[wasm_bindgen(js_name = packedScene)]
pub fn packed_scene(query: &str) -> Result<Vec<f64>, JsError> {
    let decoded = link::decode(query);
    if let Some(problem) = decoded.notices.iter().find(|n| n.is_error) {
        return Err(JsError::new(&problem.message));
    }
    let (run, map) = compute(&decoded.params);
    Ok(pack(&run, &map))
}

/// A run and its map as one flat array: what [`Scene::unpack`] reads.
fn pack(run: &Run, map: &LiquidationMap) -> Vec<f64> {
    let mut packed = Vec::new();
    flat::write_run(run, &mut packed);
    flat::write_map(map, &mut packed);
    packed
}

impl Scene {
    pub fn new(params: &Params) -> Self {
        let (run, map) = compute(params);
        Self::of(run, map)
    }

    /// This scene packed as [`packed_scene`] packs one (how a run crosses
    /// to the panels' module).
    pub fn packed(&self) -> Vec<f64> {
        pack(&self.run, &self.map)
    }

    /// The scene [`packed_scene`] wrote for `params`.
    pub fn unpack(params: &Params, packed: &[f64]) -> Result<Self, String> {
        let mut reader = Reader::new(packed);
        let run = flat::read_run(params, &mut reader)?;
        let map = flat::read_map(&mut reader)?;
        if !reader.is_done() {
            return Err("the packed scene is longer than its run and map".to_string());
        }
        Ok(Self::of(run, map))
    }

    fn of(run: Run, map: LiquidationMap) -> Self {
        Scene {
            digest: format!("{:016x}", run.digest()),
            run: Rc::new(run),
            map,
            user_liquidation: None,
        }
    }

    /// The same run with `position`'s liquidation price marked (or none).
    pub fn with_position(self, position: Option<&UserPosition>) -> Self {
        Scene {
            user_liquidation: position.map(|p| (p.side, p.liquidation_price(&self.run.params))),
            ..self
        }
    }

    /// Steps of the run in which something was liquidated (the rounds).
    pub fn round_steps(&self) -> impl Iterator<Item = usize> + '_ {
        self.run
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.spiral.margin_shortfall_usd > 0.0)
            .map(|(i, _)| i)
    }
}
