//! Engine benchmarks (criterion). Run with `cargo bench --bench engine` or
//! scripts/bench.sh, which also times the same cascade in Chromium.
//!
//! Targets (on the 2-core development machine; these are goals to compare
//! against, never test assertions):
//!   1. `cascade/run_100k`: one full cascade over 100,000 pre-generated
//!      positions, default parameters: <= 5 ms.
//!   2. `cascade/simulate_1m`: generate and run 1,000,000 positions on every
//!      core: <= 100 ms (`simulate_1m_1thread`: the same on one thread, what
//!      wasm is compared with; `generate_1m`: generation alone).
//!   3. `sweep/64x64_20k_2threads`: shock 0..20 x leverage 2..50, metric
//!      amplification, 20,000 positions, both cores: <= 3 s.
//!   4. `small_shock/run/{20000,1000000}`: a 0.5% shock without noise
//!      liquidates few positions; the cost should follow the positions
//!      liquidated, not N, so the two should be close. `small_shock/no_shock`
//!      (nothing liquidated) shows the part of a run that grows with N.
//!   5. (tests/wasm_bench.rs) the 100k cascade of 1. in Chromium within 2x,
//!      and generation and run at 1,000,000 positions within 1.5x of native.
//!   6. `rerun/shock_1m`: a shock-only change at 1,000,000 positions, re-run
//!      on the placed population (engine::runner::Runner): <= 10 ms.
//!   7. `textbook/simulate_1m`: the textbook model at 1,000,000 positions,
//!      set against the same cascade in NumPy (scripts/numpy_textbook.py).
//!
//! Before timing, each benchmark prints what its run did (steps, rounds,
//! positions liquidated) to stderr so the numbers can be read in context.

// Criterion and threads are native only; built for wasm32 (by clippy's
// --all-targets) the file is an empty program.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Duration;

    use cascade_lab::engine::market::ASSETS;
    use cascade_lab::engine::positions::Population;
    use cascade_lab::engine::runner::Runner;
    use cascade_lab::engine::sweep::{Axis, Metric, Sweep};
    use cascade_lab::engine::{run, simulate, Params, Run};
    use criterion::{criterion_group, BenchmarkId, Criterion, SamplingMode, Throughput};

    /// The default scenario at `positions` positions.
    fn default_params(positions: u32) -> Params {
        Params {
            positions,
            ..Params::default()
        }
    }

    /// A shock that liquidates only the nearest few positions: 0.5%, no noise.
    fn small_shock_params(positions: u32) -> Params {
        Params {
            positions,
            shock_pct: 0.5,
            noise: 0.0,
            ..Params::default()
        }
    }

    /// Isolated positions whose liquidation price lies at or beyond the lowest
    /// (longs) or highest (shorts) price the asset reached, plus cross accounts
    /// counted in the run: close to the number of positions the run liquidated.
    fn positions_liquidated(population: &Population, run: &Run) -> usize {
        let mut count = 0;
        for (a, spec) in ASSETS.iter().enumerate() {
            let lowest = run
                .steps
                .iter()
                .map(|s| s.assets[a].price)
                .fold(spec.price, f64::min);
            let highest = run
                .steps
                .iter()
                .map(|s| s.assets[a].price)
                .fold(spec.price, f64::max);
            let p = &population.assets[a];
            count += p
                .longs
                .iter()
                .take_while(|p| p.liquidation_price >= lowest)
                .count();
            count += p
                .shorts
                .iter()
                .take_while(|p| p.liquidation_price <= highest)
                .count();
        }
        count
    }

    fn describe(label: &str, population: &Population, run: &Run) {
        let n = population.len();
        let s = &run.summary;
        eprintln!(
            "[{label}] N = {n}: {} steps, {} rounds, ~{} isolated positions liquidated, ${:.2}B liquidated, amplification {:.3}, digest {:016x}",
            s.steps,
            s.rounds,
            positions_liquidated(population, run),
            s.total_liquidated_usd / 1e9,
            s.amplification,
            run.digest(),
        );
    }

    /// Targets 1 and 2: the full cascade with the population pre-generated, and
    /// generation plus cascade at a million positions.
    fn cascade(c: &mut Criterion) {
        let params = default_params(100_000);
        let population = Population::generate(&params);
        describe("cascade/run_100k", &population, &run(&params, &population));

        let mut group = c.benchmark_group("cascade");
        group.throughput(Throughput::Elements(u64::from(params.positions)));
        group.bench_function("run_100k", |b| {
            b.iter(|| run(black_box(&params), black_box(&population)))
        });
        group.finish();

        let million = default_params(1_000_000);
        describe(
            "cascade/simulate_1m",
            &Population::generate(&million),
            &simulate(&million),
        );
        let mut group = c.benchmark_group("cascade");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(5));
        group.throughput(Throughput::Elements(u64::from(million.positions)));
        group.bench_function("simulate_1m", |b| b.iter(|| simulate(black_box(&million))));
        let one_thread = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("a one-thread pool");
        group.bench_function("simulate_1m_1thread", |b| {
            b.iter(|| one_thread.install(|| simulate(black_box(&million))))
        });
        // Where the 1M time goes: generation alone.
        group.bench_function("generate_1m", |b| {
            b.iter(|| Population::generate(black_box(&million)))
        });
        group.finish();
    }

    /// Target 6: the shock moves, nothing that shapes the population does.
    /// Each iteration alternates between two shocks, so each is a re-run on
    /// the kept population, never a repeat of the same run.
    fn rerun(c: &mut Criterion) {
        let million = default_params(1_000_000);
        let shocks = [
            million.clone(),
            Params {
                shock_pct: 7.0,
                ..million.clone()
            },
        ];
        let mut runner = Runner::default();
        for params in &shocks {
            let run = runner.run(params);
            describe("rerun/shock_1m", runner.population(params), &run);
        }
        let mut group = c.benchmark_group("rerun");
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(4));
        let mut turn = 0;
        group.bench_function("shock_1m", |b| {
            b.iter(|| {
                turn += 1;
                runner.run(black_box(&shocks[turn % 2]))
            })
        });
        group.finish();
    }

    /// Target 7: the textbook model, for the NumPy comparison.
    fn textbook(c: &mut Criterion) {
        let params = cascade_lab::engine::link::decode("v=1&preset=textbook&n=1000000").params;
        describe(
            "textbook/simulate_1m",
            &Population::generate(&params),
            &simulate(&params),
        );
        let mut group = c.benchmark_group("textbook");
        group
            .sample_size(20)
            .measurement_time(Duration::from_secs(4));
        group.bench_function("simulate_1m", |b| b.iter(|| simulate(black_box(&params))));
        group.finish();
    }

    /// Target 3: a 64 x 64 sweep on both cores.
    fn sweep(c: &mut Criterion) {
        let sweep = Sweep {
            base: default_params(20_000),
            x: Axis::parse("shock=0:20:64").expect("valid axis"),
            y: Axis::parse("lev=2:50:64").expect("valid axis"),
            metric: Metric::Amplification,
        };
        let mut group = c.benchmark_group("sweep");
        group
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(30));
        group.throughput(Throughput::Elements(sweep.cell_count() as u64));
        group.bench_function("64x64_20k_2threads", |b| {
            b.iter(|| sweep.run_parallel(2, &|_| {}))
        });
        group.finish();
    }

    /// Target 4: a small shock at two population sizes. If the cost of a run
    /// follows the positions liquidated, the two times are close. A 0.5% shock
    /// liquidates the same share of a larger population, so `no_shock` (shock 0,
    /// no noise: nothing liquidates) isolates the part that grows with N alone.
    fn small_shock(c: &mut Criterion) {
        let mut group = c.benchmark_group("small_shock");
        group
            .sample_size(20)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        for n in [20_000u32, 1_000_000] {
            let small = small_shock_params(n);
            let population = Population::generate(&small);
            describe(
                &format!("small_shock/run/{n}"),
                &population,
                &run(&small, &population),
            );
            group.bench_with_input(BenchmarkId::new("run", n), &n, |b, _| {
                b.iter(|| run(black_box(&small), black_box(&population)))
            });
            let none = Params {
                shock_pct: 0.0,
                ..small
            };
            describe(
                &format!("small_shock/no_shock/{n}"),
                &population,
                &run(&none, &population),
            );
            group.bench_with_input(BenchmarkId::new("no_shock", n), &n, |b, _| {
                b.iter(|| run(black_box(&none), black_box(&population)))
            });
        }
        group.finish();
    }

    criterion_group!(benches, cascade, rerun, textbook, sweep, small_shock);
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(target_arch = "wasm32")]
fn main() {}
