#!/usr/bin/env bash
# README command 2: every test. Native unit and integration tests, the engine
# in wasm under headless Chromium, then end-to-end tests against the release
# build served on 127.0.0.1. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
set -euo pipefail

step "format and lints (native and wasm32)"
# Fast checks first: formatting, then clippy on every target (tests and
# benchmarks included) for the native build and for the page's wasm32 build.
# Debian's fallback toolchain (see scripts/setup.sh) has no rustfmt or
# clippy of its version; there the lints are skipped with a warning.
if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    cargo fmt --all --check
    cargo clippy --quiet --workspace --all-targets -- -D warnings
    cargo clippy --quiet --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings
else
    echo "WARNING: this toolchain has no rustfmt/clippy; format and lint checks skipped" >&2
fi

step "native tests"
cargo test --quiet --workspace

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

step "offline single file, precompressed copies"
node scripts/single-file.mjs dist
node scripts/precompress.mjs dist

step "end-to-end tests in headless Chromium"
node --test --test-concurrency=1 tests/e2e/

step "all tests passed"
