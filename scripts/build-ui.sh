#!/usr/bin/env bash
# Installs the UI's locked npm packages when needed and builds ui/dist, which the Tauri
# crate embeds at compile time (src-tauri/tauri.conf.json: build.frontendDist).
set -euo pipefail
cd "$(dirname "$0")/../ui"

# `npm ci` only when node_modules is absent or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    # Vite is held below 8.4: 8.4 adds an optional, Windows-only dependency
    # (napi-windows-process-start-time) for which the registry answered 404 here, so
    # `npm install` left it out of the lock and npm 11's `npm ci` refused the lock.
    npm ci --no-audit --no-fund
fi
npm run build
