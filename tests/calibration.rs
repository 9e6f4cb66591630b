//! The historical presets land near what was reported, judged on an
//! ensemble: the median over seeds 1-50 of each reported figure (BTC's
//! fall, ETH's fall on Oct 10, the total, the long/short split and the
//! accounts where reported) within 10% of it, and Oct 10's auto-deleveraging
//! within a factor of two. The same ensembles must equal the committed table
//! the captions read (`src/engine/preset_spreads.txt`); after a deliberate
//! model change rewrite it with
//!
//! ```sh
//! UPDATE_CALIBRATION=1 cargo test --test calibration
//! ```
#![cfg(not(target_arch = "wasm32"))]

use cascade_lab::engine::ensemble::{run_ensemble, Ensemble, SeedRange};
use cascade_lab::engine::market::BTC;
use cascade_lab::engine::presets::{Preset, PRESETS, SPREADS_TABLE, SPREAD_FIGURES, SPREAD_SEEDS};
use cascade_lab::engine::simulate;

const TOLERANCE: f64 = 0.10;
const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/engine/preset_spreads.txt");

fn historical() -> impl Iterator<Item = &'static Preset> {
    PRESETS.iter().filter(|p| p.reported.is_some())
}

fn ensemble(preset: &Preset) -> Ensemble {
    let (first, last) = SPREAD_SEEDS;
    run_ensemble(&(preset.params)(), SeedRange { first, last }, &|_| {})
}

fn median(ensemble: &Ensemble, figure: &str) -> f64 {
    let spread = ensemble.spreads.iter().find(|s| s.figure == figure);
    spread
        .unwrap_or_else(|| panic!("no figure {figure}"))
        .median
}

/// How far a median may be from the reported figure.
#[derive(Clone, Copy)]
enum Allowed {
    /// Within this fraction either way.
    Within(f64),
    /// Within this factor either way.
    Factor(f64),
}

impl Allowed {
    fn holds(self, reported: f64, median: f64) -> bool {
        match self {
            Allowed::Within(fraction) => (median / reported - 1.0).abs() <= fraction,
            Allowed::Factor(f) => median <= reported * f && median >= reported / f,
        }
    }
}

const CLOSE: Allowed = Allowed::Within(TOLERANCE);

/// (what, reported, median, allowed) for each figure reported.
fn comparisons(preset: &Preset, e: &Ensemble) -> Vec<(&'static str, f64, f64, Allowed)> {
    let r = preset.reported.unwrap();
    let mut out = vec![
        (
            "BTC drawdown %",
            r.btc_drawdown_pct,
            median(e, "btc_drawdown_pct"),
            CLOSE,
        ),
        (
            "liquidated USD",
            r.total_liquidated_usd,
            median(e, "total_liquidated_usd"),
            CLOSE,
        ),
    ];
    if let Some(eth) = r.eth_drawdown_pct {
        out.push(("ETH drawdown %", eth, median(e, "eth_drawdown_pct"), CLOSE));
    }
    if let Some(accounts) = r.accounts {
        out.push((
            "accounts",
            accounts,
            median(e, "accounts_liquidated"),
            CLOSE,
        ));
    }
    if let Some(shorts) = r.short_liquidated_usd {
        let longs = r.total_liquidated_usd - shorts;
        out.push((
            "shorts USD",
            shorts,
            median(e, "short_liquidated_usd"),
            CLOSE,
        ));
        out.push(("longs USD", longs, median(e, "long_liquidated_usd"), CLOSE));
    }
    if let Some(adl) = r.adl_usd {
        out.push(("ADL USD", adl, median(e, "adl_usd"), Allowed::Factor(2.0)));
    }
    out
}

/// The table's text for these ensembles, one line per preset and figure.
fn table(ensembles: &[(&Preset, Ensemble)]) -> String {
    let mut text = String::new();
    for (preset, e) in ensembles {
        for figure in SPREAD_FIGURES {
            let s = e.spreads.iter().find(|s| s.figure == figure).unwrap();
            text.push_str(&format!(
                "{} {figure} {} {} {}\n",
                preset.name, s.p10, s.median, s.p90
            ));
        }
    }
    text
}

#[test]
fn historical_presets_land_on_the_reported_figures_in_the_median_over_seeds() {
    let ensembles: Vec<(&Preset, Ensemble)> = historical().map(|p| (p, ensemble(p))).collect();
    assert_eq!(
        ensembles.len(),
        3,
        "oct-2025, jan-2026 and feb-2026 carry reported figures"
    );
    let mut report = Vec::new();
    let mut failed = false;
    for (preset, e) in &ensembles {
        for (what, want, got, allowed) in comparisons(preset, e) {
            let ok = allowed.holds(want, got);
            failed |= !ok;
            report.push(format!(
                "{} {what}: reported {want:.4e}, median {got:.4e} ({:+.1}%){}",
                preset.name,
                (got / want - 1.0) * 100.0,
                if ok { "" } else { "  <- outside" }
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(!failed, "{}", report.join("\n"));

    let current = table(&ensembles);
    if std::env::var_os("UPDATE_CALIBRATION").is_some() {
        std::fs::write(TABLE, &current).expect("table written");
    } else {
        assert_eq!(
            SPREADS_TABLE, current,
            "the committed ensemble table is stale: UPDATE_CALIBRATION=1 cargo test --test calibration"
        );
    }
}

#[test]
fn alts_fall_more_than_btc_in_every_historical_preset() {
    for preset in historical() {
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
