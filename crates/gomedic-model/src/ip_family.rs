//! Facts comparing IPv4 and IPv6 paths to a host the go command reaches:
//! Go's dialer falls back to IPv4 when an IPv6 connect fails, but not when
//! an IPv6 connection is established and then stalls.

use crate::network::RequestFact;
use serde::{Deserialize, Serialize};

/// One host with both A and AAAA addresses, asked over each family.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpFamilyProbe {
    pub host: String,
    /// The GOPROXY entry (redacted) whose host this is.
    pub entry: String,
    /// The first IPv6 and IPv4 address of the system resolver's answer.
    pub v6_address: String,
    pub v4_address: String,
    /// The same request sent to each address.
    pub v6: RequestFact,
    pub v4: RequestFact,
}
