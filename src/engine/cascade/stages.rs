//! The stages of one step, in the order [`super::run`] calls them. Each
//! takes only the state it reads and writes.

use crate::flows::{ExogenousFlow, FlowContext};
use crate::market::{Book, ASSETS, ASSET_COUNT, BTC, ETH};
use crate::positions::{
    AssetPositions, CrossAccount, Population, Position, CROSS_PORTFOLIOS, SLICE_THRESHOLD_USD,
};
use crate::rng::Rng;

use super::state::{Backstop, Conditions, Cursors, Fill, Orders, Prices, Setup, Slice};
use super::{
    per_minute_pct, AssetStep, DEPTH_COLLAPSE, FLOOR_FALL_PCT, FUNDING_BASE_PCT_PER_HOUR,
    FUNDING_CAP_PCT_PER_HOUR, SLICES, SPIRAL_CAP, SPIRAL_RATE, STRESS_SCALE,
};

/// Noise-trader returns for one step, in percent: factor times beta plus
/// idiosyncratic noise; stress raises the factor's weight (correlations rise
/// toward one in a crash).
pub(super) fn noise_returns(rng: &mut Rng, scale: f64, stress: f64) -> [f64; ASSET_COUNT] {
    let (factor, first) = rng.normal_pair();
    let factor = factor * per_minute_pct(ASSETS[BTC].daily_vol) * (1.0 + 2.0 * stress);
    let idio_weight = libm::sqrt(1.0 - 0.8 * stress * stress) * 0.7;
    let mut out = [0.0; ASSET_COUNT];
    let mut z = first;
    for (a, spec) in ASSETS.iter().enumerate() {
        if a > 0 {
            z = rng.normal();
        }
        out[a] = scale * (spec.beta * factor + idio_weight * per_minute_pct(spec.daily_vol) * z);
    }
    out
}

/// Stage 1: the shock and noise traders move every asset's mark, and the
/// transient part of earlier impact reverts (the wick's rebound).
pub(super) fn move_markets(
    setup: &Setup,
    minute: u32,
    rng: &mut Rng,
    stress: f64,
    books: &mut [Book],
    prices: &mut Prices,
) {
    let shock_now = setup.shock_at(minute) - setup.retrace_at(minute);
    let noise = if setup.noise > 0.0 {
        noise_returns(rng, setup.noise, stress)
    } else {
        [0.0; ASSET_COUNT]
    };
    prices.open = prices.close;
    for (a, book) in books.iter_mut().enumerate() {
        let reverted = book.relax(setup.impact_decay);
        let fall = prices.fall[a] + setup.betas[a] * shock_now - noise[a] - reverted;
        prices.fall[a] = fall.min(FLOOR_FALL_PCT);
        prices.mark[a] = ASSETS[a].price * (1.0 - prices.fall[a] / 100.0);
    }
}

/// Adds one liquidated isolated position to the step's record, valued at
/// its liquidation price, as venues report liquidation orders.
fn record_liquidation(step: &mut AssetStep, p: &Position, long: bool) {
    let usd = p.quantity * p.liquidation_price;
    if long {
        step.long_liquidated_usd += usd;
    } else {
        step.short_liquidated_usd += usd;
    }
    step.accounts_liquidated += p.accounts;
    if p.account_notional >= 1e6 {
        step.large_liquidations += p.accounts;
    }
}

/// Where liquidations trigger this step: the mark, with the margin
/// spiral's add-on to maintenance.
pub(super) struct Trigger {
    mark: [f64; ASSET_COUNT],
    margin_add: f64,
}

impl Trigger {
    pub fn new(prices: &Prices, conditions: &Conditions) -> Self {
        Trigger {
            mark: prices.mark,
            margin_add: conditions.margin_add,
        }
    }
}

/// Stage 2a: isolated positions of every asset whose liquidation price the
/// mark crossed, longs then shorts.
pub(super) fn liquidate_isolated(
    population: &Population,
    at: &Trigger,
    setup: &Setup,
    cursors: &mut Cursors,
    backstop: &mut Backstop,
    orders: &mut Orders,
) {
    for (a, positions) in population.assets.iter().enumerate() {
        liquidate_longs(a, positions, at, setup.slicing, cursors, backstop, orders);
        liquidate_shorts(a, positions, at, cursors, backstop, orders);
    }
}

/// Longs of asset `a`. The margin spiral raises maintenance: a long with
/// rate m + d liquidates where price (1 - d) reaches its price at rate m
/// (exact up to a factor 1/(1 - m) on d). On venues whose backstop is
/// empty, positions past bankruptcy are matched against the most profitable
/// shorts instead of the market.
fn liquidate_longs(
    a: usize,
    positions: &AssetPositions,
    at: &Trigger,
    slicing: bool,
    cursors: &mut Cursors,
    backstop: &mut Backstop,
    orders: &mut Orders,
) {
    let (mark, trigger) = (at.mark[a], at.mark[a] * (1.0 - at.margin_add));
    while let Some(p) = positions
        .longs
        .get(cursors.long[a])
        .filter(|p| p.liquidation_price >= trigger)
    {
        cursors.long[a] += 1;
        orders.liquidated_any = true;
        record_liquidation(&mut orders.assets[a], p, true);
        cursors.liquidated_at_entry_usd += p.quantity * p.entry;
        orders.margin_shortfall_usd += p.quantity * p.entry / p.leverage;
        cursors.open_long[a] -= p.quantity;
        let adl_share = backstop.adl_share();
        if adl_share > 0.0 && mark < p.bankruptcy_price {
            // The deleveraging venues' share is matched against the most
            // profitable shorts; the rest goes to market at once.
            let wanted = adl_share * p.quantity;
            let closed = backstop.adl[a].deleverage(positions, cursors.short[a], wanted);
            cursors.open_short[a] -= closed;
            orders.adl_usd += closed * p.bankruptcy_price;
            orders.sell[a] += p.quantity - closed;
            orders.fills.push(Fill {
                asset: a,
                bankruptcy_price: p.bankruptcy_price,
                quantity: p.quantity,
                long: true,
            });
        } else if slicing && p.account_notional > SLICE_THRESHOLD_USD {
            cursors.slices.push(Slice {
                asset: a,
                quantity_per_step: p.quantity / f64::from(SLICES),
                steps_left: SLICES,
                bankruptcy_price: p.bankruptcy_price,
            });
        } else {
            orders.sell[a] += p.quantity;
            orders.fills.push(Fill {
                asset: a,
                bankruptcy_price: p.bankruptcy_price,
                quantity: p.quantity,
                long: true,
            });
        }
    }
}

/// Shorts of asset `a`, less what auto-deleveraging already closed.
fn liquidate_shorts(
    a: usize,
    positions: &AssetPositions,
    at: &Trigger,
    cursors: &mut Cursors,
    backstop: &Backstop,
    orders: &mut Orders,
) {
    let trigger = at.mark[a] * (1.0 + at.margin_add);
    while let Some(p) = positions
        .shorts
        .get(cursors.short[a])
        .filter(|p| p.liquidation_price <= trigger)
    {
        let index = cursors.short[a];
        cursors.short[a] += 1;
        let left = backstop.adl[a].left(positions, index);
        if left <= 0.0 {
            continue; // already closed by auto-deleveraging
        }
        let remaining = Position {
            quantity: left,
            ..p.clone()
        };
        buy_back_short(a, &remaining, cursors, orders);
    }
}

/// A liquidated short bought back at market: recorded at its liquidation
/// price, its fill left for the backstops to settle.
pub(super) fn buy_back_short(a: usize, p: &Position, cursors: &mut Cursors, orders: &mut Orders) {
    orders.liquidated_any = true;
    record_liquidation(&mut orders.assets[a], p, false);
    cursors.liquidated_at_entry_usd += p.quantity * p.entry;
    orders.margin_shortfall_usd += p.quantity * p.entry / p.leverage;
    cursors.open_short[a] -= p.quantity;
    orders.buy[a] += p.quantity;
    orders.fills.push(Fill {
        asset: a,
        bankruptcy_price: p.bankruptcy_price,
        quantity: p.quantity,
        long: false,
    });
}

/// Stage 2b: cross-margined portfolios, liquidated on the portfolio's
/// return; every leg is sold, gold and equity futures included. Their loss
/// past bankruptcy goes to the insurance fund at once.
pub(super) fn liquidate_portfolios(
    population: &Population,
    at: &Trigger,
    setup: &Setup,
    cursors: &mut Cursors,
    backstop: &mut Backstop,
    orders: &mut Orders,
) {
    for (k, portfolio) in population.cross.iter().enumerate() {
        let weights = &CROSS_PORTFOLIOS[k];
        let ret: f64 = (0..ASSET_COUNT)
            .map(|a| weights[a] * (at.mark[a] / ASSETS[a].price - 1.0))
            .sum();
        while let Some(c) = portfolio
            .get(cursors.cross[k])
            .filter(|c| ret <= c.trigger_return + at.margin_add)
        {
            cursors.cross[k] += 1;
            orders.liquidated_any = true;
            orders.margin_shortfall_usd += c.notional / c.leverage;
            cursors.liquidated_at_entry_usd += c.notional;
            if setup.insurance && ret < c.bankrupt_return {
                backstop.charge(c.notional * (c.bankrupt_return - ret));
            }
            sell_portfolio(c, weights, setup.slicing, cursors, orders);
        }
    }
}

/// Sends every leg of one liquidated portfolio to market (in slices when
/// the account is large) and records it under the portfolio's main asset.
fn sell_portfolio(
    c: &CrossAccount,
    weights: &[f64; ASSET_COUNT],
    slicing: bool,
    cursors: &mut Cursors,
    orders: &mut Orders,
) {
    let main = if weights[BTC] > 0.0 { BTC } else { ETH };
    orders.assets[main].accounts_liquidated += c.accounts;
    if c.account_notional >= 1e6 {
        orders.assets[main].large_liquidations += c.accounts;
    }
    for a in (0..ASSET_COUNT).filter(|&a| weights[a] > 0.0) {
        let quantity = weights[a] * c.notional / ASSETS[a].price;
        cursors.open_long[a] -= quantity;
        // Valued where the portfolio hit its trigger, like isolated
        // positions at their liquidation price.
        orders.assets[a].long_liquidated_usd += weights[a] * c.notional * (1.0 + c.trigger_return);
        if slicing && c.account_notional > SLICE_THRESHOLD_USD {
            cursors.slices.push(Slice {
                asset: a,
                quantity_per_step: quantity / f64::from(SLICES),
                steps_left: SLICES,
                bankruptcy_price: 0.0,
            });
        } else {
            orders.sell[a] += quantity;
        }
    }
}

/// Stage 3: the next slice of every large position already in liquidation.
pub(super) fn sell_slices(slices: &mut Vec<Slice>, orders: &mut Orders) {
    for slice in slices.iter_mut() {
        orders.sell[slice.asset] += slice.quantity_per_step;
        orders.fills.push(Fill {
            asset: slice.asset,
            bankruptcy_price: slice.bankruptcy_price,
            quantity: slice.quantity_per_step,
            long: true,
        });
        slice.steps_left -= 1;
    }
    slices.retain(|s| s.steps_left > 0);
}

/// What the net flow did this step, for stress and the loop.
pub(super) struct Absorbed {
    /// Forced orders sent to market, both sides, all assets, USD.
    pub forced_usd: f64,
    /// |Net forced flow| over normal depth, BTC and ETH, in units of 1%.
    pub stress_input: f64,
    /// BTC's extra fall from this step's flow, %.
    pub impact_btc_pct: f64,
}

/// Stage 4: per asset, the net of forced orders and exogenous flows moves
/// the price through the current book.
pub(super) fn absorb_flows(
    minute: u32,
    orders: &Orders,
    flows: &[Box<dyn ExogenousFlow>],
    books: &mut [Book],
    prices: &mut Prices,
) -> Absorbed {
    let mut out = Absorbed {
        forced_usd: 0.0,
        stress_input: 0.0,
        impact_btc_pct: 0.0,
    };
    for a in 0..ASSET_COUNT {
        let reference = ASSETS[a].price;
        let forced = (orders.sell[a] - orders.buy[a]) * reference;
        out.forced_usd += (orders.sell[a] + orders.buy[a]) * reference;
        let now = FlowContext {
            minute,
            closed_fall_pct: prices.closed_fall[a],
            fall_pct: prices.fall[a],
        };
        let mut selling = forced;
        for flow in flows {
            selling += flow.selling_usd(a, &now);
        }
        let impact = books[a].absorb(selling);
        prices.fall[a] = (prices.fall[a] + impact).min(FLOOR_FALL_PCT);
        prices.close[a] = reference * (1.0 - prices.fall[a] / 100.0);
        prices.closed_fall[a] = prices.fall[a];
        if a == BTC || a == ETH {
            out.stress_input += forced.abs() / books[a].normal_depth;
        }
        if a == BTC {
            out.impact_btc_pct = impact;
        }
    }
    out
}

/// Stage 5: fills past the bankruptcy price are a loss for every venue's
/// backstop in proportion to its share (filled halfway between mark and
/// close; a venue already deleveraging has nothing left to lose); a venue
/// whose backstop is empty deleverages from the next step.
pub(super) fn settle_backstop(fills: &[Fill], prices: &Prices, backstop: &mut Backstop) {
    for fill in fills {
        let a = fill.asset;
        let price = 0.5 * (prices.mark[a] + prices.close[a]);
        let shortfall = if fill.long {
            fill.bankruptcy_price - price
        } else {
            price - fill.bankruptcy_price
        };
        if shortfall > 0.0 {
            backstop.charge(fill.quantity * shortfall);
        }
    }
    backstop.switch_empty_to_adl();
}

/// Stage 6: stress from this step's selling and move; depth thins with it
/// and recovers; realized volatility drives the margin spiral; funding
/// follows the perp's premium.
pub(super) fn update_conditions(
    setup: &Setup,
    prices: &Prices,
    absorbed: &Absorbed,
    orders: &Orders,
    books: &mut [Book],
    conditions: &mut Conditions,
) {
    let btc_move = (prices.close[BTC] / prices.open[BTC] - 1.0) * 100.0;
    let x = (absorbed.stress_input + btc_move.abs()) / STRESS_SCALE;
    let stress = (x / (1.0 + x)).max(conditions.stress * setup.stress_decay);
    conditions.stress = stress;
    if setup.thinning {
        let target = 1.0 / (1.0 + (DEPTH_COLLAPSE - 1.0) * stress);
        for book in books.iter_mut() {
            book.thinness = if target < book.thinness {
                target
            } else {
                book.thinness + (target - book.thinness) * setup.depth_recovery
            };
        }
    }
    let normal_abs = per_minute_pct(ASSETS[BTC].daily_vol) * 0.8;
    conditions.realized_vol_pct = 0.9 * conditions.realized_vol_pct + 0.1 * btc_move.abs();
    let excess_vol = (conditions.realized_vol_pct / normal_abs - 1.0).max(0.0);
    conditions.margin_add = (setup.spiral * SPIRAL_RATE * excess_vol).min(SPIRAL_CAP);
    let btc_flow = (orders.sell[BTC] - orders.buy[BTC]) * ASSETS[BTC].price;
    let premium = -btc_flow / books[BTC].depth() * 0.05;
    let funding =
        0.8 * conditions.funding_pct_per_hour + 0.2 * (FUNDING_BASE_PCT_PER_HOUR + premium);
    conditions.funding_pct_per_hour =
        funding.clamp(-FUNDING_CAP_PCT_PER_HOUR, FUNDING_CAP_PCT_PER_HOUR);
}
