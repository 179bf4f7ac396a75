//! Addresses of the simulated cluster networks: nodes, pods (IPv4 and IPv6),
//! and the allocator Services draw their addresses from.

use crate::engine::base::stable_hash::fnv1a;
use std::collections::HashSet;
use std::net::Ipv4Addr;

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

/// Allocates addresses from a /N IPv4 range by hashing a key, then probing past used ones.
#[derive(Debug)]
pub struct IpAllocator {
    base: u32,
    size: u32,
    used: HashSet<u32>,
}

impl IpAllocator {
    /// A range starting at `base` with `size` addresses; `taken` are never handed out.
    pub fn new(base: Ipv4Addr, size: u32, taken: impl IntoIterator<Item = String>) -> IpAllocator {
        let base = u32::from(base);
        let used = taken
            .into_iter()
            .filter_map(|ip| ip.parse::<Ipv4Addr>().ok())
            .map(u32::from)
            .filter(|ip| ip.wrapping_sub(base) < size)
            .map(|ip| ip - base)
            .collect();
        IpAllocator { base, size, used }
    }

    /// The address for `key`: stable for the same key and the same taken set.
    pub fn allocate(&mut self, key: &str) -> Option<String> {
        // Skip the network address and .0/.255 endings for readability.
        let start = (fnv1a(key.as_bytes()) % u64::from(self.size)) as u32;
        for i in 0..self.size {
            let off = (start + i) % self.size;
            let low = off & 0xff;
            if low == 0 || low == 255 || self.used.contains(&off) {
                continue;
            }
            self.used.insert(off);
            return Some(Ipv4Addr::from(self.base + off).to_string());
        }
        None
    }
}

/// The network simulated nodes' addresses come from (10.0.0.0/16): the
/// nodes of [`SIMULATED_NODES`] are 10.0.0.11, .12, .13.
pub(super) const NODE_CIDR: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 0);

/// The (simulated) address of a node: 10.0.0.11 for `node-1` and on for the
/// simulated nodes, a stable address in 10.0.1.1–10.0.255.254 for any other
/// node name written in the input.
pub fn node_ip(node: &str) -> String {
    let base = u32::from(NODE_CIDR);
    let off = match SIMULATED_NODES.iter().position(|n| *n == node) {
        Some(i) => 11 + i as u32,
        None => {
            let h = fnv1a(node.as_bytes());
            let (high, low) = (1 + h % 255, 1 + (h >> 8) % 254);
            ((high << 8) | low) as u32
        }
    };
    Ipv4Addr::from(base + off).to_string()
}

/// The pod CIDR simulated IPs come from (10.244.0.0/16).
pub(super) const POD_CIDR: (Ipv4Addr, u32) = (Ipv4Addr::new(10, 244, 0, 0), 1 << 16);

/// Whether an offset in a /16 is usable (not ending in .0 or .255).
pub(super) fn usable(offset: u32) -> bool {
    !matches!(offset & 0xff, 0 | 255)
}

/// The prefix of simulated IPv6 pod IPs (fd00:10:244::/56).
pub const POD_IPV6_PREFIX: &str = "fd00:10:244::";

/// Nodes of the simulated cluster (DaemonSet pods, NodePort addresses).
pub const SIMULATED_NODES: &[&str] = &["node-1", "node-2", "node-3"];
