//! Hostnames: an Ingress rule's host, a listener's and a route's hostnames,
//! matched against a request's `Host` and intersected with each other.

/// The host of a `Host` header or URL authority: lowercased, without its
/// port. Gateway API, `HTTPRouteSpec.Hostnames` (apis/v1/httproute_types.go):
/// "the port value within the Host header MUST NOT be considered".
pub fn request_host(host: &str) -> String {
    let h = if host.starts_with('[') {
        host.split_inclusive(']').next().unwrap_or(host)
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    h.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether an Ingress rule's `host` matches a request host. Mirrors the
/// `IngressRule.Host` rule of `staging/src/k8s.io/api/networking/v1/types.go`:
/// "" matches every host; `*.foo.com` matches `bar.foo.com` but not
/// `baz.bar.foo.com` nor `foo.com` (the wildcard covers exactly one DNS label);
/// otherwise the host must be equal.
pub fn ingress_host_matches(rule_host: &str, host: &str) -> bool {
    if rule_host.is_empty() {
        return true;
    }
    match rule_host.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|h| h.strip_suffix('.'))
            .is_some_and(|label| !label.is_empty() && !label.contains('.')),
        None => rule_host.eq_ignore_ascii_case(host),
    }
}

/// Whether a Gateway API hostname (a listener's `hostname` or one of a
/// route's `hostnames`) matches a request host. Gateway API,
/// `Listener.Hostname` / `HTTPRouteSpec.Hostnames` (apis/v1/gateway_types.go,
/// httproute_types.go): `*.example.com` matches `foo.example.com` and
/// `foo.bar.example.com` (one or more labels) but not `example.com`.
pub fn gateway_host_matches(pattern: &str, host: &str) -> bool {
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .strip_suffix(suffix)
            .and_then(|h| h.strip_suffix('.'))
            .is_some_and(|labels| !labels.is_empty()),
        None => pattern.eq_ignore_ascii_case(host),
    }
}

/// The intersection of a listener's hostname and a route's hostname, the
/// more specific of the two, or `None` when they do not intersect. Gateway
/// API, `HTTPRouteSpec.Hostnames` (apis/v1/httproute_types.go): a listener
/// without hostname accepts every route hostname; `*.example.com` and
/// `foo.example.com` intersect as `foo.example.com`; `*.example.com` and
/// `*.foo.example.com` as `*.foo.example.com`; `*.example.com` does not
/// intersect `example.com`.
pub fn intersect(listener: Option<&str>, route: &str) -> Option<String> {
    let Some(listener) = listener.filter(|l| !l.is_empty()) else {
        return Some(route.to_string());
    };
    if listener.eq_ignore_ascii_case(route) {
        return Some(route.to_string());
    }
    let lw = listener.starts_with("*.");
    let rw = route.starts_with("*.");
    match (lw, rw) {
        (false, false) => None,
        (true, false) => gateway_host_matches(listener, route).then(|| route.to_string()),
        (false, true) => gateway_host_matches(route, listener).then(|| listener.to_string()),
        (true, true) => {
            let (l, r) = (&listener[1..], &route[1..]);
            if r.ends_with(l) {
                Some(route.to_string())
            } else if l.ends_with(r) {
                Some(listener.to_string())
            } else {
                None
            }
        }
    }
}

/// How specific a hostname is, for picking the listener (and route) a
/// request goes to: an exact name beats a wildcard, a longer wildcard a
/// shorter one, any hostname none. Gateway API, `Listener.Hostname`
/// (apis/v1/gateway_types.go): "the most specific match" is chosen.
pub fn specificity(hostname: Option<&str>) -> (u8, usize) {
    match hostname.filter(|h| !h.is_empty()) {
        None => (0, 0),
        Some(h) if h.starts_with("*.") => (1, h.len()),
        Some(h) => (2, h.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `IngressRule.Host` examples of `staging/src/k8s.io/api/networking/v1/types.go`
    /// and of the Ingress concept page ("Hostname wildcards" table): 3 rows.
    #[test]
    fn ingress_hostname_wildcards_table() {
        let rows = [
            ("*.foo.com", "bar.foo.com", true),
            ("*.foo.com", "baz.bar.foo.com", false),
            ("*.foo.com", "foo.com", false),
        ];
        for (rule, host, want) in rows {
            assert_eq!(ingress_host_matches(rule, host), want, "{rule} vs {host}");
        }
        assert!(ingress_host_matches("", "anything"));
        assert!(ingress_host_matches("Foo.com", "foo.com"));
    }

    #[test]
    fn intersections() {
        let rows: &[(Option<&str>, &str, Option<&str>)] = &[
            (None, "foo.com", Some("foo.com")),
            (
                Some("very.specific.com"),
                "very.specific.com",
                Some("very.specific.com"),
            ),
            (
                Some("*.wildcard.io"),
                "foo.bar.wildcard.io",
                Some("foo.bar.wildcard.io"),
            ),
            (Some("*.wildcard.io"), "wildcard.io", None),
            (
                Some("very.specific.com"),
                "*.specific.com",
                Some("very.specific.com"),
            ),
            (
                Some("*.example.com"),
                "*.foo.example.com",
                Some("*.foo.example.com"),
            ),
            (
                Some("*.foo.example.com"),
                "*.example.com",
                Some("*.foo.example.com"),
            ),
            (Some("*.anotherwildcard.io"), "*.wildcard.io", None),
            (Some("a.com"), "b.com", None),
        ];
        for (l, r, want) in rows {
            assert_eq!(intersect(*l, r).as_deref(), *want, "{l:?} ∩ {r}");
        }
    }

    #[test]
    fn request_hosts() {
        assert_eq!(request_host("Very.Specific.com:1234"), "very.specific.com");
        assert_eq!(request_host("[::1]:80"), "[::1]");
        assert_eq!(request_host("a.com."), "a.com");
    }
}
