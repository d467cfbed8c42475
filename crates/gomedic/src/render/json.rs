//! JSON output: pretty-printed, one document, a trailing newline.

use serde::Serialize;
use std::io::Write;

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    out.flush()
}
