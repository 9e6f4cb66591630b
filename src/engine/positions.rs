//! Leveraged positions, their liquidation prices, and the seeded population.

use super::market::{AssetSpec, ASSETS, ASSET_COUNT, BTC};
use super::parallel;
use super::params::{Model, Params};
use super::rng::Rng;
use super::sort::{ascending_key, descending_key, order_by_key, sorted_by_key};
use super::ziggurat::Ziggurat;

/// Sizes are Pareto with this tail index: a few whales over $1M among many
/// small accounts (Oct 10 2025: $19.13B over 1.62M accounts, about $11,800
/// each on average).
pub const SIZE_TAIL_INDEX: f64 = 1.3;
/// Largest single account modelled, USD notional.
pub const SIZE_CAP_USD: f64 = 100_000_000.0;
/// Spread of leverage around the mean (log-normal sigma). Hyperliquid's
/// Dec 15 2025 book: $2.77B at 0-3x, $3.7B at 3-7x, $1.16B above 7x.
pub const LEVERAGE_SIGMA: f64 = 0.6;
/// Spread of entry prices around the current price (log-normal sigma),
/// about two weeks of BTC volatility.
pub const ENTRY_SPREAD: f64 = 0.04;
/// Accounts above this notional are liquidated in slices (Hyperliquid:
/// positions over $100k in 20% slices).
pub const SLICE_THRESHOLD_USD: f64 = 100_000.0;

/// The portfolios cross-margined accounts hold, as notional weights per
/// asset (BTC, ETH, SOL, ALTS, GOLD, NQ). Some hold gold or equity-index
/// futures beside crypto and sell them when crypto losses liquidate the
/// account: the liquidity channel through which gold and NQ fall (seed 000).
pub const CROSS_PORTFOLIOS: [[f64; ASSET_COUNT]; 4] = [
    [0.5, 0.3, 0.0, 0.2, 0.0, 0.0],
    [0.4, 0.0, 0.35, 0.25, 0.0, 0.0],
    [0.45, 0.2, 0.0, 0.0, 0.35, 0.0],
    [0.4, 0.2, 0.0, 0.0, 0.0, 0.4],
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Side {
    Long,
    Short,
}

/// Maintenance-margin rate by account notional, after Binance's BTCUSDT
/// perpetual tiers (0.4% for the smallest, rising with size).
pub fn maintenance_margin_rate(notional_usd: f64) -> f64 {
    const TIERS: [(f64, f64); 6] = [
        (50_000.0, 0.004),
        (600_000.0, 0.005),
        (3_000_000.0, 0.0065),
        (12_000_000.0, 0.01),
        (70_000_000.0, 0.02),
        (f64::INFINITY, 0.025),
    ];
    TIERS
        .iter()
        .find(|(ceiling, _)| notional_usd < *ceiling)
        .map_or(0.025, |t| t.1)
}

/// Isolated-margin liquidation price: long `P0(1 - 1/L)/(1 - m)`, short
/// `P0(1 + 1/L)/(1 + m)` (Binance's isolated formula; Hyperliquid docs).
pub fn liquidation_price(entry: f64, leverage: f64, maintenance_rate: f64, side: Side) -> f64 {
    match side {
        Side::Long => entry * (1.0 - 1.0 / leverage) / (1.0 - maintenance_rate),
        Side::Short => entry * (1.0 + 1.0 / leverage) / (1.0 + maintenance_rate),
    }
}

/// Bankruptcy price: where the account's margin is exhausted.
pub fn bankruptcy_price(entry: f64, leverage: f64, side: Side) -> f64 {
    match side {
        Side::Long => entry * (1.0 - 1.0 / leverage),
        Side::Short => entry * (1.0 + 1.0 / leverage),
    }
}

/// One simulated isolated-margin position; `accounts` real accounts of the
/// same size stand behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub liquidation_price: f64,
    pub bankruptcy_price: f64,
    pub entry: f64,
    pub leverage: f64,
    /// Units of the asset held by all the accounts it stands for.
    pub quantity: f64,
    pub accounts: f64,
    /// Notional of one account at entry, USD (tiers, slices, whale counts).
    pub account_notional: f64,
}

/// One simulated cross-margined account (always long its portfolio). It is
/// liquidated when the portfolio's return falls to `trigger_return`.
#[derive(Clone, Debug, PartialEq)]
pub struct CrossAccount {
    pub trigger_return: f64,
    pub bankrupt_return: f64,
    pub leverage: f64,
    /// Notional of all accounts it stands for, USD at entry.
    pub notional: f64,
    pub accounts: f64,
    pub account_notional: f64,
}

/// Positions on one asset: longs sorted by liquidation price from the
/// highest down, shorts from the lowest up, so a move liquidates a prefix
/// and a cascade advances a cursor instead of scanning.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AssetPositions {
    pub longs: Vec<Position>,
    pub shorts: Vec<Position>,
    /// Shorts in auto-deleveraging order: most profitable and most
    /// leveraged first (indices into `shorts`).
    pub adl_order: Vec<u32>,
    /// Each short's place in `adl_order` (so a run can tell in O(1) whether
    /// auto-deleveraging already reached it).
    pub adl_rank: Vec<u32>,
    /// Units held long and short by all accounts, summed once here so a
    /// run's set-up does not grow with the population.
    pub long_quantity: f64,
    pub short_quantity: f64,
}

/// The whole population of one run.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    pub assets: Vec<AssetPositions>,
    /// Per entry of [`CROSS_PORTFOLIOS`], sorted by trigger from the highest.
    pub cross: Vec<Vec<CrossAccount>>,
    /// Notional of each portfolio's accounts together, USD at entry.
    pub cross_notional: Vec<f64>,
    /// Leveraged open interest, USD notional at entry.
    pub open_interest_usd: f64,
}

/// The random part of one simulated account, independent of every
/// parameter but the seed and the count, so sweeps can redraw nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Draw {
    /// Uniform in [0, 1): long when below the long share.
    side: f64,
    /// Pareto size with floor 1 (times the floor for the run's mean size).
    size: f64,
    /// exp(LEVERAGE_SIGMA z - sigma^2/2): leverage over its mean.
    leverage_factor: f64,
    /// Normal draw of the entry offset, and exp(ENTRY_SPREAD z).
    entry_z: f64,
    entry_factor: f64,
}

/// Everything random about a population: draw once per (seed, count) and
/// place it for any parameters with [`Population::place`].
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationDraws {
    seed: u32,
    draws: Vec<Draw>,
}

/// Draws are made in chunks of this many, each from its own stream, side
/// by side where there are threads. The chunk size is part of which numbers
/// a seed gives: changing it changes every population.
const DRAW_CHUNK: usize = 8_192;

impl Draw {
    /// Long when the side's uniform falls below the long share.
    fn side(&self, long_share: f64) -> Side {
        if self.side < long_share {
            Side::Long
        } else {
            Side::Short
        }
    }

    /// One account: its side, a Pareto size, and normals for leverage and
    /// entry. The size is `exp(E / alpha)` for an exponential `E`, which is
    /// Pareto with floor 1 and tail index alpha (`u^(-1/alpha)` for a
    /// uniform `u`, with `E = -ln u`); the normals and `E` come from the
    /// ziggurat, and `exp2` of the exponent times log2(e) is `exp` at a
    /// third of the cost.
    fn sample(rng: &mut Rng, ziggurat: &Ziggurat) -> Self {
        use core::f64::consts::LOG2_E;
        let spread = LEVERAGE_SIGMA * LEVERAGE_SIGMA / 2.0;
        let side = rng.uniform();
        let size = libm::exp2(ziggurat.exponential(rng) * (LOG2_E / SIZE_TAIL_INDEX));
        let z_leverage = ziggurat.normal(rng);
        let entry_z = ziggurat.normal(rng);
        Draw {
            side,
            size,
            leverage_factor: libm::exp2((LEVERAGE_SIGMA * z_leverage - spread) * LOG2_E),
            entry_z,
            entry_factor: libm::exp2(ENTRY_SPREAD * LOG2_E * entry_z),
        }
    }
}

impl PopulationDraws {
    /// Chunk k of the draws comes from the seed's stream jumped k times
    /// (2^128 draws apart, so the chunks never share numbers), so every
    /// chunk is drawn on its own, on every core, with the same bits on any
    /// number of threads and on every target.
    pub fn new(seed: u32, count: u32) -> Self {
        let mut stream = Rng::new(u64::from(seed) ^ 0xC45C_ADE0_0000_0000);
        let starts: Vec<Rng> = (0..(count as usize).div_ceil(DRAW_CHUNK))
            .map(|_| {
                let start = stream.clone();
                stream.jump();
                start
            })
            .collect();
        let ziggurat = Ziggurat::get();
        let mut draws = vec![Draw::default(); count as usize];
        parallel::for_each_chunk(&mut draws, DRAW_CHUNK, |index, chunk| {
            let mut rng = starts[index].clone();
            for draw in chunk {
                *draw = Draw::sample(&mut rng, ziggurat);
            }
        });
        PopulationDraws { seed, draws }
    }

    pub fn matches(&self, params: &Params) -> bool {
        self.seed == params.seed && self.draws.len() == params.positions as usize
    }
}

/// One isolated position from one draw, before weighting: a single
/// account of its size, on the side its draw says.
fn place_isolated(
    d: &Draw,
    spec: &AssetSpec,
    size_floor: f64,
    params: &Params,
) -> (Side, Position) {
    let price = spec.price;
    let side = d.side(params.long_share);
    let account_notional = (d.size * size_floor).min(SIZE_CAP_USD);
    let mm = maintenance_margin_rate(account_notional)
        * spec.margin_scale
        * params.maintenance_multiplier;
    let leverage = leverage_for(d.leverage_factor, params.mean_leverage, spec, mm);
    let mut entry = price * d.entry_factor;
    let mut liq = liquidation_price(entry, leverage, mm, side);
    let crossed = match side {
        Side::Long => liq >= price,
        Side::Short => liq <= price,
    };
    if crossed {
        // It would have been liquidated before the shock: mirror its
        // entry to the profitable side of the price instead.
        entry = price / d.entry_factor;
        liq = liquidation_price(entry, leverage, mm, side);
    }
    let position = Position {
        liquidation_price: liq,
        bankruptcy_price: bankruptcy_price(entry, leverage, side),
        entry,
        leverage,
        quantity: account_notional / entry,
        accounts: 1.0,
        account_notional,
    };
    (side, position)
}

/// One cross-margined account from one draw, before weighting.
fn place_cross(d: &Draw, size_floor: f64, params: &Params) -> CrossAccount {
    let account_notional = (d.size * size_floor).min(SIZE_CAP_USD);
    let mm = maintenance_margin_rate(account_notional) * params.maintenance_multiplier;
    let leverage = leverage_for(d.leverage_factor, params.mean_leverage, &ASSETS[BTC], mm);
    // The portfolio's return since entry at the start of the run.
    let trigger = mm - 1.0 / leverage;
    let mut since_entry = ENTRY_SPREAD * d.entry_z;
    if since_entry <= trigger {
        since_entry = -since_entry; // it would already have been liquidated
    }
    CrossAccount {
        trigger_return: trigger - since_entry,
        bankrupt_return: -1.0 / leverage - since_entry,
        leverage,
        notional: account_notional,
        accounts: 1.0,
        account_notional,
    }
}

/// Which of the first `n_isolated` draws go to each asset: shares in
/// proportion to open interest, the last asset taking what is left.
fn asset_ranges(n_isolated: usize) -> Vec<std::ops::Range<usize>> {
    let crypto_oi: f64 = ASSETS.iter().map(|a| a.open_interest_usd).sum();
    let mut next = 0usize;
    let mut ranges = Vec::with_capacity(ASSET_COUNT);
    for (index, spec) in ASSETS.iter().enumerate() {
        let wanted = if index == ASSET_COUNT - 1 {
            n_isolated - next
        } else {
            ((n_isolated as f64) * spec.open_interest_usd / crypto_oi).round() as usize
        };
        let count = wanted.min(n_isolated - next);
        ranges.push(next..next + count);
        next += count;
    }
    ranges
}

/// Shorts in auto-deleveraging order (most profitable at the reference
/// price times leverage first) and each short's place in it.
fn adl_ranking(shorts: &[Position], price: f64) -> (Vec<u32>, Vec<u32>) {
    let ranks: Vec<u64> = shorts
        .iter()
        .map(|p| descending_key((p.entry / price - 1.0) * p.leverage))
        .collect();
    let adl_order = order_by_key(&ranks);
    let mut adl_rank = vec![0u32; shorts.len()];
    for (place, &index) in adl_order.iter().enumerate() {
        adl_rank[index as usize] = place as u32;
    }
    (adl_order, adl_rank)
}

/// Leverage around the mean, capped by the venue and by the tier (the
/// maintenance rate is half the initial margin at maximum leverage, as on
/// Hyperliquid).
pub(crate) fn leverage_for(factor: f64, mean: f64, spec: &AssetSpec, mm: f64) -> f64 {
    (mean * factor).clamp(1.0, spec.max_leverage.min(0.5 / mm))
}

impl Population {
    /// Draws the population for `params` from `params.seed`.
    pub fn generate(params: &Params) -> Self {
        match params.model {
            Model::Market => {
                Self::place(&PopulationDraws::new(params.seed, params.positions), params)
            }
            Model::Textbook => Self::textbook(params),
        }
    }

    /// Liquidation prices evenly spread over the band below the price, equal
    /// sizes, BTC only: `rho = OI / band` USD liquidate per 1% fall.
    fn textbook(params: &Params) -> Self {
        let spec = ASSETS[BTC];
        let n = params.positions as usize;
        let oi = textbook_open_interest(params);
        let per_position = oi / n as f64;
        let accounts = per_position / (params.mean_account_kusd * 1_000.0);
        let longs: Vec<Position> = (0..n)
            .map(|i| {
                let distance = params.band_pct / 100.0 * (i as f64 + 0.5) / n as f64;
                let liq = spec.price * (1.0 - distance);
                Position {
                    liquidation_price: liq,
                    bankruptcy_price: 0.0,
                    entry: spec.price,
                    leverage: 1.0 / distance.max(1e-9),
                    quantity: per_position / spec.price,
                    accounts,
                    account_notional: per_position / accounts,
                }
            })
            .collect();
        let mut assets = vec![AssetPositions::default(); ASSET_COUNT];
        assets[BTC].long_quantity = longs.iter().map(|p| p.quantity).sum();
        assets[BTC].longs = longs;
        Population::with_totals(assets, vec![Vec::new(); CROSS_PORTFOLIOS.len()])
    }

    /// Turns draws into positions for `params` (market model): isolated
    /// positions per asset in proportion to open interest, then the
    /// cross-margined accounts spread over the portfolios. Assets and the
    /// portfolios are placed side by side where there are threads.
    pub fn place(draws: &PopulationDraws, params: &Params) -> Self {
        let size_floor =
            params.mean_account_kusd * 1_000.0 * (SIZE_TAIL_INDEX - 1.0) / SIZE_TAIL_INDEX;
        let n = draws.draws.len();
        let n_cross = ((n as f64) * params.cross_share).round() as usize;
        let n_isolated = n - n_cross;
        let ranges = asset_ranges(n_isolated);
        let (assets, cross) = parallel::join(
            || {
                let indices: Vec<usize> = (0..ASSET_COUNT).collect();
                parallel::map(&indices, |&index| {
                    let spec = &ASSETS[index];
                    let target_oi =
                        spec.open_interest_usd * params.oi_multiplier * (1.0 - params.cross_share);
                    Self::isolated(
                        &draws.draws[ranges[index].clone()],
                        spec,
                        target_oi,
                        size_floor,
                        params,
                    )
                })
            },
            || Self::cross_accounts(&draws.draws[n_isolated..], size_floor, params),
        );
        Population::with_totals(assets, cross)
    }

    /// Cross-margined accounts from `draws`, dealt round the portfolios in
    /// turn, weighted to their share of open interest.
    fn cross_accounts(draws: &[Draw], size_floor: f64, params: &Params) -> Vec<Vec<CrossAccount>> {
        let crypto_oi: f64 = ASSETS.iter().map(|a| a.open_interest_usd).sum();
        let cross_oi = crypto_oi * params.oi_multiplier * params.cross_share;
        let per_portfolio = draws.len().div_ceil(CROSS_PORTFOLIOS.len());
        let mut cross: Vec<Vec<CrossAccount>> = (0..CROSS_PORTFOLIOS.len())
            .map(|_| Vec::with_capacity(per_portfolio))
            .collect();
        let mut sampled = 0.0;
        for (i, d) in draws.iter().enumerate() {
            let account = place_cross(d, size_floor, params);
            sampled += account.notional;
            cross[i % CROSS_PORTFOLIOS.len()].push(account);
        }
        let weight = if sampled > 0.0 {
            cross_oi / sampled
        } else {
            0.0
        };
        for portfolio in &mut cross {
            for account in portfolio.iter_mut() {
                account.notional *= weight;
                account.accounts = weight;
            }
            *portfolio = sorted_by_key(portfolio, |a| descending_key(a.trigger_return));
        }
        cross
    }

    /// Simulated positions and cross-margined accounts, all assets together.
    pub fn len(&self) -> usize {
        self.assets
            .iter()
            .map(|a| a.longs.len() + a.shorts.len())
            .sum::<usize>()
            + self.cross.iter().map(Vec::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn with_totals(assets: Vec<AssetPositions>, cross: Vec<Vec<CrossAccount>>) -> Self {
        let cross_notional: Vec<f64> = cross
            .iter()
            .map(|p| p.iter().map(|c| c.notional).sum())
            .collect();
        let isolated: f64 = assets
            .iter()
            .flat_map(|a| a.longs.iter().chain(&a.shorts))
            .map(|p| p.quantity * p.entry)
            .sum();
        let open_interest_usd = isolated + cross_notional.iter().sum::<f64>();
        Population {
            assets,
            cross,
            cross_notional,
            open_interest_usd,
        }
    }

    /// Isolated positions on one asset from `draws`, weighted to `target_oi`.
    /// A first pass keeps only each position's sort key and draw; the
    /// positions are then placed once, already in order, so a million of
    /// them are written once rather than placed, copied and gathered.
    fn isolated(
        draws: &[Draw],
        spec: &AssetSpec,
        target_oi: f64,
        size_floor: f64,
        params: &Params,
    ) -> AssetPositions {
        let long_count = draws
            .iter()
            .filter(|d| d.side(params.long_share) == Side::Long)
            .count();
        let mut longs = SortedPlacement::with_capacity(long_count);
        let mut shorts = SortedPlacement::with_capacity(draws.len() - long_count);
        let mut sampled = 0.0;
        for (index, d) in (0u32..).zip(draws) {
            let (side, position) = place_isolated(d, spec, size_floor, params);
            sampled += position.account_notional;
            match side {
                Side::Long => longs.push(descending_key(position.liquidation_price), index),
                Side::Short => shorts.push(ascending_key(position.liquidation_price), index),
            }
        }
        // One weight scales the sample to the asset's open interest.
        let weight = if sampled > 0.0 {
            target_oi / sampled
        } else {
            0.0
        };
        let place = |index: u32| {
            let (_, mut position) =
                place_isolated(&draws[index as usize], spec, size_floor, params);
            position.quantity *= weight;
            position.accounts = weight;
            position
        };
        let longs = longs.place_in_order(place);
        let shorts = shorts.place_in_order(place);
        let (adl_order, adl_rank) = adl_ranking(&shorts, spec.price);
        AssetPositions {
            long_quantity: longs.iter().map(|p| p.quantity).sum(),
            short_quantity: shorts.iter().map(|p| p.quantity).sum(),
            longs,
            shorts,
            adl_order,
            adl_rank,
        }
    }
}

/// Sort keys of positions still to be placed and the draws they come from.
struct SortedPlacement {
    keys: Vec<u64>,
    draws: Vec<u32>,
}

impl SortedPlacement {
    fn with_capacity(capacity: usize) -> Self {
        SortedPlacement {
            keys: Vec::with_capacity(capacity),
            draws: Vec::with_capacity(capacity),
        }
    }

    fn push(&mut self, key: u64, draw: u32) {
        self.keys.push(key);
        self.draws.push(draw);
    }

    /// `place` applied to each draw in ascending order of key (equal keys
    /// in draw order).
    fn place_in_order(&self, place: impl Fn(u32) -> Position) -> Vec<Position> {
        order_by_key(&self.keys)
            .into_iter()
            .map(|i| place(self.draws[i as usize]))
            .collect()
    }
}

/// Open interest of the textbook market, USD: $10B scaled by `oi`.
pub fn textbook_open_interest(params: &Params) -> f64 {
    10e9 * params.oi_multiplier
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ziggurat::fit::{ks_critical, ks_distance};

    #[test]
    fn liquidation_prices_match_the_reference_example() {
        // Entry 100, 10x, m = 1.25%: long 91.139, short 108.642.
        assert!((liquidation_price(100.0, 10.0, 0.0125, Side::Long) - 91.139).abs() < 1e-3);
        assert!((liquidation_price(100.0, 10.0, 0.0125, Side::Short) - 108.642).abs() < 1e-3);
        assert_eq!(bankruptcy_price(100.0, 10.0, Side::Long), 90.0);
    }

    #[test]
    fn higher_leverage_liquidates_closer_to_entry() {
        let l10 = liquidation_price(100.0, 10.0, 0.005, Side::Long);
        let l50 = liquidation_price(100.0, 50.0, 0.005, Side::Long);
        assert!(l50 > l10 && l50 < 100.0);
    }

    #[test]
    fn tiers_rise_with_size() {
        assert_eq!(maintenance_margin_rate(10_000.0), 0.004);
        assert_eq!(maintenance_margin_rate(1_000_000.0), 0.0065);
        assert_eq!(maintenance_margin_rate(1e9), 0.025);
    }

    #[test]
    fn population_is_sorted_alive_market_sized_and_reproducible() {
        let params = Params {
            positions: 6_000,
            ..Params::default()
        };
        let pop = Population::generate(&params);
        assert_eq!(pop.len(), 6_000);
        for (a, spec) in pop.assets.iter().zip(ASSETS.iter()) {
            assert!(a
                .longs
                .windows(2)
                .all(|w| w[0].liquidation_price >= w[1].liquidation_price));
            assert!(a
                .shorts
                .windows(2)
                .all(|w| w[0].liquidation_price <= w[1].liquidation_price));
            assert!(a
                .longs
                .iter()
                .all(|p| p.liquidation_price < spec.price
                    && p.bankruptcy_price < p.liquidation_price));
            assert!(a.shorts.iter().all(|p| p.liquidation_price > spec.price));
            assert!(a
                .longs
                .iter()
                .chain(&a.shorts)
                .all(|p| p.leverage <= spec.max_leverage));
        }
        assert!(pop
            .cross
            .iter()
            .flatten()
            .all(|c| c.trigger_return < 0.0 && c.bankrupt_return < c.trigger_return));
        for a in &pop.assets {
            assert_eq!(a.adl_rank.len(), a.shorts.len());
            assert!(a
                .adl_order
                .iter()
                .enumerate()
                .all(|(place, &i)| a.adl_rank[i as usize] as usize == place));
        }
        let expected: f64 = ASSETS.iter().map(|a| a.open_interest_usd).sum();
        let oi_at_entry: f64 = pop
            .assets
            .iter()
            .flat_map(|a| a.longs.iter().chain(&a.shorts))
            .map(|p| p.quantity * p.entry)
            .sum::<f64>()
            + pop.cross.iter().flatten().map(|c| c.notional).sum::<f64>();
        assert!(
            (oi_at_entry / expected - 1.0).abs() < 1e-9,
            "{oi_at_entry} vs {expected}"
        );
        assert!((pop.open_interest_usd / expected - 1.0).abs() < 1e-9);
        assert_eq!(pop, Population::generate(&params));
        assert_ne!(pop, Population::generate(&Params { seed: 2, ..params }));
    }

    #[test]
    fn placing_cached_draws_equals_generating_afresh() {
        let draws = PopulationDraws::new(1, 3_000);
        for lev in [3.0, 20.0, 90.0] {
            let params = Params {
                positions: 3_000,
                mean_leverage: lev,
                cross_share: 0.3,
                ..Params::default()
            };
            assert!(draws.matches(&params));
            assert_eq!(
                Population::place(&draws, &params),
                Population::generate(&params)
            );
        }
    }

    #[test]
    fn draws_follow_their_laws() {
        // Pareto sizes with floor 1, log-normal leverage and entry factors,
        // uniform sides: each within the 0.1% Kolmogorov-Smirnov distance.
        let n = 300_000;
        let draws = PopulationDraws::new(7, n).draws;
        let critical = ks_critical(n as usize);
        let normal_cdf = |z: f64| 0.5 * libm::erfc(-z / core::f64::consts::SQRT_2);
        let spread = LEVERAGE_SIGMA * LEVERAGE_SIGMA / 2.0;
        type Law = (&'static str, fn(&Draw) -> f64, Box<dyn Fn(f64) -> f64>);
        let laws: [Law; 4] = [
            ("side", |d| d.side, Box::new(|x| x.clamp(0.0, 1.0))),
            (
                "size",
                |d| d.size,
                Box::new(|x| 1.0 - libm::pow(x, -SIZE_TAIL_INDEX)),
            ),
            (
                "leverage",
                |d| d.leverage_factor,
                Box::new(move |x| normal_cdf((libm::log(x) + spread) / LEVERAGE_SIGMA)),
            ),
            (
                "entry",
                |d| d.entry_factor,
                Box::new(move |x| normal_cdf(libm::log(x) / ENTRY_SPREAD)),
            ),
        ];
        for (name, field, cdf) in laws {
            let d = ks_distance(draws.iter().map(field).collect(), cdf);
            assert!(d < critical, "{name}: KS distance {d}");
        }
        assert!(draws
            .iter()
            .all(|d| d.entry_factor
                == libm::exp2(ENTRY_SPREAD * core::f64::consts::LOG2_E * d.entry_z)));
    }

    #[test]
    fn sizes_are_heavy_tailed_with_a_few_whales() {
        let pop = Population::generate(&Params {
            positions: 50_000,
            ..Params::default()
        });
        let all: Vec<&Position> = pop
            .assets
            .iter()
            .flat_map(|a| a.longs.iter().chain(&a.shorts))
            .collect();
        let whales = all.iter().filter(|p| p.account_notional > 1e6).count();
        assert!(
            whales > 0 && whales * 200 < all.len(),
            "{whales} whales among {}",
            all.len()
        );
        let mean = all.iter().map(|p| p.account_notional).sum::<f64>() / all.len() as f64;
        assert!((mean / 12_000.0 - 1.0).abs() < 0.25, "mean account {mean}");
    }

    #[test]
    fn textbook_thresholds_are_uniform_over_the_band() {
        let params = Params {
            model: Model::Textbook,
            positions: 1_000,
            band_pct: 20.0,
            ..Params::default()
        };
        let pop = Population::generate(&params);
        let longs = &pop.assets[BTC].longs;
        assert_eq!(longs.len(), 1_000);
        let lowest = longs.last().unwrap().liquidation_price / ASSETS[BTC].price;
        assert!((lowest - (1.0 - 0.2 * 999.5 / 1000.0)).abs() < 1e-12);
        let usd: f64 = longs.iter().map(|p| p.quantity * ASSETS[BTC].price).sum();
        assert!((usd / textbook_open_interest(&params) - 1.0).abs() < 1e-12);
    }
}
