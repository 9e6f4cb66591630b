//! The liquidation spiral, minute by minute, across six assets.
//!
//! Each step: the common factor moves (the shock, spread over the ramp) and
//! noise traders trade; positions whose liquidation price the mark crossed
//! are closed at market (large ones in slices); forced orders are netted per
//! asset with dealers' gamma hedging, resting whale bids and ETF outflows;
//! the net flow moves the price through the current depth; depth thins with
//! stress and recovers; the insurance fund pays for fills past bankruptcy
//! and auto-deleveraging takes over when it is empty. The next step's mark
//! may cross the next layer of liquidation prices: the spiral.

use serde::Serialize;

use super::correlation::{correlation_matrix, Matrix, RollingCorrelation};
use super::market::{Book, ASSETS, ASSET_COUNT, BTC, ETH, SQRT_LAW_Y};
use super::params::{Impact, Model, Params};
use super::positions::{
    AssetPositions, Population, Position, CROSS_PORTFOLIOS, SLICE_THRESHOLD_USD,
};
use super::rng::Rng;

/// No run goes past a day of one-minute steps.
pub const MAX_STEPS: u32 = 1_440;
/// A market run ends after this many steps without a liquidation once the
/// shock has fully arrived (textbook: after one, as the closed form has it).
pub const QUIET_STEPS: u32 = 15;
/// A fall this deep (in % of the reference price) counts as a runaway; the
/// price is held there while the other assets go on.
pub const FLOOR_FALL_PCT: f64 = 95.0;
/// Depth collapses up to this factor at full stress: the median collapse
/// over 636 stress events was 3.4x (model references, section 4).
pub const DEPTH_COLLAPSE: f64 = 3.4;
/// Depth recovers with this half-life in minutes (about 90% of impact
/// reverts within about 12 minutes in one DeFi study).
pub const DEPTH_HALF_LIFE_MIN: f64 = 3.6;
/// Stress fades with this half-life in minutes.
pub const STRESS_HALF_LIFE_MIN: f64 = 10.0;
/// Large positions are sold in this many equal slices, one per minute
/// (Hyperliquid: 20% slices).
pub const SLICES: u32 = 5;
/// Minimum length of the ETF outflow window, minutes.
pub const ETF_WINDOW_MIN: u32 = 60;
/// Stress is x / (1 + x) with x = (forced selling in % of depth + |BTC
/// move| in %) per minute over this scale: a 3% minute reads as half stress.
pub const STRESS_SCALE: f64 = 3.0;
/// Calm steps simulated before the shock to measure normal correlations.
pub const CALM_WINDOW: usize = 240;
/// Half-life (steps) of the rolling correlation reported per step.
pub const CORRELATION_HALF_LIFE: f64 = 15.0;
/// Margin spiral: maintenance rates rise by this much (fraction) per unit
/// of realized volatility above normal, times the spiral strength, capped.
pub const SPIRAL_RATE: f64 = 0.0008;
pub const SPIRAL_CAP: f64 = 0.03;
/// Funding baseline: 0.01% per 8 h, in % per hour; capped at 4%/h as on
/// Hyperliquid (model references, section 3).
pub const FUNDING_BASE_PCT_PER_HOUR: f64 = 0.01 / 8.0;
pub const FUNDING_CAP_PCT_PER_HOUR: f64 = 4.0;

/// One asset in one step.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssetStep {
    pub price: f64,
    /// The price this minute's liquidations were checked against: the move
    /// of the shock and noise, before the forced flow's impact.
    pub mark: f64,
    /// Return over the step, percent.
    pub return_pct: f64,
    pub long_liquidated_usd: f64,
    pub short_liquidated_usd: f64,
    pub accounts_liquidated: f64,
    /// Accounts over $1M liquidated in this step.
    pub large_liquidations: f64,
    pub depth_usd_per_pct: f64,
    /// Rolling correlation with BTC's returns.
    pub correlation_with_btc: f64,
}

/// The amounts at each link of the loop in one step, for the animation:
/// price fall -> losses -> margin shortfall -> forced sales -> impact.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoopAmounts {
    /// BTC's fall reaching traders this step before forced selling, %.
    pub price_fall_pct: f64,
    /// Mark-to-market losses of the leveraged positions the move hurts, USD.
    pub losses_usd: f64,
    /// Margin of the accounts pushed under maintenance this step, USD.
    pub margin_shortfall_usd: f64,
    /// Forced orders sent to market this step (all assets), USD.
    pub forced_sales_usd: f64,
    /// BTC's further fall caused by this step's net forced flow, %.
    pub impact_pct: f64,
}

/// One minute of the run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    pub minute: u32,
    pub assets: Vec<AssetStep>,
    pub insurance_fund_usd: f64,
    /// Positions closed by auto-deleveraging this step, USD.
    pub adl_usd: f64,
    pub funding_rate_pct_per_hour: f64,
    /// 0 calm, 1 full panic.
    pub stress: f64,
    /// Extra maintenance margin from the margin spiral, percentage points.
    pub margin_add_pct: f64,
    pub spiral: LoopAmounts,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AssetSummary {
    pub name: &'static str,
    pub reference_price: f64,
    pub max_drawdown_pct: f64,
    pub final_return_pct: f64,
    pub liquidated_usd: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    pub shock_pct: f64,
    pub total_liquidated_usd: f64,
    pub long_liquidated_usd: f64,
    pub short_liquidated_usd: f64,
    pub accounts_liquidated: f64,
    /// Accounts over $1M liquidated.
    pub large_liquidations: f64,
    pub adl_usd: f64,
    pub insurance_fund_end_usd: f64,
    /// BTC's largest fall over the initial shock (1 = no spiral).
    pub amplification: f64,
    /// Steps in which something was liquidated: rounds of the spiral.
    pub rounds: u32,
    pub steps: u32,
    /// The spiral reached the floor, ran out of BTC longs to liquidate or
    /// was still liquidating when time ran out.
    pub runaway: bool,
    pub open_interest_usd: f64,
    /// The liquidated positions' notional at entry: never more than the
    /// open interest, since no position is liquidated twice or beyond its size.
    pub liquidated_open_interest_usd: f64,
    /// Mean off-diagonal correlation before and during the cascade.
    pub mean_correlation_before: f64,
    pub mean_correlation_during: f64,
}

/// Closed-form results for the textbook model (model references, section 2).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Theory {
    /// k = rho / D: USD liquidated per 1% over USD the book absorbs per 1%.
    pub k: f64,
    pub oi_usd: f64,
    pub band_pct: f64,
    pub depth_usd_per_pct: f64,
    pub impact: Impact,
    /// Square-root law constant c = Y sigma sqrt(rho / V) (fractions).
    pub c: f64,
    /// The theoretical total fall, %.
    pub total_fall_pct: f64,
    pub runaway: bool,
}

impl Theory {
    pub fn for_params(params: &Params) -> Self {
        let book = Book::new(ASSETS[BTC], params);
        let oi = super::positions::textbook_open_interest(params);
        let rho = oi / params.band_pct;
        let k = rho / book.normal_depth;
        let s = params.shock_pct;
        let everything_sold = (s + oi / book.normal_depth).min(FLOOR_FALL_PCT);
        let volume =
            ASSETS[BTC].daily_volume_usd * book.normal_depth / ASSETS[BTC].depth_usd_per_pct;
        let c = SQRT_LAW_Y * ASSETS[BTC].daily_vol * libm::sqrt(rho * 100.0 / volume);
        let (total, runaway) = match params.impact {
            Impact::Linear if k >= 1.0 => (everything_sold, true),
            Impact::Linear => (s / (1.0 - k), false),
            Impact::Sqrt => {
                let s = s / 100.0;
                let root = (c + libm::sqrt(c * c + 4.0 * s)) / 2.0;
                (100.0 * root * root, false)
            }
        };
        // Past the band there is nothing left to liquidate.
        let (total, runaway) = if total > params.band_pct && !runaway {
            let beyond = match params.impact {
                Impact::Linear => everything_sold,
                Impact::Sqrt => s + 100.0 * c * libm::sqrt(params.band_pct / 100.0),
            };
            (beyond.min(FLOOR_FALL_PCT), true)
        } else {
            (total, runaway)
        };
        Theory {
            k,
            oi_usd: oi,
            band_pct: params.band_pct,
            depth_usd_per_pct: book.normal_depth,
            impact: params.impact,
            c,
            total_fall_pct: total,
            runaway,
        }
    }

    /// Linear impact: the fall reached after `round` rounds,
    /// s (1 - k^(n+1)) / (1 - k) (round 0 is the shock alone).
    pub fn linear_round_fall(&self, shock_pct: f64, round: u32) -> f64 {
        if (self.k - 1.0).abs() < 1e-12 {
            shock_pct * f64::from(round + 1)
        } else {
            shock_pct * (1.0 - libm::pow(self.k, f64::from(round + 1))) / (1.0 - self.k)
        }
    }
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    pub params: Params,
    pub steps: Vec<Step>,
    pub assets: Vec<AssetSummary>,
    pub summary: Summary,
    pub correlation_before: Matrix,
    pub correlation_during: Matrix,
    pub theory: Option<Theory>,
}

/// Generates the population for `params` and runs the cascade.
pub fn simulate(params: &Params) -> Run {
    let population = Population::generate(params);
    run(params, &population)
}

/// A large position being sold off one slice per step.
struct Slice {
    asset: usize,
    quantity_per_step: f64,
    steps_left: u32,
    bankruptcy_price: f64,
}

/// What flows a model has: the textbook keeps only the spiral itself.
/// `whale_usd` is resting bids per 1% (depth that stays under stress).
struct Flows {
    noise: f64,
    gamma_usd: f64,
    whale_usd: f64,
    etf_usd_per_step: f64,
    spiral: f64,
    thinning: bool,
    slicing: bool,
    insurance: bool,
    quiet_steps: u32,
}

impl Flows {
    fn for_params(p: &Params) -> Self {
        match p.model {
            Model::Textbook => Flows {
                noise: 0.0,
                gamma_usd: 0.0,
                whale_usd: 0.0,
                etf_usd_per_step: 0.0,
                spiral: 0.0,
                thinning: false,
                slicing: false,
                insurance: false,
                quiet_steps: 1,
            },
            Model::Market => Flows {
                noise: p.noise,
                gamma_usd: p.dealer_gamma_musd * 1e6,
                whale_usd: p.whale_bids_musd * 1e6,
                etf_usd_per_step: p.etf_outflow_musd_per_hour * 1e6 / 60.0,
                spiral: p.margin_spiral,
                thinning: true,
                slicing: true,
                insurance: true,
                quiet_steps: QUIET_STEPS,
            },
        }
    }
}

/// Per-minute volatility in percent from a daily volatility fraction.
fn per_minute_pct(daily_vol: f64) -> f64 {
    daily_vol * 100.0 / libm::sqrt(1_440.0)
}

/// Noise-trader returns for one step, in percent: factor times beta plus
/// idiosyncratic noise; stress raises the factor's weight (correlations rise
/// toward one in a crash).
fn noise_returns(rng: &mut Rng, scale: f64, stress: f64) -> [f64; ASSET_COUNT] {
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

/// Runs the cascade for `params` on an existing population (reusable across
/// runs that change only the shock or flows).
pub fn run(params: &Params, population: &Population) -> Run {
    let flows = Flows::for_params(params);
    let mut rng = Rng::new(u64::from(params.seed) ^ 0x5EED_0F7A_B1E5);

    // Calm window before the shock: the "normal" correlation matrix.
    let calm: Vec<[f64; ASSET_COUNT]> = (0..CALM_WINDOW)
        .map(|_| noise_returns(&mut rng, flows.noise, 0.0))
        .collect();
    let correlation_before = correlation_matrix(&calm);

    let mut books: Vec<Book> = ASSETS
        .iter()
        .map(|spec| {
            let mut spec = *spec;
            if params.model == Model::Textbook {
                spec.depth_exponent = 1.0;
            }
            Book::new(spec, params)
        })
        .collect();
    // Whale and dip-buyer bids rest below the market: extra depth that,
    // unlike market makers' quotes, does not leave when stress rises.
    books[BTC].resting_bids = flows.whale_usd;
    books[ETH].resting_bids = flows.whale_usd / 3.0;
    let textbook = params.model == Model::Textbook;
    let beta = |a: usize| {
        if textbook {
            if a == BTC {
                1.0
            } else {
                0.0
            }
        } else {
            ASSETS[a].beta
        }
    };

    let mut long_cursor = [0usize; ASSET_COUNT];
    let mut short_cursor = [0usize; ASSET_COUNT];
    let mut adl: Vec<AdlState> = vec![AdlState::default(); ASSET_COUNT];
    let mut cross_cursor = vec![0usize; population.cross.len()];
    let mut open_long: [f64; ASSET_COUNT] =
        std::array::from_fn(|a| population.assets[a].long_quantity);
    let mut open_short: [f64; ASSET_COUNT] =
        std::array::from_fn(|a| population.assets[a].short_quantity);
    for (k, notional) in population.cross_notional.iter().enumerate() {
        for a in 0..ASSET_COUNT {
            open_long[a] += CROSS_PORTFOLIOS[k][a] * notional / ASSETS[a].price;
        }
    }

    let mut fall = [0.0f64; ASSET_COUNT];
    let mut prev_mark_fall = [0.0f64; ASSET_COUNT];
    let mut price: [f64; ASSET_COUNT] = std::array::from_fn(|a| ASSETS[a].price);
    let mut peak = price;
    let mut max_drawdown = [0.0f64; ASSET_COUNT];
    let mut liquidated_by_asset = [0.0f64; ASSET_COUNT];
    let mut fund = params.insurance_fund_musd * 1e6;
    let mut adl_mode = false;
    let mut stress = 0.0;
    let mut realized_vol = per_minute_pct(ASSETS[BTC].daily_vol) * 0.8;
    let mut margin_add = 0.0;
    let mut funding = FUNDING_BASE_PCT_PER_HOUR;
    let mut slices: Vec<Slice> = Vec::new();
    let mut fills: Vec<(usize, f64, f64, bool)> = Vec::new(); // asset, bankruptcy, quantity, long
    let mut rolling = RollingCorrelation::new(CORRELATION_HALF_LIFE);
    let mut during: Vec<[f64; ASSET_COUNT]> = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    let mut quiet = 0u32;
    let mut rounds = 0u32;
    let mut totals = (0.0, 0.0, 0.0, 0.0, 0.0); // long, short, accounts, large, adl
    let mut liquidated_at_entry = 0.0;
    let stress_decay = libm::pow(0.5, 1.0 / STRESS_HALF_LIFE_MIN);
    let depth_recovery = 1.0 - libm::pow(0.5, 1.0 / DEPTH_HALF_LIFE_MIN);
    let ramp = params.ramp_minutes as u32;
    // ETF outflows come with the shock: over its ramp, and at least an hour.
    let etf_window = ramp.max(ETF_WINDOW_MIN);
    let mut still_liquidating = false;

    for minute in 0..MAX_STEPS {
        // 1. The shock and noise traders move every asset.
        let shock_now = if ramp == 0 {
            if minute == 0 {
                params.shock_pct
            } else {
                0.0
            }
        } else if minute < ramp {
            params.shock_pct / f64::from(ramp)
        } else {
            0.0
        };
        let noise = if flows.noise > 0.0 {
            noise_returns(&mut rng, flows.noise, stress)
        } else {
            [0.0; ASSET_COUNT]
        };
        let start_price = price;
        let mut mark = [0.0; ASSET_COUNT];
        for a in 0..ASSET_COUNT {
            fall[a] = (fall[a] + beta(a) * shock_now - noise[a]).min(FLOOR_FALL_PCT);
            mark[a] = ASSETS[a].price * (1.0 - fall[a] / 100.0);
        }

        // 2. Liquidations at the mark. The margin spiral raises maintenance:
        //    a long with rate m + d liquidates where price (1 - d) reaches its
        //    price at rate m (exact up to a factor 1/(1 - m) on d).
        let mut sell_qty = [0.0; ASSET_COUNT];
        let mut buy_qty = [0.0; ASSET_COUNT];
        let mut step_assets: Vec<AssetStep> = (0..ASSET_COUNT)
            .map(|a| AssetStep {
                price: 0.0,
                mark: mark[a],
                return_pct: 0.0,
                long_liquidated_usd: 0.0,
                short_liquidated_usd: 0.0,
                accounts_liquidated: 0.0,
                large_liquidations: 0.0,
                depth_usd_per_pct: books[a].depth(),
                correlation_with_btc: 0.0,
            })
            .collect();
        let mut margin_shortfall = 0.0;
        let mut adl_usd = 0.0;
        let mut liquidated_any = false;
        fills.clear();

        for a in 0..ASSET_COUNT {
            let positions = &population.assets[a];
            let long_trigger = mark[a] * (1.0 - margin_add);
            while let Some(p) = positions
                .longs
                .get(long_cursor[a])
                .filter(|p| p.liquidation_price >= long_trigger)
            {
                long_cursor[a] += 1;
                liquidated_any = true;
                record_liquidation(&mut step_assets[a], p, true);
                liquidated_at_entry += p.quantity * p.entry;
                margin_shortfall += p.quantity * p.entry / p.leverage;
                open_long[a] -= p.quantity;
                if adl_mode && mark[a] < p.bankruptcy_price {
                    // Fund empty: matched against the most profitable shorts
                    // at the bankruptcy price instead of the market.
                    let closed = adl[a].deleverage(positions, short_cursor[a], p.quantity);
                    open_short[a] -= closed;
                    adl_usd += closed * p.bankruptcy_price;
                    sell_qty[a] += p.quantity - closed;
                } else if flows.slicing && p.account_notional > SLICE_THRESHOLD_USD {
                    slices.push(Slice {
                        asset: a,
                        quantity_per_step: p.quantity / f64::from(SLICES),
                        steps_left: SLICES,
                        bankruptcy_price: p.bankruptcy_price,
                    });
                } else {
                    sell_qty[a] += p.quantity;
                    fills.push((a, p.bankruptcy_price, p.quantity, true));
                }
            }
            let short_trigger = mark[a] * (1.0 + margin_add);
            while let Some(p) = positions
                .shorts
                .get(short_cursor[a])
                .filter(|p| p.liquidation_price <= short_trigger)
            {
                let index = short_cursor[a];
                short_cursor[a] += 1;
                let left = adl[a].left(positions, index);
                if left <= 0.0 {
                    continue; // already closed by auto-deleveraging
                }
                liquidated_any = true;
                let remaining = Position {
                    quantity: left,
                    ..p.clone()
                };
                record_liquidation(&mut step_assets[a], &remaining, false);
                liquidated_at_entry += left * p.entry;
                margin_shortfall += left * p.entry / p.leverage;
                open_short[a] -= left;
                buy_qty[a] += left;
                fills.push((a, p.bankruptcy_price, left, false));
            }
        }

        // Cross-margined portfolios: liquidated on the portfolio's return;
        // every leg is sold, gold and equity futures included.
        for (k, portfolio) in population.cross.iter().enumerate() {
            let weights = &CROSS_PORTFOLIOS[k];
            let ret: f64 = (0..ASSET_COUNT)
                .map(|a| weights[a] * (mark[a] / ASSETS[a].price - 1.0))
                .sum();
            while let Some(c) = portfolio
                .get(cross_cursor[k])
                .filter(|c| ret <= c.trigger_return + margin_add)
            {
                cross_cursor[k] += 1;
                liquidated_any = true;
                margin_shortfall += c.notional / c.leverage;
                liquidated_at_entry += c.notional;
                if flows.insurance && ret < c.bankrupt_return {
                    fund -= c.notional * (c.bankrupt_return - ret);
                }
                let main = if weights[BTC] > 0.0 { BTC } else { ETH };
                step_assets[main].accounts_liquidated += c.accounts;
                if c.account_notional >= 1e6 {
                    step_assets[main].large_liquidations += c.accounts;
                }
                for a in (0..ASSET_COUNT).filter(|&a| weights[a] > 0.0) {
                    let quantity = weights[a] * c.notional / ASSETS[a].price;
                    open_long[a] -= quantity;
                    // Valued where the portfolio hit its trigger, like
                    // isolated positions at their liquidation price.
                    step_assets[a].long_liquidated_usd +=
                        weights[a] * c.notional * (1.0 + c.trigger_return);
                    if flows.slicing && c.account_notional > SLICE_THRESHOLD_USD {
                        slices.push(Slice {
                            asset: a,
                            quantity_per_step: quantity / f64::from(SLICES),
                            steps_left: SLICES,
                            bankruptcy_price: 0.0,
                        });
                    } else {
                        sell_qty[a] += quantity;
                    }
                }
            }
        }

        // 3. Slices of large positions already in liquidation.
        for slice in &mut slices {
            sell_qty[slice.asset] += slice.quantity_per_step;
            fills.push((
                slice.asset,
                slice.bankruptcy_price,
                slice.quantity_per_step,
                true,
            ));
            slice.steps_left -= 1;
        }
        slices.retain(|s| s.steps_left > 0);

        // 4. Net flow per asset: forced orders, dealers' hedging, resting
        //    bids at new lows, ETF outflows; then impact through the book.
        let mut forced_usd = 0.0;
        let mut stress_input = 0.0;
        let mut impact_btc = 0.0;
        for a in 0..ASSET_COUNT {
            let spec = &ASSETS[a];
            let forced = (sell_qty[a] - buy_qty[a]) * spec.price;
            forced_usd += (sell_qty[a] + buy_qty[a]) * spec.price;
            let share = match a {
                BTC => 1.0,
                ETH => 1.0 / 3.0,
                _ => 0.0,
            };
            let moved = fall[a] - prev_mark_fall[a];
            let etf_share = match a {
                BTC => 0.8,
                ETH => 0.2,
                _ => 0.0,
            };
            let etf = if minute < etf_window {
                etf_share * flows.etf_usd_per_step
            } else {
                0.0
            };
            let selling = forced + share * flows.gamma_usd * moved + etf;
            let impact = books[a].absorb(selling);
            fall[a] = (fall[a] + impact).min(FLOOR_FALL_PCT);
            price[a] = spec.price * (1.0 - fall[a] / 100.0);
            prev_mark_fall[a] = fall[a];
            if a == BTC || a == ETH {
                stress_input += forced.abs() / books[a].normal_depth;
            }
            if a == BTC {
                impact_btc = impact;
            }
        }

        // 5. Insurance fund: fills past the bankruptcy price are its loss;
        //    once it is empty, auto-deleveraging takes over.
        if flows.insurance {
            for &(a, bankruptcy, quantity, long) in &fills {
                let fill = 0.5 * (mark[a] + price[a]);
                let shortfall = if long {
                    bankruptcy - fill
                } else {
                    fill - bankruptcy
                };
                if shortfall > 0.0 {
                    fund -= quantity * shortfall;
                }
            }
            if fund <= 0.0 {
                fund = 0.0;
                adl_mode = true;
            }
        }

        // 6. Stress, depth, volatility, margin spiral and funding.
        let btc_move = (price[BTC] / start_price[BTC] - 1.0) * 100.0;
        let x = (stress_input + btc_move.abs()) / STRESS_SCALE;
        stress = (x / (1.0 + x)).max(stress * stress_decay);
        if flows.thinning {
            let target = 1.0 / (1.0 + (DEPTH_COLLAPSE - 1.0) * stress);
            for book in &mut books {
                book.thinness = if target < book.thinness {
                    target
                } else {
                    book.thinness + (target - book.thinness) * depth_recovery
                };
            }
        }
        let normal_abs = per_minute_pct(ASSETS[BTC].daily_vol) * 0.8;
        realized_vol = 0.9 * realized_vol + 0.1 * btc_move.abs();
        margin_add = (flows.spiral * SPIRAL_RATE * (realized_vol / normal_abs - 1.0).max(0.0))
            .min(SPIRAL_CAP);
        let btc_flow = (sell_qty[BTC] - buy_qty[BTC]) * ASSETS[BTC].price;
        let premium = -btc_flow / books[BTC].depth() * 0.05;
        funding = (0.8 * funding + 0.2 * (FUNDING_BASE_PCT_PER_HOUR + premium))
            .clamp(-FUNDING_CAP_PCT_PER_HOUR, FUNDING_CAP_PCT_PER_HOUR);

        // 7. Record the step.
        let mut returns = [0.0; ASSET_COUNT];
        for a in 0..ASSET_COUNT {
            returns[a] = (price[a] / start_price[a] - 1.0) * 100.0;
            peak[a] = peak[a].max(price[a]);
            max_drawdown[a] = max_drawdown[a].max((1.0 - price[a] / peak[a]) * 100.0);
        }
        rolling.update(&returns);
        let with_btc = rolling.with(BTC);
        // Losses of whichever side the move hurts: longs when it falls,
        // shorts when it rises (never netted: both sides post margin).
        let losses: f64 = (0..ASSET_COUNT)
            .map(|a| {
                let fall = start_price[a] - mark[a];
                if fall > 0.0 {
                    open_long[a] * fall
                } else {
                    -open_short[a] * fall
                }
            })
            .sum();
        for (a, s) in step_assets.iter_mut().enumerate() {
            s.price = price[a];
            s.return_pct = returns[a];
            s.correlation_with_btc = with_btc[a];
            liquidated_by_asset[a] += s.long_liquidated_usd + s.short_liquidated_usd;
            totals.0 += s.long_liquidated_usd;
            totals.1 += s.short_liquidated_usd;
            totals.2 += s.accounts_liquidated;
            totals.3 += s.large_liquidations;
        }
        totals.4 += adl_usd;
        during.push(returns);
        steps.push(Step {
            minute,
            assets: step_assets,
            insurance_fund_usd: fund,
            adl_usd,
            funding_rate_pct_per_hour: funding,
            stress,
            margin_add_pct: margin_add * 100.0,
            spiral: LoopAmounts {
                price_fall_pct: (mark[BTC] / start_price[BTC] - 1.0) * -100.0,
                losses_usd: losses,
                margin_shortfall_usd: margin_shortfall,
                forced_sales_usd: forced_usd,
                impact_pct: impact_btc,
            },
        });

        if liquidated_any {
            rounds += 1;
        }
        let busy = liquidated_any || !slices.is_empty();
        quiet = if busy
            || minute + 1 < ramp
            || (flows.etf_usd_per_step > 0.0 && minute + 1 < etf_window)
        {
            0
        } else {
            quiet + 1
        };
        still_liquidating = busy;
        if quiet >= flows.quiet_steps {
            break;
        }
    }

    // Running out of BTC longs to liquidate means the spiral only stopped
    // because nothing was left (the textbook's runaway to the band's edge).
    let btc_longs = &population.assets[BTC].longs;
    let exhausted = !btc_longs.is_empty() && long_cursor[BTC] == btc_longs.len();
    let floored = fall.iter().any(|&f| f >= FLOOR_FALL_PCT);
    let runaway = floored || exhausted || (still_liquidating && steps.len() as u32 == MAX_STEPS);
    let correlation_during = correlation_matrix(&during);
    let assets = (0..ASSET_COUNT)
        .map(|a| AssetSummary {
            name: ASSETS[a].name,
            reference_price: ASSETS[a].price,
            max_drawdown_pct: max_drawdown[a],
            final_return_pct: (price[a] / ASSETS[a].price - 1.0) * 100.0,
            liquidated_usd: liquidated_by_asset[a],
        })
        .collect();
    let summary = Summary {
        shock_pct: params.shock_pct,
        total_liquidated_usd: totals.0 + totals.1,
        long_liquidated_usd: totals.0,
        short_liquidated_usd: totals.1,
        accounts_liquidated: totals.2,
        large_liquidations: totals.3,
        adl_usd: totals.4,
        insurance_fund_end_usd: fund,
        amplification: if params.shock_pct > 0.0 {
            max_drawdown[BTC] / params.shock_pct
        } else {
            1.0
        },
        rounds,
        steps: steps.len() as u32,
        runaway,
        open_interest_usd: population.open_interest_usd,
        liquidated_open_interest_usd: liquidated_at_entry,
        mean_correlation_before: super::correlation::mean_off_diagonal(&correlation_before),
        mean_correlation_during: super::correlation::mean_off_diagonal(&correlation_during),
    };
    let theory = (params.model == Model::Textbook).then(|| Theory::for_params(params));
    Run {
        params: params.clone(),
        steps,
        assets,
        summary,
        correlation_before,
        correlation_during,
        theory,
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

/// How far auto-deleveraging has gone through one asset's shorts: every
/// short before `cursor` in ADL order is closed, and `taken` units of the one
/// at the cursor. State that grows with what is closed, not with N.
#[derive(Clone, Copy, Debug, Default)]
struct AdlState {
    cursor: usize,
    taken: f64,
}

impl AdlState {
    /// Units still open of short `index` (not yet liquidated).
    fn left(&self, positions: &AssetPositions, index: usize) -> f64 {
        let rank = positions.adl_rank[index] as usize;
        let quantity = positions.shorts[index].quantity;
        match rank.cmp(&self.cursor) {
            std::cmp::Ordering::Less => 0.0,
            std::cmp::Ordering::Equal => quantity - self.taken,
            std::cmp::Ordering::Greater => quantity,
        }
    }

    /// Closes up to `quantity` of shorts in ADL order, skipping those the
    /// short cursor already liquidated; returns what was closed.
    fn deleverage(
        &mut self,
        positions: &AssetPositions,
        liquidated_below: usize,
        quantity: f64,
    ) -> f64 {
        let mut needed = quantity;
        while needed > 0.0 {
            let Some(&index) = positions.adl_order.get(self.cursor) else {
                break;
            };
            let available = if (index as usize) < liquidated_below {
                0.0
            } else {
                positions.shorts[index as usize].quantity - self.taken
            };
            let take = available.min(needed);
            needed -= take;
            if take < available {
                self.taken += take;
            } else {
                self.cursor += 1;
                self.taken = 0.0;
            }
        }
        quantity - needed
    }
}

impl AssetStep {
    /// Names of [`AssetStep::values`], for CSV headers.
    pub const COLUMNS: [&'static str; 8] = [
        "price",
        "return_pct",
        "long_liquidated_usd",
        "short_liquidated_usd",
        "accounts_liquidated",
        "large_liquidations",
        "depth_usd_per_pct",
        "correlation_with_btc",
    ];

    /// Every number of the step for this asset, in [`AssetStep::COLUMNS`] order.
    pub fn values(&self) -> [f64; 8] {
        [
            self.price,
            self.return_pct,
            self.long_liquidated_usd,
            self.short_liquidated_usd,
            self.accounts_liquidated,
            self.large_liquidations,
            self.depth_usd_per_pct,
            self.correlation_with_btc,
        ]
    }
}

impl Step {
    /// Names of [`Step::values`], for CSV headers.
    pub const COLUMNS: [&'static str; 10] = [
        "insurance_fund_usd",
        "adl_usd",
        "funding_rate_pct_per_hour",
        "stress",
        "margin_add_pct",
        "loop_price_fall_pct",
        "loop_losses_usd",
        "loop_margin_shortfall_usd",
        "loop_forced_sales_usd",
        "loop_impact_pct",
    ];

    /// The market-wide numbers and the loop's amounts, in [`Step::COLUMNS`] order.
    pub fn values(&self) -> [f64; 10] {
        let l = &self.spiral;
        [
            self.insurance_fund_usd,
            self.adl_usd,
            self.funding_rate_pct_per_hour,
            self.stress,
            self.margin_add_pct,
            l.price_fall_pct,
            l.losses_usd,
            l.margin_shortfall_usd,
            l.forced_sales_usd,
            l.impact_pct,
        ]
    }
}

impl Run {
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
        for s in &self.steps {
            s.assets
                .iter()
                .flat_map(AssetStep::values)
                .for_each(&mut feed);
            s.values().into_iter().for_each(&mut feed);
        }
        self.correlation_before
            .iter()
            .chain(self.correlation_during.iter())
            .flatten()
            .copied()
            .for_each(&mut feed);
        let s = &self.summary;
        for x in [
            s.total_liquidated_usd,
            s.accounts_liquidated,
            s.amplification,
            f64::from(s.rounds),
        ] {
            feed(x);
        }
        hash
    }

    /// BTC's price at the end of each step (the main line of the charts).
    pub fn price_path(&self, asset: usize) -> Vec<f64> {
        self.steps.iter().map(|s| s.assets[asset].price).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::presets::preset;

    fn textbook(changes: impl FnOnce(&mut Params)) -> Params {
        let mut p = (preset("textbook").unwrap().params)();
        changes(&mut p);
        p
    }

    fn within(simulated: f64, theory: f64, tolerance: f64) -> bool {
        (simulated / theory - 1.0).abs() <= tolerance
    }

    #[test]
    fn textbook_linear_total_fall_is_s_over_one_minus_k() {
        for (shock, liq) in [(5.0, 1.0), (2.0, 0.6), (8.0, 2.0), (3.0, 4.0)] {
            let p = textbook(|p| {
                p.shock_pct = shock;
                p.depth_multiplier = liq;
            });
            let run = simulate(&p);
            let theory = run.theory.clone().unwrap();
            assert!(theory.k < 1.0);
            assert!((theory.total_fall_pct - shock / (1.0 - theory.k)).abs() < 1e-9);
            let fall = run.assets[BTC].max_drawdown_pct;
            assert!(
                within(fall, theory.total_fall_pct, 0.01),
                "s={shock} k={}: {fall} vs {}",
                theory.k,
                theory.total_fall_pct
            );
            assert!(!run.summary.runaway);
        }
    }

    #[test]
    fn textbook_rounds_follow_the_geometric_series() {
        // The preset has rho = $1.5B per 1% and D = $3B per 1%: k = 0.5.
        // Each round's fall must match s (1 - k^(n+1)) / (1 - k).
        let p = textbook(|p| p.shock_pct = 5.0);
        let run = simulate(&p);
        let theory = run.theory.clone().unwrap();
        assert!((theory.k - 0.5).abs() < 1e-12);
        for (n, step) in run.steps.iter().enumerate().take(6) {
            let fall = (1.0 - step.assets[BTC].price / ASSETS[BTC].price) * 100.0;
            let expected = theory.linear_round_fall(p.shock_pct, n as u32 + 1);
            assert!(
                within(fall, expected, 0.01),
                "round {}: {fall} vs {expected}",
                n + 1
            );
        }
    }

    #[test]
    fn the_reference_example_reaches_ten_percent() {
        // Model references, section 2: rho = $50M, D = $100M, s = 5%:
        // 5, 7.5, 8.75, 9.375, ... -> 10%.
        let p = textbook(|p| {
            p.oi_multiplier = 0.1; // $1B over the 20% band: $50M per 1%
            p.depth_multiplier = 100e6 / ASSETS[BTC].depth_usd_per_pct;
            p.shock_pct = 5.0;
        });
        let run = simulate(&p);
        let t = run.theory.clone().unwrap();
        assert!((t.k - 0.5).abs() < 1e-12);
        let falls: Vec<f64> = run
            .steps
            .iter()
            .take(3)
            .map(|s| (1.0 - s.assets[BTC].price / ASSETS[BTC].price) * 100.0)
            .collect();
        for (got, want) in falls.iter().zip([7.5, 8.75, 9.375]) {
            assert!(within(*got, want, 0.01), "{falls:?}");
        }
        assert!(within(run.assets[BTC].max_drawdown_pct, 10.0, 0.01));
    }

    #[test]
    fn textbook_runs_away_when_k_reaches_one() {
        for liq in [0.5, 0.4, 0.3] {
            let p = textbook(|p| p.depth_multiplier = liq);
            let run = simulate(&p);
            let theory = run.theory.clone().unwrap();
            assert!(theory.k >= 1.0 && theory.runaway);
            assert!(run.summary.runaway, "k = {}", theory.k);
            let fall = run.assets[BTC].max_drawdown_pct;
            assert!(fall >= p.band_pct, "ran to the edge of the band: {fall}");
            assert!(
                within(fall, theory.total_fall_pct, 0.01),
                "{fall} vs {}",
                theory.total_fall_pct
            );
        }
    }

    #[test]
    fn textbook_square_root_law_reaches_the_fixed_point() {
        // x = s + c sqrt(x): x* = ((c + sqrt(c^2 + 4s)) / 2)^2.
        for (shock, liq) in [(5.0, 1.0), (3.0, 0.5), (10.0, 2.0)] {
            let p = textbook(|p| {
                p.impact = Impact::Sqrt;
                p.shock_pct = shock;
                p.depth_multiplier = liq;
                p.band_pct = 60.0;
            });
            let run = simulate(&p);
            let theory = run.theory.clone().unwrap();
            let s = shock / 100.0;
            let root = (theory.c + libm::sqrt(theory.c * theory.c + 4.0 * s)) / 2.0;
            assert!((theory.total_fall_pct - 100.0 * root * root).abs() < 1e-9);
            assert!(!theory.runaway);
            let fall = run.assets[BTC].max_drawdown_pct;
            assert!(
                within(fall, theory.total_fall_pct, 0.01),
                "s={shock}: {fall} vs {}",
                theory.total_fall_pct
            );
        }
    }

    #[test]
    fn the_square_root_example_gives_0_07791() {
        // s = 0.05, c = 0.1 -> x* = 0.07791 (model references, section 2).
        let t = Theory {
            c: 0.1,
            ..Theory::for_params(&textbook(|p| p.impact = Impact::Sqrt))
        };
        let root = (t.c + libm::sqrt(t.c * t.c + 4.0 * 0.05)) / 2.0;
        assert!((root * root - 0.07791).abs() < 1e-5);
    }

    #[test]
    fn zero_shock_without_other_flows_changes_nothing() {
        let p = Params {
            shock_pct: 0.0,
            noise: 0.0,
            etf_outflow_musd_per_hour: 0.0,
            ..Params::default()
        };
        let run = simulate(&p);
        assert_eq!(run.summary.total_liquidated_usd, 0.0);
        assert_eq!(run.summary.rounds, 0);
        assert!(run.steps.iter().all(|s| s
            .assets
            .iter()
            .zip(ASSETS.iter())
            .all(|(a, spec)| a.price == spec.price)));
    }

    #[test]
    fn the_default_scenario_shows_a_spiral_that_stops() {
        let run = simulate(&Params::default());
        let s = &run.summary;
        assert!(
            s.rounds >= 3 && s.amplification > 1.3 && !s.runaway,
            "{s:?}"
        );
        // Mainstream leads, the long tail amplifies.
        let dd: Vec<f64> = run.assets.iter().map(|a| a.max_drawdown_pct).collect();
        assert!(dd[ALTS_INDEX] > dd[ETH] && dd[ETH] > dd[BTC], "{dd:?}");
        // Gold and equity futures move too, but far less.
        assert!(
            dd[4] > 0.0 && dd[5] > 0.0 && dd[4] < dd[BTC] && dd[5] < dd[BTC],
            "{dd:?}"
        );
    }

    const ALTS_INDEX: usize = crate::engine::market::ALTS;

    #[test]
    fn correlations_rise_in_the_crash() {
        let run = simulate(&Params {
            shock_pct: 10.0,
            ..Params::default()
        });
        assert!(
            run.summary.mean_correlation_during > run.summary.mean_correlation_before + 0.1,
            "{:?}",
            run.summary
        );
        let before = run.correlation_before[BTC][4];
        assert!(
            before.abs() < 0.5,
            "gold is loosely tied to BTC in calm times: {before}"
        );
    }

    #[test]
    fn calm_markets_absorb_a_small_shock() {
        let run = simulate(&(preset("calm").unwrap().params)());
        let fall = run.assets[BTC].max_drawdown_pct;
        assert!(fall < 3.0 * 1.15, "a 3% shock stays near 3%: {fall}");
    }

    #[test]
    fn thin_books_or_weekends_make_the_same_shock_worse() {
        let normal = simulate(&Params::default()).assets[BTC].max_drawdown_pct;
        let weekend = simulate(&Params {
            weekend: true,
            ..Params::default()
        })
        .assets[BTC]
            .max_drawdown_pct;
        let thin = simulate(&Params {
            depth_multiplier: 0.5,
            ..Params::default()
        })
        .assets[BTC]
            .max_drawdown_pct;
        assert!(
            weekend > normal && thin > weekend,
            "{normal} {weekend} {thin}"
        );
    }

    #[test]
    fn an_empty_insurance_fund_brings_auto_deleveraging() {
        let p = Params {
            insurance_fund_musd: 0.0,
            depth_multiplier: 0.3,
            shock_pct: 12.0,
            ..Params::default()
        };
        let run = simulate(&p);
        assert!(run.summary.adl_usd > 0.0, "{:?}", run.summary);
        let rich = simulate(&Params {
            insurance_fund_musd: 20_000.0,
            ..p
        });
        assert_eq!(rich.summary.adl_usd, 0.0);
    }

    #[test]
    fn the_margin_spiral_liquidates_more() {
        let off = simulate(&Params {
            margin_spiral: 0.0,
            ..Params::default()
        })
        .summary
        .total_liquidated_usd;
        let on = simulate(&Params {
            margin_spiral: 3.0,
            ..Params::default()
        })
        .summary
        .total_liquidated_usd;
        assert!(on > off, "{on} vs {off}");
    }

    #[test]
    fn cross_margined_portfolios_carry_the_fall_to_gold_and_equities() {
        let none = simulate(&Params {
            cross_share: 0.0,
            noise: 0.0,
            ..Params::default()
        });
        let many = simulate(&Params {
            cross_share: 0.5,
            noise: 0.0,
            ..Params::default()
        });
        assert!(many.assets[4].liquidated_usd > 0.0 && none.assets[4].liquidated_usd == 0.0);
        assert!(many.assets[4].max_drawdown_pct > none.assets[4].max_drawdown_pct);
    }

    #[test]
    fn every_step_accounts_for_the_loop() {
        let run = simulate(&Params::default());
        let forced: f64 = run.steps.iter().map(|s| s.spiral.forced_sales_usd).sum();
        assert!(forced > 0.0);
        assert!(run
            .steps
            .iter()
            .all(|s| s.spiral.margin_shortfall_usd >= 0.0
                && s.spiral.losses_usd >= 0.0
                && s.stress >= 0.0
                && s.stress < 1.0));
        let first = &run.steps[0].spiral;
        assert!(
            first.price_fall_pct > 0.0 && first.losses_usd > 0.0,
            "{first:?}"
        );
    }

    #[test]
    fn digest_is_stable_and_changes_with_the_run() {
        let a = simulate(&Params::default());
        assert_eq!(a.digest(), simulate(&Params::default()).digest());
        assert_ne!(
            a.digest(),
            simulate(&Params {
                seed: 9,
                ..Params::default()
            })
            .digest()
        );
    }
}
