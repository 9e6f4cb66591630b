#![cfg(not(target_arch = "wasm32"))]
//! The command-line tool as a script would use it: the binary itself, its
//! stdout, stderr and exit status.

use std::process::{Command, Output};

use cascade_lab::engine::params::FIELDS;
use cascade_lab::engine::sweep::Metric;
use serde_json::Value;

/// Small populations keep repeated runs fast; every run here is seeded.
const SMALL: &str = "n=2000";

fn cascade_lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cascade-lab"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Stdout of a command that must succeed.
fn ok(args: &[&str]) -> String {
    let out = cascade_lab(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(args: &[&str]) -> Value {
    let mut all = vec!["run", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&ok(&all)).unwrap()
}

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// Equal within `tolerance` relative (absolute near zero).
fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn run_json_summary_agrees_with_its_own_steps_and_assets() {
    let run = json(&["--set", SMALL, "--set", "shock=8", "--set", "lev=15"]);
    let summary = &run["summary"];
    assert_eq!(number(&summary["shock_pct"]), 8.0);
    for key in [
        "total_liquidated_usd",
        "accounts_liquidated",
        "amplification",
    ] {
        assert!(number(&summary[key]).is_finite(), "{key}");
    }
    assert!(summary["runaway"].is_boolean());
    let rounds = summary["rounds"].as_u64().unwrap();
    let steps = run["steps"].as_array().unwrap();
    assert_eq!(steps.len() as u64, summary["steps"].as_u64().unwrap());
    assert!(
        rounds >= 1 && rounds <= steps.len() as u64,
        "{rounds} rounds in {} steps",
        steps.len()
    );

    let mut liquidated = 0.0;
    let mut accounts = 0.0;
    for step in steps {
        for a in step["assets"].as_array().unwrap() {
            liquidated += number(&a["long_liquidated_usd"]) + number(&a["short_liquidated_usd"]);
            accounts += number(&a["accounts_liquidated"]);
        }
    }
    let total = number(&summary["total_liquidated_usd"]);
    assert!(total > 0.0);
    assert!(
        close(total, liquidated, 1e-6),
        "summary {total} vs steps {liquidated}"
    );
    assert!(close(
        number(&summary["accounts_liquidated"]),
        accounts,
        1e-6
    ));

    let assets = run["assets"].as_array().unwrap();
    let names: Vec<_> = assets.iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names[0], "BTC", "{names:?}");
    assert!(assets.iter().all(|a| number(&a["max_drawdown_pct"]) >= 0.0));
    let btc_drawdown = number(&assets[0]["max_drawdown_pct"]);
    assert!(close(
        number(&summary["amplification"]),
        btc_drawdown / number(&summary["btc_drawdown_without_spiral_pct"]),
        1e-9
    ));
    assert!(
        run["theory"].is_null(),
        "the market model has no closed form"
    );
}

#[test]
fn textbook_theory_is_reported_and_matches_the_simulated_fall() {
    let run = json(&["--link", "v=1&preset=textbook"]);
    let theory = &run["theory"];
    let (k, oi, band, depth) = (
        number(&theory["k"]),
        number(&theory["oi_usd"]),
        number(&theory["band_pct"]),
        number(&theory["depth_usd_per_pct"]),
    );
    assert!(close(k, oi / band / depth, 1e-9), "k = rho / D");
    let predicted = number(&theory["total_fall_pct"]);
    let simulated = number(&run["assets"][0]["max_drawdown_pct"]);
    assert!(
        (predicted - simulated).abs() <= 0.01 * predicted,
        "theory {predicted}% vs simulated {simulated}%"
    );
    assert!(
        predicted > number(&run["summary"]["shock_pct"]),
        "the spiral adds to the shock"
    );
}

#[test]
fn csv_has_a_header_and_one_row_per_step() {
    let steps = json(&["--set", SMALL])["steps"].as_array().unwrap().len();
    let out = ok(&["run", "--csv", "--set", SMALL]);
    let mut lines = out.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("minute,btc_price"), "{header}");
    let columns = header.split(',').count();
    let rows: Vec<_> = lines.collect();
    assert_eq!(rows.len(), steps);
    for (i, row) in rows.iter().enumerate() {
        assert_eq!(row.split(',').count(), columns, "row {i}");
        assert!(
            row.split(',').all(|x| x.parse::<f64>().is_ok()),
            "row {i}: {row}"
        );
    }
}

#[test]
fn plain_run_prints_a_readable_summary() {
    let out = ok(&["run", "--set", SMALL]);
    assert!(out.starts_with("A 5% shock became a"), "{out}");
    assert!(out.contains("max drawdown: BTC"), "{out}");
    assert!(out.contains("amplification"), "{out}");
}

#[test]
fn link_then_digest_round_trips() {
    let link = ok(&[
        "link",
        "--set",
        "shock=12.5",
        "--set",
        "liq=0.5",
        "--set",
        SMALL,
    ]);
    assert_eq!(link.trim(), "v=1&shock=12.5&liq=0.5&n=2000");
    let from_link = ok(&[
        "digest",
        "--link",
        &format!("https://example.org/cascade-lab/?{}", link.trim()),
    ]);
    let from_sets = ok(&[
        "digest",
        "--set",
        "shock=12.5",
        "--set",
        "liq=0.5",
        "--set",
        SMALL,
    ]);
    assert_eq!(from_link, from_sets);
    let digest = from_link.trim();
    assert!(
        digest.len() == 16 && digest.chars().all(|c| c.is_ascii_hexdigit()),
        "{digest}"
    );
    let other = ok(&[
        "digest", "--set", "shock=12", "--set", "liq=0.5", "--set", SMALL,
    ]);
    assert_ne!(other, from_link, "another scenario, another digest");
    let over_preset = ok(&["link", "--link", "v=1&preset=textbook", "--set", "shock=7"]);
    assert_eq!(over_preset.trim(), "v=1&preset=textbook&shock=7");
}

/// Parses a sweep's CSV into (x values, [(y value, cells)]), as text so the
/// values can be passed back to `--set` unchanged.
fn grid(csv: &str) -> (Vec<String>, Vec<(String, Vec<f64>)>) {
    let mut lines = csv.lines();
    let x = lines
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .map(String::from)
        .collect();
    let rows = lines
        .map(|line| {
            let mut cells = line.split(',');
            let y = cells.next().unwrap().to_string();
            (y, cells.map(|c| c.parse().unwrap()).collect())
        })
        .collect();
    (x, rows)
}

#[test]
fn sweep_cells_equal_single_runs_and_progress_goes_to_stderr() {
    let out = cascade_lab(&[
        "sweep",
        "--x",
        "shock=2:10:3",
        "--y",
        "lev=5:40:2",
        "--set",
        SMALL,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        csv.lines().count(),
        3,
        "header and one row per y value:\n{csv}"
    );
    assert!(csv.starts_with("lev\\shock,2,6,10\n"), "{csv}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("6/6 cells") && stderr.ends_with('\n'),
        "{stderr:?}"
    );
    assert!(
        stderr.lines().count() == 1,
        "one line redrawn with \\r: {stderr:?}"
    );

    let (xs, rows) = grid(&csv);
    assert_eq!(xs.len(), 3);
    assert_eq!(rows.len(), 2);
    for (y, cells) in &rows {
        assert_eq!(cells.len(), 3);
        for (x, cell) in xs.iter().zip(cells) {
            let single = json(&[
                "--set",
                SMALL,
                "--set",
                &format!("shock={x}"),
                "--set",
                &format!("lev={y}"),
            ]);
            let expected = number(&single["summary"]["amplification"]);
            assert!(
                close(*cell, expected, 1e-12),
                "shock={x} lev={y}: sweep {cell}, run {expected}"
            );
        }
    }
}

#[test]
fn sweep_takes_a_metric_and_a_base_link() {
    let base = "v=1&seed=7&n=2000";
    let csv = ok(&[
        "sweep",
        "--link",
        base,
        "--metric",
        "total_liquidated_usd",
        "--x",
        "liq=0.5:1:2",
        "--y",
        "shock=6:6:1",
    ]);
    assert!(csv.starts_with("shock\\liq,0.5,1\n6,"), "{csv}");
    let (xs, rows) = grid(&csv);
    for (x, cell) in xs.iter().zip(&rows[0].1) {
        let single = json(&[
            "--link",
            base,
            "--set",
            &format!("liq={x}"),
            "--set",
            "shock=6",
        ]);
        assert!(
            close(
                *cell,
                number(&single["summary"]["total_liquidated_usd"]),
                1e-12
            ),
            "liq={x}"
        );
    }
}

#[test]
fn liq_price_matches_the_isolated_margin_formula() {
    for (side, expected) in [("long", 91.139), ("short", 108.642)] {
        let out = ok(&[
            "liq-price",
            "--entry",
            "100",
            "--lev",
            "10",
            "--mm",
            "1.25",
            "--side",
            side,
        ]);
        let price: f64 = out.trim().parse().unwrap();
        assert!((price - expected).abs() < 1e-3, "{side}: {price}");
    }
}

#[test]
fn help_lists_every_command_key_and_metric() {
    let text = ok(&["help"]);
    for command in ["run", "sweep", "link", "digest", "liq-price"] {
        assert!(
            text.contains(&format!("cascade-lab {command} ")),
            "{command}"
        );
    }
    for f in FIELDS {
        assert!(text.contains(&format!("\n  {} ", f.key)), "key {}", f.key);
    }
    for m in Metric::NAMES {
        assert!(text.contains(m), "metric {m}");
    }
}

#[test]
fn bad_input_names_the_problem_and_exits_with_2() {
    let side = |s| {
        vec![
            "liq-price",
            "--entry",
            "100",
            "--lev",
            "10",
            "--mm",
            "1",
            "--side",
            s,
        ]
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec![], "no command given"),
        (vec!["explode"], "unknown command 'explode'"),
        (vec!["run", "--jsn"], "unknown flag --jsn for run"),
        (vec!["link", "--json"], "unknown flag --json for link"),
        (vec!["run", "extra"], "unexpected argument 'extra'"),
        (vec!["run", "--link"], "--link needs a value"),
        (vec!["run", "--link", "--json"], "--link needs a value"),
        (vec!["run", "--set"], "--set needs a value"),
        (vec!["run", "--set", "shock"], "--set needs key=value"),
        (
            vec!["run", "--set", "shock=80"],
            "shock must be a number from 0 to 50, got '80'",
        ),
        (
            vec!["run", "--set", "n=10"],
            "n must be a whole number from 100 to 2000000",
        ),
        (
            vec!["run", "--set", "impact=cubic"],
            "impact must be one of linear, sqrt",
        ),
        (vec!["run", "--set", "bogus=1"], "unknown parameter 'bogus'"),
        (
            vec!["run", "--link", "v=1&lev=abc"],
            "lev must be a number from 1 to 100",
        ),
        (
            vec!["run", "--link", "v=2&shock=3"],
            "version '2' is not supported",
        ),
        (
            vec!["run", "--link", "v=1", "--link", "v=1"],
            "--link was given more than once",
        ),
        (
            vec!["run", "--json", "--csv"],
            "--json and --csv cannot be combined",
        ),
        (vec!["run", "--json=yes"], "--json takes no value"),
        (
            vec!["sweep", "--y", "lev=5:10:2"],
            "--x is required (key=from:to:steps)",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2"],
            "--y is required (key=from:to:steps)",
        ),
        (
            vec!["sweep", "--x", "shock=0:99:3", "--y", "lev=5:10:2"],
            "--x: shock must be a number from 0 to 50",
        ),
        (
            vec!["sweep", "--x", "shock=1:2", "--y", "lev=5:10:2"],
            "--x: an axis is key=from:to:steps",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:0", "--y", "lev=5:10:2"],
            "from 1 to 1000",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2", "--y", "zzz=1:2:2"],
            "--y: unknown parameter 'zzz'",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2", "--y", "shock=3:4:2"],
            "--x and --y must be different parameters",
        ),
        (
            vec![
                "sweep",
                "--x",
                "shock=1:2:2",
                "--y",
                "lev=5:10:2",
                "--metric",
                "fun",
            ],
            "metric must be one of amplification",
        ),
        (
            vec![
                "sweep",
                "--x",
                "shock=1:2:2",
                "--y",
                "lev=5:10:2",
                "--set",
                "lev=500",
            ],
            "lev must be a number from 1 to 100",
        ),
        (side("up"), "--side must be long or short, got 'up'"),
        (
            vec![
                "liq-price",
                "--entry",
                "abc",
                "--lev",
                "10",
                "--mm",
                "1",
                "--side",
                "long",
            ],
            "--entry must be a number above 0, got 'abc'",
        ),
        (
            vec![
                "liq-price",
                "--entry",
                "-5",
                "--lev",
                "10",
                "--mm",
                "1",
                "--side",
                "long",
            ],
            "--entry must be a number above 0",
        ),
        (
            vec![
                "liq-price",
                "--entry",
                "100",
                "--lev",
                "0",
                "--mm",
                "1",
                "--side",
                "long",
            ],
            "--lev must be a number from 1 to 1000",
        ),
        (
            vec![
                "liq-price",
                "--entry",
                "100",
                "--lev",
                "10",
                "--mm",
                "60",
                "--side",
                "long",
            ],
            "--mm must be a percentage from 0 to 50",
        ),
        (
            vec![
                "liq-price",
                "--entry",
                "100",
                "--lev",
                "10",
                "--side",
                "long",
            ],
            "--mm is required",
        ),
        (
            vec!["liq-price", "--set", "shock=5"],
            "unknown flag --set for liq-price",
        ),
    ];
    for (args, expected) in cases {
        let out = cascade_lab(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(expected),
            "{args:?}: expected '{expected}' in\n{err}"
        );
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} wrote to stdout");
    }
}

#[test]
fn unknown_link_keys_are_only_a_warning() {
    let out = cascade_lab(&["link", "--link", "v=1&zzz=1&shock=7"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "v=1&shock=7");
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("warning: --link: unknown key 'zzz' was ignored"));
}
