//! The IP family of an address as Kubernetes tells them apart.

/// The IP family of an address: `IPv6` when it contains `:`, else `IPv4`.
/// Mirrors `utilnet.IsIPv6String` in `k8s.io/utils/net` for the addresses
/// svcmap reads (an address that does not parse is told apart the same way;
/// validation reports it elsewhere).
pub fn ip_family(ip: &str) -> &'static str {
    if ip.contains(':') {
        "IPv6"
    } else {
        "IPv4"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_families() {
        let rows = [
            ("10.0.0.1", "IPv4", "dotted quad"),
            ("fd00::1", "IPv6", "IPv6"),
            (
                "::ffff:10.0.0.1",
                "IPv6",
                "IPv4-mapped IPv6 is IPv6 (IsIPv6String)",
            ),
            (
                "1234::5678:0000:0000:9abc:def0",
                "IPv6",
                "the second address of TestShouldPodBeInEndpoints",
            ),
        ];
        for (ip, want, label) in rows {
            assert_eq!(ip_family(ip), want, "{label}");
        }
    }
}
