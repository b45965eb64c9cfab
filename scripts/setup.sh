#!/usr/bin/env bash
# Sets up a fresh machine for Terrarium: pnpm at the pinned version and the locked dependencies.
# Terraform must already be on PATH (it cannot be downloaded on CI machines); say so loudly if not.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v terraform >/dev/null 2>&1; then
  echo "error: terraform is not on PATH. Install terraform >= 1.5 (or set PATH to include it); the end-to-end tests need the real binary." >&2
  exit 1
fi
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  npm install --global --no-fund --no-audit "pnpm@$want" >/dev/null
fi
pnpm install --frozen-lockfile --reporter=append-only
