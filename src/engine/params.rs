//! The scenario parameters: one struct, documented defaults, validation.
//!
//! Every user-settable field is described once in [`FIELDS`]; validation, the
//! share link, the command line and the sliders all read that table, so a new
//! parameter is added in one place.

use serde::{Deserialize, Serialize};

/// Everything that determines a run. The same `Params` always gives the same
/// result, on every target.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Initial exogenous fall of the price, in percent.
    pub shock_pct: f64,
    /// Mean leverage of the position population (x). Traders' leverage is
    /// spread log-normally around it and capped at the venue maximum.
    pub mean_leverage: f64,
    /// Multiplier on normal order-book depth (1 = normal, 0.5 = half as deep).
    pub depth_multiplier: f64,
    /// Number of simulated positions; each carries a weight so that totals
    /// are market-sized whatever this number is.
    pub positions: u32,
    /// Seed of the position population.
    pub seed: u32,
}

impl Default for Params {
    /// Defaults show a cascade at once: a 5% shock into a 20x-leveraged
    /// market with normal depth (see README "Model" for the calibration).
    fn default() -> Self {
        Params { shock_pct: 5.0, mean_leverage: 20.0, depth_multiplier: 1.0, positions: 20_000, seed: 1 }
    }
}

/// How one parameter is named, bounded and read/written. Values travel as
/// `f64`; integer fields are checked to be whole numbers.
pub struct FieldSpec {
    /// Share-link and command-line key.
    pub key: &'static str,
    /// Human name used in messages and labels.
    pub label: &'static str,
    pub min: f64,
    pub max: f64,
    /// Slider step; also whether the value must be whole (`integer`).
    pub step: f64,
    pub integer: bool,
    pub get: fn(&Params) -> f64,
    pub set: fn(&mut Params, f64),
}

impl FieldSpec {
    /// The allowed range as people read it, for error messages.
    pub fn range_text(&self) -> String {
        if self.integer {
            format!("a whole number from {} to {}", self.min, self.max)
        } else {
            format!("a number from {} to {}", self.min, self.max)
        }
    }

    /// Checks one value against this field's range.
    pub fn check(&self, value: f64) -> Result<f64, ParamError> {
        let ok = value.is_finite()
            && value >= self.min
            && value <= self.max
            && (!self.integer || value.fract() == 0.0);
        if ok {
            Ok(value)
        } else {
            Err(ParamError { key: self.key, message: format!("{} must be {}, got {}", self.key, self.range_text(), value) })
        }
    }
}

/// The parameter table, in the order controls and links list them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "shock",
        label: "Shock (initial fall, %)",
        min: 0.0,
        max: 50.0,
        step: 0.5,
        integer: false,
        get: |p| p.shock_pct,
        set: |p, v| p.shock_pct = v,
    },
    FieldSpec {
        key: "lev",
        label: "Leverage (mean, x)",
        min: 1.0,
        max: 100.0,
        step: 1.0,
        integer: false,
        get: |p| p.mean_leverage,
        set: |p, v| p.mean_leverage = v,
    },
    FieldSpec {
        key: "liq",
        label: "Liquidity (depth multiplier)",
        min: 0.1,
        max: 5.0,
        step: 0.1,
        integer: false,
        get: |p| p.depth_multiplier,
        set: |p, v| p.depth_multiplier = v,
    },
    FieldSpec {
        key: "n",
        label: "Simulated positions",
        min: 100.0,
        max: 2_000_000.0,
        step: 100.0,
        integer: true,
        get: |p| p.positions as f64,
        set: |p, v| p.positions = v as u32,
    },
    FieldSpec {
        key: "seed",
        label: "Random seed",
        min: 0.0,
        max: 4_294_967_295.0,
        step: 1.0,
        integer: true,
        get: |p| p.seed as f64,
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
        let errors: Vec<ParamError> = FIELDS.iter().filter_map(|f| f.check((f.get)(self)).err()).collect();
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// Sets one field by key from text, validating it.
    pub fn set_from_text(&mut self, key: &str, text: &str) -> Result<(), ParamError> {
        let spec = field(key).ok_or_else(|| ParamError {
            key: "key",
            message: format!(
                "unknown parameter '{}' (known: {})",
                key,
                FIELDS.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
            ),
        })?;
        let value: f64 = text.trim().parse().map_err(|_| ParamError {
            key: spec.key,
            message: format!("{} must be {}, got '{}'", spec.key, spec.range_text(), text),
        })?;
        (spec.set)(self, spec.check(value)?);
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
    fn validation_names_every_bad_field_and_its_range() {
        let p = Params { shock_pct: -1.0, mean_leverage: f64::NAN, depth_multiplier: 9.0, ..Params::default() };
        let errors = p.validate().unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| e.key).collect();
        assert_eq!(keys, ["shock", "lev", "liq"]);
        assert!(errors[2].message.contains("from 0.1 to 5"), "{}", errors[2].message);
    }

    #[test]
    fn set_from_text_rejects_garbage_fractions_and_unknown_keys() {
        let mut p = Params::default();
        p.set_from_text("shock", "12.5").unwrap();
        assert_eq!(p.shock_pct, 12.5);
        assert!(p.set_from_text("shock", "lots").unwrap_err().message.contains("shock must be"));
        assert!(p.set_from_text("n", "100.5").unwrap_err().message.contains("whole number"));
        assert!(p.set_from_text("bogus", "1").unwrap_err().message.contains("unknown parameter 'bogus'"));
        assert_eq!(p.shock_pct, 12.5, "a rejected value leaves the field unchanged");
    }
}
