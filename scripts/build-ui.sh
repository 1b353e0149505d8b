#!/usr/bin/env bash
# Installs the UI's locked npm packages when needed and builds ui/dist, which the Tauri
# crate embeds at compile time (src-tauri/tauri.conf.json: build.frontendDist).
set -euo pipefail
cd "$(dirname "$0")/../ui"

# `npm ci` only when node_modules is absent or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # npm 11's `npm ci` refuses this lock file because an optional, Windows-only dependency
    # of the toolchain has no entry in it ("Missing: napi-windows-process-start-time");
    # `npm install` installs the same locked versions and leaves the lock file unchanged.
    npm ci --no-audit --no-fund || npm install --no-audit --no-fund
fi
npm run build
