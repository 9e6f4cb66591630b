//! The historical presets land near what was reported: BTC's drawdown,
//! the total liquidated and (where reported) the accounts liquidated, each
//! within 25% (reported figures in `engine::presets`, from the seeds).
#![cfg(not(target_arch = "wasm32"))]

use cascade_lab::engine::market::BTC;
use cascade_lab::engine::presets::PRESETS;
use cascade_lab::engine::simulate;

const TOLERANCE: f64 = 0.25;

#[test]
fn historical_presets_land_within_a_quarter_of_the_reported_figures() {
    let mut checked = 0;
    let mut report = Vec::new();
    for preset in PRESETS {
        let Some(reported) = preset.reported else {
            continue;
        };
        let run = simulate(&(preset.params)());
        let mut figures = vec![
            (
                "BTC drawdown %",
                reported.btc_drawdown_pct,
                run.assets[BTC].max_drawdown_pct,
            ),
            (
                "liquidated USD",
                reported.total_liquidated_usd,
                run.summary.total_liquidated_usd,
            ),
        ];
        if let Some(accounts) = reported.accounts {
            figures.push(("accounts", accounts, run.summary.accounts_liquidated));
        }
        for (what, want, got) in figures {
            let off = got / want - 1.0;
            report.push(format!(
                "{} {what}: reported {want:.4e}, simulated {got:.4e} ({:+.1}%)",
                preset.name,
                off * 100.0
            ));
            assert!(off.abs() <= TOLERANCE, "{}", report.join("\n"));
        }
        checked += 1;
    }
    assert_eq!(
        checked, 3,
        "oct-2025, jan-2026 and feb-2026 carry reported figures"
    );
    println!("{}", report.join("\n"));
}

#[test]
fn alts_fall_more_than_btc_in_every_historical_preset() {
    for preset in PRESETS.iter().filter(|p| p.reported.is_some()) {
        let run = simulate(&(preset.params)());
        let btc = run.assets[BTC].max_drawdown_pct;
        let alts = run
            .assets
            .iter()
            .find(|a| a.name == "ALTS")
            .unwrap()
            .max_drawdown_pct;
        assert!(alts > btc, "{}: ALTS {alts} vs BTC {btc}", preset.name);
    }
}
