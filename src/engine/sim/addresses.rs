//! Addresses of the simulated cluster networks.

/// An address in a simulated IPv6 range: `prefix` (ending in `::`) plus a host part.
pub fn simulated_ipv6(prefix: &str, host: u64) -> String {
    let hi = (host >> 16) & 0xffff;
    let lo = host & 0xffff;
    if hi == 0 {
        format!("{prefix}{lo:x}")
    } else {
        format!("{prefix}{hi:x}:{lo:x}")
    }
}
