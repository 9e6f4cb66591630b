//! Runs in words: the one sentence the page reads out after each run and
//! the command-line tool prints first.

use super::cascade::Run;
use super::i18n::{Key, Lang};
use super::market::BTC;

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
    use crate::engine::{simulate, Params};

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
}
