#!/usr/bin/env bash
# End-to-end tests of the Windows build under Wine, against the real go.exe.
#
# Builds gomedic for x86_64-pc-windows-gnu, puts the real Go 1.27.3 (windows/amd64)
# on the Windows PATH (WINEPATH), and checks that:
#   1. `gomedic.exe which` finds that go.exe, says it runs, and names its version;
#   2. `gomedic.exe which --format json` agrees (schema, path, version, platform);
#   3. `gomedic.exe env --format json` equals `go.exe env -json` run the same way,
#      key by key (the random go-build directory in GOGCCFLAGS is masked).
# Needs scripts/install-test-deps.sh --wine first (scripts/test.sh does it).
# Prints "wine-tests: N passed, N failed" and exits non-zero on any failure.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
go_dir=${GOMEDIC_TEST_GO_DIR:-$HOME/.cache/gomedic-test/go}
goroot=$go_dir/1.27.3-win_amd64/go
export WINEPREFIX=${GOMEDIC_WINEPREFIX:-$HOME/.cache/gomedic-test/wineprefix}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine=/usr/lib/wine/wine64

fail_setup() { echo "wine-tests: $*" >&2; echo "wine-tests: 0 passed, 1 failed"; exit 1; }
[ -x "$wine" ] || fail_setup "Wine is missing: run scripts/install-test-deps.sh --wine"
[ -f "$goroot/bin/go.exe" ] || fail_setup "no Windows Go tree at $goroot: run scripts/install-test-deps.sh"
[ -f "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" ] \
  || fail_setup "the Wine prefix has no ProcessPrng shim: run scripts/install-test-deps.sh --wine"

echo "wine-tests: building gomedic for x86_64-pc-windows-gnu" >&2
target_dir=${CARGO_TARGET_DIR:-$repo/target}
(cd "$repo" && cargo build -q -p gomedic --target x86_64-pc-windows-gnu) >&2
exe=$target_dir/x86_64-pc-windows-gnu/debug/gomedic.exe
[ -f "$exe" ] || fail_setup "the build left no $exe"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Run from an empty directory so no go.mod or go.work is in play.
mkdir -p "$work/project"
cd "$work/project"

win_goroot_bin=$("$wine" winepath -w "$goroot/bin" 2>/dev/null | tr -d '\r')
[ -n "$win_goroot_bin" ] || fail_setup "winepath could not translate $goroot/bin"
export WINEPATH="$win_goroot_bin"

# Runs a Windows program under Wine with a time bound; stdout to $1.
run_wine() {
  local out=$1; shift
  timeout 120 "$wine" "$@" >"$out" 2>"$out.err"
}

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "wine-tests: ok   $1" >&2; }
fail() { failed=$((failed + 1)); echo "wine-tests: FAIL $1" >&2; shift; printf '    %s\n' "$@" >&2; }

# --- 1. which (text) ---------------------------------------------------------
if run_wine "$work/which.txt" "$exe" which --color never; then
  text=$(tr -d '\r' <"$work/which.txt")
  if grep -qi 'go\.exe' <<<"$text" && grep -q 'go1\.27\.3' <<<"$text" && grep -q '\[runs\]' <<<"$text" \
      && grep -q 'windows/amd64' <<<"$text"; then
    pass "which names the real go.exe 1.27.3 as the one that runs"
  else
    fail "which output lacks go.exe / go1.27.3 / [runs] / windows/amd64" "$text"
  fi
else
  fail "gomedic.exe which exited $?" "$(cat "$work/which.txt.err")"
fi

# --- 2. which (JSON) ---------------------------------------------------------
if run_wine "$work/which.json" "$exe" which --format json; then
  if python3 - "$work/which.json" "$win_goroot_bin" <<'PY'
import json, sys
view = json.load(open(sys.argv[1], encoding="utf-8"))
want_dir = sys.argv[2].rstrip("\\").lower()
assert view["schema"] == "gomedic.which/v1", view["schema"]
assert view["host_os"] == "windows", view["host_os"]
active = view["on_path"][view["active"]]
assert active["path"].lower().startswith(want_dir), (active["path"], want_dir)
assert active["path"].lower().endswith("go.exe"), active["path"]
assert active["version"] == "go1.27.3", active["version"]
assert active["platform"] == "windows/amd64", active["platform"]
assert active["problem"] is None, active["problem"]
PY
  then pass "which --format json agrees"
  else fail "which --format json disagrees" "$(cat "$work/which.json")"
  fi
else
  fail "gomedic.exe which --format json exited $?" "$(cat "$work/which.json.err")"
fi

# --- 3. env --format json == go.exe env -json -------------------------------------
if run_wine "$work/go-env.json" "$goroot/bin/go.exe" env -json; then
  if run_wine "$work/gomedic-env.json" "$exe" env --format json; then
    if diff_out=$(python3 - "$work/go-env.json" "$work/gomedic-env.json" <<'PY'
import json, re, sys
go = json.load(open(sys.argv[1], encoding="utf-8"))
ours = json.load(open(sys.argv[2], encoding="utf-8"))
# gomedic may print plain values or {"value": ..., "source": ...} per key,
# at the top level or under "vars".
if isinstance(ours, dict) and "vars" in ours and isinstance(ours["vars"], dict):
    ours = ours["vars"]
def value(v):
    return v.get("value") if isinstance(v, dict) else v
def mask(key, v):
    if key == "GOGCCFLAGS" and isinstance(v, str):
        return re.sub(r"go-build\d+", "go-buildN", v)
    return v
problems = []
for key, want in go.items():
    if key not in ours:
        problems.append(f"{key}: missing (go says {want!r})")
        continue
    got = value(ours[key])
    if mask(key, got) != mask(key, want):
        problems.append(f"{key}: gomedic {got!r}, go {want!r}")
print("\n".join(problems))
sys.exit(1 if problems else 0)
PY
    ); then
      pass "env --format json equals go.exe env -json ($(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/go-env.json") keys)"
    else
      fail "env --format json differs from go.exe env -json" "$diff_out"
    fi
  else
    fail "gomedic.exe env --format json exited $?" "$(cat "$work/gomedic-env.json.err")"
  fi
else
  fail "go.exe env -json under Wine exited $?" "$(cat "$work/go-env.json.err")"
fi

"${wine%64}server" -k >/dev/null 2>&1 || /usr/lib/wine/wineserver -k >/dev/null 2>&1 || true
echo "wine-tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
