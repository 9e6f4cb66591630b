//! The liquidation map: how much would be liquidated at each price level,
//! by leverage, as traders know it from liquidation heatmaps (CoinGlass).
//! Longs sit below the price, shorts above. Cross-margined portfolios have
//! no single liquidation price and are left out.

use serde::Serialize;

use super::market::ASSETS;
use super::positions::Population;

/// Leverage buckets the map is split into (upper bounds, x), low to high.
pub const LEVERAGE_BUCKETS: [f64; 5] = [5.0, 10.0, 25.0, 50.0, f64::INFINITY];
/// Names of the buckets, for legends.
pub const LEVERAGE_BUCKET_NAMES: [&str; 5] = ["under 5x", "5-10x", "10-25x", "25-50x", "over 50x"];

/// One price band of the map.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MapBin {
    /// Distance of the band's centre from the reference price, in % (a
    /// positive number is below the price: long liquidations).
    pub fall_pct: f64,
    /// USD liquidating in this band, per leverage bucket.
    pub usd_by_leverage: [f64; 5],
}

impl MapBin {
    pub fn total_usd(&self) -> f64 {
        self.usd_by_leverage.iter().sum()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LiquidationMap {
    pub asset: usize,
    pub reference_price: f64,
    /// Width of each band, % of the reference price.
    pub bin_pct: f64,
    /// Bands from the highest price (shorts, negative `fall_pct`) down to
    /// the lowest (longs).
    pub bins: Vec<MapBin>,
}

fn bucket(leverage: f64) -> usize {
    LEVERAGE_BUCKETS
        .iter()
        .position(|&top| leverage < top)
        .unwrap_or(LEVERAGE_BUCKETS.len() - 1)
}

impl LiquidationMap {
    /// Bands of `bin_pct` from `above_pct` above the price to `below_pct`
    /// below it; positions outside are not shown.
    pub fn of(
        population: &Population,
        asset: usize,
        bin_pct: f64,
        above_pct: f64,
        below_pct: f64,
    ) -> Self {
        let price = ASSETS[asset].price;
        let count = ((above_pct + below_pct) / bin_pct).ceil() as usize;
        let mut bins: Vec<MapBin> = (0..count)
            .map(|i| MapBin {
                fall_pct: -above_pct + (i as f64 + 0.5) * bin_pct,
                usd_by_leverage: [0.0; 5],
            })
            .collect();
        let positions = &population.assets[asset];
        for p in positions.longs.iter().chain(&positions.shorts) {
            let fall = (1.0 - p.liquidation_price / price) * 100.0;
            let index = ((fall + above_pct) / bin_pct).floor();
            if index >= 0.0 && (index as usize) < count {
                bins[index as usize].usd_by_leverage[bucket(p.leverage)] +=
                    p.quantity * p.liquidation_price;
            }
        }
        LiquidationMap {
            asset,
            reference_price: price,
            bin_pct,
            bins,
        }
    }

    /// The largest band total, for scaling bars.
    pub fn peak_usd(&self) -> f64 {
        self.bins.iter().map(MapBin::total_usd).fold(0.0, f64::max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cascade::run;
    use crate::market::BTC;
    use crate::Params;

    #[test]
    fn the_map_adds_up_to_what_a_fall_through_it_liquidates() {
        // Noise off and books so deep nothing cascades: a 4% fall liquidates
        // exactly the isolated longs mapped within 4% of the price.
        let params = Params {
            shock_pct: 4.0,
            ramp_minutes: 0.0,
            noise: 0.0,
            depth_multiplier: 5.0,
            whale_bids_musd: 5000.0,
            cross_share: 0.0,
            margin_spiral: 0.0,
            dealer_gamma_musd: 0.0,
            ..Params::default()
        };
        let population = Population::generate(&params);
        let map = LiquidationMap::of(&population, BTC, 0.5, 10.0, 30.0);
        let mapped: f64 = map
            .bins
            .iter()
            .filter(|b| b.fall_pct > 0.0 && b.fall_pct < 4.0)
            .map(MapBin::total_usd)
            .sum();
        let r = run(&params, &population);
        let liquidated: f64 = r
            .steps
            .iter()
            .map(|s| s.assets[BTC].long_liquidated_usd)
            .sum();
        let fall = r.assets[BTC].max_drawdown_pct;
        assert!(fall < 4.5, "{fall}");
        assert!(
            (liquidated - mapped).abs() <= 0.15 * mapped,
            "mapped {mapped} vs liquidated {liquidated} at a {fall}% fall"
        );
    }

    #[test]
    fn higher_leverage_sits_closer_to_the_price() {
        let population = Population::generate(&Params::default());
        let map = LiquidationMap::of(&population, BTC, 1.0, 20.0, 40.0);
        let centre = |bucket: usize| {
            let (mut weight, mut sum) = (0.0, 0.0);
            for b in map.bins.iter().filter(|b| b.fall_pct > 0.0) {
                weight += b.usd_by_leverage[bucket];
                sum += b.usd_by_leverage[bucket] * b.fall_pct;
            }
            sum / weight
        };
        assert!(centre(3) < centre(1), "50x liquidates nearer than 5-10x");
        assert!(map.peak_usd() > 0.0);
        assert!(
            map.bins
                .iter()
                .any(|b| b.fall_pct < 0.0 && b.total_usd() > 0.0),
            "shorts above the price"
        );
    }
}
