//! A TCP stream that fails every read and write once a deadline has passed,
//! so a peer that stalls or trickles one byte at a time cannot hold a probe
//! past its time bound.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

pub struct DeadlineStream {
    inner: TcpStream,
    deadline: Instant,
}

impl DeadlineStream {
    pub fn new(inner: TcpStream, deadline: Instant) -> DeadlineStream {
        DeadlineStream { inner, deadline }
    }

    /// Sets the socket timeout to what is left, or fails when nothing is.
    fn arm(&self, read: bool) -> io::Result<()> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "i/o timeout"));
        }
        if read {
            self.inner.set_read_timeout(Some(left))
        } else {
            self.inner.set_write_timeout(Some(left))
        }
    }
}

fn timeout_kind(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::WouldBlock {
        io::Error::new(io::ErrorKind::TimedOut, "i/o timeout")
    } else {
        e
    }
}

impl Read for DeadlineStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.arm(true)?;
        self.inner.read(buf).map_err(timeout_kind)
    }
}

impl Write for DeadlineStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.arm(false)?;
        self.inner.write(buf).map_err(timeout_kind)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
