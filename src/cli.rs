//! The native command-line tool: scripted runs of the same engine the page
//! uses. The command line is declared with clap; parameter keys, ranges and
//! defaults come from the engine's parameter table, so help, checks and the
//! page cannot disagree. Bad input prints a message naming the field and its
//! allowed values and exits with 2.

use std::ffi::OsString;
use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use cascade_lab::engine::decimal::parse_f64;
use cascade_lab::engine::ensemble::{figures, run_ensemble, Ensemble, SeedRange};
use cascade_lab::engine::export::steps_csv;
use cascade_lab::engine::i18n::Lang;
use cascade_lab::engine::link::{self, DecodedLink};
use cascade_lab::engine::params::{Params, FIELDS};
use cascade_lab::engine::positions::{liquidation_price, Side};
use cascade_lab::engine::presets;
use cascade_lab::engine::survival::PositionReport;
use cascade_lab::engine::sweep::{Axis, Metric, Sweep};
use cascade_lab::engine::{simulate, Run};

/// Exit status for bad input (clap's own status for usage errors).
const USAGE_ERROR: i32 = 2;
/// Exit status when the input was fine but the output could not be written:
/// not the user's mistake, so not 2.
const RUN_ERROR: i32 = 1;

#[derive(Parser)]
#[command(
    name = "cascade-lab",
    version,
    about = "Liquidation cascades from the command line: the same engine as the page",
    after_help = keys_help(),
    subcommand_required = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// No progress bar and no summary line on stderr (warnings still show)
    #[arg(long, short, global = true)]
    quiet: bool,
}

#[derive(Subcommand)]
enum Command {
    /// One scenario: a summary, the whole run as JSON, or the per-minute series as CSV
    #[command(after_help = keys_help())]
    Run(Report),
    /// One metric over a grid of two parameters, as CSV (x values across, y values down)
    #[command(after_help = keys_help())]
    Sweep(SweepArgs),
    /// One scenario over many seeds: each seed's summary and every figure's spread
    #[command(after_help = keys_help())]
    Ensemble(EnsembleArgs),
    /// The share-link query of a scenario
    #[command(after_help = keys_help())]
    Link(Scenario),
    /// 16 hex digits that change whenever any number of the run changes
    #[command(after_help = keys_help())]
    Digest(Scenario),
    /// Isolated-margin liquidation price of one position
    LiqPrice(LiqPriceArgs),
    /// Would the link's position (pos=long|short, pos_entry or pos_from,
    /// pos_lev, pos_size) survive its run, and each preset?
    #[command(after_help = keys_help())]
    Position(PositionArgs),
    /// A shell completion script on stdout (bash, zsh, fish, ...)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// A scenario: a share link, then `--set` overrides.
#[derive(Args)]
struct Scenario {
    #[arg(long, value_name = "URL_OR_QUERY", value_parser = parse_link, help = link_help())]
    link: Option<DecodedLink>,
    /// Sets one parameter (repeatable); keys and ranges are listed below
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = parse_setting)]
    sets: Vec<Setting>,
}

/// Where a command's result goes.
#[derive(Args)]
struct Output {
    /// Writes the result to FILE instead of stdout
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The shape of a result: text for people, JSON or CSV for programs.
#[derive(Args)]
struct Format {
    /// Everything as JSON
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// A table as CSV
    #[arg(long)]
    csv: bool,
}

/// A scenario's result, in a chosen shape, to stdout or a file.
#[derive(Args)]
struct Report {
    #[command(flatten)]
    scenario: Scenario,
    #[command(flatten)]
    format: Format,
    #[command(flatten)]
    output: Output,
}

#[derive(Args)]
struct SweepArgs {
    /// The parameter across, e.g. shock=0:20:64 (steps from 1 to 1000)
    #[arg(long, value_name = "KEY=FROM:TO:STEPS", value_parser = Axis::parse)]
    x: Axis,
    /// The parameter down, e.g. lev=2:50:64
    #[arg(long, value_name = "KEY=FROM:TO:STEPS", value_parser = Axis::parse)]
    y: Axis,
    /// What each cell holds
    #[arg(long, default_value = "amplification", value_parser = metric_parser())]
    metric: Metric,
    #[command(flatten)]
    scenario: Scenario,
    #[command(flatten)]
    output: Output,
}

#[derive(Args)]
struct EnsembleArgs {
    /// Seeds to run, both ends included (any seed in --set or --link is replaced)
    #[arg(long, value_name = "FIRST..LAST", default_value = "1..50", value_parser = SeedRange::parse)]
    seeds: SeedRange,
    #[command(flatten)]
    report: Report,
}

#[derive(Args)]
struct LiqPriceArgs {
    /// Entry price, above 0
    #[arg(long, value_name = "PRICE", allow_negative_numbers = true, value_parser = entry_price)]
    entry: f64,
    /// Leverage, from 1 to 1000
    #[arg(long, value_name = "X", allow_negative_numbers = true, value_parser = leverage)]
    lev: f64,
    /// Maintenance margin in percent, from 0 to 50
    #[arg(long, value_name = "PERCENT", allow_negative_numbers = true, value_parser = margin_percent)]
    mm: f64,
    #[arg(long, value_enum)]
    side: SideArg,
}

#[derive(Args)]
struct PositionArgs {
    #[command(flatten)]
    scenario: Scenario,
    /// Everything as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum SideArg {
    Long,
    Short,
}

/// One `--set`, checked against the parameter table when it is read.
#[derive(Clone)]
struct Setting {
    key: String,
    value: String,
}

/// Reads `key=value` and checks it with the parameter table's own parser.
fn parse_setting(text: &str) -> Result<Setting, String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("a setting is key=value, got '{text}'"))?;
    Params::default()
        .set_from_text(key, value)
        .map_err(|e| e.message)?;
    Ok(Setting {
        key: key.to_string(),
        value: value.to_string(),
    })
}

/// A link with a refused value is an error; unknown keys are only warned
/// about when the scenario is assembled.
fn parse_link(text: &str) -> Result<DecodedLink, String> {
    let decoded = link::decode(text);
    let errors: Vec<&str> = decoded
        .notices
        .iter()
        .filter(|n| n.is_error)
        .map(|n| n.message.as_str())
        .collect();
    if errors.is_empty() {
        Ok(decoded)
    } else {
        Err(errors.join("; "))
    }
}

fn metric_parser() -> impl TypedValueParser<Value = Metric> {
    PossibleValuesParser::new(Metric::NAMES)
        .map(|name| Metric::parse(&name).expect("every listed name parses"))
}

fn number_where(text: &str, allowed: &str, ok: fn(f64) -> bool) -> Result<f64, String> {
    parse_f64(text.trim())
        .filter(|v| v.is_finite() && ok(*v))
        .ok_or_else(|| format!("must be {allowed}"))
}

fn entry_price(text: &str) -> Result<f64, String> {
    number_where(text, "a number above 0", |v| v > 0.0)
}

fn leverage(text: &str) -> Result<f64, String> {
    number_where(text, "a number from 1 to 1000", |v| {
        (1.0..=1000.0).contains(&v)
    })
}

fn margin_percent(text: &str) -> Result<f64, String> {
    number_where(text, "a percentage from 0 to 50", |v| {
        (0.0..=50.0).contains(&v)
    })
}

fn link_help() -> String {
    format!(
        "A share link or its query, e.g. 'v=1&preset=oct-2025&liq=0.5' (presets: {})",
        presets::names()
    )
}

/// Every parameter key with its meaning, range and default, read from the
/// parameter table.
fn keys_help() -> String {
    let defaults = Params::default();
    let width = FIELDS.iter().map(|f| f.key.len()).max().unwrap_or(0);
    let mut text = String::from("Parameter keys for --set, --x, --y and links:");
    for f in FIELDS {
        text.push_str(&format!(
            "\n  {:width$}  {}: {} (default {})",
            f.key,
            Lang::En.t(f.label),
            f.range_text(),
            f.format((f.get)(&defaults))
        ));
    }
    text
}

/// Why a command stopped after its arguments were accepted.
enum Failure {
    /// Bad input found only once the arguments were combined (status 2).
    Usage(String),
    /// The result could not be written (status 1).
    Run(String),
    /// The reader went away (`| head`): nothing left to tell anyone.
    Closed,
}

/// What a command may write to, and how progress is shown.
pub struct Streams<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Whether stderr is a terminal: a progress bar there, otherwise only a
    /// summary line when a long command ends.
    pub err_is_terminal: bool,
}

/// Runs one command line (without the program name); returns the exit status.
pub fn main<I, T>(args: I, streams: Streams) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let program = std::iter::once(OsString::from("cascade-lab"));
    let cli = match Cli::try_parse_from(program.chain(args.into_iter().map(Into::into))) {
        Ok(cli) => cli,
        Err(e) => return report_clap_error(&e, streams),
    };
    match dispatch(cli, streams.out, streams.err, streams.err_is_terminal) {
        Ok(()) => 0,
        Err(Failure::Usage(message)) => {
            let e = Cli::command().error(ErrorKind::ValueValidation, message);
            report_clap_error(&e, streams)
        }
        Err(Failure::Run(message)) => {
            let _ = writeln!(streams.err, "cascade-lab: {message}");
            RUN_ERROR
        }
        Err(Failure::Closed) => RUN_ERROR,
    }
}

/// Help and version go to stdout with status 0, usage errors to stderr
/// with status 2, as clap decides.
fn report_clap_error(e: &clap::Error, streams: Streams) -> i32 {
    let text = e.render().to_string();
    let target = if e.use_stderr() {
        streams.err
    } else {
        streams.out
    };
    let _ = write!(target, "{text}");
    match e.exit_code() {
        0 => 0,
        _ => USAGE_ERROR,
    }
}

fn dispatch(
    cli: Cli,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: bool,
) -> Result<(), Failure> {
    let progress = ProgressMode {
        terminal,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Run(args) => {
            let mut out = args.output.open(out)?;
            let text = run_text(&args.scenario.params(err), &args.format)?;
            print(&mut *out, text)
        }
        Command::Sweep(args) => sweep(args, out, err, progress),
        Command::Ensemble(args) => ensemble(args, out, err, progress),
        Command::Link(scenario) => print(out, link::encode(&scenario.params(err))),
        Command::Digest(scenario) => print(
            out,
            format!("{:016x}", simulate(&scenario.params(err)).digest()),
        ),
        Command::LiqPrice(args) => {
            let side = match args.side {
                SideArg::Long => Side::Long,
                SideArg::Short => Side::Short,
            };
            let price = liquidation_price(args.entry, args.lev, args.mm / 100.0, side);
            print(out, format!("{price}"))
        }
        Command::Position(args) => position(&args, out, err),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "cascade-lab", out);
            Ok(())
        }
    }
}

fn run_text(params: &Params, format: &Format) -> Result<String, Failure> {
    let run = simulate(params);
    Ok(match (format.json, format.csv) {
        (true, _) => json(&run)?,
        (_, true) => steps_csv(&run),
        _ => text_summary(&run),
    })
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value).map_err(|e| Failure::Run(e.to_string()))
}

fn sweep(
    args: SweepArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    mode: ProgressMode,
) -> Result<(), Failure> {
    if args.x.spec.key == args.y.spec.key {
        return Err(Failure::Usage(format!(
            "--x and --y must be different parameters, both are '{}'",
            args.x.spec.key
        )));
    }
    let mut out = args.output.open(out)?;
    let sweep = Sweep {
        base: args.scenario.params(err),
        x: args.x,
        y: args.y,
        metric: args.metric,
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let progress = Progress::start(mode, sweep.cell_count(), "cells");
    let values = sweep.run_parallel(threads, &|_| progress.advance());
    progress.finish(err, threads);
    print(&mut *out, sweep.to_csv(&values))
}

fn ensemble(
    args: EnsembleArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
    mode: ProgressMode,
) -> Result<(), Failure> {
    let Report {
        scenario,
        format,
        output,
    } = args.report;
    let mut out = output.open(out)?;
    let base = scenario.params(err);
    let progress = Progress::start(mode, args.seeds.count(), "seeds");
    let ensemble = run_ensemble(&base, args.seeds, &|_| progress.advance());
    progress.finish(err, rayon::current_num_threads());
    let text = match (format.json, format.csv) {
        (true, _) => json(&ensemble)?,
        (_, true) => ensemble_csv(&ensemble),
        _ => ensemble_text(&ensemble),
    };
    print(&mut *out, text)
}

/// The link's position judged by its run and by every preset.
fn position(args: &PositionArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Failure> {
    let held = args
        .scenario
        .link
        .as_ref()
        .and_then(|d| d.view.position)
        .ok_or_else(|| {
            Failure::Usage(
                "--link must hold a position: pos=long or pos=short (with pos_entry or pos_from, pos_lev, pos_size)".to_string(),
            )
        })?;
    let report = PositionReport::of(&held, &simulate(&args.scenario.params(err)));
    if args.json {
        return print(out, json(&report)?);
    }
    let mut text = format!("{}\nIn this run: {}.\n", report.headline(), report.sentence);
    for p in &report.presets {
        text.push_str(&format!("{:<10} {}\n", p.preset, p.sentence));
    }
    print(out, text.trim_end().to_string())
}

impl Scenario {
    /// Parameters from `--link` (if any) overridden by each `--set`, in
    /// order; unknown link keys are reported as warnings.
    fn params(&self, err: &mut dyn Write) -> Params {
        let mut params = Params::default();
        if let Some(decoded) = &self.link {
            for notice in &decoded.notices {
                let _ = writeln!(err, "cascade-lab: warning: --link: {}", notice.message);
            }
            params = decoded.params.clone();
        }
        for s in &self.sets {
            params
                .set_from_text(&s.key, &s.value)
                .expect("--set values were checked when read");
        }
        params
    }
}

impl Output {
    /// Stdout, or FILE created before the work starts, so a long sweep does
    /// not fail at its end on a path that cannot be written.
    fn open<'a>(&self, stdout: &'a mut dyn Write) -> Result<Box<dyn Write + 'a>, Failure> {
        match &self.output {
            None => Ok(Box::new(stdout)),
            Some(path) => File::create(path)
                .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>)
                .map_err(|e| {
                    Failure::Usage(format!("--output: cannot create '{}': {e}", path.display()))
                }),
        }
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

#[derive(Clone, Copy)]
struct ProgressMode {
    terminal: bool,
    quiet: bool,
}

/// Progress of a long command: a bar with the time left when stderr is a
/// terminal; otherwise nothing until a one-line summary at the end (no
/// carriage returns in a log file); nothing at all with `--quiet`.
struct Progress {
    bar: Option<ProgressBar>,
    mode: ProgressMode,
    total: usize,
    unit: &'static str,
    start: Instant,
}

impl Progress {
    fn start(mode: ProgressMode, total: usize, unit: &'static str) -> Self {
        let bar = (mode.terminal && !mode.quiet).then(|| {
            let style = ProgressStyle::with_template(&format!(
                "{{elapsed_precise}} [{{wide_bar}}] {{pos}}/{{len}} {unit}, {{eta}} left"
            ))
            .expect("the template is valid")
            .progress_chars("#>.");
            ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr())
                .with_style(style)
        });
        Progress {
            bar,
            mode,
            total,
            unit,
            start: Instant::now(),
        }
    }

    /// One more cell or seed finished (called from any thread).
    fn advance(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn finish(self, err: &mut dyn Write, threads: usize) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if !self.mode.quiet {
            let _ = writeln!(
                err,
                "cascade-lab: {} {} in {:.2} s on {threads} threads",
                self.total,
                self.unit,
                self.start.elapsed().as_secs_f64()
            );
        }
    }
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

/// A table for people: one line per figure with its spread.
fn ensemble_text(e: &Ensemble) -> String {
    let width = e.spreads.iter().map(|s| s.figure.len()).max().unwrap_or(0);
    let mut text = format!(
        "{} seeds, {} to {}: 10th percentile, median, 90th percentile",
        e.seeds.count(),
        e.seeds.first,
        e.seeds.last
    );
    for s in &e.spreads {
        text.push_str(&format!(
            "\n  {:width$}  {:>16}  {:>16}  {:>16}",
            s.figure,
            readable(s.p10),
            readable(s.median),
            readable(s.p90)
        ));
    }
    text
}

/// Fewer decimals for larger numbers: dollars need none, correlations four.
fn readable(value: f64) -> String {
    let decimals = match value.abs() {
        v if v >= 1000.0 || v == 0.0 => 0,
        v if v >= 1.0 => 2,
        _ => 4,
    };
    format!("{value:.decimals$}")
}

/// One row per seed, then rows `p10`, `median` and `p90`; a column per
/// figure, full precision.
fn ensemble_csv(e: &Ensemble) -> String {
    let names: Vec<&str> = e.spreads.iter().map(|s| s.figure.as_str()).collect();
    let mut csv = format!("seed,{}", names.join(","));
    for r in &e.runs {
        csv.push_str(&format!("\n{}", r.seed));
        for (_, value) in figures(&r.summary) {
            csv.push_str(&format!(",{value}"));
        }
    }
    let rows = [
        ("p10", e.spreads.iter().map(|s| s.p10).collect::<Vec<_>>()),
        ("median", e.spreads.iter().map(|s| s.median).collect()),
        ("p90", e.spreads.iter().map(|s| s.p90).collect()),
    ];
    for (label, values) in rows {
        csv.push_str(&format!("\n{label}"));
        for value in values {
            csv.push_str(&format!(",{value}"));
        }
    }
    csv
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[&str], terminal: bool) -> (i32, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let streams = Streams {
            out: &mut out,
            err: &mut err,
            err_is_terminal: terminal,
        };
        let status = main(args.iter().copied(), streams);
        (
            status,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn help_lists_every_key_with_its_range_and_default_from_the_table() {
        for command in [&["--help"][..], &["run", "--help"], &["sweep", "--help"]] {
            let (status, out, _) = call(command, false);
            assert_eq!(status, 0);
            for f in FIELDS {
                assert!(
                    out.contains(&format!("{}: {}", Lang::En.t(f.label), f.range_text())),
                    "{command:?}: {}",
                    f.key
                );
            }
        }
        let (_, out, _) = call(&["sweep", "--help"], false);
        assert!(Metric::NAMES.iter().all(|m| out.contains(m)), "{out}");
    }

    #[test]
    fn a_sweep_off_a_terminal_writes_one_summary_line_and_quiet_writes_none() {
        let args = [
            "sweep",
            "--x",
            "shock=2:4:2",
            "--y=lev=5:10:2",
            "--set",
            "n=200",
        ];
        let (status, out, err) = call(&args, false);
        assert_eq!(status, 0, "{err}");
        assert!(out.starts_with("lev\\shock,2,4\n5,"), "{out}");
        assert!(err.starts_with("cascade-lab: 4 cells in "), "{err:?}");
        assert_eq!(err.lines().count(), 1, "{err:?}");
        assert!(!err.contains('\r'), "{err:?}");
        let (_, quiet_out, quiet_err) = call(&[&args[..], &["--quiet"]].concat(), false);
        assert_eq!(quiet_out, out);
        assert_eq!(quiet_err, "");
    }

    #[test]
    fn readable_numbers_keep_decimals_where_they_matter() {
        assert_eq!(readable(18_660_000_000.4), "18660000000");
        assert_eq!(readable(2.345), "2.35");
        assert_eq!(readable(0.49123), "0.4912");
        assert_eq!(readable(0.0), "0");
    }
}
