//! Shorts opened into the fall. Momentum traders sell short beside the
//! forced selling, at the price of the moment; when the transient part of
//! the impact reverts, the rebound liquidates those near their liquidation
//! prices: the short squeeze that follows a wick. On Oct 10 2025 about $2.4B
//! of the $19.1B liquidated were shorts (model references, section 6),
//! though the positions open before the crash were all far in profit.

use crate::market::{ASSETS, ASSET_COUNT};
use crate::params::{Model, Params};
use crate::positions::{
    bankruptcy_price, leverage_for, liquidation_price, maintenance_margin_rate, Position, Side,
};

use super::stages::buy_back_short;
use super::state::{Cursors, Orders, Prices};

/// Shorts opened per USD of net forced long selling in a step. Set so that
/// the shorts liquidated land on both reported splits: about an eighth of
/// what Oct 10 2025 liquidated ($2.4B of $19.1B) and about a fifth on Feb
/// 5-6 2026 ($466M beside $2.14B of longs).
pub const DIP_SHORT_SHARE: f64 = 0.51;

/// Leverage of the shorts opened into the fall, capped by the venue and the
/// margin tier: traders chasing a crash lever up, whatever the open
/// interest holds (the maps of practitioners assume tiers up to 50x and
/// 100x; model references, section 5). Assumed: with it Oct 10's wick
/// squeezes about what was reported, and so does the rebound of Feb 2026,
/// where the population holds 4x on average.
pub const DIP_SHORT_LEVERAGE: f64 = 40.0;

/// Shorts opened in one step on one asset, all alike.
struct Cohort {
    asset: usize,
    position: Position,
}

/// The shorts opened during the run and not yet liquidated.
pub(super) struct DipShorts {
    /// The textbook model has none.
    enabled: bool,
    leverage: [f64; ASSET_COUNT],
    maintenance: [f64; ASSET_COUNT],
    account_usd: f64,
    open: Vec<Cohort>,
}

impl DipShorts {
    /// Dip shorts use [`DIP_SHORT_LEVERAGE`], capped like every position's
    /// by the venue and the margin tier, and the run's mean account size.
    pub fn new(params: &Params) -> Self {
        let account_usd = params.mean_account_kusd * 1e3;
        let maintenance = std::array::from_fn(|a| {
            maintenance_margin_rate(account_usd)
                * ASSETS[a].margin_scale
                * params.maintenance_multiplier
        });
        DipShorts {
            enabled: params.model == Model::Market,
            leverage: std::array::from_fn(|a| {
                leverage_for(1.0, DIP_SHORT_LEVERAGE, &ASSETS[a], maintenance[a])
            }),
            maintenance,
            account_usd,
            open: Vec::new(),
        }
    }

    /// Stage 3b: beside this step's net forced long selling, momentum
    /// traders open shorts at the mark; their sales join the orders.
    pub fn open_into_the_fall(
        &mut self,
        prices: &Prices,
        cursors: &mut Cursors,
        orders: &mut Orders,
    ) {
        if !self.enabled {
            return;
        }
        for a in 0..ASSET_COUNT {
            let net_sold = orders.sell[a] - orders.buy[a];
            if net_sold <= 0.0 {
                continue;
            }
            let entry = prices.mark[a];
            let quantity = DIP_SHORT_SHARE * net_sold;
            let (leverage, mm) = (self.leverage[a], self.maintenance[a]);
            self.open.push(Cohort {
                asset: a,
                position: Position {
                    liquidation_price: liquidation_price(entry, leverage, mm, Side::Short),
                    bankruptcy_price: bankruptcy_price(entry, leverage, Side::Short),
                    entry,
                    leverage,
                    quantity,
                    accounts: quantity * entry / self.account_usd,
                    account_notional: self.account_usd,
                },
            });
            orders.sell[a] += quantity;
            cursors.open_short[a] += quantity;
            cursors.opened_during_run_usd += quantity * entry;
        }
    }

    /// Stage 2c: dip shorts whose liquidation price the mark reached are
    /// bought back at market.
    pub fn squeeze(
        &mut self,
        prices: &Prices,
        margin_add: f64,
        cursors: &mut Cursors,
        orders: &mut Orders,
    ) {
        self.open.retain(|c| {
            let trigger = prices.mark[c.asset] * (1.0 + margin_add);
            if c.position.liquidation_price > trigger {
                return true;
            }
            buy_back_short(c.asset, &c.position, cursors, orders);
            false
        });
    }
}
