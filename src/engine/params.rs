//! The scenario parameters: one struct, documented defaults, validation.
//!
//! Every user-settable field is described once in [`FIELDS`]; validation, the
//! share link, the command line and the controls all read that table, so a
//! new parameter is added in one place. Defaults and their sources are in the
//! doc comments of [`Params`].

use serde::{Deserialize, Serialize};

use super::decimal::parse_f64;
use super::i18n::{Key, Lang, PanelKey};

/// A range's end as typed in a link (the shortest text that reads back to
/// the same number), with Spanish's decimal comma.
pub fn bound_text(lang: Lang, value: f64) -> String {
    let text = format!("{value}");
    match lang {
        Lang::Es => text.replace('.', ","),
        _ => text,
    }
}

/// How forced orders move the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Fall in % = size / depth (depth in USD per 1%).
    Linear,
    /// Square-root law: fall = Y * sigma * sqrt(size / daily volume)
    /// (Donier & Bonart, arXiv 1412.4503).
    Sqrt,
}

/// Which world is simulated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Six assets, a seeded population, the full set of flows.
    Market,
    /// One asset, liquidation prices uniform over a band, nothing else: the
    /// closed forms of the model references (section 2) apply.
    Textbook,
}

/// Everything that determines a run. The same `Params` always gives the same
/// result, on every target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Named scenario these values started from (`None`: the defaults).
    pub preset: Option<String>,
    pub model: Model,
    /// Fall of the common risk factor, in percent; each asset receives it
    /// times its beta (BTC's beta is 1, so this is BTC's initial fall).
    pub shock_pct: f64,
    /// Minutes over which the shock arrives (0: all at once).
    pub ramp_minutes: f64,
    /// Mean leverage of the position population (x), spread log-normally
    /// and capped at each venue's maximum.
    pub mean_leverage: f64,
    /// Multiplier on normal order-book depth (1 = normal).
    pub depth_multiplier: f64,
    pub impact: Impact,
    /// Number of simulated positions; weights make totals market-sized.
    pub positions: u32,
    pub seed: u32,
    /// Share of open interest held long (crypto leans long before crashes:
    /// 91% of Hyperliquid's Oct 10 2025 liquidations were longs).
    pub long_share: f64,
    /// Multiplier on the venues' maintenance-margin tiers.
    pub maintenance_multiplier: f64,
    /// Weekend books: depth divided by 1.45 (weekend share of BTC volume
    /// 16% vs 28%, square-root impact; model references, section 4).
    pub weekend: bool,
    /// Options dealers' short gamma: USD millions of BTC they sell per 1%
    /// fall to stay hedged (ETH gets a third). Seed 000 describes dealer
    /// hedging amplifying the Feb 2026 fall.
    pub dealer_gamma_musd: f64,
    /// Resting dip-buyer and whale bids below the market: USD millions per
    /// 1% of BTC depth that stays under stress (ETH a third). Seeds 000 and
    /// 001 describe whales absorbing supply.
    pub whale_bids_musd: f64,
    /// Share of simulated accounts that are cross-margined portfolios.
    pub cross_share: f64,
    /// Strength of the margin spiral (maintenance rising with realized
    /// volatility; Brunnermeier & Pedersen 2009). 0 turns it off.
    pub margin_spiral: f64,
    /// Spot ETF outflows, USD millions per hour (BTC 80%, ETH 20%). Seed 002:
    /// $7B, $2B and $3B left in Nov, Dec and Jan.
    pub etf_outflow_musd_per_hour: f64,
    /// Share of the shock the market takes back in the hour after it has
    /// fully arrived, %. Seed 002: the Feb 2026 fall of 12% touched $60,000
    /// briefly and BTC stood at $63,100 later that day, about 38% of the
    /// fall retraced. The rebound is what squeezes shorts opened into a
    /// slow slide.
    pub retrace_pct: f64,
    /// Scale of ambient noise trading (0: no noise at all).
    pub noise: f64,
    /// Multiplier on every asset's leveraged open interest.
    pub oi_multiplier: f64,
    /// Mean account size, USD thousands (sizes are Pareto around it).
    pub mean_account_kusd: f64,
    /// Exchanges' insurance funds, USD millions, before auto-deleveraging.
    pub insurance_fund_musd: f64,
    /// Textbook model: width of the band of liquidation prices below the
    /// price, in percent.
    pub band_pct: f64,
}

impl Default for Params {
    /// Defaults show a cascade at once: a 5% shock into a 20x-leveraged
    /// market with normal depth.
    fn default() -> Self {
        Params {
            preset: None,
            model: Model::Market,
            shock_pct: 5.0,
            ramp_minutes: 10.0,
            mean_leverage: 20.0,
            depth_multiplier: 1.0,
            impact: Impact::Linear,
            positions: 20_000,
            seed: 1,
            long_share: 0.6,
            maintenance_multiplier: 1.0,
            weekend: false,
            dealer_gamma_musd: 100.0,
            whale_bids_musd: 300.0,
            cross_share: 0.2,
            margin_spiral: 1.0,
            etf_outflow_musd_per_hour: 0.0,
            retrace_pct: 0.0,
            noise: 1.0,
            oi_multiplier: 1.0,
            mean_account_kusd: 12.0,
            insurance_fund_musd: 1_000.0,
            band_pct: 20.0,
        }
    }
}

/// What kind of value a field holds.
pub enum Kind {
    Number {
        min: f64,
        max: f64,
        step: f64,
        integer: bool,
    },
    /// One of a few names; stored and passed around as its index.
    Choice(&'static [&'static str]),
}

/// How one parameter is named, bounded and read/written. Values travel as
/// `f64` (choices as their index).
pub struct FieldSpec {
    /// Share-link and command-line key.
    pub key: &'static str,
    /// Human name, the further settings' label and the command line's
    /// list of keys; only the panels show it, so it is a panel key (link
    /// notices name the field by `key`).
    pub label: PanelKey,
    /// Whether the field changes the placed population (who holds what, at
    /// which liquidation price). A change of any other field re-runs on the
    /// population already placed, which costs a fraction of placing it.
    pub shapes_population: bool,
    pub kind: Kind,
    pub get: fn(&Params) -> f64,
    pub set: fn(&mut Params, f64),
}

impl FieldSpec {
    /// The allowed values as people read them, for error messages.
    pub fn range_text(&self) -> String {
        self.range_text_in(Lang::En)
    }

    /// The allowed values in `lang`, for the page's notices.
    pub fn range_text_in(&self, lang: Lang) -> String {
        let (min, max) = match &self.kind {
            Kind::Choice(names) => {
                return lang.fill(Key::RangeOneOf, &[("list", &names.join(", "))])
            }
            Kind::Number { min, max, .. } => (bound_text(lang, *min), bound_text(lang, *max)),
        };
        let key = match self.kind {
            Kind::Number { integer: true, .. } => Key::RangeWhole,
            _ => Key::RangeNumber,
        };
        lang.fill(key, &[("min", &min), ("max", &max)])
    }

    /// Smallest value, largest value and step, as a range input takes them
    /// (a choice runs over its indices).
    pub fn bounds(&self) -> (f64, f64, f64) {
        match &self.kind {
            Kind::Number { min, max, step, .. } => (*min, *max, *step),
            Kind::Choice(names) => (0.0, names.len().saturating_sub(1) as f64, 1.0),
        }
    }

    /// Checks one value (a choice's index) against this field's range.
    pub fn check(&self, value: f64) -> Result<f64, ParamError> {
        let ok = value.is_finite()
            && match &self.kind {
                Kind::Number {
                    min, max, integer, ..
                } => value >= *min && value <= *max && (!integer || value.fract() == 0.0),
                Kind::Choice(names) => {
                    value >= 0.0 && value.fract() == 0.0 && (value as usize) < names.len()
                }
            };
        if ok {
            Ok(value)
        } else {
            Err(self.error(&value.to_string()))
        }
    }

    /// Reads a value as written in a link or on the command line.
    pub fn parse(&self, text: &str) -> Result<f64, ParamError> {
        let text = text.trim();
        let value = match &self.kind {
            Kind::Choice(names) => names.iter().position(|n| *n == text).map(|i| i as f64),
            Kind::Number { .. } => parse_f64(text),
        };
        match value {
            Some(v) => self.check(v).map_err(|_| self.error(text)),
            None => Err(self.error(text)),
        }
    }

    /// Writes a value the way `parse` reads it.
    pub fn format(&self, value: f64) -> String {
        match &self.kind {
            Kind::Choice(names) => names
                .get(value as usize)
                .copied()
                .unwrap_or("?")
                .to_string(),
            // `{}` prints the shortest text that reads back to the same f64.
            Kind::Number { .. } => format!("{value}"),
        }
    }

    fn error(&self, got: &str) -> ParamError {
        ParamError {
            key: self.key,
            message: format!("{} must be {}, got '{}'", self.key, self.range_text(), got),
        }
    }
}

const fn number(min: f64, max: f64, step: f64) -> Kind {
    Kind::Number {
        min,
        max,
        step,
        integer: false,
    }
}

const fn whole(min: f64, max: f64) -> Kind {
    Kind::Number {
        min,
        max,
        step: 1.0,
        integer: true,
    }
}

fn flag(on: bool) -> f64 {
    if on {
        1.0
    } else {
        0.0
    }
}

/// The parameter table, in the order controls and links list them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "shock",
        label: PanelKey::FieldShock,
        shapes_population: false,
        kind: number(0.0, 50.0, 0.5),
        get: |p| p.shock_pct,
        set: |p, v| p.shock_pct = v,
    },
    FieldSpec {
        key: "lev",
        label: PanelKey::FieldLev,
        shapes_population: true,
        kind: number(1.0, 100.0, 1.0),
        get: |p| p.mean_leverage,
        set: |p, v| p.mean_leverage = v,
    },
    FieldSpec {
        key: "liq",
        label: PanelKey::FieldLiq,
        shapes_population: false,
        kind: number(0.1, 5.0, 0.05),
        get: |p| p.depth_multiplier,
        set: |p, v| p.depth_multiplier = v,
    },
    FieldSpec {
        key: "impact",
        label: PanelKey::FieldImpact,
        shapes_population: false,
        kind: Kind::Choice(&["linear", "sqrt"]),
        get: |p| flag(p.impact == Impact::Sqrt),
        set: |p, v| {
            p.impact = if v == 1.0 {
                Impact::Sqrt
            } else {
                Impact::Linear
            }
        },
    },
    FieldSpec {
        key: "model",
        label: PanelKey::FieldModel,
        shapes_population: true,
        kind: Kind::Choice(&["market", "textbook"]),
        get: |p| flag(p.model == Model::Textbook),
        set: |p, v| {
            p.model = if v == 1.0 {
                Model::Textbook
            } else {
                Model::Market
            }
        },
    },
    FieldSpec {
        key: "ramp",
        label: PanelKey::FieldRamp,
        shapes_population: false,
        kind: whole(0.0, 240.0),
        get: |p| p.ramp_minutes,
        set: |p, v| p.ramp_minutes = v,
    },
    FieldSpec {
        key: "long",
        label: PanelKey::FieldLong,
        shapes_population: true,
        kind: number(0.05, 0.95, 0.05),
        get: |p| p.long_share,
        set: |p, v| p.long_share = v,
    },
    FieldSpec {
        key: "mm",
        label: PanelKey::FieldMm,
        shapes_population: true,
        kind: number(0.5, 4.0, 0.1),
        get: |p| p.maintenance_multiplier,
        set: |p, v| p.maintenance_multiplier = v,
    },
    FieldSpec {
        key: "weekend",
        label: PanelKey::FieldWeekend,
        shapes_population: false,
        kind: whole(0.0, 1.0),
        get: |p| flag(p.weekend),
        set: |p, v| p.weekend = v == 1.0,
    },
    FieldSpec {
        key: "gamma",
        label: PanelKey::FieldGamma,
        shapes_population: false,
        kind: number(0.0, 2000.0, 10.0),
        get: |p| p.dealer_gamma_musd,
        set: |p, v| p.dealer_gamma_musd = v,
    },
    FieldSpec {
        key: "whales",
        label: PanelKey::FieldWhales,
        shapes_population: false,
        kind: number(0.0, 5000.0, 10.0),
        get: |p| p.whale_bids_musd,
        set: |p, v| p.whale_bids_musd = v,
    },
    FieldSpec {
        key: "cross",
        label: PanelKey::FieldCross,
        shapes_population: true,
        kind: number(0.0, 1.0, 0.05),
        get: |p| p.cross_share,
        set: |p, v| p.cross_share = v,
    },
    FieldSpec {
        key: "spiral",
        label: PanelKey::FieldSpiral,
        shapes_population: false,
        kind: number(0.0, 5.0, 0.1),
        get: |p| p.margin_spiral,
        set: |p, v| p.margin_spiral = v,
    },
    FieldSpec {
        key: "etf",
        label: PanelKey::FieldEtf,
        shapes_population: false,
        kind: number(0.0, 5000.0, 10.0),
        get: |p| p.etf_outflow_musd_per_hour,
        set: |p, v| p.etf_outflow_musd_per_hour = v,
    },
    FieldSpec {
        key: "retrace",
        label: PanelKey::FieldRetrace,
        shapes_population: false,
        kind: number(0.0, 100.0, 1.0),
        get: |p| p.retrace_pct,
        set: |p, v| p.retrace_pct = v,
    },
    FieldSpec {
        key: "noise",
        label: PanelKey::FieldNoise,
        shapes_population: false,
        kind: number(0.0, 3.0, 0.1),
        get: |p| p.noise,
        set: |p, v| p.noise = v,
    },
    FieldSpec {
        key: "oi",
        label: PanelKey::FieldOi,
        shapes_population: true,
        kind: number(0.1, 5.0, 0.05),
        get: |p| p.oi_multiplier,
        set: |p, v| p.oi_multiplier = v,
    },
    FieldSpec {
        key: "size",
        label: PanelKey::FieldSize,
        shapes_population: true,
        kind: number(1.0, 200.0, 0.5),
        get: |p| p.mean_account_kusd,
        set: |p, v| p.mean_account_kusd = v,
    },
    FieldSpec {
        key: "fund",
        label: PanelKey::FieldFund,
        shapes_population: false,
        kind: number(0.0, 20000.0, 50.0),
        get: |p| p.insurance_fund_musd,
        set: |p, v| p.insurance_fund_musd = v,
    },
    FieldSpec {
        key: "band",
        label: PanelKey::FieldBand,
        shapes_population: true,
        kind: number(1.0, 90.0, 1.0),
        get: |p| p.band_pct,
        set: |p, v| p.band_pct = v,
    },
    FieldSpec {
        key: "n",
        label: PanelKey::FieldN,
        shapes_population: true,
        kind: whole(100.0, 2_000_000.0),
        get: |p| f64::from(p.positions),
        set: |p, v| p.positions = v as u32,
    },
    FieldSpec {
        key: "seed",
        label: PanelKey::FieldSeed,
        shapes_population: true,
        kind: whole(0.0, 4_294_967_295.0),
        get: |p| f64::from(p.seed),
        set: |p, v| p.seed = v as u32,
    },
];

/// Looks a field up by its key.
pub fn field(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// One invalid field: its key and a sentence naming the allowed range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamError {
    pub key: &'static str,
    pub message: String,
}

impl std::fmt::Display for ParamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Params {
    /// Checks every field; the error lists all bad fields, not just the first.
    pub fn validate(&self) -> Result<(), Vec<ParamError>> {
        let errors: Vec<ParamError> = FIELDS
            .iter()
            .filter_map(|f| f.check((f.get)(self)).err())
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Sets one field by key from text, validating it; a refused value
    /// leaves the field as it was.
    pub fn set_from_text(&mut self, key: &str, text: &str) -> Result<(), ParamError> {
        let spec = field(key).ok_or_else(|| ParamError {
            key: "key",
            message: format!(
                "unknown parameter '{}' (known: {})",
                key,
                FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
            ),
        })?;
        (spec.set)(self, spec.parse(text)?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_inside_every_range() {
        assert_eq!(Params::default().validate(), Ok(()));
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<_> = FIELDS.iter().map(|f| f.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), FIELDS.len());
    }

    #[test]
    fn every_field_round_trips_through_its_text_form() {
        let p = Params::default();
        for f in FIELDS {
            let mut q = p.clone();
            q.set_from_text(f.key, &f.format((f.get)(&p))).unwrap();
            assert_eq!(q, p, "{}", f.key);
        }
    }

    #[test]
    fn validation_names_every_bad_field_and_its_range() {
        let p = Params {
            shock_pct: -1.0,
            mean_leverage: f64::NAN,
            depth_multiplier: 9.0,
            ..Params::default()
        };
        let errors = p.validate().unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| e.key).collect();
        assert_eq!(keys, ["shock", "lev", "liq"]);
        assert!(
            errors[2].message.contains("from 0.1 to 5"),
            "{}",
            errors[2].message
        );
    }

    #[test]
    fn set_from_text_rejects_garbage_fractions_unknown_keys_and_bad_choices() {
        let mut p = Params::default();
        p.set_from_text("shock", "12.5").unwrap();
        assert_eq!(p.shock_pct, 12.5);
        p.set_from_text("impact", "sqrt").unwrap();
        assert_eq!(p.impact, Impact::Sqrt);
        assert!(p
            .set_from_text("shock", "lots")
            .unwrap_err()
            .message
            .contains("shock must be"));
        assert!(p
            .set_from_text("n", "100.5")
            .unwrap_err()
            .message
            .contains("whole number"));
        assert_eq!(
            p.set_from_text("impact", "cubic").unwrap_err().message,
            "impact must be one of linear, sqrt, got 'cubic'"
        );
        assert!(p
            .set_from_text("bogus", "1")
            .unwrap_err()
            .message
            .contains("unknown parameter 'bogus'"));
        assert_eq!(
            p.shock_pct, 12.5,
            "a rejected value leaves the field unchanged"
        );
    }
}
