#!/usr/bin/env bash
# Runs every WorkWell test, in this order:
#   1. the UI's component tests (Vitest, backend mocked at ui/src/api.ts),
#   2. the end-to-end tests: the real app window driven through tauri-driver and
#      WebKitWebDriver under Xvfb (tests/tests/e2e.rs, feature `e2e` of ww-tests),
#   3. every Rust test of the workspace (`cargo test --workspace`), whose summary lines
#      close the output.
# Needs the Debian packages of scripts/setup-debian.sh; installs tauri-driver when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/build-ui.sh

echo "== UI component tests (Vitest)"
npm --prefix ui test

echo "== end-to-end tests (tauri-driver, WebKitWebDriver, Xvfb)"
export PATH="$HOME/.cargo/bin:$PATH"
command -v tauri-driver >/dev/null 2>&1 || cargo install tauri-driver --version '^2' --locked
cargo build -p workwell-app
xvfb-run -a -s "-screen 0 1440x900x24" cargo test -p ww-tests --features e2e --test e2e

echo "== Rust workspace tests"
cargo test --workspace
