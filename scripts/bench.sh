#!/usr/bin/env bash
# Benchmarks; not part of scripts/test.sh and never pass/fail on a timing.
#
#   scripts/bench.sh            all native benchmarks, then the wasm one
#   scripts/bench.sh FILTER     only native benchmarks matching FILTER
#                               (criterion's filter), then the wasm one
#
# 1. criterion: benches/engine.rs (`cargo bench --bench engine`), a few
#    minutes on 2 cores; reports under target/criterion/.
# 2. the same 100k-position cascade in headless Chromium, built with the
#    page's own profile, `web-release` (tests/wasm_bench.rs), so it times the
#    engine exactly as the page runs it.
# 3. the app itself in headless Chromium (benches/browser.mjs): frame
#    times while the animation plays, input-to-canvas latency while dragging.
# 4. the textbook cascade in NumPy (scripts/numpy_textbook.py) against the
#    engine's textbook mode, both timed in-process at 1,000,000 positions;
#    NumPy goes into a virtual environment under target/ when it is missing.
# 5. a summary against the targets. Logs: target/bench-native.log,
#    target/bench-wasm.log, target/bench-numpy.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
set -euo pipefail
mkdir -p target
native_log=target/bench-native.log
wasm_log=target/bench-wasm.log

step "native benchmarks (cargo bench --bench engine)"
cargo bench --bench engine -- "$@" 2>&1 | tee "$native_log"

step "the 100k cascade in headless Chromium (wasm, the page's build profile)"
# --nocapture lets the runner print the test's console.log lines.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --profile web-release --target wasm32-unknown-unknown --test wasm_bench -- --nocapture 2>&1 | tee "$wasm_log"

step "the app in headless Chromium: frame times and input-to-canvas latency"
trunk build --release --offline >target/trunk-build.log 2>&1 || { cat target/trunk-build.log >&2; exit 1; }
node scripts/precompress.mjs dist
node benches/browser.mjs | tee target/bench-browser.log

step "the textbook cascade in NumPy, 1,000,000 positions"
python=python3
if ! python3 -c 'import numpy' 2>/dev/null; then
    if [ ! -x target/numpy-venv/bin/python ]; then
        python3 -m venv target/numpy-venv
        target/numpy-venv/bin/pip install --quiet numpy
    fi
    python=target/numpy-venv/bin/python
fi
cargo build --release --quiet
target/release/cascade-lab run --link 'v=1&preset=textbook&n=1000000' --json \
    | "$python" scripts/numpy_textbook.py | tee target/bench-numpy.log

step "summary"
# Criterion's point estimate (the middle of the three times) in ms, per
# benchmark; the name is on the time line or on the line before it. The
# percentages of a "change:" block (against the previous run) are skipped.
estimates="$(awk '
    /^[A-Za-z0-9_]+\/[^ ]+/ { name = $1 }
    /time: +\[[0-9.]+ (ns|µs|us|ms|s) / {
        line = $0; sub(/.*\[/, "", line); sub(/\].*/, "", line)
        split(line, t, " ")
        v = t[3]; u = t[4]
        if (u == "ns") v /= 1e6; else if (u == "µs" || u == "us") v /= 1e3; else if (u == "s") v *= 1e3
        printf "%s %.6f\n", name, v
    }' "$native_log")"
ms() { awk -v n="$1" '$1 == n { print $2 }' <<<"$estimates"; }
show() { # name target_ms label
    local v
    v="$(ms "$1")"
    if [ -z "$v" ]; then printf '  %-42s not run\n' "$3"; return; fi
    awk -v v="$v" -v t="$2" -v l="$3" 'BEGIN {
        printf "  %-42s %10.3f ms  (target <= %s ms: %s)\n", l, v, t, (v <= t ? "met" : sprintf("missed by %.0f%%", (v / t - 1) * 100)) }'
}
show cascade/run_100k 5 "1. run, 100k positions pre-generated"
show cascade/simulate_1m 100 "2. simulate, 1M positions, all cores"
show cascade/simulate_1m_1thread 100 "   the same on one thread"
show cascade/generate_1m 100 "   generation alone, all cores"
show rerun/shock_1m 10 "6. shock-only re-run, 1M positions"
show sweep/64x64_20k_2threads 3000 "3. sweep 64x64 at 20k, 2 threads"
for kind in run no_shock; do
    small="$(ms "small_shock/$kind/20000")"
    large="$(ms "small_shock/$kind/1000000")"
    if [ -n "$small" ] && [ -n "$large" ]; then
        awk -v s="$small" -v l="$large" -v k="$kind" 'BEGIN {
            printf "  4. small_shock/%-27s %10.3f ms at 20k, %.3f ms at 1M (x%.1f)\n", k, s, l, l / s }'
    fi
done
grep -E '^\[small_shock' "$native_log" | sed 's/^/       /' || true

wasm_line="$(grep -o 'wasm_bench: run_100k mean.*' "$wasm_log" | head -n 1 || true)"
native="$(ms cascade/run_100k)"
if [ -z "$wasm_line" ]; then
    echo "  5. wasm: no result line in $wasm_log"
else
    wasm_median="$(sed -E 's/.*median ([0-9.]+) ms.*/\1/' <<<"$wasm_line")"
    echo "  5. ${wasm_line#wasm_bench: }"
    if [ -n "$native" ]; then
        awk -v w="$wasm_median" -v n="$native" 'BEGIN {
            printf "     wasm median / native: %.3f / %.3f ms = %.2fx (target <= 2x: %s)\n", w, n, w / n, (w / n <= 2 ? "met" : "missed") }'
        native_digest="$(grep -E '^\[cascade/run_100k\]' "$native_log" | grep -oE 'digest [0-9a-f]+' || true)"
        wasm_digest="$(grep -oE 'digest [0-9a-f]+' <<<"$wasm_line" || true)"
        if [ -n "$native_digest" ] && [ "$native_digest" = "$wasm_digest" ]; then
            echo "     same run natively and in wasm ($native_digest)"
        else
            echo "     WARNING: native ($native_digest) and wasm ($wasm_digest) runs differ"
        fi
    fi
fi

million_line="$(grep -o 'wasm_bench: generate_1m.*' "$wasm_log" | head -n 1 || true)"
if [ -n "$million_line" ]; then
    echo "  5. ${million_line#wasm_bench: }"
    wasm_generate="$(sed -E 's/.*generate_1m median ([0-9.]+) ms.*/\1/' <<<"$million_line")"
    wasm_run="$(sed -E 's/.*run_1m median ([0-9.]+) ms.*/\1/' <<<"$million_line")"
    one_thread="$(ms cascade/simulate_1m_1thread)"
    generate="$(ms cascade/generate_1m)"
    if [ -n "$one_thread" ] && [ -n "$generate" ]; then
        awk -v wg="$wasm_generate" -v wr="$wasm_run" -v t="$one_thread" -v g="$generate" 'BEGIN {
            printf "     wasm generate+run / native one thread: %.1f / %.1f ms = %.2fx (target <= 1.5x)\n", wg + wr, t, (wg + wr) / t
            printf "     wasm generation / native generation on all cores: %.1f / %.1f ms = %.2fx\n", wg, g, wg / g }'
    fi
fi

numpy_line="$(grep -o 'numpy_textbook: .*' target/bench-numpy.log | head -n 1 || true)"
textbook="$(ms textbook/simulate_1m)"
if [ -n "$numpy_line" ] && [ -n "$textbook" ]; then
    echo "  7. ${numpy_line#numpy_textbook: }"
    numpy_median="$(sed -E 's/^numpy_textbook: median ([0-9.]+) ms.*/\1/' <<<"$numpy_line")"
    awk -v n="$numpy_median" -v e="$textbook" 'BEGIN {
        printf "     NumPy / engine textbook mode: %.3f / %.3f ms = %.2fx\n", n, e, n / e }'
fi
