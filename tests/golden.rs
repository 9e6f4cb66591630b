//! Golden runs: every preset, seeds 1-3, both impact models, each whole
//! `Run` (every field, as the JSON download writes it) hashed with FNV-1a
//! and compared with `tests/golden/runs.txt`. A refactoring must leave every
//! line as it is; a model change updates the file in its own commit, saying
//! why the numbers moved.
//!
//! Regenerate after a deliberate model change (never in CI):
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test --test golden
//! ```
#![cfg(not(target_arch = "wasm32"))]

use cascade_lab::engine::fnv::Fnv1a;
use cascade_lab::engine::params::Impact;
use cascade_lab::engine::presets::PRESETS;
use cascade_lab::engine::simulate;

const GOLDEN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/runs.txt");
const SEEDS: [u32; 3] = [1, 2, 3];

/// One line per run: `preset seed impact hash`.
fn current_lines() -> Vec<String> {
    let mut lines = Vec::new();
    for preset in PRESETS {
        for seed in SEEDS {
            for (impact, name) in [(Impact::Linear, "linear"), (Impact::Sqrt, "sqrt")] {
                let mut params = (preset.params)();
                params.seed = seed;
                params.impact = impact;
                let json = serde_json::to_string(&simulate(&params)).expect("a run serialises");
                let mut hash = Fnv1a::default();
                hash.bytes(json.as_bytes());
                lines.push(format!(
                    "{} {seed} {name} {:016x}",
                    preset.name,
                    hash.finish()
                ));
            }
        }
    }
    lines
}

#[test]
fn every_preset_run_matches_the_golden_file() {
    let current = current_lines();
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(GOLDEN, current.join("\n") + "\n").expect("golden file written");
        return;
    }
    let stored = std::fs::read_to_string(GOLDEN)
        .expect("tests/golden/runs.txt exists (UPDATE_GOLDEN=1 cargo test --test golden)");
    let stored: Vec<&str> = stored.lines().collect();
    let changed: Vec<String> = current
        .iter()
        .zip(stored.iter().chain(std::iter::repeat(&"(missing)")))
        .filter(|(now, was)| now.as_str() != **was)
        .map(|(now, was)| format!("now {now}, was {was}"))
        .collect();
    assert!(
        changed.is_empty() && stored.len() == current.len(),
        "{} of {} golden runs changed ({} stored):\n{}",
        changed.len(),
        current.len(),
        stored.len(),
        changed.join("\n")
    );
}
