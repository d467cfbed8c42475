//! gomedic's plain data, shared by the probe, the checks and the renderers.
//!
//! * [`snapshot::Snapshot`] — everything the probe learnt about a machine:
//!   plain, serialisable, redacted. It is the only value that crosses from the
//!   impure world (the probe) to the pure one (the checks).
//! * [`finding::Finding`] — one diagnosis with a stable id, evidence and fixes.
//! * [`report::Report`] — the versioned JSON document `gomedic check` prints.
//! * [`redact`] — removal of secrets from values before they are stored.

pub mod dns;
pub mod editor;
pub mod editor_tools;
pub mod finding;
pub mod goroot_files;
pub mod installs;
pub mod integrity;
pub mod ip_family;
pub mod module_audit;
pub mod network;
pub mod os_facts;
pub mod private;
pub mod private_access;
pub mod provenance;
pub mod redact;
pub mod report;
pub mod snapshot;
pub mod windows_security;

pub use finding::{Evidence, Finding, Fix, Severity};
pub use report::Report;
pub use snapshot::Snapshot;
