//! The native command-line tool: scripted runs of the same engine the page
//! uses. Bad input prints a message naming the problem and exits with 2.

use std::io::Write;

use cascade_lab::engine::link;
use cascade_lab::engine::params::Params;
use cascade_lab::engine::positions::{liquidation_price, Side};
use cascade_lab::engine::market::ASSETS;
use cascade_lab::engine::{simulate, Run};

const USAGE: &str = "\
usage:
  cascade-lab run [--link URL_OR_QUERY] [--set key=value ...] [--json | --csv]
  cascade-lab link [--link URL_OR_QUERY] [--set key=value ...]
  cascade-lab digest [--link URL_OR_QUERY] [--set key=value ...]
  cascade-lab liq-price --entry P --lev L --mm PERCENT --side long|short
keys for --set and links: shock, lev, liq, n, seed (see README)";

/// Exit status for bad input.
const USAGE_ERROR: i32 = 2;

/// Runs one command; returns the process exit status.
pub fn main(args: &[String], out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match dispatch(args, out) {
        Ok(()) => 0,
        Err(message) => {
            let _ = writeln!(err, "cascade-lab: {message}\n{USAGE}");
            USAGE_ERROR
        }
    }
}

fn dispatch(args: &[String], out: &mut dyn Write) -> Result<(), String> {
    let (command, rest) = args.split_first().ok_or("no command given")?;
    let flags = Flags::parse(rest)?;
    let write = |out: &mut dyn Write, text: String| writeln!(out, "{text}").map_err(|e| e.to_string());
    match command.as_str() {
        "run" => {
            let params = flags.params()?;
            let run = simulate(&params);
            match flags.format()? {
                Format::Json => write(out, serde_json::to_string_pretty(&run).map_err(|e| e.to_string())?),
                Format::Csv => write(out, csv(&run)),
                Format::Text => write(out, text_summary(&run)),
            }
        }
        "link" => write(out, link::encode(&flags.params()?)),
        "digest" => write(out, format!("{:016x}", simulate(&flags.params()?).digest())),
        "liq-price" => {
            let entry = flags.number("entry", 0.0, f64::MAX)?;
            let leverage = flags.number("lev", 1.0, 1000.0)?;
            let mm = flags.number("mm", 0.0, 50.0)? / 100.0;
            let side = match flags.value("side")? {
                "long" => Side::Long,
                "short" => Side::Short,
                other => return Err(format!("--side must be long or short, got '{other}'")),
            };
            write(out, format!("{}", liquidation_price(entry, leverage, mm, side)))
        }
        other => Err(format!("unknown command '{other}'")),
    }
}

/// The per-step series: one row per minute, per-asset columns grouped.
fn csv(run: &Run) -> String {
    let mut header = vec!["minute".to_string()];
    for a in &ASSETS {
        for column in ["price", "return_pct", "long_liquidated_usd", "short_liquidated_usd", "accounts_liquidated", "large_liquidations", "depth_usd_per_pct", "correlation_with_btc"] {
            header.push(format!("{}_{column}", a.name.to_lowercase()));
        }
    }
    header.extend(["insurance_fund_usd", "adl_usd", "funding_rate_pct_per_hour", "stress", "margin_add_pct", "loop_price_fall_pct", "loop_losses_usd", "loop_margin_shortfall_usd", "loop_forced_sales_usd", "loop_impact_pct"].map(String::from));
    let mut text = header.join(",");
    for s in &run.steps {
        let mut row = vec![s.minute.to_string()];
        for a in &s.assets {
            for x in [a.price, a.return_pct, a.long_liquidated_usd, a.short_liquidated_usd, a.accounts_liquidated, a.large_liquidations, a.depth_usd_per_pct, a.correlation_with_btc] {
                row.push(x.to_string());
            }
        }
        let l = &s.spiral;
        for x in [s.insurance_fund_usd, s.adl_usd, s.funding_rate_pct_per_hour, s.stress, s.margin_add_pct, l.price_fall_pct, l.losses_usd, l.margin_shortfall_usd, l.forced_sales_usd, l.impact_pct] {
            row.push(x.to_string());
        }
        text.push('\n');
        text.push_str(&row.join(","));
    }
    text
}

/// A few lines for people: the headline sentence and the drawdowns.
fn text_summary(run: &Run) -> String {
    let s = &run.summary;
    let mut text = format!(
        "A {}% shock became a {:.1}% fall in BTC: ${:.2}B liquidated from {:.0} accounts over {} rounds{} ({} minutes)",
        s.shock_pct,
        run.assets[0].max_drawdown_pct,
        s.total_liquidated_usd / 1e9,
        s.accounts_liquidated,
        s.rounds,
        if s.runaway { ", a runaway" } else { "" },
        s.steps
    );
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
        text.push_str(&format!("\ntheory: k = {:.3}, total fall {:.3}%{}", t.k, t.total_fall_pct, if t.runaway { " (runaway)" } else { "" }));
    }
    text
}

enum Format {
    Text,
    Json,
    Csv,
}

/// Flags as given: `--name value`, repeated `--set key=value`, `--json`.
#[derive(Default)]
struct Flags {
    named: Vec<(String, String)>,
    sets: Vec<(String, String)>,
    switches: Vec<String>,
}

impl Flags {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut flags = Flags::default();
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let name = arg.strip_prefix("--").ok_or_else(|| format!("unexpected argument '{arg}'"))?;
            match name {
                "json" | "csv" => flags.switches.push(name.to_string()),
                _ => {
                    let value = iter.next().ok_or_else(|| format!("--{name} needs a value"))?;
                    if name == "set" {
                        let (k, v) = value.split_once('=').ok_or_else(|| format!("--set needs key=value, got '{value}'"))?;
                        flags.sets.push((k.to_string(), v.to_string()));
                    } else {
                        flags.named.push((name.to_string(), value.clone()));
                    }
                }
            }
        }
        Ok(flags)
    }

    fn value(&self, name: &str) -> Result<&str, String> {
        self.named.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).ok_or_else(|| format!("--{name} is required"))
    }

    fn number(&self, name: &str, min: f64, max: f64) -> Result<f64, String> {
        let text = self.value(name)?;
        text.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v > min && *v <= max)
            .ok_or_else(|| format!("--{name} must be a number above {min} and at most {max}, got '{text}'"))
    }

    fn format(&self) -> Result<Format, String> {
        match (self.switches.iter().any(|s| s == "json"), self.switches.iter().any(|s| s == "csv")) {
            (true, true) => Err("--json and --csv cannot be combined".into()),
            (true, false) => Ok(Format::Json),
            (false, true) => Ok(Format::Csv),
            (false, false) => Ok(Format::Text),
        }
    }

    /// Parameters from `--link` (if any) overridden by each `--set`; any
    /// refused value is an error, unknown link keys only a warning.
    fn params(&self) -> Result<Params, String> {
        if let Some((unknown, _)) = self.named.iter().find(|(n, _)| n != "link") {
            return Err(format!("unknown flag --{unknown}"));
        }
        let mut params = Params::default();
        if let Ok(text) = self.value("link") {
            let decoded = link::decode(text);
            for notice in decoded.notices.iter().filter(|n| !n.is_error) {
                eprintln!("cascade-lab: warning: {}", notice.message);
            }
            if decoded.has_errors() {
                let errors: Vec<_> = decoded.notices.iter().filter(|n| n.is_error).map(|n| n.message.clone()).collect();
                return Err(errors.join("; "));
            }
            params = decoded.params;
        }
        for (key, value) in &self.sets {
            params.set_from_text(key, value).map_err(|e| e.message)?;
        }
        Ok(params)
    }
}
