#!/usr/bin/env bash
# How long `gomedic check --offline` takes next to `go env -json` of the
# active toolchain, with two real toolchains on PATH. Target: ratio <= 1.5.
#
#   bench/check-vs-go-env.sh [RUNS]      # default 20 runs each
#
# Uses hyperfine when installed (apt-get install hyperfine), else a timed loop.
# Prints the mean of each and the ratio; it never fails on a slow result.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-20}
go_dir=${GOMEDIC_TEST_GO_DIR:-$HOME/.cache/gomedic-test/go}
active=$go_dir/1.27.3/go
shadowed=$go_dir/1.22.10/go
for root in "$active" "$shadowed"; do
  [ -x "$root/bin/go" ] || { echo "bench: no Go at $root: run scripts/install-test-deps.sh" >&2; exit 2; }
done

echo "bench: building gomedic (release)" >&2
(cd "$repo" && cargo build -q --release -p gomedic) >&2
gomedic=${CARGO_TARGET_DIR:-$repo/target}/release/gomedic

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/project" "$work/home"
export PATH="$active/bin:$shadowed/bin:/usr/local/bin:/usr/bin:/bin"
export HOME=$work/home GOTOOLCHAIN=local GOFLAGS=
unset GOROOT GOPATH GOENV
cd "$work/project"
# Warm the caches either command may use.
go env -json >/dev/null
"$gomedic" check --offline >/dev/null || true

go_cmd="go env -json"
gomedic_cmd="$gomedic check --offline --color never"

mean_ms_loop() {
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do $1 >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  echo $(( (end - start) / runs / 1000 ))   # microseconds
}

if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 3 --runs "$runs" -i --export-json "$work/h.json" \
    -n "go env -json" "$go_cmd" -n "gomedic check --offline" "$gomedic_cmd" >&2
  read -r go_us gomedic_us < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(int(r[0]["mean"] * 1e6), int(r[1]["mean"] * 1e6))' "$work/h.json")
else
  go_us=$(mean_ms_loop "$go_cmd")
  gomedic_us=$(mean_ms_loop "$gomedic_cmd")
fi

ratio=$(python3 -c "print(f'{$gomedic_us / max($go_us, 1):.2f}')")
verdict=$(python3 -c "print('within' if $gomedic_us <= 1.5 * $go_us else 'ABOVE')")
printf 'go env -json:            %8.1f ms (mean of %s)\n' "$(python3 -c "print($go_us/1000)")" "$runs"
printf 'gomedic check --offline: %8.1f ms (mean of %s)\n' "$(python3 -c "print($gomedic_us/1000)")" "$runs"
echo "ratio gomedic/go: $ratio ($verdict the 1.5 target)"
