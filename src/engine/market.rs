//! The market an asset trades in: reference price, open interest and the
//! order book's depth, which turns forced selling into a price move.

/// Effective BTC depth in normal conditions, in USD of net market selling
/// per 1% move over the time a cascade takes (minutes to hours). One venue's
/// BTCUSDT perpetual holds about $244M within 1% (model references, section
/// 4), but a cascade sells into every venue's book while it refills. Oct 10
/// 2025 liquidated $19.13B while BTC fell 14.7%; $3B per 1% makes the
/// default scenario (5% shock, 20x) land at that order of magnitude.
pub const BTC_DEPTH_USD_PER_PCT: f64 = 3_000_000_000.0;

/// Leveraged BTC open interest the default population represents, in USD.
/// Global BTC open interest was about $70B on Oct 10 2025 (model references,
/// section 4); about half sits on venues and in sizes that liquidate at market.
pub const BTC_LEVERAGED_OI_USD: f64 = 35_000_000_000.0;

/// Reference BTC price in USD (the Jan 2026 level, seeds 001 and 002).
pub const BTC_REFERENCE_PRICE: f64 = 95_000.0;

/// Share of open interest held long; crypto open interest leans long before
/// crashes (91% of Hyperliquid's Oct 10 liquidations were longs).
pub const BTC_LONG_SHARE: f64 = 0.6;

/// One asset's market.
#[derive(Clone, Debug, PartialEq)]
pub struct Market {
    pub name: &'static str,
    /// Price before the shock, in USD.
    pub reference_price: f64,
    /// USD of market sells that move the price down 1% of the reference
    /// price (linear impact).
    pub depth_usd_per_pct: f64,
    /// Leveraged open interest, in USD at the reference price.
    pub open_interest_usd: f64,
    /// Fraction of open interest that is long.
    pub long_share: f64,
}

impl Market {
    /// The default BTC market with its depth scaled by the Liquidity slider.
    pub fn btc(depth_multiplier: f64) -> Self {
        Market {
            name: "BTC",
            reference_price: BTC_REFERENCE_PRICE,
            depth_usd_per_pct: BTC_DEPTH_USD_PER_PCT * depth_multiplier,
            open_interest_usd: BTC_LEVERAGED_OI_USD,
            long_share: BTC_LONG_SHARE,
        }
    }

    /// Linear price impact: the fall, in percent of the reference price,
    /// caused by selling `net_quantity` units at market (negative means
    /// buying). Size is valued at the reference price, the scale the depth
    /// is quoted in, so the same order always moves the price equally far.
    pub fn impact_pct(&self, net_quantity: f64) -> f64 {
        net_quantity * self.reference_price / self.depth_usd_per_pct
    }

    /// Price after a cumulative fall of `fall_pct` percent.
    pub fn price_after_fall(&self, fall_pct: f64) -> f64 {
        self.reference_price * (1.0 - fall_pct / 100.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selling_one_depth_moves_the_price_one_percent() {
        let m = Market::btc(1.0);
        let one_depth = m.depth_usd_per_pct / m.reference_price;
        assert!((m.impact_pct(one_depth) - 1.0).abs() < 1e-12);
        assert!((m.impact_pct(-one_depth) + 1.0).abs() < 1e-12);
    }

    #[test]
    fn thinner_books_move_more_for_the_same_sale() {
        let normal = Market::btc(1.0).impact_pct(1_000.0);
        let half = Market::btc(0.5).impact_pct(1_000.0);
        assert!((half / normal - 2.0).abs() < 1e-12);
    }
}
