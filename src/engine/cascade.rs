//! The liquidation spiral, round by round.
//!
//! Round 0 is the exogenous shock. In each later round every position whose
//! liquidation price the price has crossed is closed at market; the net
//! forced flow moves the price through the book (linear impact), which may
//! cross the next layer of liquidation prices. The spiral stops when a round
//! liquidates nothing, or runs away until the price floor or round limit.

use serde::Serialize;

use super::market::Market;
use super::params::Params;
use super::positions::{Population, Position};

/// No run goes past this many rounds; reaching it counts as a runaway.
pub const MAX_ROUNDS: u32 = 500;

/// The price never falls below this share of the reference price: the book
/// beyond is treated as empty and the cascade as having run away.
pub const FLOOR_FALL_PCT: f64 = 99.0;

/// One round of the spiral.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Round {
    /// 0 for the shock itself, then 1, 2, ...
    pub number: u32,
    /// Price at the end of the round.
    pub price: f64,
    /// Cumulative fall from the reference price, in percent.
    pub fall_pct: f64,
    /// Notional liquidated in this round (longs sold plus shorts bought).
    pub liquidated_usd: f64,
    pub long_liquidated_usd: f64,
    pub short_liquidated_usd: f64,
    /// Simulated positions closed in this round.
    pub positions_liquidated: u32,
    /// Real accounts they stand for.
    pub accounts_liquidated: f64,
    pub cumulative_liquidated_usd: f64,
}

/// What a run adds up to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub shock_pct: f64,
    pub final_fall_pct: f64,
    pub total_liquidated_usd: f64,
    pub accounts_liquidated: f64,
    /// Final fall over initial shock (1 = no spiral).
    pub amplification: f64,
    /// Rounds after the shock that liquidated something.
    pub rounds: u32,
    /// True when the spiral reached the price floor or the round limit.
    pub runaway: bool,
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CascadeRun {
    pub asset: &'static str,
    pub reference_price: f64,
    pub open_interest_usd: f64,
    pub depth_usd_per_pct: f64,
    pub rounds: Vec<Round>,
    pub summary: Summary,
}

/// Generates the population for `params` and runs the spiral.
pub fn simulate(params: &Params) -> CascadeRun {
    let market = Market::btc(params.depth_multiplier);
    let population = Population::generate(params, &market);
    run(params.shock_pct, &market, &population)
}

/// Runs the spiral on an existing population after a shock of `shock_pct`.
pub fn run(shock_pct: f64, market: &Market, population: &Population) -> CascadeRun {
    let mut fall = shock_pct.min(FLOOR_FALL_PCT);
    let mut price = market.price_after_fall(fall);
    let mut rounds = vec![Round {
        number: 0,
        price,
        fall_pct: fall,
        liquidated_usd: 0.0,
        long_liquidated_usd: 0.0,
        short_liquidated_usd: 0.0,
        positions_liquidated: 0,
        accounts_liquidated: 0.0,
        cumulative_liquidated_usd: 0.0,
    }];
    let (mut long_cursor, mut short_cursor) = (0usize, 0usize);
    let mut cumulative = 0.0;
    let mut runaway = false;
    for number in 1..=MAX_ROUNDS {
        let long = take_crossed(&population.longs, &mut long_cursor, |p| p.liquidation_price >= price);
        let short = take_crossed(&population.shorts, &mut short_cursor, |p| p.liquidation_price <= price);
        if long.positions + short.positions == 0 {
            break;
        }
        // Longs are sold, shorts bought back: only the net flow hits the book.
        fall = (fall + market.impact_pct(long.quantity - short.quantity)).min(FLOOR_FALL_PCT);
        price = market.price_after_fall(fall);
        cumulative += long.usd + short.usd;
        rounds.push(Round {
            number,
            price,
            fall_pct: fall,
            liquidated_usd: long.usd + short.usd,
            long_liquidated_usd: long.usd,
            short_liquidated_usd: short.usd,
            positions_liquidated: long.positions + short.positions,
            accounts_liquidated: long.accounts + short.accounts,
            cumulative_liquidated_usd: cumulative,
        });
        if fall >= FLOOR_FALL_PCT || number == MAX_ROUNDS {
            runaway = true;
            break;
        }
    }
    let summary = Summary {
        shock_pct,
        final_fall_pct: fall,
        total_liquidated_usd: cumulative,
        accounts_liquidated: rounds.iter().map(|r| r.accounts_liquidated).sum(),
        amplification: if shock_pct > 0.0 { fall / shock_pct } else { 1.0 },
        rounds: rounds.len() as u32 - 1,
        runaway,
    };
    CascadeRun {
        asset: market.name,
        reference_price: market.reference_price,
        open_interest_usd: market.open_interest_usd,
        depth_usd_per_pct: market.depth_usd_per_pct,
        rounds,
        summary,
    }
}

#[derive(Default)]
struct Taken {
    /// Units of the asset sold (longs) or bought (shorts), all accounts.
    quantity: f64,
    usd: f64,
    positions: u32,
    accounts: f64,
}

/// Advances `cursor` over the sorted positions that `crossed` accepts and
/// sums what they sell; cost grows with the positions taken. Each is valued
/// at its liquidation price, as venues report liquidation orders.
fn take_crossed(sorted: &[Position], cursor: &mut usize, crossed: impl Fn(&Position) -> bool) -> Taken {
    let mut taken = Taken::default();
    while let Some(p) = sorted.get(*cursor).filter(|p| crossed(p)) {
        taken.quantity += p.quantity * p.weight;
        taken.usd += p.notional_at(p.liquidation_price);
        taken.positions += 1;
        taken.accounts += p.weight;
        *cursor += 1;
    }
    taken
}

impl CascadeRun {
    /// FNV-1a over the bits of every number in the run: equal digests mean
    /// bit-identical results (used to compare native and wasm runs).
    pub fn digest(&self) -> u64 {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        let mut feed = |x: f64| {
            for byte in x.to_bits().to_le_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        };
        for r in &self.rounds {
            for x in [r.price, r.fall_pct, r.liquidated_usd, r.long_liquidated_usd, r.short_liquidated_usd, r.accounts_liquidated] {
                feed(x);
            }
            feed(f64::from(r.positions_liquidated));
        }
        let s = &self.summary;
        for x in [s.final_fall_pct, s.total_liquidated_usd, s.accounts_liquidated, s.amplification, f64::from(s.rounds)] {
            feed(x);
        }
        hash
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::positions::Side;

    /// Positions of `usd_per_pct` notional per 1% band, liquidating at every
    /// 1% step below the price: the discrete version of the textbook case.
    fn ladder(market: &Market, usd_per_pct: f64, bands: u32) -> Population {
        let longs = (1..=bands)
            .map(|i| {
                let liq = market.price_after_fall(f64::from(i));
                Position { side: Side::Long, entry: market.reference_price, leverage: 10.0, quantity: usd_per_pct / market.reference_price, liquidation_price: liq, weight: 1.0 }
            })
            .collect();
        Population { longs, shorts: Vec::new() }
    }

    #[test]
    fn zero_shock_liquidates_nothing() {
        let run = simulate(&Params { shock_pct: 0.0, ..Params::default() });
        assert_eq!(run.summary.total_liquidated_usd, 0.0);
        assert_eq!(run.summary.rounds, 0);
        assert_eq!(run.rounds[0].price, run.reference_price);
    }

    #[test]
    fn each_round_liquidates_the_layer_the_last_one_pushed_into() {
        // Depth 100 per 1%, 50 of positions per 1% band: every round sells
        // exactly the layers crossed, each moving the price half as far.
        let market = Market { depth_usd_per_pct: 100.0, ..Market::btc(1.0) };
        let pop = ladder(&market, 50.0, 40);
        let run = run(4.0, &market, &pop);
        let falls: Vec<f64> = run.rounds.iter().map(|r| r.fall_pct).collect();
        // Shock 4% crosses bands 1..4 (200 USD) -> +2% -> crosses 5,6 -> +1% -> crosses 7 -> +0.5%: stops.
        assert_eq!(falls, [4.0, 6.0, 7.0, 7.5]);
        assert_eq!(run.summary.rounds, 3);
        assert!(!run.summary.runaway);
        assert!((run.summary.amplification - 7.5 / 4.0).abs() < 1e-12);
    }

    #[test]
    fn thin_books_run_away_to_the_floor() {
        let market = Market { depth_usd_per_pct: 40.0, ..Market::btc(1.0) };
        let pop = ladder(&market, 50.0, 98);
        let run = run(2.0, &market, &pop);
        assert!(run.summary.runaway);
        assert_eq!(run.summary.final_fall_pct, FLOOR_FALL_PCT);
    }

    #[test]
    fn default_scenario_shows_a_spiral() {
        let run = simulate(&Params::default());
        assert!(run.summary.rounds >= 3, "{:?}", run.summary);
        assert!(run.summary.amplification > 1.5, "{:?}", run.summary);
        assert!(!run.summary.runaway, "{:?}", run.summary);
    }

    #[test]
    fn no_position_is_liquidated_twice_and_totals_stay_within_open_interest() {
        let params = Params { shock_pct: 30.0, mean_leverage: 50.0, depth_multiplier: 0.2, ..Params::default() };
        let run = simulate(&params);
        let positions: u32 = run.rounds.iter().map(|r| r.positions_liquidated).sum();
        assert!(positions <= params.positions);
        assert!(run.summary.total_liquidated_usd <= run.open_interest_usd);
    }

    #[test]
    fn more_shock_never_less_liquidation_and_deeper_books_never_fall_further() {
        let base = Params::default();
        let mut last_total = -1.0;
        for shock in [0.0, 1.0, 2.0, 4.0, 8.0, 16.0] {
            let total = simulate(&Params { shock_pct: shock, ..base.clone() }).summary.total_liquidated_usd;
            assert!(total >= last_total, "shock {shock}: {total} < {last_total}");
            last_total = total;
        }
        let mut last_fall = f64::INFINITY;
        for depth in [0.5, 1.0, 2.0, 4.0] {
            let fall = simulate(&Params { depth_multiplier: depth, ..base.clone() }).summary.final_fall_pct;
            assert!(fall <= last_fall, "depth {depth}: {fall} > {last_fall}");
            last_fall = fall;
        }
    }

    #[test]
    fn digest_is_stable_for_a_run_and_changes_with_it() {
        let a = simulate(&Params::default());
        assert_eq!(a.digest(), simulate(&Params::default()).digest());
        assert_ne!(a.digest(), simulate(&Params { seed: 9, ..Params::default() }).digest());
    }
}
