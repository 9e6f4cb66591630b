//! Runs in words: the one sentence the page reads out after each run and
//! the command-line tool prints first.

use super::cascade::Run;
use super::i18n::{Key, Lang, PanelKey};
use super::market::BTC;
use super::presets;

impl Run {
    /// "A 5% shock became an 11.2% fall: $17.42B liquidated from 1,682,457
    /// accounts over 17 rounds."
    pub fn headline(&self) -> String {
        self.headline_in(Lang::En)
    }

    /// The headline in `lang`, its numbers and money as that language
    /// writes them.
    pub fn headline_in(&self, lang: Lang) -> String {
        let s = &self.summary;
        let fall = format!("{:.1}", self.assets[BTC].max_drawdown_pct);
        let shock = shock_text(lang, s.shock_pct);
        let runaway = if s.runaway {
            lang.t(Key::HeadlineRunaway)
        } else {
            ""
        };
        lang.fill(
            Key::Headline,
            &[
                ("shock", &shock),
                ("article", article(&fall)),
                ("fall", &lang.percent(self.assets[BTC].max_drawdown_pct, 1)),
                ("runaway", runaway),
                ("money", &lang.money(s.total_liquidated_usd)),
                ("accounts", &lang.count(s.accounts_liquidated)),
                ("rounds", &lang.decimal(s.rounds as f64, 0)),
            ],
        )
    }

    /// What the venues' backstops did, for the page's outcome, short enough
    /// for one line on a phone: how much auto-deleveraging closed once a
    /// backstop ran out (on Oct 10 2025 it was the on-chain venue's vault).
    pub fn backstop_sentence(&self) -> String {
        self.backstop_sentence_in(Lang::En)
    }

    /// The backstop sentence in `lang`.
    pub fn backstop_sentence_in(&self, lang: Lang) -> String {
        let adl = self.summary.adl_usd;
        if adl > 0.0 {
            lang.fill(Key::BackstopAdl, &[("money", &lang.money(adl))])
        } else {
            lang.t(Key::BackstopNone).to_string()
        }
    }
}

/// What a historical preset does across seeds, from the committed table:
/// "Median over seeds 1-50 (10-90%): BTC -14.6% (12.5%-17.4%), $20.49B
/// ($18.03B-$22.78B) liquidated, 1,591,876 (1,448,945-1,702,260)
/// accounts, $1.78B ($0.95B-$2.33B) auto-deleveraged." Figures the event
/// did not report are left out.
pub fn ensemble_caption(lang: Lang, preset_name: &str) -> Option<String> {
    let reported = presets::preset(preset_name)?.reported?;
    let (first, last) = presets::SPREAD_SEEDS;
    let figure = |key: PanelKey, name: &str, show: &dyn Fn(f64) -> String| {
        let (low, median, high) = presets::spread(preset_name, name)?;
        let range = [
            ("median", show(median)),
            ("low", show(low)),
            ("high", show(high)),
        ];
        let range: Vec<(&str, &str)> = range.iter().map(|(k, v)| (*k, v.as_str())).collect();
        Some(lang.fill(
            key,
            &[("figure", &lang.fill(PanelKey::SpreadRange, &range))],
        ))
    };
    let percent = |x: f64| lang.percent(x, 1);
    let money = |x: f64| lang.money(x);
    let count = |x: f64| lang.count(x);
    let mut parts = vec![figure(PanelKey::SpreadBtc, "btc_drawdown_pct", &percent)?];
    if reported.eth_drawdown_pct.is_some() {
        parts.push(figure(PanelKey::SpreadEth, "eth_drawdown_pct", &percent)?);
    }
    parts.push(figure(
        PanelKey::SpreadLiquidated,
        "total_liquidated_usd",
        &money,
    )?);
    if reported.short_liquidated_usd.is_some() {
        parts.push(figure(
            PanelKey::SpreadShorts,
            "short_liquidated_usd",
            &money,
        )?);
    }
    if reported.accounts.is_some() {
        parts.push(figure(
            PanelKey::SpreadAccounts,
            "accounts_liquidated",
            &count,
        )?);
    }
    if reported.adl_usd.is_some() {
        parts.push(figure(PanelKey::SpreadAdl, "adl_usd", &money)?);
    }
    Some(lang.fill(
        PanelKey::SpreadIntro,
        &[
            ("first", &first.to_string()),
            ("last", &last.to_string()),
            ("parts", &parts.join(lang.t(PanelKey::ListSeparator))),
        ],
    ))
}

/// A slider's percentage as typed (5, 12.5) in the language's notation.
pub fn shock_text(lang: Lang, pct: f64) -> String {
    let decimals = if pct.fract() == 0.0 {
        0
    } else {
        format!("{pct}").split('.').nth(1).map_or(0, str::len)
    };
    lang.percent(pct, decimals)
}

/// "an" before numbers read with a leading vowel sound (8, 11, 18, 80...).
fn article(number: &str) -> &'static str {
    let integer = number.split('.').next().unwrap_or("");
    // Eight..., eleven, eighteen (and eleven/eighteen thousand).
    let vowel = integer.starts_with('8')
        || (integer.len() % 3 == 2 && (integer.starts_with("11") || integer.starts_with("18")));
    if vowel {
        "an"
    } else {
        "a"
    }
}

/// 1238375 -> "1,238,375".
pub fn group_thousands(n: u64) -> String {
    Lang::En.decimal(n as f64, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{simulate, Params};

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1_238_375), "1,238,375");
    }

    #[test]
    fn articles_follow_the_spoken_number() {
        for (n, a) in [
            ("8.0", "an"),
            ("11.2", "an"),
            ("18.5", "an"),
            ("80.1", "an"),
            ("1.5", "a"),
            ("10.0", "a"),
            ("13.4", "a"),
            ("5.0", "a"),
        ] {
            assert_eq!(article(n), a, "{n}");
        }
    }

    #[test]
    fn the_headline_states_shock_fall_total_accounts_and_rounds() {
        let run = simulate(&Params::default());
        let h = run.headline();
        assert!(h.starts_with("A 5% shock became "), "{h}");
        assert!(
            h.contains(&format!("{:.1}% fall", run.assets[BTC].max_drawdown_pct)),
            "{h}"
        );
        assert!(
            h.contains(&format!("over {} rounds.", run.summary.rounds)),
            "{h}"
        );
    }

    #[test]
    fn the_headline_reads_in_chinese_and_spanish_with_their_numbers() {
        let run = simulate(&Params::default());
        let s = &run.summary;
        let zh = run.headline_in(Lang::Zh);
        assert!(
            zh.contains(&format!("{}个账户", Lang::Zh.count(s.accounts_liquidated))),
            "{zh}"
        );
        assert!(
            zh.contains(&Lang::Zh.money(s.total_liquidated_usd)) && zh.contains("亿美元"),
            "{zh}"
        );
        let es = run.headline_in(Lang::Es);
        assert!(
            es.starts_with("Un golpe del 5\u{a0}% acabó en una caída del "),
            "{es}"
        );
        assert!(
            es.contains(&format!(
                "de {} cuentas",
                Lang::Es.count(s.accounts_liquidated)
            )),
            "{es}"
        );
        assert!(es.contains("millones de dólares liquidados"), "{es}");
    }

    #[test]
    fn the_backstop_sentence_gives_the_adl_volume_when_there_was_any() {
        let oct = simulate(&(crate::presets::preset("oct-2025").unwrap().params)());
        let adl = Lang::En.money(oct.summary.adl_usd);
        assert!(oct.summary.adl_usd > 0.0);
        assert!(
            oct.backstop_sentence().contains(&adl),
            "{}",
            oct.backstop_sentence()
        );
        let calm = simulate(&(crate::presets::preset("calm").unwrap().params)());
        assert_eq!(
            calm.backstop_sentence(),
            "Auto-deleveraged: none (the backstops held)."
        );
    }

    #[test]
    fn historical_captions_give_the_median_and_range_over_seeds() {
        let oct = ensemble_caption(Lang::En, "oct-2025").unwrap();
        let (low, median, high) = presets::spread("oct-2025", "btc_drawdown_pct").unwrap();
        assert!(low < median && median < high);
        assert!(
            oct.starts_with("Median over seeds 1-50 (10-90%): BTC -")
                && oct.contains(&format!("{median:.1}% ({low:.1}%-{high:.1}%)"))
                && oct.contains("auto-deleveraged")
                && oct.contains("ETH -"),
            "{oct}"
        );
        let jan = ensemble_caption(Lang::En, "jan-2026").unwrap();
        assert!(!jan.contains("accounts") && !jan.contains("ETH"), "{jan}");
        assert_eq!(ensemble_caption(Lang::En, "calm"), None);
    }
}
