#!/usr/bin/env bash
# Benchmark: `gomedic verify` against `go mod verify` on a real module corpus
# (about 95 modules from Debian's golang-*-dev packages, built into a
# file:// proxy and a module cache by scripts/gomod-corpus.py), and against
# the machine's hashing floor (SHA-256 of every file in the module cache).
#
#   apt-get install -y golang-etcd-server-dev golang-google-grpc-dev \
#       golang-github-prometheus-client-golang-dev golang-github-spf13-cobra-dev
#   bench/verify-vs-go.sh [CORPUS_DIR]
#
# Env: GO (default: the 1.27.3 test toolchain), GOMEDIC (default: a release
# build in target/), RUNS (best of N, default 3). Prints one summary.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-${TMPDIR:-/tmp}/gomedic-verify-corpus}
go=${GO:-$HOME/.cache/gomedic-test/go/1.27.3/go/bin/go}
runs=${RUNS:-3}
if [[ -z "${GOMEDIC:-}" ]]; then
  (cd "$here" && cargo build --release -q -p gomedic)
  GOMEDIC=${CARGO_TARGET_DIR:-$here/target}/release/gomedic
fi
if [[ ! -f "$corpus/env.sh" ]]; then
  python3 "$here/scripts/gomod-corpus.py" --go "$go" --out "$corpus"
fi
# shellcheck disable=SC1091
. "$corpus/env.sh"
cd "$corpus/main"

# Best wall time (seconds) of $runs runs of a command.
best() {
  local best_t="" t
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [[ -z "$best_t" ]] || (( $(echo "$t < $best_t" | bc -l) )); then best_t=$t; fi
  done
  printf '%.3f' "$best_t"
}

floor() {
  find "$GOMODCACHE" -type f -print0 | xargs -0 -P2 -n 200 openssl dgst -sha256 >/dev/null
}

"$go" mod verify >/dev/null            # warm the page cache
"$GOMEDIC" verify >/dev/null
go_status=$("$go" mod verify 2>&1 | tail -1)
gomedic_status=$("$GOMEDIC" verify 2>&1 | tail -1)
t_go=$(best "$go" mod verify)
t_gomedic=$(best "$GOMEDIC" verify)
t_floor=$(best floor)
rss_kb=$( { /usr/bin/time -v "$GOMEDIC" verify >/dev/null; } 2>&1 | awk -F: '/Maximum resident/ {gsub(/ /,"",$2); print $2}')
files=$(find "$GOMODCACHE" -type f | wc -l)
bytes=$(du -sb "$GOMODCACHE" | cut -f1)

echo "corpus:               $(grep -c '^	' go.mod) modules, $files files, $((bytes / 1048576)) MiB in GOMODCACHE"
echo "go mod verify:        ${t_go}s  ($go_status)"
echo "gomedic verify:       ${t_gomedic}s  ($gomedic_status)"
echo "speed-up vs go:       $(echo "scale=2; $t_go / $t_gomedic" | bc -l)x   (target >= 4x)"
echo "hashing floor:        ${t_floor}s  (sha256 of every file, openssl, 2 processes)"
echo "gomedic / floor:      $(echo "scale=2; $t_gomedic / $t_floor" | bc -l)   (target <= 1.3)"
echo "gomedic peak RSS:     $((rss_kb / 1024)) MiB   (target < 64 MiB)"
