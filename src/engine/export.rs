//! Runs as files people take away: the per-step series as CSV, written
//! here once so the command-line tool (`run --csv`) and the page's
//! "Download CSV" button give the same columns.

use super::market::ASSETS;
use super::Run;

/// The per-step series: a header, then one row per minute, per-asset
/// columns grouped (`btc_price`, `btc_return_pct`, ...), then the
/// market-wide and loop columns.
pub fn steps_csv(run: &Run) -> String {
    let mut header = vec!["minute".to_string()];
    for a in &ASSETS {
        for column in [
            "price",
            "return_pct",
            "long_liquidated_usd",
            "short_liquidated_usd",
            "accounts_liquidated",
            "large_liquidations",
            "depth_usd_per_pct",
            "correlation_with_btc",
        ] {
            header.push(format!("{}_{column}", a.name.to_lowercase()));
        }
    }
    header.extend(
        [
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
        ]
        .map(String::from),
    );
    let mut text = header.join(",");
    for s in &run.steps {
        let mut row = vec![s.minute.to_string()];
        for a in &s.assets {
            for x in [
                a.price,
                a.return_pct,
                a.long_liquidated_usd,
                a.short_liquidated_usd,
                a.accounts_liquidated,
                a.large_liquidations,
                a.depth_usd_per_pct,
                a.correlation_with_btc,
            ] {
                row.push(x.to_string());
            }
        }
        let l = &s.spiral;
        for x in [
            s.insurance_fund_usd,
            s.adl_usd,
            s.funding_rate_pct_per_hour,
            s.stress,
            s.margin_add_pct,
            l.price_fall_pct,
            l.losses_usd,
            l.margin_shortfall_usd,
            l.forced_sales_usd,
            l.impact_pct,
        ] {
            row.push(x.to_string());
        }
        text.push('\n');
        text.push_str(&row.join(","));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{simulate, Params};

    #[test]
    fn one_header_and_one_row_per_step_all_of_the_same_width() {
        let run = simulate(&Params {
            positions: 2_000,
            ..Params::default()
        });
        let text = steps_csv(&run);
        let lines: Vec<_> = text.lines().collect();
        assert_eq!(lines.len(), run.steps.len() + 1);
        assert!(
            lines[0].starts_with("minute,btc_price,btc_return_pct,"),
            "{}",
            lines[0]
        );
        let width = lines[0].split(',').count();
        assert!(lines.iter().all(|l| l.split(',').count() == width));
    }
}
