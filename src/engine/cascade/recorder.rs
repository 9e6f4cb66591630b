//! The recorder: turns each step's state into a [`Step`], keeps the running
//! totals, and writes the summary at the end.

use crate::correlation::RollingCorrelation;
use crate::correlation::{correlation_matrix, mean_off_diagonal, Matrix};
use crate::market::{ASSETS, ASSET_COUNT, BTC, ETH};
use crate::params::Params;
use crate::positions::Population;

use super::stages::Absorbed;
use super::state::{Backstop, Conditions, Cursors, Orders, Prices};
use super::{
    AssetSummary, LoopAmounts, Run, Step, Summary, Theory, CORRELATION_HALF_LIFE, FLOOR_FALL_PCT,
    MAX_STEPS,
};

/// Liquidation totals over the run.
#[derive(Clone, Copy, Debug, Default)]
struct Totals {
    long_usd: f64,
    short_usd: f64,
    accounts: f64,
    large: f64,
    adl_usd: f64,
}

pub(super) struct Recorder {
    steps: Vec<Step>,
    /// Every step's returns, for the correlation during the cascade.
    during: Vec<[f64; ASSET_COUNT]>,
    rolling: RollingCorrelation,
    peak: [f64; ASSET_COUNT],
    max_drawdown_pct: [f64; ASSET_COUNT],
    liquidated_by_asset: [f64; ASSET_COUNT],
    totals: Totals,
    /// Steps that liquidated something.
    rounds: u32,
    /// Steps in a row without anything to do once the shock is in.
    quiet: u32,
    /// Whether the last step still liquidated or sold slices.
    still_liquidating: bool,
}

impl Recorder {
    pub fn new() -> Self {
        Recorder {
            steps: Vec::new(),
            during: Vec::new(),
            rolling: RollingCorrelation::new(CORRELATION_HALF_LIFE),
            peak: std::array::from_fn(|a| ASSETS[a].price),
            max_drawdown_pct: [0.0; ASSET_COUNT],
            liquidated_by_asset: [0.0; ASSET_COUNT],
            totals: Totals::default(),
            rounds: 0,
            quiet: 0,
            still_liquidating: false,
        }
    }

    /// Stage 7: records the step: returns, drawdowns, correlations, the
    /// loop's amounts and the running totals.
    pub fn record(
        &mut self,
        prices: &Prices,
        orders: &mut Orders,
        absorbed: &Absorbed,
        cursors: &Cursors,
        backstop: &Backstop,
        conditions: &Conditions,
    ) {
        let minute = self.steps.len() as u32;
        let returns = self.track_prices(prices);
        let with_btc = self.rolling.with(BTC);
        let mut assets = std::mem::take(&mut orders.assets);
        for (a, s) in assets.iter_mut().enumerate() {
            s.price = prices.close[a];
            s.mark = prices.mark[a];
            s.return_pct = returns[a];
            s.correlation_with_btc = with_btc[a];
            self.liquidated_by_asset[a] += s.long_liquidated_usd + s.short_liquidated_usd;
            self.totals.long_usd += s.long_liquidated_usd;
            self.totals.short_usd += s.short_liquidated_usd;
            self.totals.accounts += s.accounts_liquidated;
            self.totals.large += s.large_liquidations;
        }
        self.totals.adl_usd += orders.adl_usd;
        self.during.push(returns);
        self.steps.push(Step {
            minute,
            assets,
            insurance_fund_usd: backstop.total_usd(),
            adl_usd: orders.adl_usd,
            funding_rate_pct_per_hour: conditions.funding_pct_per_hour,
            stress: conditions.stress,
            margin_add_pct: conditions.margin_add * 100.0,
            spiral: LoopAmounts {
                price_fall_pct: (prices.mark[BTC] / prices.open[BTC] - 1.0) * -100.0,
                losses_usd: losses_usd(prices, cursors),
                margin_shortfall_usd: orders.margin_shortfall_usd,
                forced_sales_usd: absorbed.forced_usd,
                impact_pct: absorbed.impact_btc_pct,
            },
        });
    }

    /// Returns over the step, peaks and drawdowns; feeds the rolling
    /// correlation.
    fn track_prices(&mut self, prices: &Prices) -> [f64; ASSET_COUNT] {
        let returns = std::array::from_fn(|a| (prices.close[a] / prices.open[a] - 1.0) * 100.0);
        for (a, peak) in self.peak.iter_mut().enumerate() {
            let close = prices.close[a];
            *peak = peak.max(close);
            let drawdown = (1.0 - close / *peak) * 100.0;
            self.max_drawdown_pct[a] = self.max_drawdown_pct[a].max(drawdown);
        }
        self.rolling.update(&returns);
        returns
    }

    /// Stage 8: counts the round and decides whether the run is over: it
    /// ends `quiet_steps` steps after the last liquidation, once the shock
    /// and the exogenous flows have fully arrived.
    pub fn is_over(
        &mut self,
        liquidated_any: bool,
        busy: bool,
        arriving: bool,
        quiet_steps: u32,
    ) -> bool {
        if liquidated_any {
            self.rounds += 1;
        }
        self.quiet = if busy || arriving { 0 } else { self.quiet + 1 };
        self.still_liquidating = busy;
        self.quiet >= quiet_steps
    }

    /// BTC's largest fall so far, %.
    pub fn btc_max_drawdown_pct(&self) -> f64 {
        self.max_drawdown_pct[BTC]
    }

    /// The finished run: per-asset summaries, totals and whether it ran away.
    pub fn finish(
        self,
        params: &Params,
        population: &Population,
        ended: Ended,
        correlation_before: Matrix,
    ) -> Run {
        let Ended {
            prices,
            cursors,
            backstop,
            without_spiral_pct,
        } = ended;
        // Running out of BTC longs to liquidate means the spiral only stopped
        // because nothing was left (the textbook's runaway to the band's edge).
        let btc_longs = &population.assets[BTC].longs;
        let exhausted = !btc_longs.is_empty() && cursors.long[BTC] == btc_longs.len();
        let floored = prices.fall.iter().any(|&f| f >= FLOOR_FALL_PCT);
        let out_of_time = self.still_liquidating && self.steps.len() as u32 == MAX_STEPS;
        let correlation_during = correlation_matrix(&self.during);
        let assets = (0..ASSET_COUNT)
            .map(|a| AssetSummary {
                name: ASSETS[a].name,
                reference_price: ASSETS[a].price,
                max_drawdown_pct: self.max_drawdown_pct[a],
                final_return_pct: (prices.close[a] / ASSETS[a].price - 1.0) * 100.0,
                liquidated_usd: self.liquidated_by_asset[a],
            })
            .collect();
        let t = self.totals;
        let summary = Summary {
            shock_pct: params.shock_pct,
            btc_drawdown_pct: self.max_drawdown_pct[BTC],
            eth_drawdown_pct: self.max_drawdown_pct[ETH],
            total_liquidated_usd: t.long_usd + t.short_usd,
            long_liquidated_usd: t.long_usd,
            short_liquidated_usd: t.short_usd,
            accounts_liquidated: t.accounts,
            large_liquidations: t.large,
            adl_usd: t.adl_usd,
            insurance_fund_end_usd: backstop.total_usd(),
            amplification: amplification(self.max_drawdown_pct[BTC], without_spiral_pct),
            btc_drawdown_without_spiral_pct: without_spiral_pct,
            rounds: self.rounds,
            steps: self.steps.len() as u32,
            runaway: floored || exhausted || out_of_time,
            open_interest_usd: population.open_interest_usd + cursors.opened_during_run_usd,
            liquidated_open_interest_usd: cursors.liquidated_at_entry_usd,
            mean_correlation_before: mean_off_diagonal(&correlation_before),
            mean_correlation_during: mean_off_diagonal(&correlation_during),
        };
        Run {
            params: params.clone(),
            steps: self.steps,
            assets,
            summary,
            correlation_before,
            correlation_during,
            theory: Theory::of_run(params),
        }
    }
}

/// State at the end of the run, and the counterfactual's fall.
pub(super) struct Ended<'a> {
    pub prices: &'a Prices,
    pub cursors: &'a Cursors,
    pub backstop: &'a Backstop,
    /// BTC's largest fall with forced sales kept out of the book, %.
    pub without_spiral_pct: f64,
}

/// Fall with the spiral over fall without it; 1 when the counterfactual
/// did not fall (then nothing moved the price for the spiral to amplify).
fn amplification(with_spiral_pct: f64, without_spiral_pct: f64) -> f64 {
    if without_spiral_pct > 0.0 {
        with_spiral_pct / without_spiral_pct
    } else {
        1.0
    }
}

/// Losses of whichever side the move hurts: longs when it falls, shorts
/// when it rises (never netted: both sides post margin).
fn losses_usd(prices: &Prices, cursors: &Cursors) -> f64 {
    (0..ASSET_COUNT)
        .map(|a| {
            let fall = prices.open[a] - prices.mark[a];
            if fall > 0.0 {
                cursors.open_long[a] * fall
            } else {
                -cursors.open_short[a] * fall
            }
        })
        .sum()
}
