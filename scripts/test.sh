#!/usr/bin/env bash
# README command 2: every test. Native unit and integration tests, the engine
# in wasm under headless Chromium, then end-to-end tests against the release
# build served on 127.0.0.1. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
set -euo pipefail

step "native tests"
cargo test --quiet

step "wasm tests in headless Chromium"
# Native digests of a few scenarios; the wasm build must reproduce them bit for bit.
cargo build --quiet --release --bin cascade-lab
digests=""
for query in "v=1" "v=1&preset=oct-2025" "v=1&preset=feb-2026&seed=7" "v=1&preset=textbook&impact=sqrt" "v=1&shock=30&lev=80&liq=0.2&n=50000&weekend=1"; do
    digests+="$(./target/release/cascade-lab digest --link "$query")@$query;"
done
CASCADE_LAB_NATIVE_DIGESTS="$digests" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test wasm_in_browser

step "release build (trunk)"
mkdir -p target
trunk build --release --offline >target/trunk-build.log 2>&1 || { cat target/trunk-build.log >&2; exit 1; }

step "offline single file"
node scripts/single-file.mjs dist

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed"
