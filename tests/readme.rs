//! The README's share-link table lists every key the engine accepts, with
//! its default, and every preset: a new parameter cannot go undocumented.
#![cfg(not(target_arch = "wasm32"))]

use cascade_lab::engine::link::Panel;
use cascade_lab::engine::params::FIELDS;
use cascade_lab::engine::presets::PRESETS;
use cascade_lab::engine::Params;

#[test]
fn every_link_key_and_preset_is_documented() {
    let readme = include_str!("../README.md");
    let defaults = Params::default();
    for f in FIELDS {
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", f.key)))
            .unwrap_or_else(|| panic!("README has no row for `{}`", f.key));
        let default = f.format((f.get)(&defaults));
        let default_cell = row.rsplit('|').nth(1).unwrap().trim().replace(',', "");
        assert_eq!(default_cell, default, "README default of `{}`", f.key);
    }
    let panels = readme
        .lines()
        .find(|l| l.starts_with("| `panel` |"))
        .expect("README has no row for `panel`");
    for panel in Panel::ALL {
        assert!(
            panels.contains(panel.key()),
            "README's `panel` row lacks {}",
            panel.key()
        );
    }
    for p in PRESETS {
        assert!(
            readme.contains(&format!("`{}`", p.name)),
            "README does not mention preset {}",
            p.name
        );
    }
}
