//! Will my position survive? One trader's isolated BTC position held through
//! a run: its liquidation price, by the same formula and maintenance tiers
//! as the simulated population, and the minute the run would liquidate it.

use super::cascade::Run;
use super::decimal::parse_f64;
use super::i18n::{Key, Lang, PanelKey};
use super::market::{ASSETS, BTC};
use super::params::Params;
use super::positions::{liquidation_price, maintenance_margin_rate, Side};
use super::presets::PRESETS;
use super::simulate;

/// Where the position was opened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entry {
    /// At this BTC price, USD.
    Price(f64),
    /// This many percent above (or, negative, below) BTC's price before the shock.
    FromNow(f64),
}

/// An isolated-margin BTC position: its margin is `size_usd / leverage`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UserPosition {
    pub side: Side,
    pub entry: Entry,
    pub leverage: f64,
    /// Notional, USD: it picks the maintenance tier.
    pub size_usd: f64,
}

/// A position's link key: what it sets, its range and its default.
pub struct PositionKey {
    pub key: &'static str,
    pub meaning: &'static str,
    pub min: f64,
    pub max: f64,
}

/// `pos` (long or short) opens a position; these set its numbers. Leverage
/// stops at 125x, the venues' BTC maximum the population is drawn with.
pub const POSITION_KEYS: [PositionKey; 4] = [
    PositionKey {
        key: "pos_entry",
        meaning: "entry price, USD",
        min: 1.0,
        max: 10_000_000.0,
    },
    PositionKey {
        key: "pos_from",
        meaning: "entry, % from BTC's price before the shock (used without pos_entry)",
        min: -50.0,
        max: 50.0,
    },
    PositionKey {
        key: "pos_lev",
        meaning: "leverage, x",
        min: 1.0,
        max: 125.0,
    },
    PositionKey {
        key: "pos_size",
        meaning: "size (notional), USD",
        min: 10.0,
        max: 100_000_000.0,
    },
];

impl Default for UserPosition {
    /// A $10,000 long at 10x, opened at the price before the shock.
    fn default() -> Self {
        UserPosition {
            side: Side::Long,
            entry: Entry::FromNow(0.0),
            leverage: 10.0,
            size_usd: 10_000.0,
        }
    }
}

impl UserPosition {
    /// The entry as a BTC price.
    pub fn entry_price(&self) -> f64 {
        match self.entry {
            Entry::Price(price) => price,
            Entry::FromNow(pct) => ASSETS[BTC].price * (1.0 + pct / 100.0),
        }
    }

    /// Maintenance rate: the venue tier for its size, times the scenario's
    /// `mm` multiplier, as for every simulated BTC position.
    pub fn maintenance_rate(&self, params: &Params) -> f64 {
        maintenance_margin_rate(self.size_usd)
            * ASSETS[BTC].margin_scale
            * params.maintenance_multiplier
    }

    /// The isolated liquidation price (the engine's and `liq-price`'s formula).
    pub fn liquidation_price(&self, params: &Params) -> f64 {
        liquidation_price(
            self.entry_price(),
            self.leverage,
            self.maintenance_rate(params),
            self.side,
        )
    }

    /// Sets one link key from its text; `Err` names the key and its range.
    /// Keys other than [`POSITION_KEYS`] are not this function's to set.
    pub fn set(&mut self, key: &str, text: &str) -> Result<(), OutOfRange> {
        let spec = POSITION_KEYS
            .iter()
            .find(|k| k.key == key)
            .unwrap_or_else(|| panic!("'{key}' is not a position key"));
        let value = parse_f64(text.trim())
            .filter(|v| v.is_finite() && (spec.min..=spec.max).contains(v))
            .ok_or_else(|| OutOfRange {
                key: spec.key,
                min: spec.min,
                max: spec.max,
                got: text.chars().take(24).collect(),
            })?;
        match key {
            "pos_entry" => self.entry = Entry::Price(value),
            "pos_from" => self.entry = Entry::FromNow(value),
            "pos_lev" => self.leverage = value,
            _ => self.size_usd = value,
        }
        Ok(())
    }

    /// `&pos=long&pos_from=-2&pos_lev=25`: the side, then what differs
    /// from the default.
    pub fn query_suffix(&self) -> String {
        let default = UserPosition::default();
        let mut out = format!("&pos={}", side_key(self.side));
        match self.entry {
            Entry::Price(price) => out.push_str(&format!("&pos_entry={}", plain(price))),
            Entry::FromNow(pct) if pct != 0.0 => out.push_str(&format!("&pos_from={}", plain(pct))),
            Entry::FromNow(_) => {}
        }
        if self.leverage != default.leverage {
            out.push_str(&format!("&pos_lev={}", plain(self.leverage)));
        }
        if self.size_usd != default.size_usd {
            out.push_str(&format!("&pos_size={}", plain(self.size_usd)));
        }
        out
    }

    /// What happened to it in `run` (simulated with `params`).
    pub fn verdict(&self, run: &Run) -> Verdict {
        let liquidation = self.liquidation_price(&run.params);
        let mut closest_mark = ASSETS[BTC].price;
        let mut margin_add = 0.0;
        for step in &run.steps {
            let mark = step.assets[BTC].mark;
            // The engine's trigger, margin spiral included (its add-on is
            // the one set at the end of the minute before).
            let reached = match self.side {
                Side::Long => liquidation >= mark * (1.0 - margin_add),
                Side::Short => liquidation <= mark * (1.0 + margin_add),
            };
            if reached {
                return Verdict::Liquidated {
                    minute: step.minute + 1,
                    mark,
                };
            }
            closest_mark = match self.side {
                Side::Long => closest_mark.min(mark),
                Side::Short => closest_mark.max(mark),
            };
            margin_add = step.margin_add_pct / 100.0;
        }
        Verdict::Survives {
            closest_mark,
            distance_pct: (closest_mark / liquidation - 1.0).abs() * 100.0,
        }
    }

    /// Its verdict in every preset, in the presets' order.
    pub fn verdict_in_presets(&self) -> Vec<(&'static str, Verdict)> {
        PRESETS
            .iter()
            .map(|p| (p.name, self.verdict(&simulate(&(p.params)()))))
            .collect()
    }
}

/// A typed number a position key refused: not a number, or out of its range.
#[derive(Clone, Debug, PartialEq)]
pub struct OutOfRange {
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
    /// The text as typed, cut to 24 characters.
    pub got: String,
}

impl OutOfRange {
    /// "pos_lev must be a number from 1 to 125, got '500'", in `lang`.
    pub fn text_in(&self, lang: Lang) -> String {
        number_refused(
            lang,
            self.key,
            &plain(self.min),
            &plain(self.max),
            &self.got,
        )
    }
}

/// "`name` must be a number from `min` to `max`, got '`got`'", in `lang`:
/// the sentence every typed number that is refused gets.
pub fn number_refused(lang: Lang, name: &str, min: &str, max: &str, got: &str) -> String {
    let range = lang.fill(Key::RangeNumber, &[("min", min), ("max", max)]);
    lang.fill(
        Key::NoticeValue,
        &[("key", name), ("allowed", &range), ("got", got)],
    )
}

/// Everything the page and `cascade-lab position` tell about a position.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PositionReport {
    pub side: &'static str,
    pub entry_price: f64,
    pub leverage: f64,
    pub size_usd: f64,
    /// The maintenance rate used, as a fraction (`liq-price --mm` takes percent).
    pub maintenance_rate: f64,
    pub liquidation_price: f64,
    /// In the run of the scenario given.
    pub verdict: Verdict,
    pub sentence: String,
    /// In each preset as shipped.
    pub presets: Vec<PresetVerdict>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PresetVerdict {
    pub preset: &'static str,
    pub verdict: Verdict,
    pub sentence: String,
}

impl PositionReport {
    /// The position judged by `run` and by every preset.
    pub fn of(position: &UserPosition, run: &Run) -> Self {
        let verdict = position.verdict(run);
        PositionReport {
            side: side_key(position.side),
            entry_price: position.entry_price(),
            leverage: position.leverage,
            size_usd: position.size_usd,
            maintenance_rate: position.maintenance_rate(&run.params),
            liquidation_price: position.liquidation_price(&run.params),
            verdict,
            sentence: verdict.sentence(position.side),
            presets: position
                .verdict_in_presets()
                .into_iter()
                .map(|(preset, verdict)| PresetVerdict {
                    preset,
                    verdict,
                    sentence: verdict.sentence(position.side),
                })
                .collect(),
        }
    }

    /// "A 10x long of $10,000 from $95,000 liquidates at $85,843 (maintenance 0.40%)."
    pub fn headline(&self) -> String {
        self.headline_in(Lang::En)
    }

    /// The headline in `lang`.
    pub fn headline_in(&self, lang: Lang) -> String {
        let side = match side_from_key(self.side) {
            Some(Side::Short) => PanelKey::PositionShortWord,
            _ => PanelKey::PositionLongWord,
        };
        lang.fill(
            PanelKey::PositionHeadline,
            &[
                ("lev", &format!("{}x", lang.typed(self.leverage))),
                ("side", lang.t(side)),
                ("size", &lang.price(self.size_usd)),
                ("entry", &lang.price(self.entry_price)),
                ("liquidation", &lang.price(self.liquidation_price)),
                ("mm", &lang.percent(self.maintenance_rate * 100.0, 2)),
            ],
        )
    }
}

/// What a run did to a position.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Verdict {
    /// Liquidated in `minute` (from 1) with BTC's mark at `mark`.
    Liquidated { minute: u32, mark: f64 },
    /// Never liquidated; the mark came closest at `closest_mark` (lowest for
    /// a long, highest for a short), `distance_pct` short of the liquidation price.
    Survives {
        closest_mark: f64,
        distance_pct: f64,
    },
}

impl Verdict {
    /// "liquidated in minute 9 at $87,400" or "survives: the lowest mark
    /// stayed 2.1% above its liquidation price".
    pub fn sentence(&self, side: Side) -> String {
        self.sentence_in(Lang::En, side)
    }

    /// The sentence in `lang`.
    pub fn sentence_in(&self, lang: Lang, side: Side) -> String {
        match *self {
            Verdict::Liquidated { minute, mark } => lang.fill(
                PanelKey::VerdictLiquidated,
                &[
                    ("minute", &minute.to_string()),
                    ("price", &lang.price(mark)),
                ],
            ),
            Verdict::Survives { distance_pct, .. } => {
                let key = match side {
                    Side::Long => PanelKey::VerdictSurvivesLong,
                    Side::Short => PanelKey::VerdictSurvivesShort,
                };
                lang.fill(key, &[("distance", &lang.percent(distance_pct, 1))])
            }
        }
    }
}

/// The side's name in a link.
pub fn side_key(side: Side) -> &'static str {
    match side {
        Side::Long => "long",
        Side::Short => "short",
    }
}

/// A link's side, if it is one.
pub fn side_from_key(key: &str) -> Option<Side> {
    match key.trim() {
        "long" => Some(Side::Long),
        "short" => Some(Side::Short),
        _ => None,
    }
}

/// 10000 rather than 1e4, -2.5 rather than -2.50.
fn plain(value: f64) -> String {
    format!("{value}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::preset;

    fn position(side: Side, from_pct: f64, leverage: f64) -> UserPosition {
        UserPosition {
            side,
            entry: Entry::FromNow(from_pct),
            leverage,
            size_usd: 10_000.0,
        }
    }

    #[test]
    fn its_liquidation_price_is_the_engines_formula_with_the_size_tier() {
        let mut p = position(Side::Long, 0.0, 10.0);
        let params = Params::default();
        // $10,000 is in the 0.4% tier: 95,000 x 0.9 / 0.996.
        assert!((p.liquidation_price(&params) - 95_000.0 * 0.9 / 0.996).abs() < 1e-6);
        p.size_usd = 1_000_000.0; // 0.65% tier
        assert!((p.liquidation_price(&params) - 95_000.0 * 0.9 / 0.9935).abs() < 1e-6);
        let doubled = Params {
            maintenance_multiplier: 2.0,
            ..Params::default()
        };
        assert!((p.maintenance_rate(&doubled) - 0.013).abs() < 1e-12);
        p.entry = Entry::Price(100.0);
        p.side = Side::Short;
        assert!((p.liquidation_price(&params) - 100.0 * 1.1 / 1.0065).abs() < 1e-9);
    }

    #[test]
    fn a_high_leverage_long_is_liquidated_the_first_minute_the_mark_reaches_it() {
        let run = simulate(&Params::default()); // BTC falls 11.2%
        let p = position(Side::Long, 0.0, 50.0);
        let liq = p.liquidation_price(&run.params);
        let Verdict::Liquidated { minute, mark } = p.verdict(&run) else {
            panic!("a 50x long should not survive an 11% fall");
        };
        let index = minute as usize - 1;
        assert_eq!(mark, run.steps[index].assets[BTC].mark);
        // The margin spiral may take it a little above its price, never more than its cap.
        let cap = crate::cascade::SPIRAL_CAP;
        assert!(
            mark <= liq / (1.0 - cap),
            "liquidated at {mark} with the price at {liq}"
        );
        assert!(run.steps[..index].iter().all(|s| s.assets[BTC].mark > liq));
    }

    #[test]
    fn a_low_leverage_long_survives_and_reports_the_lowest_mark() {
        let run = simulate(&Params::default());
        let p = position(Side::Long, 0.0, 2.0);
        let Verdict::Survives {
            closest_mark,
            distance_pct,
        } = p.verdict(&run)
        else {
            panic!("a 2x long cannot be liquidated by an 11% fall");
        };
        let lowest = run
            .steps
            .iter()
            .map(|s| s.assets[BTC].mark)
            .fold(f64::INFINITY, f64::min);
        assert_eq!(closest_mark, lowest);
        let liq = p.liquidation_price(&run.params);
        assert!((distance_pct - (lowest / liq - 1.0) * 100.0).abs() < 1e-9);
        assert!(p
            .verdict(&run)
            .sentence(Side::Long)
            .starts_with("survives: the lowest mark stayed"));
        assert!(p
            .verdict(&run)
            .sentence_in(Lang::Zh, Side::Long)
            .starts_with("扛住了：最低标记价格仍比强平价高"));
    }

    #[test]
    fn a_short_in_a_crash_survives_and_more_leverage_never_survives_longer() {
        let run = simulate(&Params::default());
        assert!(matches!(
            position(Side::Short, 0.0, 20.0).verdict(&run),
            Verdict::Survives { .. }
        ));
        let minute = |lev: f64| match position(Side::Long, 0.0, lev).verdict(&run) {
            Verdict::Liquidated { minute, .. } => minute,
            Verdict::Survives { .. } => u32::MAX,
        };
        let minutes: Vec<u32> = [3.0, 5.0, 8.0, 12.0, 20.0, 40.0, 100.0]
            .map(minute)
            .to_vec();
        assert!(minutes.windows(2).all(|w| w[0] >= w[1]), "{minutes:?}");
    }

    #[test]
    fn entry_from_now_is_relative_to_btcs_price_before_the_shock() {
        assert_eq!(position(Side::Long, -10.0, 5.0).entry_price(), 85_500.0);
        assert_eq!(
            position(Side::Long, 0.0, 5.0).entry_price(),
            ASSETS[BTC].price
        );
    }

    #[test]
    fn bad_values_name_the_key_and_its_range_and_change_nothing() {
        let mut p = UserPosition::default();
        let err = p.set("pos_lev", "500").unwrap_err();
        assert_eq!(
            err.text_in(Lang::En),
            "pos_lev must be a number from 1 to 125, got '500'"
        );
        assert_eq!(
            err.text_in(Lang::Es),
            "pos_lev debe ser un número de 1 a 125; se recibió «500»"
        );
        assert!(p
            .set("pos_size", "lots")
            .unwrap_err()
            .text_in(Lang::En)
            .contains("from 10 to 100000000"));
        assert!(p.set("pos_from", "NaN").is_err());
        assert_eq!(p, UserPosition::default());
        p.set("pos_entry", "87400").unwrap();
        assert_eq!(p.entry, Entry::Price(87_400.0));
    }

    #[test]
    fn the_link_suffix_holds_what_differs() {
        let mut p = UserPosition::default();
        assert_eq!(p.query_suffix(), "&pos=long");
        p.side = Side::Short;
        p.set("pos_from", "-2.5").unwrap();
        p.set("pos_lev", "25").unwrap();
        assert_eq!(p.query_suffix(), "&pos=short&pos_from=-2.5&pos_lev=25");
    }

    #[test]
    fn every_preset_has_a_verdict_and_oct_2025_takes_out_a_25x_long() {
        let p = position(Side::Long, 0.0, 25.0);
        let verdicts = p.verdict_in_presets();
        assert_eq!(verdicts.len(), PRESETS.len());
        let oct = simulate(&(preset("oct-2025").unwrap().params)());
        let (_, in_oct) = verdicts.iter().find(|(n, _)| *n == "oct-2025").unwrap();
        assert_eq!(*in_oct, p.verdict(&oct));
        assert!(matches!(in_oct, Verdict::Liquidated { .. }));
    }
}
