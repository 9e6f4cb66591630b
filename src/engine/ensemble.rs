//! Ensembles: one scenario over a range of seeds, and how far its outcomes
//! spread.
//!
//! A single seed is one draw of the population and the noise; the median
//! and the 10th-90th percentile range over many seeds say what the scenario
//! itself does. The figures are read from [`Summary`]'s serde form, so a
//! figure added to the summary appears here without an edit.

use serde::Serialize;
use serde_json::Value;

use super::cascade::{simulate, Summary};
use super::params::{field, Params};

/// The percentiles reported for every figure.
pub const LOW_PERCENTILE: f64 = 10.0;
pub const HIGH_PERCENTILE: f64 = 90.0;

/// The progress callback, called with the number of seeds finished. Natively
/// the seeds run on several threads, so it must be `Sync`; in wasm they run
/// one after another and any closure will do.
#[cfg(not(target_arch = "wasm32"))]
pub trait Progress: Fn(usize) + Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<F: Fn(usize) + Sync> Progress for F {}
#[cfg(target_arch = "wasm32")]
pub trait Progress: Fn(usize) {}
#[cfg(target_arch = "wasm32")]
impl<F: Fn(usize)> Progress for F {}

/// Seeds `first` to `last`, both included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SeedRange {
    pub first: u32,
    pub last: u32,
}

impl SeedRange {
    /// More seeds than this is a typo rather than a study (50 seeds of the
    /// default scenario take about a second).
    pub const MAX_SEEDS: u64 = 10_000;

    /// Reads `FIRST..LAST` (or `FIRST..=LAST`, the same thing), both ends
    /// included; each end is checked against the seed field of the
    /// parameter table.
    pub fn parse(text: &str) -> Result<Self, String> {
        let spec = field("seed").expect("the parameter table has a seed");
        let form = || {
            format!(
                "seeds must be FIRST..LAST (both included), each {}, at most {} seeds, got '{text}'",
                spec.range_text(),
                Self::MAX_SEEDS
            )
        };
        let (first, last) = text.trim().split_once("..").ok_or_else(form)?;
        let last = last.strip_prefix('=').unwrap_or(last);
        let end = |t: &str| spec.parse(t).map(|v| v as u32).map_err(|_| form());
        let range = SeedRange {
            first: end(first)?,
            last: end(last)?,
        };
        if range.first > range.last || range.count() as u64 > Self::MAX_SEEDS {
            return Err(form());
        }
        Ok(range)
    }

    /// How many seeds (never zero: both ends are included).
    pub fn count(&self) -> usize {
        (u64::from(self.last) - u64::from(self.first) + 1) as usize
    }

    pub fn seeds(&self) -> std::ops::RangeInclusive<u32> {
        self.first..=self.last
    }
}

/// One seed's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeedSummary {
    pub seed: u32,
    pub summary: Summary,
}

/// How one figure spreads over the seeds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Spread {
    /// The figure's name in the summary's JSON (`a.b` inside a nested object).
    pub figure: String,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
}

/// Every seed's summary, in seed order, and the spread of each figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ensemble {
    pub seeds: SeedRange,
    pub runs: Vec<SeedSummary>,
    pub spreads: Vec<Spread>,
}

/// Runs `base` once per seed in `seeds` (the base's own seed is replaced).
/// Natively the seeds run in parallel; each result lands in its seed's
/// place, so the ensemble is the same on any number of threads and in wasm.
pub fn run_ensemble(base: &Params, seeds: SeedRange, progress: &dyn Progress) -> Ensemble {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let one = |seed: u32| {
        let params = Params {
            seed,
            ..base.clone()
        };
        let summary = simulate(&params).summary;
        progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
        SeedSummary { seed, summary }
    };
    #[cfg(not(target_arch = "wasm32"))]
    let runs: Vec<SeedSummary> = {
        use rayon::prelude::*;
        seeds.seeds().into_par_iter().map(one).collect()
    };
    #[cfg(target_arch = "wasm32")]
    let runs: Vec<SeedSummary> = seeds.seeds().map(one).collect();
    let spreads = spreads(&runs);
    Ensemble {
        seeds,
        runs,
        spreads,
    }
}

/// The spread of every figure the summaries share, by figure name.
fn spreads(runs: &[SeedSummary]) -> Vec<Spread> {
    let per_run: Vec<Vec<(String, f64)>> = runs.iter().map(|r| figures(&r.summary)).collect();
    let Some(names) = per_run.first() else {
        return Vec::new();
    };
    names
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let mut values: Vec<f64> = per_run.iter().map(|f| f[i].1).collect();
            values.sort_by(f64::total_cmp);
            Spread {
                figure: name.clone(),
                p10: percentile(&values, LOW_PERCENTILE),
                median: percentile(&values, 50.0),
                p90: percentile(&values, HIGH_PERCENTILE),
            }
        })
        .collect()
}

/// Every number in the summary's serde form, named as in its JSON and
/// sorted by name (so the order is the same whatever the map type).
/// Booleans and text are not figures; nested objects and arrays are
/// flattened as `outer.inner` and `list.0`.
pub fn figures(summary: &Summary) -> Vec<(String, f64)> {
    let value = serde_json::to_value(summary).expect("a summary is plain data");
    let mut out = Vec::new();
    collect_numbers("", &value, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn collect_numbers(name: &str, value: &Value, out: &mut Vec<(String, f64)>) {
    let join = |key: &str| {
        if name.is_empty() {
            key.to_string()
        } else {
            format!("{name}.{key}")
        }
    };
    match value {
        Value::Number(n) => out.push((name.to_string(), n.as_f64().unwrap_or(f64::NAN))),
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| collect_numbers(&join(k), v, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_numbers(&join(&i.to_string()), v, out)),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// The `p`th percentile (0 to 100) of `sorted` (ascending), by linear
/// interpolation between order statistics: rank h = (n - 1) p / 100, then
/// x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). This is
/// Hyndman & Fan's definition 7, the default of NumPy's `percentile` and of
/// R's `quantile`. NaN for an empty slice.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let Some(last) = sorted.len().checked_sub(1) else {
        return f64::NAN;
    };
    let rank = last as f64 * p.clamp(0.0, 100.0) / 100.0;
    let below = rank.floor() as usize;
    let above = (below + 1).min(last);
    let fraction = rank - below as f64;
    sorted[below] + fraction * (sorted[above] - sorted[below])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_match_a_hand_computation() {
        // Five values: ranks (n - 1) p = 4 p. p10 -> 0.4: 1 + 0.4 (2 - 1) = 1.4;
        // median -> 2: the middle value 3; p90 -> 3.6: 4 + 0.6 (10 - 4) = 7.6.
        let sorted = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert!((percentile(&sorted, 10.0) - 1.4).abs() < 1e-12);
        assert_eq!(percentile(&sorted, 50.0), 3.0);
        assert!((percentile(&sorted, 90.0) - 7.6).abs() < 1e-12);
        // Four values: the median halves the middle two, (2 + 3) / 2.
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0], 50.0), 2.5);
        assert_eq!(percentile(&sorted, 0.0), 1.0);
        assert_eq!(percentile(&sorted, 100.0), 10.0);
        assert_eq!(percentile(&[7.0], 90.0), 7.0);
        assert!(percentile(&[], 50.0).is_nan());
    }

    #[test]
    fn seed_ranges_parse_both_ends_included_and_name_the_form_when_wrong() {
        assert_eq!(
            SeedRange::parse("1..50").unwrap(),
            SeedRange { first: 1, last: 50 }
        );
        assert_eq!(SeedRange::parse("1..=50").unwrap().count(), 50);
        assert_eq!(SeedRange::parse("7..7").unwrap().count(), 1);
        for bad in ["50..1", "1-50", "a..b", "1.5..3", "-1..4", "0..20000", ""] {
            let message = SeedRange::parse(bad).unwrap_err();
            assert!(
                message.contains("FIRST..LAST")
                    && message.contains("whole number from 0 to 4294967295"),
                "{bad}: {message}"
            );
        }
    }

    fn small(seeds: &str) -> (Params, SeedRange) {
        let base = Params {
            positions: 1_000,
            ..Params::default()
        };
        (base, SeedRange::parse(seeds).unwrap())
    }

    #[test]
    fn each_seed_equals_a_single_run_with_that_seed_and_progress_counts_every_seed() {
        let (base, seeds) = small("3..8");
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let ensemble = run_ensemble(&base, seeds, &|_| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(calls.into_inner(), 6);
        let seeds: Vec<u32> = ensemble.runs.iter().map(|r| r.seed).collect();
        assert_eq!(seeds, [3, 4, 5, 6, 7, 8]);
        for r in &ensemble.runs {
            let single = simulate(&Params {
                seed: r.seed,
                ..base.clone()
            });
            assert_eq!(r.summary, single.summary, "seed {}", r.seed);
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn the_ensemble_is_bit_identical_on_one_thread_and_on_several() {
        let (base, seeds) = small("1..6");
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| run_ensemble(&base, seeds, &|_| {}))
        };
        let one = on(1);
        let bits = |e: &Ensemble| serde_json::to_string(e).unwrap();
        assert_eq!(bits(&on(3)), bits(&one));
        assert_eq!(one.runs.len(), 6);
    }

    #[test]
    fn every_numeric_summary_figure_gets_a_spread_from_the_runs() {
        let (base, seeds) = small("1..5");
        let ensemble = run_ensemble(&base, seeds, &|_| {});
        let numbers = figures(&ensemble.runs[0].summary);
        let names: Vec<&str> = ensemble.spreads.iter().map(|s| s.figure.as_str()).collect();
        assert_eq!(
            names,
            numbers.iter().map(|f| f.0.as_str()).collect::<Vec<_>>()
        );
        for name in [
            "total_liquidated_usd",
            "amplification",
            "rounds",
            "shock_pct",
        ] {
            assert!(names.contains(&name), "{name} missing from {names:?}");
        }
        assert!(!names.contains(&"runaway"), "a yes/no is not a figure");
        let amplification = |r: &SeedSummary| r.summary.amplification;
        let mut values: Vec<f64> = ensemble.runs.iter().map(amplification).collect();
        values.sort_by(f64::total_cmp);
        let spread = ensemble
            .spreads
            .iter()
            .find(|s| s.figure == "amplification")
            .unwrap();
        assert_eq!(spread.median, values[2], "the middle of five");
        assert!(spread.p10 <= spread.median && spread.median <= spread.p90);
        assert!(values[0] < values[4], "seeds give different outcomes");
    }

    #[test]
    fn nested_objects_and_arrays_are_flattened_by_name() {
        let value = serde_json::json!({"b": {"x": 1, "y": [2, 3]}, "a": 4.5, "ok": true});
        let mut out = Vec::new();
        collect_numbers("", &value, &mut out);
        out.sort_by(|a, b| a.0.cmp(&b.0));
        let expected = [("a", 4.5), ("b.x", 1.0), ("b.y.0", 2.0), ("b.y.1", 3.0)];
        let expected: Vec<(String, f64)> =
            expected.iter().map(|(k, v)| (k.to_string(), *v)).collect();
        assert_eq!(out, expected);
    }
}
