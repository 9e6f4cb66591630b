//! The visible wording of the position panel, kept in one table so it can
//! be translated with the rest of the page. Verdict sentences come from the
//! engine (`engine::survival`), as the headline does.

/// The position panel.
pub struct PositionWords {
    pub intro: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub side: &'static str,
    pub long: &'static str,
    pub short: &'static str,
    pub entry_kind: &'static str,
    pub entry_price: &'static str,
    pub entry_from_now: &'static str,
    pub entry_value_price: &'static str,
    pub entry_value_pct: &'static str,
    pub leverage: &'static str,
    pub size: &'static str,
    pub in_this_run: &'static str,
    pub table_caption: &'static str,
    pub preset_column: &'static str,
    pub verdict_column: &'static str,
    /// On the spiral's map, before the price: "your long liquidates at $91,566".
    pub map_label_long: &'static str,
    pub map_label_short: &'static str,
    /// The same where the longer label does not fit.
    pub map_label_brief: &'static str,
}

pub const POSITION: PositionWords = PositionWords {
    intro: "Hold your own isolated BTC position through this run: its liquidation price uses the same formula and maintenance tiers as every simulated trader.",
    add: "Hold a position through this run",
    remove: "Remove the position",
    side: "Side",
    long: "Long",
    short: "Short",
    entry_kind: "Entry given as",
    entry_price: "a price (USD)",
    entry_from_now: "% from the price before the shock",
    entry_value_price: "Entry price, USD",
    entry_value_pct: "Entry, % from now",
    leverage: "Leverage, x",
    size: "Size (notional), USD",
    in_this_run: "In this run: ",
    table_caption: "The same position in every preset",
    preset_column: "Preset",
    verdict_column: "Your position",
    map_label_long: "your long liquidates at",
    map_label_short: "your short liquidates at",
    map_label_brief: "you:",
};

/// Predict, then watch.
pub struct PredictWords {
    pub heading: &'static str,
    pub prompt: &'static str,
    pub fall_label: &'static str,
    pub liquidated_label: &'static str,
    pub reveal: &'static str,
    pub hidden_summary: &'static str,
    pub hidden_panel: &'static str,
    pub guess_needed: &'static str,
    pub predict_again: &'static str,
    /// The lesson's offer to guess first.
    pub lesson_offer: &'static str,
    /// On the price chart, beside the line at the guessed fall.
    pub chart_label: &'static str,
}

pub const PREDICT: PredictWords = PredictWords {
    heading: "Predict, then watch",
    prompt: "How far will BTC fall in all?",
    fall_label: "BTC's fall, %",
    liquidated_label: "Liquidated, $B (optional)",
    reveal: "Reveal",
    hidden_summary: "The outcome is hidden until you reveal it.",
    hidden_panel: "Hidden until the run is revealed: guess first.",
    guess_needed: "Enter a guess of BTC's fall (0 to 95%) first.",
    predict_again: "Predict again",
    lesson_offer: "Predict before watching",
    chart_label: "your guess",
};

/// "You guessed 8%: it fell 11.2%." with the amount liquidated when guessed.
pub fn guess_sentence(
    guess_fall_pct: f64,
    fell_pct: f64,
    guess_liq: Option<f64>,
    liquidated_usd: f64,
) -> String {
    let mut text = format!("You guessed {guess_fall_pct}%: it fell {fell_pct:.1}%.");
    if let Some(billions) = guess_liq {
        text.push_str(&format!(
            " You guessed ${billions}B liquidated: it was ${:.2}B.",
            liquidated_usd / 1e9
        ));
    }
    text
}

/// The spread of outcomes (under the charts).
pub struct SpreadWords {
    pub heading: &'static str,
    pub intro: &'static str,
    pub compute: &'static str,
    pub compute_again: &'static str,
    pub progress: &'static str,
    pub stale: &'static str,
    pub failed: &'static str,
    pub fan_caption: &'static str,
    pub fan_band: &'static str,
    pub fan_median: &'static str,
    pub this_run: &'static str,
    pub reported: &'static str,
    pub histogram_caption: &'static str,
    pub histogram_axis: &'static str,
    pub fan_label: &'static str,
    pub histogram_label: &'static str,
}

pub const SPREAD: SpreadWords = SpreadWords {
    heading: "The spread of outcomes",
    intro: "The same scenario with other seeds (other traders, other noise): a cascade is path-dependent.",
    compute: "Run 50 seeds",
    compute_again: "Run 50 seeds again",
    progress: "Seeds run",
    stale: "Run for other settings; run again to update it.",
    failed: "The seeds stopped:",
    fan_caption: "BTC's price by minute over the seeds",
    fan_band: "10-90% of seeds",
    fan_median: "median",
    this_run: "this run (seed shown)",
    reported: "reported",
    histogram_caption: "Total liquidated over the seeds",
    histogram_axis: "USD billions",
    fan_label: "Fan chart of BTC's price by minute over the seeds: the median, the band holding 10 to 90% of seeds, this run and, for a historical preset, the reported low",
    histogram_label: "Histogram of the total liquidated over the seeds, with this run and, for a historical preset, the reported total marked",
};

/// Recording the spiral as a video.
pub struct VideoWords {
    pub record: &'static str,
    pub recording: &'static str,
    pub progress: &'static str,
    pub saved: &'static str,
    pub failed: &'static str,
}

pub const VIDEO: VideoWords = VideoWords {
    record: "Record video (WebM)",
    recording: "Recording the run...",
    progress: "Video recorded",
    saved: "Saved the video of the run.",
    failed: "The video could not be recorded:",
};

/// The phase map panel.
pub struct PhaseMapWords {
    /// On the compute button when the map shown is for the current
    /// settings and metric, so there is nothing to compute.
    pub up_to_date: &'static str,
}

pub const PHASE_MAP: PhaseMapWords = PhaseMapWords {
    up_to_date: "Computed for these settings",
};
