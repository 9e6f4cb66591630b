//! The textbook model's closed forms (model references, section 2), the
//! oracle its simulation is tested against.

use serde::Serialize;

use super::FLOOR_FALL_PCT;
use crate::market::{Book, ASSETS, BTC, SQRT_LAW_Y};
use crate::params::{Impact, Model, Params};

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
    /// What a run with `params` carries: the closed forms in the textbook
    /// model, nothing otherwise (they hold only there).
    pub fn of_run(params: &Params) -> Option<Self> {
        (params.model == Model::Textbook).then(|| Theory::for_params(params))
    }

    pub fn for_params(params: &Params) -> Self {
        let book = Book::new(ASSETS[BTC], params);
        let oi = crate::positions::textbook_open_interest(params);
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
