//! Leveraged positions, their liquidation prices, and a seeded population.

use super::market::Market;
use super::params::Params;
use super::rng::Rng;

/// The highest leverage the venue allows (Binance BTCUSDT perpetual: 125x).
pub const MAX_LEVERAGE: f64 = 125.0;

/// Spread of leverage around the mean (log-normal sigma). Hyperliquid's
/// Dec 15 2025 book had $2.77B at 0-3x, $3.7B at 3-7x and $1.16B above 7x
/// (model references, section 4): leverage is widely spread.
pub const LEVERAGE_SIGMA: f64 = 0.6;

/// Spread of entry prices: log-normal with this sigma around the current
/// price, about two weeks of BTC volatility.
pub const ENTRY_SPREAD: f64 = 0.04;

/// Position sizes are Pareto: a floor of $3,000 and tail index 1.3 give a
/// mean near $13,000 (Oct 10 2025: $19.13B over 1.62M accounts, about
/// $11,800 each) and a few whales above $1M.
pub const SIZE_FLOOR_USD: f64 = 3_000.0;
pub const SIZE_TAIL_INDEX: f64 = 1.3;
/// Largest single account modelled, in USD notional.
pub const SIZE_CAP_USD: f64 = 100_000_000.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Side {
    Long,
    Short,
}

/// Maintenance-margin rate by position notional, after Binance's BTCUSDT
/// perpetual tiers (0.4% for the smallest, rising with size).
pub fn maintenance_margin_rate(notional_usd: f64) -> f64 {
    const TIERS: [(f64, f64); 6] =
        [(50_000.0, 0.004), (600_000.0, 0.005), (3_000_000.0, 0.0065), (12_000_000.0, 0.01), (70_000_000.0, 0.02), (f64::INFINITY, 0.025)];
    TIERS.iter().find(|(ceiling, _)| notional_usd < *ceiling).map_or(0.025, |t| t.1)
}

/// Isolated-margin liquidation price for an entry price, leverage and
/// maintenance-margin rate: long `P0(1 - 1/L)/(1 - m)`, short
/// `P0(1 + 1/L)/(1 + m)` (Binance isolated formula; Hyperliquid docs).
pub fn liquidation_price(entry: f64, leverage: f64, maintenance_rate: f64, side: Side) -> f64 {
    match side {
        Side::Long => entry * (1.0 - 1.0 / leverage) / (1.0 - maintenance_rate),
        Side::Short => entry * (1.0 + 1.0 / leverage) / (1.0 + maintenance_rate),
    }
}

/// One simulated account's position. `weight` accounts stand behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Position {
    pub side: Side,
    pub entry: f64,
    pub leverage: f64,
    /// Size in units of the asset, per account.
    pub quantity: f64,
    pub liquidation_price: f64,
    /// How many real accounts this simulated one stands for.
    pub weight: f64,
}

impl Position {
    /// Market-sized USD notional at `price` (all accounts it stands for).
    pub fn notional_at(&self, price: f64) -> f64 {
        self.quantity * price * self.weight
    }
}

/// All positions on one asset, longs sorted by liquidation price from the
/// highest down and shorts from the lowest up, so a falling (rising) price
/// liquidates a prefix and a cascade advances a cursor instead of scanning.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    pub longs: Vec<Position>,
    pub shorts: Vec<Position>,
}

impl Population {
    /// Draws `params.positions` positions for `market` from `params.seed`.
    ///
    /// Leverage is log-normal around the mean and capped at the venue
    /// maximum; entries are spread by recent volatility; a position whose
    /// liquidation price the current price has already crossed is redrawn,
    /// since it would have been liquidated before the shock.
    pub fn generate(params: &Params, market: &Market) -> Self {
        let mut rng = Rng::new(u64::from(params.seed) ^ 0xC45C_ADE0_0000_0000);
        let price = market.reference_price;
        let mut drawn = Vec::with_capacity(params.positions as usize);
        let mut total_notional = 0.0;
        for _ in 0..params.positions {
            let side = if rng.uniform() < market.long_share { Side::Long } else { Side::Short };
            let notional = rng.pareto(SIZE_FLOOR_USD, SIZE_TAIL_INDEX).min(SIZE_CAP_USD);
            let mm = maintenance_margin_rate(notional);
            let (entry, leverage, liq) = loop {
                let leverage = (params.mean_leverage
                    * libm::exp(LEVERAGE_SIGMA * rng.normal() - 0.5 * LEVERAGE_SIGMA * LEVERAGE_SIGMA))
                    .clamp(1.0, MAX_LEVERAGE.min(1.0 / mm - 1.0));
                let entry = price * libm::exp(ENTRY_SPREAD * rng.normal());
                let liq = liquidation_price(entry, leverage, mm, side);
                let alive = match side {
                    Side::Long => liq < price,
                    Side::Short => liq > price,
                };
                if alive {
                    break (entry, leverage, liq);
                }
            };
            total_notional += notional;
            drawn.push(Position { side, entry, leverage, quantity: notional / entry, liquidation_price: liq, weight: 1.0 });
        }
        // One common weight scales the sample to the market's open interest.
        let weight = if total_notional > 0.0 { market.open_interest_usd / total_notional } else { 0.0 };
        let (mut longs, mut shorts): (Vec<_>, Vec<_>) =
            drawn.into_iter().map(|p| Position { weight, ..p }).partition(|p| p.side == Side::Long);
        longs.sort_by(|a, b| b.liquidation_price.total_cmp(&a.liquidation_price));
        shorts.sort_by(|a, b| a.liquidation_price.total_cmp(&b.liquidation_price));
        Population { longs, shorts }
    }

    pub fn open_interest_usd(&self, price: f64) -> f64 {
        self.longs.iter().chain(&self.shorts).map(|p| p.notional_at(price)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liquidation_prices_match_the_reference_example() {
        // Entry 100, 10x, m = 1.25%: long 91.139, short 108.642.
        assert!((liquidation_price(100.0, 10.0, 0.0125, Side::Long) - 91.139).abs() < 1e-3);
        assert!((liquidation_price(100.0, 10.0, 0.0125, Side::Short) - 108.642).abs() < 1e-3);
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
        let params = Params { positions: 5_000, ..Params::default() };
        let market = Market::btc(1.0);
        let pop = Population::generate(&params, &market);
        assert_eq!(pop.longs.len() + pop.shorts.len(), 5_000);
        assert!(pop.longs.windows(2).all(|w| w[0].liquidation_price >= w[1].liquidation_price));
        assert!(pop.shorts.windows(2).all(|w| w[0].liquidation_price <= w[1].liquidation_price));
        assert!(pop.longs.iter().all(|p| p.liquidation_price < market.reference_price));
        assert!(pop.shorts.iter().all(|p| p.liquidation_price > market.reference_price));
        let oi_at_entry: f64 = pop.longs.iter().chain(&pop.shorts).map(|p| p.quantity * p.entry * p.weight).sum();
        assert!((oi_at_entry / market.open_interest_usd - 1.0).abs() < 1e-9);
        assert_eq!(pop, Population::generate(&params, &market));
        let other = Population::generate(&Params { seed: 2, ..params }, &market);
        assert_ne!(pop, other);
    }
}
