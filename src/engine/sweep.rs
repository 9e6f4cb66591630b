//! Parameter sweeps: one metric over a grid of two parameters.
//!
//! A sweep reuses the population's random draws for every cell (they depend
//! only on the seed and the count) and, through [`Runner`], the placed
//! population for cells that differ only in fields that do not shape it, so
//! a row over the shock or the books places its population once.
//! Cells are independent: natively rayon spreads them over threads, the
//! page computes them one by one.

use super::cascade::Run;
use super::market::BTC;
use super::params::{field, FieldSpec, Params};
use super::runner::Runner;

/// One axis: a parameter and the values it takes.
#[derive(Clone)]
pub struct Axis {
    pub spec: &'static FieldSpec,
    pub values: Vec<f64>,
}

impl std::fmt::Debug for Axis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Axis({}: {:?})", self.spec.key, self.values)
    }
}

impl Axis {
    /// Parses `key=from:to:steps` (steps >= 2 values, evenly spaced; 1 gives
    /// `from` alone). Every value is checked against the field's range.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (key, range) = text
            .split_once('=')
            .ok_or_else(|| format!("an axis is key=from:to:steps, got '{text}'"))?;
        let spec =
            field(key).ok_or_else(|| format!("unknown parameter '{key}' in axis '{text}'"))?;
        let parts: Vec<&str> = range.split(':').collect();
        let [from, to, steps] = parts[..] else {
            return Err(format!("an axis is key=from:to:steps, got '{text}'"));
        };
        let steps: usize = steps
            .parse()
            .ok()
            .filter(|s| (1..=1000).contains(s))
            .ok_or_else(|| {
                format!(
                    "steps in axis '{text}' must be a whole number from 1 to 1000, got '{steps}'"
                )
            })?;
        let from = spec.parse(from).map_err(|e| e.message)?;
        let to = spec.parse(to).map_err(|e| e.message)?;
        let values = (0..steps)
            .map(|i| {
                if steps == 1 {
                    from
                } else {
                    from + (to - from) * i as f64 / (steps - 1) as f64
                }
            })
            .map(|v| match spec.kind {
                super::params::Kind::Number { integer: false, .. } => v,
                // Whole numbers and choices (stored as indices) take whole steps.
                _ => v.round(),
            })
            .collect();
        Ok(Axis { spec, values })
    }
}

/// What a sweep measures in each cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Amplification,
    BtcDrawdownPct,
    TotalLiquidatedUsd,
    AccountsLiquidated,
    Rounds,
    Runaway,
}

impl Metric {
    pub const NAMES: [&'static str; 6] = [
        "amplification",
        "btc_drawdown_pct",
        "total_liquidated_usd",
        "accounts_liquidated",
        "rounds",
        "runaway",
    ];

    pub fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "amplification" => Metric::Amplification,
            "btc_drawdown_pct" => Metric::BtcDrawdownPct,
            "total_liquidated_usd" => Metric::TotalLiquidatedUsd,
            "accounts_liquidated" => Metric::AccountsLiquidated,
            "rounds" => Metric::Rounds,
            "runaway" => Metric::Runaway,
            other => {
                return Err(format!(
                    "metric must be one of {}, got '{other}'",
                    Metric::NAMES.join(", ")
                ))
            }
        })
    }

    pub fn of(self, run: &Run) -> f64 {
        let s = &run.summary;
        match self {
            Metric::Amplification => s.amplification,
            Metric::BtcDrawdownPct => run.assets[BTC].max_drawdown_pct,
            Metric::TotalLiquidatedUsd => s.total_liquidated_usd,
            Metric::AccountsLiquidated => s.accounts_liquidated,
            Metric::Rounds => f64::from(s.rounds),
            Metric::Runaway => f64::from(u8::from(s.runaway)),
        }
    }
}

/// A two-parameter sweep around `base`.
#[derive(Clone)]
pub struct Sweep {
    pub base: Params,
    pub x: Axis,
    pub y: Axis,
    pub metric: Metric,
}

impl Sweep {
    pub fn cell_count(&self) -> usize {
        self.x.values.len() * self.y.values.len()
    }

    /// Parameters of cell `index` (row-major: y outer, x inner).
    pub fn cell_params(&self, index: usize) -> Params {
        let (yi, xi) = (index / self.x.values.len(), index % self.x.values.len());
        let mut p = self.base.clone();
        (self.x.spec.set)(&mut p, self.x.values[xi]);
        (self.y.spec.set)(&mut p, self.y.values[yi]);
        p
    }

    pub fn cell(&self, runner: &mut Runner, index: usize) -> f64 {
        self.metric.of(&runner.run(&self.cell_params(index)))
    }

    /// All cells on a pool of `threads` threads; `progress` is called with
    /// the number of finished cells after each one (from any thread). Each
    /// cell's value goes to its own slot, so the result does not depend on
    /// the number of threads. A worker keeps one [`Runner`] per run of
    /// neighbouring cells, so rows still share their placement.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn run_parallel(&self, threads: usize, progress: &(dyn Fn(usize) + Sync)) -> Vec<f64> {
        use rayon::prelude::*;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let done = AtomicUsize::new(0);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
            .expect("the operating system starts threads");
        pool.install(|| {
            (0..self.cell_count())
                .into_par_iter()
                .map_init(Runner::default, |runner, index| {
                    let value = self.cell(runner, index);
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                    value
                })
                .collect()
        })
    }

    /// The grid as CSV: a header of x values, one row per y value.
    pub fn to_csv(&self, values: &[f64]) -> String {
        let x = self.x.spec;
        let y = self.y.spec;
        let mut out = format!("{}\\{}", y.key, x.key);
        for v in &self.x.values {
            out.push_str(&format!(",{}", x.format(*v)));
        }
        for (yi, v) in self.y.values.iter().enumerate() {
            out.push_str(&format!("\n{}", y.format(*v)));
            for xi in 0..self.x.values.len() {
                out.push_str(&format!(",{}", values[yi * self.x.values.len() + xi]));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_parse_and_check_ranges() {
        let a = Axis::parse("shock=0:10:5").unwrap();
        assert_eq!(a.values, [0.0, 2.5, 5.0, 7.5, 10.0]);
        assert!(Axis::parse("shock=0:99:5")
            .unwrap_err()
            .contains("shock must be a number from 0 to 50"));
        assert!(Axis::parse("zzz=0:1:2")
            .unwrap_err()
            .contains("unknown parameter 'zzz'"));
        assert!(Axis::parse("lev=1:10")
            .unwrap_err()
            .contains("key=from:to:steps"));
        assert!(Axis::parse("lev=1:10:0")
            .unwrap_err()
            .contains("from 1 to 1000"));
        assert_eq!(
            Axis::parse("n=100:200:3").unwrap().values,
            [100.0, 150.0, 200.0]
        );
        assert_eq!(
            Axis::parse("impact=linear:sqrt:3").unwrap().values,
            [0.0, 1.0, 1.0]
        );
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn parallel_cells_equal_fresh_single_runs() {
        let sweep = Sweep {
            base: Params {
                positions: 2_000,
                ..Params::default()
            },
            x: Axis::parse("shock=2:10:3").unwrap(),
            y: Axis::parse("lev=5:40:2").unwrap(),
            metric: Metric::TotalLiquidatedUsd,
        };
        let values = sweep.run_parallel(2, &|_| {});
        let one_thread = sweep.run_parallel(1, &|_| {});
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&values), bits(&one_thread), "2 threads vs 1");
        assert_eq!(bits(&sweep.run_parallel(5, &|_| {})), bits(&one_thread));
        for (i, v) in values.iter().enumerate() {
            let fresh = super::super::cascade::simulate(&sweep.cell_params(i));
            assert_eq!(
                v.to_bits(),
                fresh.summary.total_liquidated_usd.to_bits(),
                "cell {i}"
            );
        }
        let csv = sweep.to_csv(&values);
        assert!(csv.starts_with("lev\\shock,2,6,10\n5,"), "{csv}");
        assert_eq!(csv.lines().count(), 3);
    }
}
