//! The state a run carries from one step to the next, one struct per
//! concern, so each stage's signature says what it reads and writes.

use crate::market::{Book, ASSETS, ASSET_COUNT, BTC, IMPACT_HALF_LIFE_MIN, TRANSIENT_IMPACT_SHARE};
use crate::params::{Model, Params};
use crate::positions::{AssetPositions, Population, CROSS_PORTFOLIOS};
use crate::venues::venues;

use super::{
    per_minute_pct, AssetStep, DEPTH_HALF_LIFE_MIN, FUNDING_BASE_PCT_PER_HOUR, QUIET_STEPS,
    RETRACE_MIN, STRESS_HALF_LIFE_MIN,
};

/// What the model includes, fixed for the run: the textbook keeps only the
/// spiral itself (no noise, no thinning, slicing or insurance fund).
pub(super) struct Setup {
    pub noise: f64,
    pub spiral: f64,
    pub thinning: bool,
    pub slicing: bool,
    pub insurance: bool,
    /// Liquidations happen and their orders reach the book (false in the
    /// counterfactual that amplification is measured against).
    pub forced_sales: bool,
    pub quiet_steps: u32,
    /// Each asset's exposure to the shock (textbook: BTC alone).
    pub betas: [f64; ASSET_COUNT],
    pub shock_pct: f64,
    pub ramp_min: u32,
    /// The part of the shock taken back over [`RETRACE_MIN`] minutes once
    /// it has arrived, % (the textbook takes nothing back).
    pub retrace_pct: f64,
    /// Per-step factors of the stress decay and of depth recovery.
    pub stress_decay: f64,
    pub depth_recovery: f64,
    /// Share of the transient impact reverting each step.
    pub impact_decay: f64,
}

impl Setup {
    pub fn for_params(p: &Params, forced_sales: bool) -> Self {
        let market = p.model == Model::Market;
        let betas = std::array::from_fn(|a| match (market, a) {
            (true, _) => ASSETS[a].beta,
            (false, BTC) => 1.0,
            (false, _) => 0.0,
        });
        Setup {
            noise: if market { p.noise } else { 0.0 },
            spiral: if market { p.margin_spiral } else { 0.0 },
            thinning: market,
            slicing: market,
            insurance: market,
            forced_sales,
            quiet_steps: if market { QUIET_STEPS } else { 1 },
            betas,
            shock_pct: p.shock_pct,
            ramp_min: p.ramp_minutes as u32,
            retrace_pct: if market {
                p.shock_pct * p.retrace_pct / 100.0
            } else {
                0.0
            },
            stress_decay: libm::pow(0.5, 1.0 / STRESS_HALF_LIFE_MIN),
            depth_recovery: 1.0 - libm::pow(0.5, 1.0 / DEPTH_HALF_LIFE_MIN),
            impact_decay: 1.0 - libm::pow(0.5, 1.0 / IMPACT_HALF_LIFE_MIN),
        }
    }

    /// The part of the shock arriving at `minute`: all at once, or evenly
    /// over the ramp.
    pub fn shock_at(&self, minute: u32) -> f64 {
        match self.ramp_min {
            0 if minute == 0 => self.shock_pct,
            0 => 0.0,
            ramp if minute < ramp => self.shock_pct / f64::from(ramp),
            _ => 0.0,
        }
    }

    /// The part of the shock taken back at `minute`: evenly over the
    /// [`RETRACE_MIN`] minutes after the last minute of the ramp.
    pub fn retrace_at(&self, minute: u32) -> f64 {
        let start = self.ramp_min.max(1);
        if self.retrace_pct > 0.0 && (start..start + RETRACE_MIN).contains(&minute) {
            self.retrace_pct / f64::from(RETRACE_MIN)
        } else {
            0.0
        }
    }

    /// Whether the shock or its retracement still moves the market after
    /// `minute`, so the run must not yet end for being quiet.
    pub fn arriving_after(&self, minute: u32) -> bool {
        let retrace_end = if self.retrace_pct > 0.0 {
            self.ramp_min.max(1) + RETRACE_MIN
        } else {
            0
        };
        minute + 1 < self.ramp_min.max(retrace_end)
    }
}

/// Every asset's order book. The textbook's is linear (no depth curve) and
/// keeps all of its impact, as the closed forms assume; a market's impact
/// is partly transient.
pub(super) fn books_for(params: &Params) -> Vec<Book> {
    let textbook = params.model == Model::Textbook;
    ASSETS
        .iter()
        .map(|spec| {
            let mut spec = *spec;
            if textbook {
                spec.depth_exponent = 1.0;
            }
            let mut book = Book::new(spec, params);
            if !textbook {
                book.transient_share = TRANSIENT_IMPACT_SHARE;
            }
            book
        })
        .collect()
}

/// Prices of every asset, as falls in % of the reference price.
pub(super) struct Prices {
    /// Current fall: after the market move it is the mark's, after impact
    /// the close's.
    pub fall: [f64; ASSET_COUNT],
    /// Fall at the last close (what dealers hedge against).
    pub closed_fall: [f64; ASSET_COUNT],
    /// Close of the previous step (the open of this one) and of this one.
    pub open: [f64; ASSET_COUNT],
    pub close: [f64; ASSET_COUNT],
    /// Mark price this step, before forced selling: liquidations trigger here.
    pub mark: [f64; ASSET_COUNT],
}

impl Prices {
    pub fn new() -> Self {
        let reference = std::array::from_fn(|a| ASSETS[a].price);
        Prices {
            fall: [0.0; ASSET_COUNT],
            closed_fall: [0.0; ASSET_COUNT],
            open: reference,
            close: reference,
            mark: [0.0; ASSET_COUNT],
        }
    }
}

/// A large position being sold off one slice per step.
pub(super) struct Slice {
    pub asset: usize,
    pub quantity_per_step: f64,
    pub steps_left: u32,
    pub bankruptcy_price: f64,
}

/// How far liquidations have gone: cursors into the positions sorted by
/// liquidation price, slices still being sold, and what is still open.
pub(super) struct Cursors {
    pub long: [usize; ASSET_COUNT],
    pub short: [usize; ASSET_COUNT],
    /// One per cross-margined portfolio.
    pub cross: Vec<usize>,
    pub slices: Vec<Slice>,
    /// Units still held long and short per asset (for the loop's losses).
    pub open_long: [f64; ASSET_COUNT],
    pub open_short: [f64; ASSET_COUNT],
    /// Notional at entry of everything liquidated so far, USD.
    pub liquidated_at_entry_usd: f64,
    /// Notional of the positions opened during the run (shorts into the
    /// fall), USD at entry: open interest beside the population's.
    pub opened_during_run_usd: f64,
}

impl Cursors {
    pub fn new(population: &Population) -> Self {
        let mut open_long: [f64; ASSET_COUNT] =
            std::array::from_fn(|a| population.assets[a].long_quantity);
        for (k, notional) in population.cross_notional.iter().enumerate() {
            for a in 0..ASSET_COUNT {
                open_long[a] += CROSS_PORTFOLIOS[k][a] * notional / ASSETS[a].price;
            }
        }
        Cursors {
            long: [0; ASSET_COUNT],
            short: [0; ASSET_COUNT],
            cross: vec![0; population.cross.len()],
            slices: Vec::new(),
            open_long,
            open_short: std::array::from_fn(|a| population.assets[a].short_quantity),
            liquidated_at_entry_usd: 0.0,
            opened_during_run_usd: 0.0,
        }
    }
}

/// One venue's backstop during the run.
#[derive(Clone, Copy, Debug)]
pub(super) struct VenueBackstop {
    pub share: f64,
    pub fund_usd: f64,
    /// The backstop ran out: the venue deleverages from the next step on.
    pub adl_mode: bool,
}

/// Each venue's insurance fund or vault and, once it is empty, its
/// auto-deleveraging.
pub(super) struct Backstop {
    pub venues: Vec<VenueBackstop>,
    pub adl: [AdlState; ASSET_COUNT],
}

impl Backstop {
    pub fn new(params: &Params) -> Self {
        Backstop {
            venues: venues(params)
                .iter()
                .map(|v| VenueBackstop {
                    share: v.share,
                    fund_usd: v.backstop_usd,
                    adl_mode: false,
                })
                .collect(),
            adl: [AdlState::default(); ASSET_COUNT],
        }
    }

    /// Share of every position held on venues that now deleverage.
    pub fn adl_share(&self) -> f64 {
        self.venues
            .iter()
            .filter(|v| v.adl_mode)
            .map(|v| v.share)
            .sum()
    }

    /// A loss past bankruptcy, spread over the venues by their shares.
    pub fn charge(&mut self, loss_usd: f64) {
        for venue in &mut self.venues {
            venue.fund_usd -= venue.share * loss_usd;
        }
    }

    /// Venues whose backstop ran out switch to auto-deleveraging.
    pub fn switch_empty_to_adl(&mut self) {
        for venue in self.venues.iter_mut().filter(|v| v.fund_usd <= 0.0) {
            venue.fund_usd = 0.0;
            venue.adl_mode = true;
        }
    }

    /// What is left in every backstop together, USD.
    pub fn total_usd(&self) -> f64 {
        self.venues.iter().map(|v| v.fund_usd).sum()
    }
}

/// How far auto-deleveraging has gone through one asset's shorts: every
/// short before `cursor` in ADL order is closed, and `taken` units of the one
/// at the cursor. State that grows with what is closed, not with N.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct AdlState {
    cursor: usize,
    taken: f64,
}

impl AdlState {
    /// Units still open of short `index` (not yet liquidated).
    pub fn left(&self, positions: &AssetPositions, index: usize) -> f64 {
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
    pub fn deleverage(
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

/// Market conditions that feed back into the next step.
pub(super) struct Conditions {
    /// 0 calm, 1 full panic.
    pub stress: f64,
    /// Smoothed |BTC move| per minute, %.
    pub realized_vol_pct: f64,
    /// Extra maintenance margin from the margin spiral (fraction).
    pub margin_add: f64,
    pub funding_pct_per_hour: f64,
}

impl Conditions {
    pub fn new() -> Self {
        Conditions {
            stress: 0.0,
            realized_vol_pct: per_minute_pct(ASSETS[BTC].daily_vol) * 0.8,
            margin_add: 0.0,
            funding_pct_per_hour: FUNDING_BASE_PCT_PER_HOUR,
        }
    }
}

/// A fill of a liquidation order: the insurance fund pays if it is past the
/// bankruptcy price.
pub(super) struct Fill {
    pub asset: usize,
    pub bankruptcy_price: f64,
    pub quantity: f64,
    pub long: bool,
}

/// The orders one step's liquidations send to market, and what they record.
pub(super) struct Orders {
    /// Units sold (long liquidations) and bought (short ones) per asset.
    pub sell: [f64; ASSET_COUNT],
    pub buy: [f64; ASSET_COUNT],
    pub fills: Vec<Fill>,
    /// This step's record per asset (prices are filled in at the close).
    pub assets: Vec<AssetStep>,
    pub margin_shortfall_usd: f64,
    pub adl_usd: f64,
    pub liquidated_any: bool,
}

impl Orders {
    pub fn new() -> Self {
        Orders {
            sell: [0.0; ASSET_COUNT],
            buy: [0.0; ASSET_COUNT],
            fills: Vec::new(),
            assets: Vec::new(),
            margin_shortfall_usd: 0.0,
            adl_usd: 0.0,
            liquidated_any: false,
        }
    }

    /// Empties the list for a new step (`fills` keeps its allocation); each
    /// asset's record starts with the depth its book offers now.
    pub fn reset(&mut self, books: &[Book]) {
        self.sell = [0.0; ASSET_COUNT];
        self.buy = [0.0; ASSET_COUNT];
        self.fills.clear();
        self.assets = books.iter().map(AssetStep::empty).collect();
        self.margin_shortfall_usd = 0.0;
        self.adl_usd = 0.0;
        self.liquidated_any = false;
    }
}
