//! Runs in words: the one sentence the page reads out after each run and
//! the command-line tool prints first.

use super::cascade::Run;
use super::market::BTC;
use super::presets;

impl Run {
    /// "A 5% shock became an 11.2% fall: $17.42B liquidated from 1,682,457
    /// accounts over 17 rounds."
    pub fn headline(&self) -> String {
        let s = &self.summary;
        let fall = format!("{:.1}", self.assets[BTC].max_drawdown_pct);
        format!(
            "A {}% shock became {} {}% fall{}: ${:.2}B liquidated from {} accounts over {} rounds.",
            s.shock_pct,
            article(&fall),
            fall,
            if s.runaway { " and ran away" } else { "" },
            s.total_liquidated_usd / 1e9,
            group_thousands(s.accounts_liquidated.round() as u64),
            s.rounds
        )
    }

    /// What the venues' backstops did, for the page's outcome, short enough
    /// for one line on a phone: how much auto-deleveraging closed once a
    /// backstop ran out (on Oct 10 2025 it was the on-chain venue's vault).
    pub fn backstop_sentence(&self) -> String {
        let adl = self.summary.adl_usd;
        if adl > 0.0 {
            format!("Auto-deleveraged: ${:.2}B (a backstop ran out).", adl / 1e9)
        } else {
            "Auto-deleveraged: none (the backstops held).".to_string()
        }
    }
}

/// What a historical preset does across seeds, from the committed table:
/// "Median over seeds 1-50 (10-90%): BTC -14.6% (12.5-17.4%), $20.49B
/// liquidated ($18.03-22.78B), 1,591,876 accounts (1,448,945-1,702,260),
/// $1.78B auto-deleveraged ($0.95-2.33B)." Figures the event did not
/// report are left out.
pub fn ensemble_caption(preset_name: &str) -> Option<String> {
    let reported = presets::preset(preset_name)?.reported?;
    let (first, last) = presets::SPREAD_SEEDS;
    let figure = |name: &str, show: &dyn Fn(f64) -> String| {
        presets::spread(preset_name, name)
            .map(|(low, median, high)| format!("{} ({}-{})", show(median), show(low), show(high)))
    };
    let percent = |x: f64| format!("{x:.1}%");
    let billions = |x: f64| format!("${:.2}B", x / 1e9);
    let count = |x: f64| group_thousands(x.round() as u64);
    let mut parts = vec![format!("BTC -{}", figure("btc_drawdown_pct", &percent)?)];
    if reported.eth_drawdown_pct.is_some() {
        parts.push(format!("ETH -{}", figure("eth_drawdown_pct", &percent)?));
    }
    parts.push(format!(
        "{} liquidated",
        figure("total_liquidated_usd", &billions)?
    ));
    if reported.short_liquidated_usd.is_some() {
        parts.push(format!(
            "{} of shorts",
            figure("short_liquidated_usd", &billions)?
        ));
    }
    if reported.accounts.is_some() {
        parts.push(format!(
            "{} accounts",
            figure("accounts_liquidated", &count)?
        ));
    }
    if reported.adl_usd.is_some() {
        parts.push(format!(
            "{} auto-deleveraged",
            figure("adl_usd", &billions)?
        ));
    }
    Some(format!(
        "Median over seeds {first}-{last} (10-90%): {}.",
        parts.join(", ")
    ))
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
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
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
    fn the_backstop_sentence_gives_the_adl_volume_when_there_was_any() {
        let oct = simulate(&(crate::engine::presets::preset("oct-2025")
            .unwrap()
            .params)());
        let adl = format!("${:.2}B", oct.summary.adl_usd / 1e9);
        assert!(oct.summary.adl_usd > 0.0);
        assert!(
            oct.backstop_sentence().contains(&adl),
            "{}",
            oct.backstop_sentence()
        );
        let calm = simulate(&(crate::engine::presets::preset("calm").unwrap().params)());
        assert_eq!(
            calm.backstop_sentence(),
            "Auto-deleveraged: none (the backstops held)."
        );
    }

    #[test]
    fn historical_captions_give_the_median_and_range_over_seeds() {
        let oct = ensemble_caption("oct-2025").unwrap();
        let (low, median, high) = presets::spread("oct-2025", "btc_drawdown_pct").unwrap();
        assert!(low < median && median < high);
        assert!(
            oct.starts_with("Median over seeds 1-50 (10-90%): BTC -")
                && oct.contains(&format!("{median:.1}% ({low:.1}%-{high:.1}%)"))
                && oct.contains("auto-deleveraged")
                && oct.contains("ETH -"),
            "{oct}"
        );
        let jan = ensemble_caption("jan-2026").unwrap();
        assert!(!jan.contains("accounts") && !jan.contains("ETH"), "{jan}");
        assert_eq!(ensemble_caption("calm"), None);
    }
}
