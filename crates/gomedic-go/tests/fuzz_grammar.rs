//! Every grammar parser must return (never panic) on arbitrary input,
//! including non-ASCII and very long strings; escaping must round-trip.

use gomedic_go::{goflags, goproxy, gosumdb, gotoolchain, module, pattern, semver};
use proptest::prelude::*;

fn interesting() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-+.,|:/!%#?@\\[\\]^* a-zA-Z0-9é\u{1}\t\"']{0,40}",
        "(v[0-9]{1,3}(\\.[0-9]{1,3}){0,2}(-[a-z0-9.]{0,8})?(\\+[a-z0-9.]{0,8})?)",
        "(go1\\.[0-9]{1,2}(\\.[0-9])?|local|auto|path)(\\+[a-z]{0,5})?",
        any::<String>().prop_map(|s| s.repeat(200)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(a in interesting(), b in interesting()) {
        for release in ["1.21.13", "1.27.3", "bogus"] {
            let _ = goproxy::parse_proxy_list(&a, &b, release);
            let _ = goproxy::parse_proxy_list_for_os(&a, "", release, true);
            let _ = goproxy::parse_go_url(&a, release);
            let _ = gosumdb::parse_gosumdb(&a, release);
            let _ = goflags::parse_goflags(&a, release);
            let env = goproxy::ModuleEnv::from_raw(&a, &b, &b, "", &a, &b);
            let _ = goproxy::route(&b, &env, release);
        }
        let _ = gosumdb::parse_verifier_key(&a);
        let _ = gotoolchain::parse_gotoolchain(&a);
        let _ = gotoolchain::select(&gotoolchain::SelectInputs {
            gotoolchain: &a, local_version: "1.22.10", go_line: Some(&b), toolchain_line: Some(&a),
            file: "go.mod", module_mode: true,
        });
        let _ = semver::compare(&a, &b);
        let _ = (semver::canonical(&a), semver::major_minor(&a), semver::max(&a, &b));
        let _ = module::check(&a, &b);
        let _ = module::check_path_bytes(module::PathKind::File, a.as_bytes());
        let _ = (module::pseudo_version_base(&a), module::pseudo_version_time(&a), module::canonical_version(&a));
        let _ = pattern::match_prefix_patterns(&a, &b);
        let _ = pattern::path_match(&a, &b);
    }

    #[test]
    fn escaping_round_trips(a in interesting()) {
        if let Ok(escaped) = module::escape_path(&a) {
            prop_assert_eq!(module::unescape_path(&escaped), Ok(a.clone()));
        }
        if let Ok(escaped) = module::escape_version(&a) {
            prop_assert_eq!(module::unescape_version(&escaped), Ok(a.clone()));
        }
        let _ = module::unescape_path(&a);
        let _ = module::unescape_version(&a);
    }
}
