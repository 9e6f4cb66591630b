//! Runs as files people take away: the per-step series as CSV, written
//! here once so the command-line tool (`run --csv`) and the page's
//! "Download CSV" button give the same columns.

use super::cascade::{AssetStep, Step};
use super::market::ASSETS;
use super::Run;

/// The per-step series: a header, then one row per minute, per-asset
/// columns grouped (`btc_price`, `btc_return_pct`, ...), then the
/// market-wide and loop columns.
pub fn steps_csv(run: &Run) -> String {
    let mut header = vec!["minute".to_string()];
    for a in &ASSETS {
        header.extend(
            AssetStep::COLUMNS
                .iter()
                .map(|column| format!("{}_{column}", a.name.to_ascii_lowercase())),
        );
    }
    header.extend(Step::COLUMNS.iter().map(|c| c.to_string()));
    let mut text = header.join(",");
    for s in &run.steps {
        let mut row = vec![s.minute.to_string()];
        row.extend(
            s.assets
                .iter()
                .flat_map(AssetStep::values)
                .map(|x| x.to_string()),
        );
        row.extend(s.values().iter().map(|x| x.to_string()));
        text.push('\n');
        text.push_str(&row.join(","));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{simulate, Params};

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
