//! The command-line tool as a script would use it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::{Command, Output};

fn cascade_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cascade-lab")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn run_json_reports_the_rounds_and_the_summary() {
    let out = cascade_lab(&["run", "--json", "--set", "shock=8", "--set", "lev=15"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let summary = &run["summary"];
    assert_eq!(summary["shock_pct"], 8.0);
    let rounds = run["rounds"].as_array().unwrap();
    assert_eq!(rounds.len() as u64, summary["rounds"].as_u64().unwrap() + 1);
    let last = rounds.last().unwrap();
    assert_eq!(last["cumulative_liquidated_usd"], summary["total_liquidated_usd"]);
    assert!(summary["final_fall_pct"].as_f64().unwrap() > 8.0);
}

#[test]
fn link_and_run_agree_on_the_same_scenario() {
    let link = stdout(&cascade_lab(&["link", "--set", "shock=12.5", "--set", "liq=0.5"]));
    assert_eq!(link.trim(), "v=1&shock=12.5&liq=0.5");
    let from_link = stdout(&cascade_lab(&["digest", "--link", &format!("https://example.org/?{}", link.trim())]));
    let from_sets = stdout(&cascade_lab(&["digest", "--set", "shock=12.5", "--set", "liq=0.5"]));
    assert_eq!(from_link, from_sets);
}

#[test]
fn csv_has_a_header_and_one_line_per_round() {
    let out = stdout(&cascade_lab(&["run", "--csv"]));
    let mut lines = out.lines();
    assert!(lines.next().unwrap().starts_with("round,price,fall_pct"));
    let rows: Vec<_> = lines.collect();
    assert!(rows.len() >= 3);
    assert!(rows[0].starts_with("0,"));
}

#[test]
fn liq_price_matches_the_isolated_margin_formula() {
    let out = stdout(&cascade_lab(&["liq-price", "--entry", "100", "--lev", "10", "--mm", "1.25", "--side", "long"]));
    let price: f64 = out.trim().parse().unwrap();
    assert!((price - 91.139).abs() < 1e-3, "{price}");
}

#[test]
fn bad_input_names_the_problem_and_exits_with_2() {
    let cases: [(&[&str], &str); 5] = [
        (&["run", "--set", "shock=80"], "shock must be a number from 0 to 50, got 80"),
        (&["run", "--link", "v=1&lev=abc"], "lev must be a number from 1 to 100"),
        (&["run", "--json", "--csv"], "cannot be combined"),
        (&["explode"], "unknown command 'explode'"),
        (&["liq-price", "--entry", "100", "--lev", "10", "--mm", "1", "--side", "up"], "--side must be long or short"),
    ];
    for (args, expected) in cases {
        let out = cascade_lab(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
}
