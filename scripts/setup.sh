# Shared set-up for the two README commands (scripts/serve.sh, scripts/test.sh).
#
# Source it, do not run it: it exports RUSTUP_TOOLCHAIN (when the fallback
# toolchain is used) and PATH for the caller. Idempotent and silent when every
# tool is already there; otherwise it says what it installs, and stops with a
# message naming anything it cannot install.
#
# What it guarantees afterwards:
#   - a Rust toolchain with the wasm32-unknown-unknown standard library
#     (rustup's, or Debian's rustc-web with a locally built wasm std),
#   - trunk 0.21.14, wasm-bindgen-cli at exactly the version in Cargo.lock,
#   - wasm-opt (npm `binaryen`) and `playwright-core` in ./node_modules,
#   - Chromium and ChromeDriver of the same major version,
#   - a font with Chinese glyphs (Debian's fonts-noto-cjk) for the zh pages.

set -euo pipefail

TRUNK_VERSION="0.21.14"
WASM_TARGET="wasm32-unknown-unknown"
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export PATH="$CARGO_HOME/bin:$PROJECT_ROOT/node_modules/.bin:$PATH"

setup_say() { printf '[setup] %s\n' "$*" >&2; }
# For the commands that source this file: a heading with the elapsed time.
SETUP_STARTED=$SECONDS
step() { printf '\n=== %s (%ds)\n' "$*" "$((SECONDS - SETUP_STARTED))" >&2; }
setup_fail() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SETUP_SUDO=""; else SETUP_SUDO="sudo"; fi

setup_apt_install() {
    command -v apt-get >/dev/null 2>&1 ||
        setup_fail "cannot install $* automatically (no apt-get); install it by hand"
    if [ -z "${SETUP_APT_UPDATED:-}" ]; then
        setup_say "apt-get update"
        $SETUP_SUDO apt-get update -qq >/dev/null || setup_fail "apt-get update failed (needed for: $*)"
        SETUP_APT_UPDATED=1
    fi
    setup_say "installing Debian packages: $*"
    local log
    log="$(mktemp)"
    DEBIAN_FRONTEND=noninteractive $SETUP_SUDO apt-get install -y -qq "$@" >"$log" 2>&1 ||
        { cat "$log" >&2; setup_fail "could not install Debian packages: $*"; }
    rm -f "$log"
}

# True when the toolchain selected by the environment has the wasm32 std.
setup_has_wasm_std() {
    local sysroot
    sysroot="$(rustc --print sysroot 2>/dev/null)" || return 1
    compgen -G "$sysroot/lib/rustlib/$WASM_TARGET/lib/libstd-*.rlib" >/dev/null
}

# Debian's rustc-web plus a wasm32 std built from its own source, registered
# with rustup as the toolchain `web` (see the toolchain notes in README).
setup_debian_web_toolchain() {
    local wasm_lib="/usr/lib/rustlib/$WASM_TARGET/lib"
    local stamp="/usr/lib/rustlib/$WASM_TARGET/built-by-cascade-lab"
    local lld_link="/usr/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
    if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust ] || [ ! -x /usr/lib/llvm-19/bin/lld ] ||
        ! /usr/bin/rustc -V 2>/dev/null | grep -q .; then
        setup_apt_install rustc-web cargo-web rust-web-src lld-19
    fi
    if [ ! -e "$lld_link" ]; then
        setup_say "linking rust-lld to lld-19"
        $SETUP_SUDO mkdir -p "$(dirname "$lld_link")"
        $SETUP_SUDO ln -sf /usr/lib/llvm-19/bin/lld "$lld_link"
    fi
    local want
    want="$(/usr/bin/rustc -V)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! compgen -G "$wasm_lib/libstd-*.rlib" >/dev/null; then
        setup_say "building the $WASM_TARGET standard library with $want (about 30 s)"
        local scratch
        scratch="$(mktemp -d)"
        (
            cd "$scratch"
            mkdir -p src
            printf '[package]\nname = "wasm_std_seed"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n' >Cargo.toml
            : >src/lib.rs
            RUSTFLAGS=-Cembed-bitcode=yes RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 \
                /usr/bin/cargo build -q --release --target "$WASM_TARGET" \
                -Zbuild-std=std,panic_abort,panic_unwind,test
        ) || setup_fail "building the $WASM_TARGET standard library failed"
        $SETUP_SUDO mkdir -p "$wasm_lib"
        $SETUP_SUDO rm -f "$wasm_lib"/*.rlib
        find "$scratch/target/$WASM_TARGET/release/deps" -name '*.rlib' ! -name 'libwasm_std_seed-*' \
            -exec $SETUP_SUDO cp {} "$wasm_lib/" \;
        echo "$want" | $SETUP_SUDO tee "$stamp" >/dev/null
        rm -rf "$scratch"
    fi
    if ! rustup toolchain list 2>/dev/null | grep -q '^web'; then
        setup_say "registering Debian's toolchain with rustup as 'web'"
        rustup toolchain link web /usr >/dev/null || setup_fail "rustup toolchain link web /usr failed"
    fi
    export RUSTUP_TOOLCHAIN=web
}

setup_rust() {
    command -v rustup >/dev/null 2>&1 || command -v rustc >/dev/null 2>&1 ||
        setup_fail "no Rust toolchain found; install rustup first"
    # Already chosen by the caller, or rustup's own target already present.
    if setup_has_wasm_std; then return; fi
    # The fallback was set up by an earlier run on this machine.
    if command -v rustup >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep -q '^web' &&
        [ -f "/usr/lib/rustlib/$WASM_TARGET/built-by-cascade-lab" ] &&
        [ "$(cat "/usr/lib/rustlib/$WASM_TARGET/built-by-cascade-lab")" = "$(/usr/bin/rustc -V 2>/dev/null)" ]; then
        export RUSTUP_TOOLCHAIN=web
        return
    fi
    if command -v rustup >/dev/null 2>&1; then
        setup_say "rustup target add $WASM_TARGET (60 s limit)"
        if timeout 60 rustup target add "$WASM_TARGET" >/dev/null 2>&1 && setup_has_wasm_std; then
            return
        fi
        setup_say "rustup could not download the $WASM_TARGET std; falling back to Debian's rustc-web"
    fi
    setup_debian_web_toolchain
    setup_has_wasm_std || setup_fail "the $WASM_TARGET standard library is still missing after set-up"
}

setup_cargo_tools() {
    if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
        setup_say "cargo install trunk $TRUNK_VERSION (about 6 min on 2 cores)"
        cargo install -q --locked trunk --version "$TRUNK_VERSION" || setup_fail "could not install trunk $TRUNK_VERSION"
    fi
    local bindgen_version
    bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$PROJECT_ROOT/Cargo.lock")"
    [ -n "$bindgen_version" ] || setup_fail "wasm-bindgen is missing from Cargo.lock"
    if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ] ||
        ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
        setup_say "cargo install wasm-bindgen-cli $bindgen_version (about 2 min)"
        cargo install -q --force wasm-bindgen-cli --version "$bindgen_version" ||
            setup_fail "could not install wasm-bindgen-cli $bindgen_version"
    fi
}

setup_browser() {
    if [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; then
        setup_apt_install chromium chromium-driver
    fi
    [ -x "$CHROMIUM" ] || setup_fail "Chromium not found at $CHROMIUM"
    [ -x "$CHROMEDRIVER" ] || setup_fail "ChromeDriver not found at $CHROMEDRIVER"
    local browser_major driver_major
    browser_major="$("$CHROMIUM" --version 2>/dev/null | grep -oE '[0-9]+' | head -n 1)"
    driver_major="$("$CHROMEDRIVER" --version 2>/dev/null | grep -oE '[0-9]+' | head -n 1)"
    [ "$browser_major" = "$driver_major" ] ||
        setup_fail "Chromium $browser_major and ChromeDriver $driver_major differ in major version"
}

# The page and its canvases fall back to a CJK font for lang=zh; without one
# Chromium draws empty boxes in the tests' screenshots.
setup_cjk_font() {
    if command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ]; then
        return
    fi
    setup_apt_install fonts-noto-cjk
}

setup_node_tools() {
    if ! command -v npm >/dev/null 2>&1; then
        setup_apt_install nodejs npm
    fi
    if [ ! -x "$PROJECT_ROOT/node_modules/.bin/wasm-opt" ] ||
        ! (cd "$PROJECT_ROOT" && node -e "require('playwright-core')" 2>/dev/null) ||
        ! cmp -s "$PROJECT_ROOT/package-lock.json" "$PROJECT_ROOT/node_modules/.cascade-lab-lock"; then
        setup_say "npm ci (binaryen for wasm-opt, playwright-core)"
        (cd "$PROJECT_ROOT" && npm ci --loglevel=error --no-audit --no-fund >/dev/null) ||
            setup_fail "npm ci failed (binaryen, playwright-core)"
        cp "$PROJECT_ROOT/package-lock.json" "$PROJECT_ROOT/node_modules/.cascade-lab-lock"
    fi
    wasm-opt --version >/dev/null 2>&1 || setup_fail "wasm-opt from npm binaryen does not run"
}

setup_rust
setup_cargo_tools
setup_node_tools
setup_browser
setup_cjk_font
