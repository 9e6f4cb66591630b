#!/usr/bin/env bash
# README command 1: build the release page and serve it on 127.0.0.1.
#   bash scripts/serve.sh            (port 8080)
#   PORT=9000 bash scripts/serve.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
set -euo pipefail
mkdir -p target
echo "[serve] trunk build --release" >&2
trunk build --release --offline >/dev/null 2>target/trunk-build.log || { cat target/trunk-build.log >&2; exit 1; }
# dist/cascade-lab-offline.html: the same page in one file that also runs from file://.
node scripts/single-file.mjs dist
# NAME.gz and NAME.br beside every file, sent when the browser accepts them.
node scripts/precompress.mjs dist >&2
exec node scripts/static-server.mjs dist "${PORT:-8080}" /
