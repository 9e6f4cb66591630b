//! Runs in headless Chromium (wasm-bindgen-test): the engine compiled to
//! wasm gives bit-identical results to the native build.
//!
//! scripts/test.sh computes the native digests with the `cascade-lab digest`
//! command and passes them in `CASCADE_LAB_NATIVE_DIGESTS` as
//! `digest@query;digest@query;...`.
#![cfg(target_arch = "wasm32")]

use cascade_lab::engine::{link, simulate};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_runs_match_native_digests_bit_for_bit() {
    let expected = option_env!("CASCADE_LAB_NATIVE_DIGESTS")
        .expect("CASCADE_LAB_NATIVE_DIGESTS is not set: run the wasm tests through scripts/test.sh");
    let mut compared = 0;
    for entry in expected.split(';').filter(|e| !e.is_empty()) {
        let (digest, query) = entry.split_once('@').expect("entries are digest@query");
        let decoded = link::decode(query);
        assert!(decoded.notices.is_empty(), "{query}: {:?}", decoded.notices);
        let run = simulate(&decoded.params);
        assert_eq!(format!("{:016x}", run.digest()), digest, "wasm and native differ for '{query}'");
        compared += 1;
    }
    assert!(compared >= 3, "only {compared} scenarios were compared");
}
