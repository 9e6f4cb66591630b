//! Exogenous flows: orders that reach the books whatever the liquidations
//! do. Each flow is one type here; a new one (stablecoin redemptions, say)
//! is a type implementing [`ExogenousFlow`], an entry in [`exogenous_flows`]
//! and its field in the parameter table.

use super::market::{BTC, ETH};
use super::params::{Model, Params};

/// Minimum length of the ETF outflow window, minutes.
pub const ETF_WINDOW_MIN: u32 = 60;

/// What a flow may look at in one step of the run.
#[derive(Clone, Copy, Debug)]
pub struct FlowContext {
    pub minute: u32,
    /// The asset's fall from its starting price at the last close and now,
    /// % (positive: down); their difference is the move since the close.
    pub closed_fall_pct: f64,
    pub fall_pct: f64,
}

/// How far from the starting price the dealers' gamma reaches, %. An
/// options book's gamma sits at strikes near the spot; once the price is
/// this far away their delta stops changing and so does the hedging. Without
/// this bound a gamma larger than the book's depth feeds on its own
/// rebounds and the price swings without limit.
pub const DEALER_GAMMA_RANGE_PCT: f64 = 25.0;

/// An order flow that does not come from liquidations.
pub trait ExogenousFlow {
    /// USD this flow sells into `asset`'s book this step (negative: buys).
    fn selling_usd(&self, asset: usize, now: &FlowContext) -> f64;

    /// Resting bids the flow keeps below the market, USD per 1%: depth that
    /// does not leave when market makers pull their quotes.
    fn resting_bids_usd_per_pct(&self, _asset: usize) -> f64 {
        0.0
    }

    /// Whether the flow is still arriving after `minute`, so the run must
    /// not yet end for being quiet.
    fn arriving_after(&self, _minute: u32) -> bool {
        false
    }
}

/// Options dealers short gamma hedge by selling as the price falls: USD per
/// 1% of the asset's move (BTC, and ETH at a third), while the price stays
/// within [`DEALER_GAMMA_RANGE_PCT`] of where it started.
pub struct DealerGamma {
    pub usd_per_pct: f64,
}

impl ExogenousFlow for DealerGamma {
    fn selling_usd(&self, asset: usize, now: &FlowContext) -> f64 {
        let share = match asset {
            BTC => 1.0,
            ETH => 1.0 / 3.0,
            _ => 0.0,
        };
        let within = |fall: f64| fall.clamp(-DEALER_GAMMA_RANGE_PCT, DEALER_GAMMA_RANGE_PCT);
        share * self.usd_per_pct * (within(now.fall_pct) - within(now.closed_fall_pct))
    }
}

/// Spot ETF outflows sold into the market with the shock, over its ramp and
/// at least [`ETF_WINDOW_MIN`] minutes; 80% BTC, 20% ETH.
pub struct EtfOutflows {
    pub usd_per_minute: f64,
    pub window_min: u32,
}

impl ExogenousFlow for EtfOutflows {
    fn selling_usd(&self, asset: usize, now: &FlowContext) -> f64 {
        let share = match asset {
            BTC => 0.8,
            ETH => 0.2,
            _ => 0.0,
        };
        if now.minute < self.window_min {
            share * self.usd_per_minute
        } else {
            0.0
        }
    }

    fn arriving_after(&self, minute: u32) -> bool {
        self.usd_per_minute > 0.0 && minute + 1 < self.window_min
    }
}

/// Whale and dip-buyer bids resting below the market (BTC, ETH a third).
pub struct WhaleBids {
    pub usd_per_pct: f64,
}

impl ExogenousFlow for WhaleBids {
    fn selling_usd(&self, _asset: usize, _now: &FlowContext) -> f64 {
        0.0
    }

    fn resting_bids_usd_per_pct(&self, asset: usize) -> f64 {
        match asset {
            BTC => self.usd_per_pct,
            ETH => self.usd_per_pct / 3.0,
            _ => 0.0,
        }
    }
}

/// The flows of a run, in the order their orders are added to the forced
/// flow. The textbook model has none: only the spiral itself.
pub fn exogenous_flows(params: &Params) -> Vec<Box<dyn ExogenousFlow>> {
    if params.model == Model::Textbook {
        return Vec::new();
    }
    let ramp = params.ramp_minutes as u32;
    vec![
        Box::new(DealerGamma {
            usd_per_pct: params.dealer_gamma_musd * 1e6,
        }),
        Box::new(EtfOutflows {
            usd_per_minute: params.etf_outflow_musd_per_hour * 1e6 / 60.0,
            window_min: ramp.max(ETF_WINDOW_MIN),
        }),
        Box::new(WhaleBids {
            usd_per_pct: params.whale_bids_musd * 1e6,
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dealers_hedge_moves_only_within_their_gamma_range() {
        let dealers = DealerGamma { usd_per_pct: 1e6 };
        let sold = |closed_fall_pct, fall_pct| {
            let now = FlowContext {
                minute: 0,
                closed_fall_pct,
                fall_pct,
            };
            dealers.selling_usd(BTC, &now)
        };
        assert_eq!(sold(2.0, 5.0), 3e6);
        assert_eq!(sold(5.0, 2.0), -3e6);
        let edge = DEALER_GAMMA_RANGE_PCT;
        assert_eq!(sold(edge - 1.0, edge + 10.0), 1e6);
        assert_eq!(sold(-edge - 50.0, -edge - 1.0), 0.0);
    }

    #[test]
    fn etf_outflows_arrive_over_the_ramp_or_an_hour() {
        let params = Params {
            etf_outflow_musd_per_hour: 600.0,
            ramp_minutes: 120.0,
            ..Params::default()
        };
        let flows = exogenous_flows(&params);
        let selling = |minute| {
            let now = FlowContext {
                minute,
                closed_fall_pct: 0.0,
                fall_pct: 0.0,
            };
            flows.iter().map(|f| f.selling_usd(BTC, &now)).sum::<f64>()
        };
        assert!((selling(119) - 0.8 * 10e6).abs() < 1e-6);
        assert_eq!(selling(120), 0.0);
        assert!(flows.iter().any(|f| f.arriving_after(118)));
        assert!(!flows.iter().any(|f| f.arriving_after(119)));
    }

    #[test]
    fn the_textbook_model_has_no_outside_flows() {
        let textbook = Params {
            model: Model::Textbook,
            ..Params::default()
        };
        assert!(exogenous_flows(&textbook).is_empty());
    }
}
