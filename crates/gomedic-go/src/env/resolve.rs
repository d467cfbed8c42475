//! `resolve`: the effective environment of one go binary, computed from
//! [`EnvInputs`] the way `cmd/go/internal/cfg`, `envcmd`, `modload` and
//! `work` compute it.

use super::cgo::{self, CompilerSetup, FlagTest};
use super::inputs::{EnvInputs, find_goroot, telemetry_dir, user_env_file_path};
use super::paths::{Flavor, user_cache_dir};
use super::quoted;
use super::release::Release;
use super::{EnvSource, EnvVar, GoEnv};
use crate::envfile::{self, EnvFileEntry};
use std::collections::BTreeMap;

const DEFAULT_CFLAGS: &str = "-O2 -g";

struct Resolver<'a> {
    inputs: &'a EnvInputs,
    flavor: Flavor,
    release: Release,
    user: BTreeMap<String, EnvFileEntry>,
    goroot_file: BTreeMap<String, EnvFileEntry>,
    vars: BTreeMap<String, EnvVar>,
    problems: Vec<String>,
}

fn var(value: impl Into<String>, source: EnvSource) -> EnvVar {
    EnvVar {
        value: value.into(),
        source,
    }
}

fn computed(value: impl Into<String>, why: &str) -> EnvVar {
    var(
        value,
        EnvSource::Computed {
            why: why.to_string(),
        },
    )
}

impl<'a> Resolver<'a> {
    fn new(inputs: &'a EnvInputs) -> Self {
        let release = inputs.release();
        let goroot_file = if release.has_goroot_env_file() {
            inputs
                .goroot_env_file
                .as_ref()
                .and_then(|f| f.content.as_deref())
                .map(envfile::parse)
                .unwrap_or_default()
        } else {
            BTreeMap::new()
        };
        Resolver {
            inputs,
            flavor: inputs.flavor(),
            release,
            user: inputs.user_settings(),
            goroot_file,
            vars: BTreeMap::new(),
            problems: Vec::new(),
        }
    }

    /// `cfg.Getenv`: a non-empty OS value, else the user file, else go.env.
    fn getenv(&self, key: &str) -> Option<EnvVar> {
        let os = self.inputs.os_getenv(key);
        if !os.is_empty() {
            return Some(var(os, EnvSource::Process));
        }
        if let Some(e) = self.user.get(key) {
            let path = self
                .inputs
                .user_env_file
                .as_ref()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            return Some(var(&e.value, EnvSource::UserFile { path, line: e.line }));
        }
        if let Some(e) = self.goroot_file.get(key) {
            let path = self
                .inputs
                .goroot_env_file
                .as_ref()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            return Some(var(&e.value, EnvSource::GorootFile { path, line: e.line }));
        }
        None
    }

    /// `cfg.EnvOr`: the configured value when non-empty, else the default.
    fn env_or(&self, key: &str, default: &str) -> EnvVar {
        self.getenv(key)
            .filter(|v| !v.value.is_empty())
            .unwrap_or_else(|| var(default, EnvSource::Default))
    }

    fn raw(&self, key: &str) -> EnvVar {
        self.getenv(key)
            .unwrap_or_else(|| var("", EnvSource::Default))
    }

    fn set(&mut self, key: &str, value: EnvVar) {
        self.vars.insert(key.to_string(), value);
    }

    fn value(&self, key: &str) -> &str {
        self.vars.get(key).map_or("", |v| v.value.as_str())
    }

    fn goroot(&mut self) {
        let found = find_goroot(self.inputs);
        let os = self.inputs.os_getenv("GOROOT");
        let goroot = if !os.is_empty() {
            var(self.flavor.clean(os), EnvSource::Process)
        } else if let Some((path, source)) = found {
            var(path, source)
        } else {
            var(
                "",
                EnvSource::Computed {
                    why: "no GOROOT found from the go binary's location".into(),
                },
            )
        };
        if goroot.value.is_empty() {
            self.problems.push(
                "go: cannot find GOROOT directory: 'go' binary is trimmed and GOROOT is not set"
                    .into(),
            );
        } else if self.inputs.is_dir.get(&goroot.value) == Some(&false) {
            self.problems.push(format!(
                "go: cannot find GOROOT directory: {}",
                goroot.value
            ));
        }
        let tooldir = if goroot.value.is_empty() {
            String::new()
        } else {
            let host = format!("{}_{}", self.inputs.host_os, self.inputs.host_arch);
            self.flavor.join(&[&goroot.value, "pkg", "tool", &host])
        };
        self.set(
            "GOTOOLDIR",
            computed(tooldir, "$GOROOT/pkg/tool/<GOHOSTOS>_<GOHOSTARCH>"),
        );
        self.set("GOROOT", goroot);
    }

    fn target(&mut self) {
        let goos = self.env_or("GOOS", &self.inputs.host_os);
        let goarch = self.env_or("GOARCH", &self.inputs.host_arch);
        let exe = if goos.value == "windows" { ".exe" } else { "" };
        self.set("GOEXE", computed(exe, "from GOOS"));
        self.set("GOOS", goos);
        self.set("GOARCH", goarch);
        self.set(
            "GOHOSTOS",
            computed(&self.inputs.host_os, "runtime.GOOS of the go binary"),
        );
        self.set(
            "GOHOSTARCH",
            computed(&self.inputs.host_arch, "runtime.GOARCH of the go binary"),
        );
        self.set(
            "GOVERSION",
            computed(
                &self.inputs.go_version,
                "runtime.Version() of the go binary",
            ),
        );
    }

    fn gopath(&mut self) {
        let home_var = match self.inputs.host_os.as_str() {
            "windows" => "USERPROFILE",
            "plan9" => "home",
            _ => "HOME",
        };
        let home = self.inputs.os_getenv(home_var);
        let runtime_goroot = {
            let env = self.inputs.os_getenv("GOROOT");
            if env.is_empty() {
                self.inputs.baked_goroot.clone()
            } else {
                env.to_string()
            }
        };
        let default = if home.is_empty() {
            String::new()
        } else {
            let def = self.flavor.join(&[home, "go"]);
            if !runtime_goroot.is_empty() && def == self.flavor.clean(&runtime_goroot) {
                String::new()
            } else {
                def
            }
        };
        let explicit = self.getenv("GOPATH").filter(|v| !v.value.is_empty());
        let mut gopath = explicit
            .clone()
            .unwrap_or_else(|| computed(&default, &format!("${home_var}/go")));
        // GOMODCACHE is computed at init, before main un-infers a bad GOPATH.
        let first = self
            .flavor
            .split_list(&gopath.value)
            .into_iter()
            .next()
            .unwrap_or_default();
        let modcache_default = if first.is_empty() {
            String::new()
        } else {
            self.flavor.join(&[&first, "pkg", "mod"])
        };
        let modcache = self
            .getenv("GOMODCACHE")
            .filter(|v| !v.value.is_empty())
            .unwrap_or_else(|| computed(modcache_default, "$GOPATH[0]/pkg/mod"));
        self.set("GOMODCACHE", modcache);

        // cmd/go/main.go checks.
        let goroot = self.value("GOROOT").to_string();
        let compare_goroot = if self.release.compares_gopath_with_cfg_goroot() {
            goroot
        } else {
            runtime_goroot
        };
        if self.flavor.clean(&gopath.value) == self.flavor.clean(&compare_goroot) {
            if self.release.new_gopath_goroot_warning() {
                self.problems.push(format!(
                    "warning: both GOPATH and GOROOT are the same directory ({}); see https://go.dev/wiki/InstallTroubleshooting",
                    gopath.value
                ));
            } else {
                self.problems.push(format!(
                    "warning: GOPATH set to GOROOT ({}) has no effect",
                    gopath.value
                ));
            }
        } else {
            for entry in self.flavor.split_list(&gopath.value) {
                if entry.is_empty() {
                    continue;
                }
                if entry.starts_with('~') {
                    self.problems.push(format!(
                        "go: GOPATH entry cannot start with shell metacharacter '~': {entry:?}"
                    ));
                    break;
                }
                if !self.flavor.is_abs(&entry) {
                    if explicit.is_none() {
                        gopath = computed("", "the inferred GOPATH was relative, so Go dropped it");
                    } else {
                        self.problems.push(format!(
                            "go: GOPATH entry is relative; must be absolute path: {entry:?}.\nFor more details see: 'go help gopath'"
                        ));
                    }
                    break;
                }
            }
        }
        self.set("GOPATH", gopath);
    }

    fn dirs(&mut self) {
        let gocache = match self.getenv("GOCACHE").filter(|v| !v.value.is_empty()) {
            Some(v) if v.value == "off" || self.flavor.is_abs(&v.value) => v,
            Some(v) => {
                self.problems
                    .push("GOCACHE is not an absolute path".to_string());
                var("off", v.source)
            }
            None => match user_cache_dir(&self.inputs.os_env, &self.inputs.host_os, self.release) {
                Ok(dir) => computed(
                    self.flavor.join(&[&dir, "go-build"]),
                    "the user cache dir + go-build",
                ),
                Err(e) => computed("off", &format!("GOCACHE is not defined and {e}")),
            },
        };
        if gocache.value == "off" {
            let why = match &gocache.source {
                EnvSource::Computed { why } => {
                    format!("build cache is required, but could not be located: {why}")
                }
                _ if self
                    .problems
                    .iter()
                    .any(|p| p == "GOCACHE is not an absolute path") =>
                {
                    self.problems
                        .retain(|p| p != "GOCACHE is not an absolute path");
                    "build cache is required, but could not be located: GOCACHE is not an absolute path".into()
                }
                _ => "build cache is disabled by GOCACHE=off, but required as of Go 1.12".into(),
            };
            self.problems.push(why);
        }
        self.set("GOCACHE", gocache);
        let goenv = match user_env_file_path(self.inputs) {
            Ok(path) if !self.inputs.os_getenv("GOENV").is_empty() => var(path, EnvSource::Process),
            Ok(path) => computed(path, "the user config dir + go/env"),
            Err(why) => computed("", &why),
        };
        self.set("GOENV", goenv);
        let gotmpdir = self.raw("GOTMPDIR");
        if !gotmpdir.value.is_empty() {
            let abs = self.flavor.abs(&gotmpdir.value, &self.inputs.cwd);
            if self.inputs.is_dir.get(&abs) == Some(&false) {
                self.problems.push(format!(
                    "go: creating work dir: stat {abs}: no such file or directory"
                ));
            }
        }
        self.set("GOTMPDIR", gotmpdir);
    }

    fn plain(&mut self) {
        for key in [
            "GOFLAGS",
            "GOINSECURE",
            "GOVCS",
            "GO111MODULE",
            "GOEXPERIMENT",
            "GOTOOLCHAIN",
        ] {
            let v = self.raw(key);
            self.set(key, v);
        }
        let private = self.raw("GOPRIVATE");
        for key in ["GONOPROXY", "GONOSUMDB"] {
            let v = self
                .getenv(key)
                .filter(|v| !v.value.is_empty())
                .unwrap_or_else(|| {
                    var(
                        &private.value,
                        EnvSource::Computed {
                            why: "defaults to GOPRIVATE".into(),
                        },
                    )
                });
            self.set(key, v);
        }
        self.set("GOPRIVATE", private);
        if self.release.has_goroot_env_file() {
            for key in ["GOPROXY", "GOSUMDB"] {
                let v = self.raw(key);
                self.set(key, v);
            }
        } else {
            let proxy = self.env_or("GOPROXY", "https://proxy.golang.org,direct");
            let sumdb = self.env_or("GOSUMDB", "sum.golang.org");
            self.set("GOPROXY", proxy);
            self.set("GOSUMDB", sumdb);
        }
        if self.release.has_telemetry() {
            let godebug = self.inputs.os_getenv("GODEBUG");
            self.set(
                "GODEBUG",
                var(
                    godebug,
                    if godebug.is_empty() {
                        EnvSource::Default
                    } else {
                        EnvSource::Process
                    },
                ),
            );
            let dir = telemetry_dir(self.inputs);
            let mode = if dir.is_empty() {
                computed("off", "no user config dir")
            } else {
                match self
                    .inputs
                    .telemetry_mode_file
                    .as_ref()
                    .and_then(|f| f.content.as_deref())
                {
                    Some(content) => {
                        let mode = content.trim_matches(|c: char| c.is_whitespace());
                        let mode = mode.split(' ').next().unwrap_or_default();
                        computed(mode, "the telemetry mode file")
                    }
                    None => computed("local", "no telemetry mode file"),
                }
            };
            self.set("GOTELEMETRY", mode);
            self.set(
                "GOTELEMETRYDIR",
                computed(dir, "the user config dir + go/telemetry"),
            );
        }
        if self.release.has_goauth() {
            let auth = self.env_or("GOAUTH", "netrc");
            let prog = self.raw("GOCACHEPROG");
            let fips = self.env_or("GOFIPS140", "off");
            self.set("GOAUTH", auth);
            self.set("GOCACHEPROG", prog);
            self.set("GOFIPS140", fips);
        }
        if self.release.lists_gopackagesdriver() {
            let driver = self.inputs.os_getenv("GOPACKAGESDRIVER");
            let source = if driver.is_empty() {
                EnvSource::Default
            } else {
                EnvSource::Process
            };
            self.set("GOPACKAGESDRIVER", var(driver, source));
        }
        let gccgo_name = gccgo_name(self.inputs);
        let gccgo = match self.inputs.path_lookups.get(&gccgo_name) {
            Some(Some(path)) => computed(path, "GCCGO found on PATH"),
            _ => self.env_or("GCCGO", "gccgo"),
        };
        self.set("GCCGO", gccgo);
    }

    fn arch_var(&mut self) -> Option<&'static str> {
        let goarch = self.value("GOARCH").to_string();
        let (key, default) = match goarch.as_str() {
            "amd64" => ("GOAMD64", "v1"),
            "386" => ("GO386", "sse2"),
            // 1.22 shows the float mode in the default (verified; 1.21 and 1.27 do not).
            "arm" if self.release.minor() == 22 => ("GOARM", "7,hardfloat"),
            "arm" => ("GOARM", "7"),
            "arm64" if self.release.has_telemetry() => ("GOARM64", "v8.0"),
            "mips" | "mipsle" => ("GOMIPS", "hardfloat"),
            "mips64" | "mips64le" => ("GOMIPS64", "hardfloat"),
            "ppc64" | "ppc64le" => ("GOPPC64", "power8"),
            "riscv64" if self.release.has_telemetry() => ("GORISCV64", "rva20u64"),
            "wasm" => ("GOWASM", ""),
            _ => return None,
        };
        let v = self.env_or(key, default);
        if key == "GOAMD64"
            && self.release.validates_goamd64()
            && !matches!(v.value.as_str(), "v1" | "v2" | "v3" | "v4")
        {
            self.problems
                .push("go: invalid GOAMD64: must be v1, v2, v3, v4".into());
        }
        self.set(key, v);
        Some(key)
    }

    fn cgo(&mut self) {
        let goos = self.value("GOOS").to_string();
        let goarch = self.value("GOARCH").to_string();
        let ar = self.env_or("AR", "ar");
        let cc = self
            .getenv("CC")
            .filter(|v| !v.value.is_empty())
            .unwrap_or_else(|| var(cgo::default_cc(&goos), EnvSource::Default));
        let cxx = self
            .getenv("CXX")
            .filter(|v| !v.value.is_empty())
            .unwrap_or_else(|| var(cgo::default_cxx(&goos), EnvSource::Default));
        let explicit = self
            .getenv("CGO_ENABLED")
            .filter(|v| v.value == "0" || v.value == "1");
        let enabled = match explicit {
            Some(v) => v,
            None => {
                let host = goos == self.inputs.host_os && goarch == self.inputs.host_arch;
                let (on, why) = if let Some(baked) = self.inputs.baked_cgo_enabled {
                    (baked, "the toolchain's built-in default".to_string())
                } else if !host {
                    (false, format!("cross-compiling to {goos}/{goarch}"))
                } else if !cgo::cgo_supported(&goos, &goarch) {
                    (false, format!("cgo is not supported on {goos}/{goarch}"))
                } else if !self.inputs.os_getenv("CC").is_empty() {
                    (true, "CC is set in the OS environment".to_string())
                } else {
                    let name = cgo::default_cc(&goos);
                    match self.inputs.path_lookups.get(name) {
                        Some(Some(path)) => (true, format!("{name} found on PATH at {path}")),
                        Some(None) => (false, format!("{name} not found on PATH")),
                        None => (true, format!("{name} was not looked up on PATH")),
                    }
                };
                computed(if on { "1" } else { "0" }, &why)
            }
        };
        self.set("AR", ar);
        self.set("CC", cc);
        self.set("CXX", cxx);
        self.set("CGO_ENABLED", enabled);
    }

    fn modules(&mut self) {
        let go111 = self.value("GO111MODULE").to_string();
        let dev_null = if self.inputs.host_os == "windows" {
            "NUL"
        } else {
            "/dev/null"
        };
        let must_use = match go111.as_str() {
            "" | "on" => Some(true),
            "auto" => Some(false),
            "off" => None,
            other => {
                self.problems.push(format!(
                    "go: unknown environment setting GO111MODULE={other}"
                ));
                Some(true)
            }
        };
        let temp_root = self.flavor.clean(&self.inputs.temp_dir);
        let mut module_mode = false;
        let gomod = match must_use {
            None => computed("", "GO111MODULE=off (GOPATH mode)"),
            Some(must) => match self.inputs.go_mod_dirs.first() {
                Some(root) if self.flavor.clean(root) == temp_root => {
                    self.problems.push(format!(
                        "go: warning: ignoring go.mod in system temp root {}",
                        self.inputs.temp_dir
                    ));
                    module_mode = must;
                    if must {
                        computed(dev_null, "no usable go.mod")
                    } else {
                        computed("", "GOPATH mode")
                    }
                }
                Some(root) => {
                    module_mode = true;
                    computed(
                        self.flavor.join(&[root, "go.mod"]),
                        "the nearest go.mod above the current directory",
                    )
                }
                None if must => {
                    module_mode = true;
                    computed(dev_null, "module mode without a go.mod")
                }
                None => computed("", "GO111MODULE=auto without a go.mod (GOPATH mode)"),
            },
        };
        self.set("GOMOD", gomod);
        let gowork_setting = self.raw("GOWORK");
        let gowork = match gowork_setting.value.as_str() {
            "off" => gowork_setting,
            "" | "auto" => {
                let goroot = self.flavor.clean(self.value("GOROOT"));
                let cwd = self.flavor.clean(&self.inputs.cwd);
                // The walk up from cwd stops before entering GOROOT itself.
                let found = self.inputs.go_work_dirs.first().cloned().filter(|dir| {
                    let dir = self.flavor.clean(dir);
                    let crosses_goroot = !goroot.is_empty()
                        && cwd != goroot
                        && self.flavor.is_within(&cwd, &goroot)
                        && self.flavor.is_within(&goroot, &dir);
                    dir == cwd || !crosses_goroot
                });
                match found {
                    Some(dir) => computed(
                        self.flavor.join(&[&dir, "go.work"]),
                        "the nearest go.work above the current directory",
                    ),
                    None => computed("", "no go.work found"),
                }
            }
            path => {
                if !self.flavor.is_abs(path) {
                    self.problems
                        .push("go: invalid GOWORK: not an absolute path".into());
                }
                gowork_setting
            }
        };
        self.set("GOWORK", gowork);
        if self.release.sorts_and_shows_effective_gobin() {
            let gobin = self.raw("GOBIN");
            if gobin.value.is_empty() {
                let gopath = self.value("GOPATH").to_string();
                let entries = self.flavor.split_list(&gopath);
                let first = entries
                    .first()
                    .filter(|e| !e.is_empty())
                    .map(|e| self.flavor.join(&[e, "bin"]));
                let effective = if module_mode {
                    first
                } else {
                    // GOPATH mode: the entry holding the current directory, else the first.
                    entries
                        .iter()
                        .filter(|e| !e.is_empty())
                        .find(|e| {
                            self.flavor
                                .is_within(&self.inputs.cwd, &self.flavor.join(&[e, "src"]))
                        })
                        .map(|e| self.flavor.join(&[e, "bin"]))
                        .or(first)
                };
                self.set(
                    "GOBIN",
                    computed(
                        effective.unwrap_or_default(),
                        "the default install dir ($GOPATH/bin)",
                    ),
                );
            } else {
                self.set("GOBIN", gobin);
            }
        } else {
            let gobin = self.raw("GOBIN");
            self.set("GOBIN", gobin);
        }
    }

    fn flags_list(&self, key: &str, default: &str) -> (EnvVar, Result<Vec<String>, String>) {
        let v = self.env_or(key, default);
        let words = quoted::split(&v.value);
        (v, words)
    }

    fn costly(&mut self) {
        let mut split_error = None;
        for (key, default) in [
            ("CGO_CFLAGS", DEFAULT_CFLAGS),
            ("CGO_CPPFLAGS", ""),
            ("CGO_CXXFLAGS", DEFAULT_CFLAGS),
            ("CGO_FFLAGS", DEFAULT_CFLAGS),
            ("CGO_LDFLAGS", DEFAULT_CFLAGS),
        ] {
            let (v, words) = self.flags_list(key, default);
            match words {
                Ok(words) => self.set(key, var(quoted::join_or_spaces(&words), v.source)),
                Err(e) => {
                    split_error.get_or_insert(format!("go: invalid cflags: {key}: {e}"));
                    self.set(key, v);
                }
            }
        }
        if let Some(e) = split_error {
            self.problems.push(e);
        }
        let (pkg_config, words) = self.flags_list("PKG_CONFIG", "pkg-config");
        let first = words
            .ok()
            .and_then(|w| w.into_iter().next())
            .unwrap_or_default();
        self.set("PKG_CONFIG", var(first, pkg_config.source));
        let flags = match compiler_setup_parts(self) {
            Some(parts) => {
                let setup = parts.setup(self.value("GOOS"), self.value("GOARCH"), self);
                let work = work_dir(self.inputs, self.value("GOTMPDIR"), self.flavor);
                let why = if self.inputs.cc_flag_support.is_empty() {
                    "from CC; the compiler was not run, so flags it must confirm are left out"
                } else {
                    "from CC and the flags it accepted"
                };
                computed(
                    cgo::gogccflags(&setup, &work, |f| {
                        self.inputs.cc_flag_support.get(f).copied()
                    }),
                    why,
                )
            }
            None => computed("", "CC cannot be split into words"),
        };
        self.set("GOGCCFLAGS", flags);
    }

    fn printed(&self, arch_key: Option<&str>) -> Vec<String> {
        let r = self.release;
        let mut keys: Vec<&str> = vec!["GO111MODULE", "GOARCH"];
        if r.has_goauth() {
            keys.push("GOAUTH");
        }
        keys.extend(["GOBIN", "GOCACHE"]);
        if r.has_goauth() {
            keys.push("GOCACHEPROG");
        }
        keys.extend(["GOENV", "GOEXE", "GOEXPERIMENT"]);
        if r.has_goauth() {
            keys.push("GOFIPS140");
        }
        keys.extend([
            "GOFLAGS",
            "GOHOSTARCH",
            "GOHOSTOS",
            "GOINSECURE",
            "GOMODCACHE",
            "GONOPROXY",
            "GONOSUMDB",
            "GOOS",
        ]);
        if r.lists_gopackagesdriver() {
            keys.push("GOPACKAGESDRIVER");
        }
        keys.extend([
            "GOPATH",
            "GOPRIVATE",
            "GOPROXY",
            "GOROOT",
            "GOSUMDB",
            "GOTMPDIR",
        ]);
        if r.has_goroot_env_file() {
            keys.push("GOTOOLCHAIN");
        }
        keys.extend(["GOTOOLDIR", "GOVCS", "GOVERSION"]);
        if r.has_telemetry() {
            keys.extend(["GODEBUG", "GOTELEMETRY", "GOTELEMETRYDIR"]);
        }
        keys.push("GCCGO");
        if let Some(arch) = arch_key {
            keys.push(arch);
        }
        keys.extend([
            "AR",
            "CC",
            "CXX",
            "CGO_ENABLED",
            "GOMOD",
            "GOWORK",
            "CGO_CFLAGS",
            "CGO_CPPFLAGS",
            "CGO_CXXFLAGS",
            "CGO_FFLAGS",
            "CGO_LDFLAGS",
            "PKG_CONFIG",
            "GOGCCFLAGS",
        ]);
        keys.into_iter().map(String::from).collect()
    }

    /// Variables set only in a file are readable by `go env NAME` (`CanGetenv`).
    fn file_only_keys(&mut self) {
        let keys: Vec<String> = self
            .user
            .keys()
            .chain(self.goroot_file.keys())
            .cloned()
            .collect();
        for key in keys {
            if !self.vars.contains_key(&key)
                && let Some(v) = self.getenv(&key)
            {
                self.set(&key, v);
            }
        }
    }
}

/// The name `work` looks GCCGO up under (`GCCGO` or `gccgo`).
pub(crate) fn gccgo_name(inputs: &EnvInputs) -> String {
    let r = Resolver::new(inputs);
    r.env_or("GCCGO", "gccgo").value
}

struct SetupParts {
    compiler: Vec<String>,
    cflags: Vec<String>,
    ldflags: Vec<String>,
}

impl SetupParts {
    fn setup<'s>(&'s self, goos: &'s str, goarch: &'s str, r: &'s Resolver) -> CompilerSetup<'s> {
        CompilerSetup {
            compiler: &self.compiler,
            goos,
            goarch,
            gomips: r
                .vars
                .get("GOMIPS")
                .map_or("hardfloat", |v| v.value.as_str()),
            gomips64: r
                .vars
                .get("GOMIPS64")
                .map_or("hardfloat", |v| v.value.as_str()),
            cgo_enabled: r.value("CGO_ENABLED") == "1",
            cflags: &self.cflags,
            ldflags: &self.ldflags,
            dev_null: if r.inputs.host_os == "windows" {
                "NUL"
            } else {
                "/dev/null"
            },
        }
    }
}

fn compiler_setup_parts(r: &Resolver) -> Option<SetupParts> {
    let compiler = quoted::split(r.value("CC"))
        .ok()
        .filter(|w| !w.is_empty())?;
    let cflags = quoted::split(&r.env_or("CGO_CFLAGS", DEFAULT_CFLAGS).value).unwrap_or_default();
    let ldflags = quoted::split(&r.env_or("CGO_LDFLAGS", DEFAULT_CFLAGS).value).unwrap_or_default();
    Some(SetupParts {
        compiler,
        cflags,
        ldflags,
    })
}

/// The work directory shown in GOGCCFLAGS: `inputs.work_dir`, else
/// `<GOTMPDIR or temp dir>/go-build0` (Go's number is random).
fn work_dir(inputs: &EnvInputs, gotmpdir: &str, flavor: Flavor) -> String {
    if let Some(dir) = &inputs.work_dir {
        return dir.clone();
    }
    let base = if gotmpdir.is_empty() {
        inputs.temp_dir.clone()
    } else {
        flavor.abs(gotmpdir, &inputs.cwd)
    };
    flavor.join(&[&base, "go-build0"])
}

/// The compiler runs Go makes to compute GOGCCFLAGS for these inputs.
pub(crate) fn compiler_flag_tests(inputs: &EnvInputs) -> Vec<FlagTest> {
    let env = resolve(inputs);
    let r = Resolver::new(inputs);
    let mut r = r;
    r.vars = env.vars;
    let Some(parts) = compiler_setup_parts(&r) else {
        return Vec::new();
    };
    let setup = parts.setup(r.value("GOOS"), r.value("GOARCH"), &r);
    cgo::TESTED_FLAGS
        .iter()
        .map(|flag| cgo::flag_test(&setup, flag))
        .collect()
}

/// Resolves every variable `go env -json` of `inputs.go_version` prints,
/// with provenance, and the problems Go would report on the way.
pub fn resolve(inputs: &EnvInputs) -> GoEnv {
    let mut r = Resolver::new(inputs);
    r.goroot();
    r.target();
    r.gopath();
    r.dirs();
    r.plain();
    let arch_key = r.arch_var();
    r.cgo();
    r.modules();
    r.costly();
    r.file_only_keys();
    let printed = r.printed(arch_key);
    GoEnv {
        vars: r.vars,
        printed,
        problems: r.problems,
    }
}
