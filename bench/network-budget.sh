#!/usr/bin/env bash
# With every GOPROXY entry and the checksum database stalled (loopback
# servers that accept and never answer), `gomedic check` must finish within
# its network budget plus 10%. It runs in a project whose go.mod requires
# modules and whose go.sum has lines, so every network probe is started: the
# proxies, the checksum database, mirrors, DNS and IPv4/IPv6, the proxy's
# answer and go-import discovery for each requirement, go.sum lookups in the
# checksum database, deprecations. Prints the elapsed time and the ratio.
#
#   bench/network-budget.sh [BUDGET_SECONDS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-3}
target=${CARGO_TARGET_DIR:-target}
cargo build -q -p gomedic
bin=$target/debug/gomedic

# Three stalling servers on 127.0.0.1 (python3: accept, read, never answer).
ports_file=$(mktemp)
python3 - "$ports_file" <<'PY' &
import socket, sys, threading, time
socks = []
for _ in range(3):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64); socks.append(s)
open(sys.argv[1], "w").write(" ".join(str(s.getsockname()[1]) for s in socks) + "\n")
def hold(s):
    conns = []
    while True:
        c, _ = s.accept(); conns.append(c)
for s in socks:
    threading.Thread(target=hold, args=(s,), daemon=True).start()
time.sleep(600)
PY
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$ports_file"' EXIT
for _ in $(seq 50); do [ -s "$ports_file" ] && break; sleep 0.1; done
read -r p1 p2 p3 <"$ports_file"

home=$(mktemp -d)
project=$home/project
mkdir -p "$project"
cat >"$project/go.mod" <<'MOD'
module example.com/bench

go 1.22

require (
	golang.org/x/text v0.14.0
	github.com/google/go-cmp v0.6.0
	corp.example/internal/lib v1.2.3
)
MOD
cat >"$project/go.sum" <<'SUM'
github.com/google/go-cmp v0.6.0 h1:ofyhxvXcZhMsU5ulbFiLKl/XBFqE1GSq7atu8tAmTRI=
github.com/google/go-cmp v0.6.0/go.mod h1:17dUlkBOakJ0+DkrSSNjCkIjxS6bF9zb3elmeNGIjoY=
golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=
golang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=
SUM
start=$(date +%s.%N)
env -i HOME="$home" PATH="$PATH" NO_COLOR=1 \
  GOPROXY="http://127.0.0.1:$p1/a|http://127.0.0.1:$p2/b,direct" \
  GOSUMDB="sum.golang.org http://127.0.0.1:$p3/db" \
  "$bin" check --project "$project" --timeout "$budget" --mirrors="http://127.0.0.1:$p3/m" --format json >/dev/null || true
end=$(date +%s.%N)
rm -rf "$home"
python3 - "$start" "$end" "$budget" <<'PY'
import sys
start, end, budget = map(float, sys.argv[1:])
elapsed = end - start
ratio = elapsed / budget
print(f"gomedic check, every proxy stalled: {elapsed:.3f} s for a {budget:g} s budget: ratio {ratio:.3f} ({'ok' if ratio <= 1.10 else 'OVER budget + 10%'})")
sys.exit(0 if ratio <= 1.10 else 1)
PY
