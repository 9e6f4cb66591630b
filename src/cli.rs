//! The native command-line tool: scripted runs of the same engine the page
//! uses. Bad input prints a message naming the problem and exits with 2.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cascade_lab::engine::export::steps_csv;
use cascade_lab::engine::link;
use cascade_lab::engine::params::{Params, FIELDS};
use cascade_lab::engine::positions::{liquidation_price, Side};
use cascade_lab::engine::presets;
use cascade_lab::engine::sweep::{Axis, Metric, Sweep};
use cascade_lab::engine::{simulate, Run};

/// Exit status for bad input.
const USAGE_ERROR: i32 = 2;
/// Exit status when the input was fine but the output could not be written
/// (or the engine failed): not the user's mistake, so not 2.
const RUN_ERROR: i32 = 1;

/// What a command accepts; parsing refuses everything else, so a typo is an
/// error instead of being silently ignored.
struct Command {
    name: &'static str,
    synopsis: &'static str,
    purpose: &'static str,
    /// Flags that take a value (`--name value` or `--name=value`).
    named: &'static [&'static str],
    switches: &'static [&'static str],
    /// Whether `--set key=value` (repeatable) is accepted.
    sets: bool,
}

const SCENARIO: &[&str] = &["link"];

const COMMANDS: &[Command] = &[
    Command {
        name: "run",
        synopsis: "run [--link URL_OR_QUERY] [--set key=value ...] [--json | --csv]",
        purpose: "one scenario: a summary, the whole run as JSON, or the per-minute series as CSV",
        named: SCENARIO,
        switches: &["json", "csv"],
        sets: true,
    },
    Command {
        name: "sweep",
        synopsis: "sweep --x key=from:to:steps --y key=from:to:steps [--metric NAME] [--link URL_OR_QUERY] [--set key=value ...]",
        purpose: "one metric over a grid of two parameters as CSV (x values across, y values down); progress on stderr",
        named: &["x", "y", "metric", "link"],
        switches: &[],
        sets: true,
    },
    Command {
        name: "link",
        synopsis: "link [--link URL_OR_QUERY] [--set key=value ...]",
        purpose: "the share-link query of a scenario",
        named: SCENARIO,
        switches: &[],
        sets: true,
    },
    Command {
        name: "digest",
        synopsis: "digest [--link URL_OR_QUERY] [--set key=value ...]",
        purpose: "16 hex digits that change whenever any number of the run changes",
        named: SCENARIO,
        switches: &[],
        sets: true,
    },
    Command {
        name: "liq-price",
        synopsis: "liq-price --entry P --lev L --mm PERCENT --side long|short",
        purpose: "isolated-margin liquidation price",
        named: &["entry", "lev", "mm", "side"],
        switches: &[],
        sets: false,
    },
    Command { name: "help", synopsis: "help", purpose: "this text", named: &[], switches: &[], sets: false },
];

/// The command lines alone, shown after an error.
fn synopsis() -> String {
    let mut text = String::from("usage:");
    for c in COMMANDS {
        text.push_str(&format!("\n  cascade-lab {}", c.synopsis));
    }
    text
}

/// The full help. Keys, metrics and presets come from the engine's tables so
/// this text cannot fall behind them.
fn usage() -> String {
    let mut text = String::from("usage:");
    for c in COMMANDS {
        text.push_str(&format!(
            "\n  cascade-lab {}\n      {}",
            c.synopsis, c.purpose
        ));
    }
    text.push_str(&format!(
        "\nmetrics for --metric: {} (default amplification)",
        Metric::NAMES.join(", ")
    ));
    text.push_str(&format!(
        "\npresets for links: preset=NAME with NAME one of {}",
        presets::names()
    ));
    text.push_str("\nkeys for --set, --x, --y and links:");
    let defaults = Params::default();
    let width = FIELDS.iter().map(|f| f.key.len()).max().unwrap_or(0);
    for f in FIELDS {
        text.push_str(&format!(
            "\n  {:width$}  {}: {} (default {})",
            f.key,
            f.label,
            f.range_text(),
            f.format((f.get)(&defaults))
        ));
    }
    text
}

/// Why a command stopped: bad input (status 2) or a failure after the input
/// was accepted (status 1).
enum Failure {
    Usage(String),
    Run(String),
    /// The reader went away (`| head`): nothing left to tell anyone.
    Closed,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Usage(message)
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Self {
        Failure::Usage(message.to_string())
    }
}

/// Runs one command; returns the process exit status.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match dispatch(args, out, err) {
        Ok(()) => 0,
        Err(Failure::Usage(message)) => {
            let _ = writeln!(err, "cascade-lab: {message}\n{}\n'cascade-lab help' lists every parameter key, metric and preset", synopsis());
            USAGE_ERROR
        }
        Err(Failure::Run(message)) => {
            let _ = writeln!(err, "cascade-lab: {message}");
            RUN_ERROR
        }
        Err(Failure::Closed) => RUN_ERROR,
    }
}

fn dispatch(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Failure> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return print(out, usage());
    }
    let (name, rest) = args.split_first().ok_or("no command given")?;
    let command = COMMANDS.iter().find(|c| c.name == name).ok_or_else(|| {
        let names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        format!("unknown command '{name}' (commands: {})", names.join(", "))
    })?;
    let flags = Flags::parse(command, rest)?;
    match command.name {
        "run" => {
            let format = flags.format()?;
            let run = simulate(&flags.params(err)?);
            match format {
                Format::Json => print(
                    out,
                    serde_json::to_string_pretty(&run).map_err(|e| Failure::Run(e.to_string()))?,
                ),
                Format::Csv => print(out, steps_csv(&run)),
                Format::Text => print(out, text_summary(&run)),
            }
        }
        "sweep" => {
            let x = Axis::parse(flags.required("x", "key=from:to:steps")?)
                .map_err(|e| format!("--x: {e}"))?;
            let y = Axis::parse(flags.required("y", "key=from:to:steps")?)
                .map_err(|e| format!("--y: {e}"))?;
            if x.spec.key == y.spec.key {
                return Err(format!(
                    "--x and --y must be different parameters, both are '{}'",
                    x.spec.key
                )
                .into());
            }
            let metric = match flags.value("metric") {
                Some(name) => Metric::parse(name).map_err(|e| format!("--metric: {e}"))?,
                None => Metric::Amplification,
            };
            let sweep = Sweep {
                base: flags.params(err)?,
                x,
                y,
                metric,
            };
            let values = run_with_progress(&sweep, err)?;
            print(out, sweep.to_csv(&values))
        }
        "link" => print(out, link::encode(&flags.params(err)?)),
        "digest" => print(
            out,
            format!("{:016x}", simulate(&flags.params(err)?).digest()),
        ),
        "liq-price" => {
            let entry = flags.number("entry", "a number above 0", |v| v > 0.0)?;
            let leverage = flags.number("lev", "a number from 1 to 1000", |v| {
                (1.0..=1000.0).contains(&v)
            })?;
            let mm = flags.number("mm", "a percentage from 0 to 50", |v| {
                (0.0..=50.0).contains(&v)
            })? / 100.0;
            let side = match flags.required("side", "long or short")? {
                "long" => Side::Long,
                "short" => Side::Short,
                other => return Err(format!("--side must be long or short, got '{other}'").into()),
            };
            print(
                out,
                format!("{}", liquidation_price(entry, leverage, mm, side)),
            )
        }
        _ => print(out, usage()),
    }
}

/// Output errors (a closed pipe, a full disk) are not bad input.
fn print(out: &mut dyn Write, text: String) -> Result<(), Failure> {
    writeln!(out, "{text}")
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Failure::Closed,
            _ => Failure::Run(format!("cannot write the output: {e}")),
        })
}

/// Runs the sweep on every core while this thread, which owns `err`, draws
/// the progress line. Workers only send counts: the binary holds stderr's
/// lock for the whole command, so a worker writing to stderr itself would
/// wait forever.
fn run_with_progress(sweep: &Sweep, err: &mut dyn Write) -> Result<Vec<f64>, Failure> {
    let total = sweep.cell_count();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let start = Instant::now();
    let mut draw = |done: usize, end: &str| {
        let _ = write!(
            err,
            "\r{}{end}",
            progress_line(done, total, start.elapsed())
        );
        let _ = err.flush();
    };
    draw(0, "");
    let (sender, receiver) = mpsc::channel::<usize>();
    let last_percent = AtomicUsize::new(0);
    let last_percent = &last_percent;
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(move || {
            // Only a new whole percent is sent: at most 100 redraws however
            // many cells there are.
            let progress = |done: usize| {
                let percent = done * 100 / total.max(1);
                if last_percent.fetch_max(percent, Ordering::Relaxed) < percent {
                    let _ = sender.send(done);
                }
            };
            sweep.run_parallel(threads, &progress)
        });
        // Counts can arrive out of order from different workers; the line
        // never goes backwards.
        let mut shown = 0;
        for done in receiver {
            if done > shown && done < total {
                shown = done;
                draw(done, "");
            }
        }
        worker.join()
    });
    match result {
        Ok(values) => {
            draw(total, "\n");
            Ok(values)
        }
        Err(_) => {
            draw(0, "\n");
            Err(Failure::Run(
                "the sweep stopped: the engine failed on a cell (a bug; please report the command)"
                    .into(),
            ))
        }
    }
}

/// `[#########...........] 1234/4096 cells  12.3 s`
fn progress_line(done: usize, total: usize, elapsed: Duration) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH)
        .min(WIDTH);
    format!(
        "[{}{}] {done}/{total} cells  {:.1} s",
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        elapsed.as_secs_f64()
    )
}

/// A few lines for people: the headline sentence and the drawdowns.
fn text_summary(run: &Run) -> String {
    let s = &run.summary;
    let mut text = format!("{} ({} minutes)", run.headline(), s.steps);
    text.push_str("\nmax drawdown:");
    for a in &run.assets {
        text.push_str(&format!(" {} {:.1}%", a.name, a.max_drawdown_pct));
    }
    text.push_str(&format!(
        "\nlong ${:.2}B, short ${:.2}B, over $1M: {:.0}, ADL ${:.2}B, insurance left ${:.2}B, amplification {:.2}, mean correlation {:.2} -> {:.2}",
        s.long_liquidated_usd / 1e9,
        s.short_liquidated_usd / 1e9,
        s.large_liquidations,
        s.adl_usd / 1e9,
        s.insurance_fund_end_usd / 1e9,
        s.amplification,
        s.mean_correlation_before,
        s.mean_correlation_during
    ));
    if let Some(t) = &run.theory {
        text.push_str(&format!(
            "\ntheory: k = {:.3}, total fall {:.3}%{}",
            t.k,
            t.total_fall_pct,
            if t.runaway { " (runaway)" } else { "" }
        ));
    }
    text
}

enum Format {
    Text,
    Json,
    Csv,
}

/// Flags as given and checked against the command: `--name value` (or
/// `--name=value`), repeated `--set key=value`, switches such as `--json`.
#[derive(Default)]
struct Flags {
    named: Vec<(String, String)>,
    sets: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Flags {
    fn parse(command: &Command, args: &[String]) -> Result<Self, String> {
        let mut flags = Flags::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let flag = arg.strip_prefix("--").ok_or_else(|| {
                format!(
                    "unexpected argument '{arg}' ({} takes {})",
                    command.name,
                    accepted(command)
                )
            })?;
            let (name, inline) = match flag.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (flag, None),
            };
            if command.switches.contains(&name) {
                if inline.is_some() {
                    return Err(format!("--{name} takes no value"));
                }
                flags.switches.push(name.to_string());
                continue;
            }
            if !(command.named.contains(&name) || (name == "set" && command.sets)) {
                return Err(format!(
                    "unknown flag --{name} for {} (it takes {})",
                    command.name,
                    accepted(command)
                ));
            }
            // A following flag is never a value: `--link --json` forgot the link.
            let value = match inline {
                Some(value) => value,
                None => iter
                    .next()
                    .filter(|v| !v.starts_with("--"))
                    .cloned()
                    .ok_or_else(|| format!("--{name} needs a value"))?,
            };
            if name == "set" {
                let (k, v) = value
                    .split_once('=')
                    .ok_or_else(|| format!("--set needs key=value, got '{value}'"))?;
                flags.sets.push((k.to_string(), v.to_string()));
            } else if flags.value(name).is_some() {
                return Err(format!("--{name} was given more than once"));
            } else {
                flags.named.push((name.to_string(), value));
            }
        }
        Ok(flags)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.named
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn required(&self, name: &str, what: &str) -> Result<&str, String> {
        self.value(name)
            .ok_or_else(|| format!("--{name} is required ({what})"))
    }

    fn number(&self, name: &str, range: &str, allowed: fn(f64) -> bool) -> Result<f64, String> {
        let text = self.required(name, range)?;
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && allowed(*v))
            .ok_or_else(|| format!("--{name} must be {range}, got '{text}'"))
    }

    fn format(&self) -> Result<Format, String> {
        match (
            self.switches.iter().any(|s| s == "json"),
            self.switches.iter().any(|s| s == "csv"),
        ) {
            (true, true) => Err("--json and --csv cannot be combined; choose one".into()),
            (true, false) => Ok(Format::Json),
            (false, true) => Ok(Format::Csv),
            (false, false) => Ok(Format::Text),
        }
    }

    /// Parameters from `--link` (if any) overridden by each `--set`; any
    /// refused value is an error, unknown link keys only a warning.
    fn params(&self, err: &mut dyn Write) -> Result<Params, String> {
        let mut params = Params::default();
        if let Some(text) = self.value("link") {
            let decoded = link::decode(text);
            for notice in decoded.notices.iter().filter(|n| !n.is_error) {
                let _ = writeln!(err, "cascade-lab: warning: --link: {}", notice.message);
            }
            if decoded.has_errors() {
                let errors: Vec<_> = decoded
                    .notices
                    .iter()
                    .filter(|n| n.is_error)
                    .map(|n| n.message.clone())
                    .collect();
                return Err(format!("--link: {}", errors.join("; ")));
            }
            params = decoded.params;
        }
        for (key, value) in &self.sets {
            params
                .set_from_text(key, value)
                .map_err(|e| format!("--set {key}={value}: {}", e.message))?;
        }
        Ok(params)
    }
}

/// The flags a command takes, for messages.
fn accepted(command: &Command) -> String {
    let mut names: Vec<String> = command
        .named
        .iter()
        .chain(command.switches)
        .map(|n| format!("--{n}"))
        .collect();
    if command.sets {
        names.push("--set".into());
    }
    if names.is_empty() {
        "no flags".into()
    } else {
        names.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[&str]) -> (i32, String, String) {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let status = main(&args, &mut out, &mut err);
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn progress_line_fills_in_proportion() {
        assert_eq!(
            progress_line(0, 4, Duration::ZERO),
            "[....................] 0/4 cells  0.0 s"
        );
        assert_eq!(
            progress_line(1, 4, Duration::from_millis(12_340)),
            "[#####...............] 1/4 cells  12.3 s"
        );
        assert_eq!(
            progress_line(4, 4, Duration::ZERO),
            "[####################] 4/4 cells  0.0 s"
        );
    }

    #[test]
    fn usage_lists_every_command_key_metric_and_preset() {
        let text = usage();
        for c in COMMANDS {
            assert!(
                text.contains(&format!("cascade-lab {}", c.name)),
                "{}",
                c.name
            );
        }
        for f in FIELDS {
            assert!(
                text.contains(&format!("\n  {:7}  {}", f.key, f.label)),
                "{}",
                f.key
            );
        }
        for m in Metric::NAMES {
            assert!(text.contains(m), "{m}");
        }
        assert!(text.contains("textbook"));
    }

    #[test]
    fn a_sweep_in_process_draws_progress_on_the_given_writer() {
        let (status, out, err) = call(&[
            "sweep",
            "--x",
            "shock=2:4:2",
            "--y=lev=5:10:2",
            "--set",
            "n=200",
        ]);
        assert_eq!(status, 0, "{err}");
        assert!(out.starts_with("lev\\shock,2,4\n5,"), "{out}");
        assert!(
            err.starts_with("\r[....................] 0/4 cells"),
            "{err:?}"
        );
        assert!(err.ends_with("\n") && err.contains("4/4 cells"), "{err:?}");
    }

    #[test]
    fn help_goes_to_stdout_with_status_0() {
        let (status, out, _) = call(&["run", "--help"]);
        assert_eq!(status, 0);
        assert!(out.contains("keys for --set"));
    }
}
