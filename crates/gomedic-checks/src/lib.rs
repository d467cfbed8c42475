//! The checks: pure functions from a [`gomedic_model::Snapshot`] to findings.
//! No check opens a file, a socket or a process.
//!
//! Every check is a function in its area module (`toolchain`, `env`,
//! `modules`, `cgo`, `os`), registered once in [`REGISTRY`] with its id. Its
//! long explanation for `gomedic explain ID` lives in [`catalogue`].

mod catalogue;
mod cgo;
mod context;
mod editor_settings;
mod editor_tools;
mod env;
mod fixes;
mod goroot_stomp;
pub mod install_source;
mod installs;
mod integrity;
mod module_audit;
mod modules;
mod network;
mod network_dns;
mod network_ipv6;
mod os;
mod os_cloud;
mod os_linux;
mod os_macos;
mod os_macos_sip;
mod os_protection;
mod os_windows;
mod os_windows_security;
mod paths;
mod private;
mod private_access;
mod provenance;
mod tls_platform;
mod toolchain;
mod toolchain_select;
mod toolchain_snap;
mod versions;

pub use catalogue::CheckInfo;
pub use paths::PathStyle;
pub use versions::{NEWEST_KNOWN_MINOR, SUPPORTED_RELEASES};

use context::Ctx;
use gomedic_model::{Finding, Snapshot};

type CheckFn = fn(&Ctx) -> Vec<Finding>;

/// Every implemented check, by id, in catalogue order.
const REGISTRY: &[(&str, CheckFn)] = &[
    ("toolchain/go-not-found", toolchain::go_not_found),
    ("toolchain/go-shadowed", toolchain::go_shadowed),
    ("toolchain/go-not-runnable", toolchain::go_not_runnable),
    ("toolchain/goroot-not-found", toolchain::goroot_not_found),
    ("toolchain/goroot-mismatch", toolchain::goroot_mismatch),
    (
        "toolchain/compile-version-mismatch",
        toolchain::compile_version_mismatch,
    ),
    ("toolchain/stomped-install", goroot_stomp::stomped_install),
    ("toolchain/unsupported-go", toolchain::unsupported_go),
    ("toolchain/snap-go", toolchain_snap::snap_go),
    ("toolchain/install-sources", installs::install_sources),
    (
        "toolchain/version-pin-mismatch",
        installs::version_pin_mismatch,
    ),
    ("env/goroot-set", env::goroot_set),
    ("env/gopath-equals-goroot", env::gopath_equals_goroot),
    ("env/gopath-invalid", env::gopath_invalid),
    ("env/gobin-not-on-path", env::gobin_not_on_path),
    ("env/gobin-in-goroot", env::gobin_in_goroot),
    ("env/dir-not-writable", env::dir_not_writable),
    ("env/cache-dir-unavailable", env::cache_dir_unavailable),
    ("env/go-env-w-shadowed", env::go_env_w_shadowed),
    ("env/go111module-legacy", env::go111module_legacy),
    ("env/goflags-malformed", env::goflags_malformed),
    ("env/global-goos-goarch", env::global_goos_goarch),
    ("env/distro-defaults", env::distro_defaults),
    (
        "env/set-in-several-places",
        provenance::set_in_several_places,
    ),
    ("env/context-differs", provenance::context_differs),
    ("editor/go-not-found", editor_settings::go_not_found),
    ("editor/different-go", editor_settings::different_go),
    ("editor/workspace-layout", editor_settings::workspace_layout),
    ("modules/goproxy-invalid", modules::goproxy_invalid),
    ("modules/goproxy-off", modules::goproxy_off),
    ("modules/goproxy-fallback", modules::goproxy_fallback),
    ("modules/sumdb-invalid", modules::sumdb_invalid),
    ("modules/sumdb-disabled", modules::sumdb_disabled),
    ("modules/proxy-unreachable", network::proxy_unreachable),
    ("modules/proxy-insecure", network::proxy_insecure),
    ("modules/sumdb-unreachable", network::sumdb_unreachable),
    ("modules/sumdb-verify-failed", network::sumdb_verify_failed),
    (
        "modules/deprecated-dependency",
        module_audit::deprecated_dependency,
    ),
    ("modules/no-go-mod", modules::no_go_mod),
    ("modules/stray-go-mod", modules::stray_go_mod),
    ("modules/go-line-too-new", toolchain_select::go_line_too_new),
    (
        "modules/toolchain-switch",
        toolchain_select::toolchain_switch,
    ),
    ("modules/cache-damaged", integrity::cache_damaged),
    ("modules/checksum-mismatch", integrity::checksum_mismatch),
    ("modules/go-sum-incomplete", integrity::go_sum_incomplete),
    (
        "modules/vendor-inconsistent",
        integrity::vendor_inconsistent,
    ),
    ("private/not-in-goprivate", private::not_in_goprivate),
    ("private/goprivate-too-broad", private::goprivate_too_broad),
    ("private/go-import-failed", private::go_import_failed),
    ("network/tls-untrusted", network::tls_untrusted),
    ("network/ca-bundle-missing", network::ca_bundle_missing),
    ("network/dns-failure", network_dns::dns_failure),
    ("network/ipv6-broken", network_ipv6::ipv6_broken),
    ("network/http-proxy-env", network::http_proxy_env),
    ("private/git-missing", private_access::git_missing),
    ("private/no-credentials", private_access::no_credentials),
    (
        "private/insteadof-rewrite",
        private_access::insteadof_rewrite,
    ),
    ("cgo/no-c-compiler", cgo::no_c_compiler),
    ("cgo/disabled-silently", cgo::disabled_silently),
    ("os/noexec-tmp", os::noexec_tmp),
    ("os/network-fs", os_linux::network_fs),
    ("os/ptrace-restricted", os_linux::ptrace_restricted),
    ("os/selinux", os_linux::selinux),
    ("os/apparmor", os_linux::apparmor),
    ("os/wsl-cross-fs", os_linux::wsl_cross_fs),
    ("os/windows-defender", os_windows::windows_defender),
    ("os/windows-long-paths", os_windows::windows_long_paths),
    ("env/path-characters", os_windows::path_characters),
    ("os/cloud-synced", os_cloud::cloud_synced),
    ("os/macos-quarantine", os_macos::macos_quarantine),
    ("os/macos-signature", os_macos::macos_signature),
    ("cgo/macos-clt-missing", os_macos::macos_clt_missing),
    ("os/protection-disabled", os_protection::protection_disabled),
    ("editor/gopls-stale", editor_tools::gopls_stale),
    ("editor/delve-stale", editor_tools::delve_stale),
    ("editor/tool-foreign-arch", editor_tools::tool_foreign_arch),
];

/// Runs every check on the snapshot. Findings come in registry order.
pub fn run_all(snapshot: &Snapshot) -> Vec<Finding> {
    let ctx = Ctx::new(snapshot);
    REGISTRY.iter().flat_map(|(_, check)| check(&ctx)).collect()
}

/// Runs one check by id (`None` for an id no check implements).
pub fn run_one(id: &str, snapshot: &Snapshot) -> Option<Vec<Finding>> {
    let ctx = Ctx::new(snapshot);
    REGISTRY
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, check)| check(&ctx))
}

/// The catalogue of implemented checks, for `gomedic explain`.
pub fn catalogue() -> &'static [CheckInfo] {
    catalogue::CATALOGUE
}

/// The catalogue entry of one id.
pub fn find(id: &str) -> Option<&'static CheckInfo> {
    catalogue::CATALOGUE.iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_and_catalogue_agree() {
        let registered: Vec<&str> = REGISTRY.iter().map(|(id, _)| *id).collect();
        let catalogued: Vec<&str> = catalogue().iter().map(|c| c.id).collect();
        assert_eq!(registered, catalogued);
        for info in catalogue() {
            assert_eq!(info.id.split('/').next(), Some(info.area), "{}", info.id);
            assert!(
                info.explanation.len() > 600,
                "{} needs a longer explanation",
                info.id
            );
            assert!(
                info.explanation.contains("https://"),
                "{} needs references",
                info.id
            );
            assert!(find(info.id).is_some());
        }
        assert!(find("toolchain/no-such-check").is_none());
    }

    #[test]
    fn empty_snapshot_does_not_panic() {
        let findings = run_all(&Snapshot::default());
        // A machine with nothing on PATH has no go.
        assert_eq!(
            findings.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
            ["toolchain/go-not-found"]
        );
    }
}
