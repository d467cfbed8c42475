//! How the `go` command behaves, as pure functions with no I/O of their own.
//!
//! Every module mirrors one part of the go command or of `golang.org/x/mod`,
//! and is tested against the real go command (see `tests/` in the workspace).
//! When gomedic and Go disagree, gomedic is wrong.

pub mod buildinfo;
pub mod dirhash;
pub mod dnsconfig;
pub mod env;
pub mod envfile;
pub mod git_rewrite;
pub mod goauth;
pub mod goflags;
pub mod goimport;
pub mod goproxy;
pub mod gosum;
pub mod gosumdb;
pub mod gotoolchain;
pub mod goversion;
pub mod httpproxy;
pub mod modfile;
pub mod module;
pub mod modzip;
pub mod netrc;
pub mod note;
pub mod pattern;
pub mod semver;
pub mod sumdb_client;
pub mod tlog;
pub mod vendor;
