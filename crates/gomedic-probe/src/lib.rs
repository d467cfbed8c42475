//! The probe: reads the machine, never writes to it, and returns a
//! [`gomedic_model::Snapshot`]. Every probe is bounded in time, and a probe
//! that fails becomes a fact (a `ProbeError`), never a crash.
