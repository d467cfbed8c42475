#!/usr/bin/env bash
# End-to-end tests of the Windows OS checks under Wine, against the real
# registry reader and the real go.exe.
#
# Copies the Wine prefix of scripts/install-test-deps.sh --wine to a throwaway
# prefix, writes the registry values real Windows machines have (Defender
# real-time protection and path exclusions, OneDrive account folders,
# LongPathsEnabled) with `reg add`, and runs `gomedic.exe check --format json`
# to check that:
#   1. a prefix without Defender gives no os/windows-defender finding;
#   2. with real-time protection on, exactly the Go dirs not covered by an
#      exclusion (one written as %LOCALAPPDATA%\go-build) are reported, and the
#      fixes are Add-MpPreference / Dev Drive / GOTMPDIR, never switching it off;
#   3. the project inside the OneDrive folder from HKCU\...\OneDrive\Accounts
#      and GOMODCACHE inside the OneDriveCommercial folder are os/cloud-synced;
#   4. a module cache with a path over 260 characters and LongPathsEnabled=0
#      is os/windows-long-paths; with LongPathsEnabled=1 it is not;
#   5. a non-ASCII GOPATH with CGO_ENABLED=1 is env/path-characters;
#   6. real-time protection switched off is os/protection-disabled;
#   7. GOPATH set differently in HKCU\Environment (REG_EXPAND_SZ) and the
#      machine environment is env/set-in-several-places, expanded as Windows does;
#   8. a go.exe in ...\Microsoft\WindowsApps first on PATH is toolchain/go-shadowed;
#   9. Defender's recent detections (from a stand-in powershell.exe that answers
#      what Get-MpThreatDetection / Get-MpThreat / Get-CimInstance AntiVirusProduct
#      print, see scripts/wine/powershell-stand-in.c) of a go-build test binary and
#      a build in the project are os/windows-defender, a download is not;
#  10. detections that cannot be read ("Access denied") are said so;
#  11. an active third-party antivirus (Security Center) replaces the Defender
#      exclusion finding, and Defender's own switch being off is then not
#      os/protection-disabled;
#  12. a PowerShell that never answers costs at most its time bound.
# Prints "wine-os-tests: N passed, N failed" and exits non-zero on any failure.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
go_dir=${GOMEDIC_TEST_GO_DIR:-$HOME/.cache/gomedic-test/go}
goroot=$go_dir/1.27.3-win_amd64/go
base_prefix=${GOMEDIC_WINEPREFIX:-$HOME/.cache/gomedic-test/wineprefix}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wine=/usr/lib/wine/wine64

fail_setup() { echo "wine-os-tests: $*" >&2; echo "wine-os-tests: 0 passed, 1 failed"; exit 1; }
[ -x "$wine" ] || fail_setup "Wine is missing: run scripts/install-test-deps.sh --wine"
[ -f "$goroot/bin/go.exe" ] || fail_setup "no Windows Go tree at $goroot: run scripts/install-test-deps.sh"
[ -f "$base_prefix/system.reg" ] || fail_setup "no Wine prefix at $base_prefix: run scripts/install-test-deps.sh --wine"

echo "wine-os-tests: building gomedic for x86_64-pc-windows-gnu" >&2
target_dir=${CARGO_TARGET_DIR:-$repo/target}
(cd "$repo" && cargo build -q -p gomedic --target x86_64-pc-windows-gnu) >&2
exe=$target_dir/x86_64-pc-windows-gnu/debug/gomedic.exe
[ -f "$exe" ] || fail_setup "the build left no $exe"

work=$(mktemp -d)
export WINEPREFIX=$work/prefix
cleanup() {
  /usr/lib/wine/wineserver -k >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -a --reflink=auto "$base_prefix" "$WINEPREFIX"

winpath() { "$wine" winepath -w "$1" 2>/dev/null | tr -d '\r'; }
reg() { "$wine" reg "$@" >/dev/null 2>&1 || fail_setup "reg $* failed"; }

export WINEPATH
WINEPATH=$(winpath "$goroot/bin")

# The layout: a OneDrive folder holding the project, a OneDrive for Business
# folder holding the module cache (with one very deep module), a GOPATH under
# a non-ASCII user name.
mkdir -p "$work/OneDrive/src/app" "$work/OneDrive - Acme/gomod" "$work/José/go"
printf 'module app\n\ngo 1.22\n' >"$work/OneDrive/src/app/go.mod"
deep="$work/OneDrive - Acme/gomod/github.com/example-organisation/a-really-quite-long-repository-name@v1.2.3/internal/generated/deeply/nested/packages/for/the/code/generator/output/with/even/more/levels/below"
mkdir -p "$deep"
: >"$deep/zz_generated_deepcopy_for_all_the_api_types_in_this_package.go"
onedrive=$(winpath "$work/OneDrive")
business=$(winpath "$work/OneDrive - Acme")
modcache=$(winpath "$work/OneDrive - Acme/gomod")
gopath=$(winpath "$work/José/go")

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "wine-os-tests: ok   $1" >&2; }
fail() { failed=$((failed + 1)); echo "wine-os-tests: FAIL $1" >&2; shift; printf '    %s\n' "$@" >&2; }

# check NAME PYTHON: runs gomedic.exe check in the project, then the Python
# assertions on the report (variable `r`, and `ids`).
check() {
  local name=$1 script=$2 out=$work/report.json
  if ! (cd "$work/OneDrive/src/app" && timeout 120 env OneDriveCommercial="$business" GOPATH="$gopath" \
        GOMODCACHE="$modcache" CGO_ENABLED=1 "$wine" "$exe" check --offline --format json >"$out" 2>"$out.err"); then
    # check exits non-zero when it finds errors; the report must still be there.
    :
  fi
  if result=$(python3 - "$out" "$script" <<'PY' 2>&1
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
ids = [f["id"] for f in r["findings"]]
def one(i):
    found = [f for f in r["findings"] if f["id"] == i]
    assert len(found) == 1, (i, ids)
    return found[0]
def commands(f):
    return "\n".join(c for x in f["fixes"] for c in x.get("commands", []) + [x["description"]]).lower()
exec(sys.argv[2])
PY
  ); then pass "$name"
  else fail "$name" "$result" "$(head -c 2000 "$out.err")"
  fi
}

# --- 1. no Defender in the prefix --------------------------------------------------
check "no Defender, no os/windows-defender" '
assert "os/windows-defender" not in ids, ids
assert "os/protection-disabled" not in ids, ids
'

# --- 2-5. Defender on with two exclusions; OneDrive; long paths off ------------------
rtp='HKLM\SOFTWARE\Microsoft\Windows Defender\Real-Time Protection'
excl='HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths'
reg add "$rtp" /v DisableRealtimeMonitoring /t REG_DWORD /d 0 /f
reg add "$excl" /v "$(winpath "$goroot")" /t REG_DWORD /d 0 /f
reg add "$excl" /v '%LOCALAPPDATA%\go-build' /t REG_DWORD /d 0 /f
reg add 'HKCU\Software\Microsoft\OneDrive\Accounts\Personal' /v UserFolder /t REG_SZ /d "$onedrive" /f
reg add 'HKLM\SYSTEM\CurrentControlSet\Control\FileSystem' /v LongPathsEnabled /t REG_DWORD /d 0 /f

check "Defender scans exactly the Go dirs that are not excluded" "
f = one('os/windows-defender')
scanned = [e['value'].lower() for e in f['evidence'] if e['label'] == 'scanned']
assert not any(s.startswith(r'''$(winpath "$goroot")'''.lower()) for s in scanned), scanned
assert not any(s.endswith('go-build') for s in scanned), scanned
assert r'''$gopath'''.lower() in scanned, scanned
assert r'''$modcache'''.lower() in scanned, scanned
assert any('temp' in s for s in scanned), scanned
ex = [e for e in f['evidence'] if e['label'] == 'exclusion paths'][0]
assert '%LOCALAPPDATA%\\\\go-build' in ex['value'], ex
assert ex['source'] == r'HKLM\SOFTWARE\Microsoft\Windows Defender\Exclusions\Paths', ex
c = commands(f)
assert 'add-mppreference -exclusionpath' in c and 'dev drive' in c and 'gotmpdir' in c, c
assert '-disablerealtimemonitoring \$true' not in c, c
"

check "OneDrive (registry) and OneDrive for Business (environment) folders" "
fs = [f for f in r['findings'] if f['id'] == 'os/cloud-synced']
assert len(fs) == 2, [f['title'] for f in fs]
personal = [f for f in fs if 'Accounts\\\\Personal\\\\UserFolder' in f['evidence'][0]['source']]
assert personal and 'project' in personal[0]['title'], [f['evidence'][0] for f in fs]
business = [f for f in fs if f['evidence'][0]['source'] == 'environment variable OneDriveCommercial']
assert business and 'GOMODCACHE' in business[0]['title'], [f['evidence'][0] for f in fs]
assert business[0]['severity'] == 'warning' and personal[0]['severity'] == 'info'
"

check "long module cache paths with LongPathsEnabled=0" "
f = one('os/windows-long-paths')
longest = [e for e in f['evidence'] if e['label'] == 'longest path in GOMODCACHE'][0]['value']
assert longest.endswith('zz_generated_deepcopy_for_all_the_api_types_in_this_package.go'), longest
assert len(longest) > 260, len(longest)
assert f['severity'] == 'warning', f['severity']
lp = [e for e in f['evidence'] if e['label'] == 'LongPathsEnabled'][0]
assert lp['value'] == '0' and lp['source'].endswith('FileSystem\\\\LongPathsEnabled'), lp
"

check "non-ASCII GOPATH with cgo on" "
f = one('env/path-characters')
assert 'José' in f['title'], f['title']
"

# --- 4b. long paths enabled -------------------------------------------------------
reg add 'HKLM\SYSTEM\CurrentControlSet\Control\FileSystem' /v LongPathsEnabled /t REG_DWORD /d 1 /f
check "LongPathsEnabled=1: no long-path finding" '
assert "os/windows-long-paths" not in ids, ids
'

# --- 6. real-time protection switched off -------------------------------------------------
reg add "$rtp" /v DisableRealtimeMonitoring /t REG_DWORD /d 1 /f
check "real-time protection off is os/protection-disabled" "
assert 'os/windows-defender' not in ids, ids
f = one('os/protection-disabled')
assert f['evidence'][0]['source'].endswith('Real-Time Protection\\\\DisableRealtimeMonitoring'), f['evidence']
assert 'set-mppreference -disablerealtimemonitoring \$false' in commands(f)
"

# --- 7. GOPATH in both the user and the machine environment (last: Wine passes
# registry environment values on to the processes it starts) -----------------------
reg add 'HKCU\Environment' /v GOPATH /t REG_EXPAND_SZ /d '%USERPROFILE%\gouser' /f
reg add 'HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment' /v GOPATH /t REG_SZ /d 'C:\gomachine' /f
check "user vs machine GOPATH in the registry (REG_EXPAND_SZ expanded)" "
fs = [f for f in r['findings'] if f['id'] == 'env/set-in-several-places' and 'for the user' in f['title']]
assert len(fs) == 1, [f['title'] for f in r['findings']]
f = fs[0]
user = [e for e in f['evidence'] if e['label'] == 'GOPATH (user)'][0]
machine = [e for e in f['evidence'] if e['label'] == 'GOPATH (machine)'][0]
assert user['source'] == r'HKCU\\Environment\\GOPATH', user
assert user['value'].endswith(r'\\gouser (REG_EXPAND_SZ: %USERPROFILE%\\gouser)'), user
assert not user['value'].startswith('%'), user
assert machine['value'] == r'C:\\gomachine', machine
assert machine['source'].endswith(r'Session Manager\\Environment\\GOPATH'), machine
c = commands(f)
assert \"setenvironmentvariable('gopath', \$null, 'user')\" in c, c
"

# --- 8. a go.exe in WindowsApps first on PATH (an App Execution Alias reads as an
# empty file to programs that do not follow its reparse point) ----------------------
apps="$work/AppData/Local/Microsoft/WindowsApps"
mkdir -p "$apps"
: >"$apps/go.exe"
saved_winepath=$WINEPATH
WINEPATH="$(winpath "$apps");$WINEPATH"
check "go.exe in WindowsApps before Go's bin is toolchain/go-shadowed" "
f = one('toolchain/go-shadowed')
assert 'in WindowsApps comes first on PATH and hides' in f['title'], f['title']
assert f['evidence'][0]['value'].lower().startswith(r'''$(winpath "$apps")\\go.exe'''.lower()), f['evidence']
assert f['evidence'][1]['value'].lower() == r'''$(winpath "$goroot/bin")\\go.exe'''.lower(), f['evidence']
assert 'app execution aliases' in commands(f), commands(f)
"
WINEPATH=$saved_winepath

# --- 9-12. Defender detections and Security Center through a stand-in PowerShell --------
ps_dir=$WINEPREFIX/drive_c/windows/system32/WindowsPowerShell/v1.0
mkdir -p "$ps_dir" "$WINEPREFIX/drive_c/gomedic-ps"
x86_64-w64-mingw32-gcc -O2 -o "$ps_dir/powershell.exe" "$repo/scripts/wine/powershell-stand-in.c" \
  || fail_setup "could not build the PowerShell stand-in (x86_64-w64-mingw32-gcc)"
wine_temp=$("$wine" cmd /c echo %TEMP% 2>/dev/null | tr -d '\r')
project=$(winpath "$work/OneDrive/src/app")
[ -n "$wine_temp" ] || fail_setup "could not read %TEMP% under Wine"
# answer KIND: writes what a real PowerShell 5.1 prints for gomedic's script
# (the shapes of testdata/vectors/windows-security/script-output-*.json, with
# this prefix's paths and times of the last days).
answer() {
  python3 - "$1" "$WINEPREFIX/drive_c/gomedic-ps/answer.json" "$wine_temp" "$project" <<'PY'
import json, sys, time
kind, out, temp, project = sys.argv[1:]
now = int(time.time() * 1000)
date = lambda days_ago: "/Date(%d)/" % (now - days_ago * 86400000)
defender = {"displayName": "Windows Defender", "productState": 397568, "pathToSignedProductExe": "windowsdefender://"}
avast = {"displayName": "Avast Antivirus", "productState": 262144, "pathToSignedProductExe": "C:\\Program Files\\Avast Software\\Avast\\wsc_proxy.exe"}
if kind == "detections":
    body = {
        "detections": [
            {"ThreatID": 2147735503, "Resources": ["file:_" + temp + "\\go-build2817346572\\b001\\exe\\app.test.exe"],
             "InitialDetectionTime": date(2), "ThreatStatusID": 3, "ActionSuccess": True, "ProcessName": "link.exe"},
            {"ThreatID": 2147746071, "Resources": ["file:_" + project + "\\app.exe"],
             "InitialDetectionTime": date(5), "ThreatStatusID": 4, "ActionSuccess": True, "ProcessName": "go.exe"},
            {"ThreatID": 2147780199, "Resources": ["file:_C:\\users\\Public\\Downloads\\setup-toolbar.exe"],
             "InitialDetectionTime": date(1), "ThreatStatusID": 3, "ActionSuccess": True, "ProcessName": "msedge.exe"},
            {"ThreatID": 2147735503, "Resources": ["file:_" + temp + "\\go-build1234567890\\b001\\exe\\old.test.exe"],
             "InitialDetectionTime": date(60), "ThreatStatusID": 3, "ActionSuccess": True, "ProcessName": "link.exe"},
        ],
        "threats": [
            {"ThreatID": 2147735503, "ThreatName": "Trojan:Win32/Wacatac.B!ml"},
            {"ThreatID": 2147746071, "ThreatName": "Trojan:Win32/Bearfoos.A!ml"},
            {"ThreatID": 2147780199, "ThreatName": "PUA:Win32/Presenoker"},
        ],
        "antivirus": [defender, avast],
    }
elif kind == "denied":
    body = {"detections_error": "Access denied. ", "threats_error": "Access denied. ", "antivirus": [defender]}
elif kind == "third-party":
    body = {"detections": [], "threats": [], "antivirus": [
        dict(defender, productState=393472), dict(avast, productState=266240)]}
text = json.dumps(body, separators=(",", ":"), ensure_ascii=True)
text = text.replace('"/Date(', '"\\/Date(').replace(')/"', ')\\/"')
open(out, "w").write(text)
PY
}

reg add "$rtp" /v DisableRealtimeMonitoring /t REG_DWORD /d 0 /f
answer detections
check "Defender detections of a go-build test binary and a build in the project" "
fs = [f for f in r['findings'] if f['id'] == 'os/windows-defender' and f['title'].startswith('Defender flagged')]
assert len(fs) == 1, [f['title'] for f in r['findings'] if f['id'] == 'os/windows-defender']
f = fs[0]
assert f['severity'] == 'warning', f['severity']
assert 'Defender flagged 2 of Go' in f['title'] and 'app.test.exe' in f['title'] and '\`app.exe\`' in f['title'], f['title']
values = [e['value'] for e in f['evidence']]
assert len(values) == 2, values
assert 'Trojan:Win32/Wacatac.B!ml, quarantined at ' in values[0] and 'go-build2817346572' in values[0], values
assert values[1].startswith(r'''$project\\app.exe: Trojan:Win32/Bearfoos.A!ml, removed at'''), values
assert [e['label'] for e in f['evidence']][1] == 'Defender detection in the project', f['evidence']
assert all('WindowsPowerShell' in e['source'] and 'Get-MpThreatDetection' in e['source'] for e in f['evidence']), f['evidence']
c = commands(f)
assert 'add-mppreference -exclusionpath' in c and r'''$project'''.lower() in c, c
assert 'gotmpdir' in c and 'wdsi/filesubmission' in c, c
assert '-disablerealtimemonitoring \$true' not in c, c
args = open('$WINEPREFIX/drive_c/gomedic-ps/args.txt', encoding='latin-1').read()
assert '-NoProfile -NonInteractive -Command' in args and 'Get-MpThreatDetection' in args and 'root/SecurityCenter2' in args, args
"

answer denied
check "unreadable detections: could not read, with why" "
f = [f for f in r['findings'] if f['id'] == 'os/windows-defender'][0]
e = [e for e in f['evidence'] if e['label'] == 'recent Defender detections']
assert e and e[0]['value'] == 'could not read: Access denied.', f['evidence']
assert not any(f['title'].startswith('Defender flagged') for f in r['findings']), ids
"

reg add "$rtp" /v DisableRealtimeMonitoring /t REG_DWORD /d 1 /f
answer third-party
check "an active third-party antivirus replaces Defender" "
fs = [f for f in r['findings'] if f['id'] == 'os/windows-defender']
assert len(fs) == 1, [f['title'] for f in fs]
assert fs[0]['title'].startswith('\`Avast Antivirus\` scans in real time'), fs[0]['title']
assert fs[0]['severity'] == 'info', fs[0]['severity']
assert fs[0]['evidence'][0]['value'].startswith('Avast Antivirus: 0x041000: real-time protection on'), fs[0]['evidence']
assert 'os/protection-disabled' not in ids, ids
"

reg add "$rtp" /v DisableRealtimeMonitoring /t REG_DWORD /d 0 /f
: >"$WINEPREFIX/drive_c/gomedic-ps/hang"
start=$(date +%s)
check "a PowerShell that never answers is cut off at its bound" "
f = [f for f in r['findings'] if f['id'] == 'os/windows-defender'][0]
e = [e for e in f['evidence'] if e['label'] == 'recent Defender detections']
assert e and e[0]['value'] == 'could not read: PowerShell did not answer within 6000 ms', f['evidence']
"
elapsed=$(( $(date +%s) - start ))
echo "wine-os-tests: check with a hung PowerShell took ${elapsed}s" >&2
if [ "$elapsed" -le 30 ]; then pass "hung PowerShell: check still finishes (${elapsed}s)"
else fail "hung PowerShell: check still finishes" "took ${elapsed}s"
fi
rm -f "$WINEPREFIX/drive_c/gomedic-ps/hang"

echo "wine-os-tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
