#![cfg(not(target_arch = "wasm32"))]
//! The command-line tool as a script would use it: the binary itself, its
//! stdout, stderr and exit status.

use std::process::{Command, Output};

use cascade_lab::engine::params::FIELDS;
use cascade_lab::engine::sweep::Metric;
use serde_json::Value;

/// A valid two-by-two sweep, for tests about the flags after it.
const GRID: [&str; 5] = ["sweep", "--x", "shock=1:2:2", "--y", "lev=5:10:2"];

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
        stderr.starts_with("cascade-lab: 6 cells in ") && stderr.ends_with('\n'),
        "off a terminal only a summary line: {stderr:?}"
    );
    assert!(
        stderr.lines().count() == 1 && !stderr.contains('\r'),
        "{stderr:?}"
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
    for command in [
        "run",
        "sweep",
        "ensemble",
        "link",
        "digest",
        "liq-price",
        "completions",
    ] {
        assert!(text.contains(&format!("\n  {command} ")), "{command}");
        let own = ok(&["help", command]);
        assert!(
            own.contains(&format!("Usage: cascade-lab {command}")),
            "{own}"
        );
        assert_eq!(
            ok(&[command, "--help"]),
            own,
            "help {command} = {command} --help"
        );
    }
    for f in FIELDS {
        assert!(text.contains(&format!("\n  {} ", f.key)), "key {}", f.key);
    }
    let sweep = ok(&["sweep", "--help"]);
    for m in Metric::NAMES {
        assert!(sweep.contains(m), "metric {m}");
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
        (vec![], "Usage: cascade-lab [OPTIONS] <COMMAND>"),
        (vec!["explode"], "unrecognized subcommand 'explode'"),
        (vec!["run", "--jsn"], "unexpected argument '--jsn' found"),
        (vec!["link", "--json"], "unexpected argument '--json' found"),
        (vec!["run", "extra"], "unexpected argument 'extra'"),
        (vec!["run", "--link"], "a value is required for '--link <URL_OR_QUERY>'"),
        (
            vec!["run", "--link", "--json"],
            "a value is required for '--link <URL_OR_QUERY>'",
        ),
        (vec!["run", "--set"], "a value is required for '--set <KEY=VALUE>'"),
        (
            vec!["run", "--set", "shock"],
            "invalid value 'shock' for '--set <KEY=VALUE>': a setting is key=value",
        ),
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
            "the argument '--link <URL_OR_QUERY>' cannot be used multiple times",
        ),
        (
            vec!["run", "--json", "--csv"],
            "the argument '--json' cannot be used with '--csv'",
        ),
        (
            vec!["run", "--json=yes"],
            "unexpected value 'yes' for '--json' found",
        ),
        (
            vec!["sweep", "--y", "lev=5:10:2"],
            "required arguments were not provided:\n  --x <KEY=FROM:TO:STEPS>",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2"],
            "required arguments were not provided:\n  --y <KEY=FROM:TO:STEPS>",
        ),
        (
            vec!["sweep", "--x", "shock=0:99:3", "--y", "lev=5:10:2"],
            "for '--x <KEY=FROM:TO:STEPS>': shock must be a number from 0 to 50",
        ),
        (
            vec!["sweep", "--x", "shock=1:2", "--y", "lev=5:10:2"],
            "for '--x <KEY=FROM:TO:STEPS>': an axis is key=from:to:steps",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:0", "--y", "lev=5:10:2"],
            "from 1 to 1000",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2", "--y", "zzz=1:2:2"],
            "for '--y <KEY=FROM:TO:STEPS>': unknown parameter 'zzz'",
        ),
        (
            vec!["sweep", "--x", "shock=1:2:2", "--y", "shock=3:4:2"],
            "--x and --y must be different parameters",
        ),
        (
            [&GRID[..], &["--metric", "fun"]].concat(),
            "invalid value 'fun' for '--metric <METRIC>'\n  [possible values: amplification, btc_drawdown_pct,",
        ),
        (
            [&GRID[..], &["--set", "lev=500"]].concat(),
            "lev must be a number from 1 to 100",
        ),
        (
            side("up"),
            "invalid value 'up' for '--side <SIDE>'\n  [possible values: long, short]",
        ),
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
            "invalid value 'abc' for '--entry <PRICE>': must be a number above 0",
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
            "invalid value '-5' for '--entry <PRICE>': must be a number above 0",
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
            "for '--lev <X>': must be a number from 1 to 1000",
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
            "for '--mm <PERCENT>': must be a percentage from 0 to 50",
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
            "required arguments were not provided:\n  --mm <PERCENT>",
        ),
        (
            vec!["liq-price", "--set", "shock=5"],
            "unexpected argument '--set' found",
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

#[test]
fn version_and_suggestions_for_typos() {
    let version = ok(&["--version"]);
    assert_eq!(
        version.trim(),
        format!("cascade-lab {}", env!("CARGO_PKG_VERSION"))
    );
    for (args, tip) in [
        (vec!["swep"], "a similar subcommand exists: 'sweep'"),
        (vec!["run", "--jsn"], "a similar argument exists: '--json'"),
        (
            [&GRID[..], &["--metric", "round"]].concat(),
            "a similar value exists: 'rounds'",
        ),
    ] {
        let out = cascade_lab(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(tip), "{args:?}: {err}");
    }
}

#[test]
fn completions_for_bash_zsh_and_fish_know_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let script = ok(&["completions", shell]);
        for command in ["run", "sweep", "ensemble", "liq-price", "completions"] {
            assert!(script.contains(command), "{shell}: {command}");
        }
        assert!(script.contains("amplification"), "{shell}: metric values");
    }
    let out = cascade_lab(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[possible values: bash,"));
}

/// A fresh path under the target directory for one test's output file.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn output_writes_the_same_text_to_a_file_for_run_sweep_and_ensemble() {
    let sweep = [
        "sweep",
        "--x",
        "shock=2:6:2",
        "--y",
        "lev=5:20:2",
        "--set",
        SMALL,
    ];
    let ensemble = ["ensemble", "--seeds", "1..3", "--csv", "--set", SMALL];
    let run = ["run", "--json", "--set", SMALL];
    for (i, args) in [&run[..], &sweep, &ensemble].into_iter().enumerate() {
        let path = scratch(&format!("output-{i}.txt"));
        let to_file = cascade_lab(&[args, &["--output", path.to_str().unwrap()]].concat());
        assert!(to_file.status.success(), "{args:?}");
        assert!(to_file.stdout.is_empty(), "{args:?}: nothing on stdout");
        let written = std::fs::read_to_string(&path).unwrap();
        assert!(!written.is_empty());
        assert_eq!(written, ok(args), "{args:?}");
    }
    let out = cascade_lab(&["run", "--output", "no-such-dir/x.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("--output: cannot create 'no-such-dir/x.json'"));
}

#[test]
fn a_sweep_with_stderr_in_a_file_logs_one_line_without_carriage_returns() {
    let path = scratch("sweep.log");
    let log = std::fs::File::create(&path).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_cascade-lab"))
        .args([
            "sweep",
            "--x",
            "shock=1:9:8",
            "--y",
            "lev=5:40:8",
            "--set",
            SMALL,
        ])
        .stdout(std::process::Stdio::null())
        .stderr(log)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(!text.contains('\r'), "{text:?}");
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(text.starts_with("cascade-lab: 64 cells in "), "{text:?}");

    let quiet = cascade_lab(&[
        "sweep",
        "-q",
        "--x",
        "shock=1:2:2",
        "--y",
        "lev=5:10:2",
        "--set",
        SMALL,
    ]);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "--quiet: {}",
        String::from_utf8_lossy(&quiet.stderr)
    );
}

/// Median of a few numbers, computed here independently of the engine.
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

#[test]
fn ensemble_medians_equal_the_medians_of_single_runs() {
    let base = "v=1&preset=oct-2025&n=2000";
    let ensemble: Value = serde_json::from_str(&ok(&[
        "ensemble", "--link", base, "--set", "shock=7", "--seeds", "3..9", "--json",
    ]))
    .unwrap();
    let singles: Vec<Value> = (3..=9)
        .map(|seed| {
            json(&[
                "--link",
                base,
                "--set",
                "shock=7",
                "--set",
                &format!("seed={seed}"),
            ])
        })
        .collect();
    let runs = ensemble["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 7);
    for (run, single) in runs.iter().zip(&singles) {
        assert_eq!(run["summary"], single["summary"], "seed {}", run["seed"]);
    }
    let spreads = ensemble["spreads"].as_array().unwrap();
    for figure in [
        "total_liquidated_usd",
        "accounts_liquidated",
        "amplification",
        "rounds",
    ] {
        let spread = spreads.iter().find(|s| s["figure"] == figure).unwrap();
        let expected = median(
            singles
                .iter()
                .map(|s| number(&s["summary"][figure]))
                .collect(),
        );
        assert_eq!(number(&spread["median"]), expected, "{figure}");
        assert!(number(&spread["p10"]) <= expected && expected <= number(&spread["p90"]));
    }
    // Every number in the summary has a spread: none is listed by hand.
    let numeric = singles[0]["summary"]
        .as_object()
        .unwrap()
        .values()
        .filter(|v| v.is_number())
        .count();
    assert_eq!(spreads.len(), numeric);
}

#[test]
fn ensemble_text_and_csv_and_its_bad_ranges() {
    let text = ok(&["ensemble", "--seeds", "1..4", "--set", SMALL]);
    assert!(
        text.starts_with("4 seeds, 1 to 4: 10th percentile, median, 90th percentile"),
        "{text}"
    );
    assert!(text.contains("\n  total_liquidated_usd "), "{text}");
    let csv = ok(&["ensemble", "--seeds", "1..4", "--csv", "--set", SMALL]);
    let first: Vec<&str> = csv.lines().map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(first, ["seed", "1", "2", "3", "4", "p10", "median", "p90"]);
    for bad in ["50..1", "1-50", "0..99999", "x..3"] {
        let out = cascade_lab(&["ensemble", "--seeds", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!(
                "invalid value '{bad}' for '--seeds <FIRST..LAST>'"
            )) && err.contains("a whole number from 0 to 4294967295"),
            "{bad}: {err}"
        );
    }
    let out = cascade_lab(&["ensemble", "--set", "lev=0"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("lev must be a number from 1 to 100"));
}
