#!/usr/bin/env bash
# Installs the test dependencies, then runs every test: the Rust workspace
# tests (cargo-nextest when installed, else cargo test) and the Wine tests of
# the Windows build.
#
#   scripts/test.sh            # everything
#   scripts/test.sh --no-wine  # skip the Wine tests (local convenience only; CI runs them)
set -euo pipefail
cd "$(dirname "$0")/.."

wine=1
for arg in "$@"; do
  case $arg in
    --no-wine) wine=0 ;;
    *) echo "test.sh: unknown argument $arg" >&2; exit 2 ;;
  esac
done

if [ $wine = 1 ]; then scripts/install-test-deps.sh --wine; else scripts/install-test-deps.sh; fi

status=0
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast || status=1
  # nextest does not run doctests.
  cargo test --workspace --doc || status=1
else
  cargo test --workspace --no-fail-fast || status=1
fi

if [ $wine = 1 ]; then
  scripts/wine-tests.sh || status=1
  scripts/wine-os-tests.sh || status=1
fi
exit $status
