//! The checks: pure functions from a [`gomedic_model::Snapshot`] to findings.
//! No check opens a file, a socket or a process.
