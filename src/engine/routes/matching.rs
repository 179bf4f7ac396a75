//! Route rule matching: whether a request matches one `matches` entry,
//! and which of several matching entries wins.

use super::path::prefix_matches;
use super::request::Request;
use crate::engine::model::routing::{MatchKind, RouteMatch};

/// Whether `req` matches `m`: every condition written holds (path, every
/// header, every query parameter, the method). Gateway API, `HTTPRouteMatch`
/// (apis/v1/httproute_types.go): the conditions of one entry are ANDed;
/// header names are case-insensitive, query parameter names case-sensitive;
/// no path means `PathPrefix /`; `RegularExpression` is implementation-specific
/// and never matches here. A GRPCRoute method matches the path
/// `/service/method` (`GRPCMethodMatch`, apis/v1/grpcroute_types.go).
pub fn request_matches(m: &RouteMatch, req: &Request) -> bool {
    let path_ok = match &m.path {
        None => true,
        Some((MatchKind::Exact, v)) => req.path == *v,
        Some((MatchKind::PathPrefix, v)) => prefix_matches(v, &req.path),
        Some((MatchKind::RegularExpression, _)) => false,
    };
    let grpc_ok = match &m.grpc {
        None => true,
        Some((service, method)) => {
            let mut parts = req.path.trim_start_matches('/').splitn(2, '/');
            let (s, me) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            service.as_deref().is_none_or(|x| x == s) && method.as_deref().is_none_or(|x| x == me)
        }
    };
    let value_ok = |kind: MatchKind, want: &str, got: Option<&str>| match kind {
        MatchKind::Exact => got == Some(want),
        _ => false,
    };
    path_ok
        && grpc_ok
        && m.method
            .as_deref()
            .is_none_or(|x| x.eq_ignore_ascii_case(&req.method))
        && m.headers
            .iter()
            .all(|(k, n, v)| value_ok(*k, v, req.header(n)))
        && m.query
            .iter()
            .all(|(k, n, v)| value_ok(*k, v, req.query_param(n)))
}

/// The precedence of a match among all matching ones, greatest first.
/// Gateway API, `HTTPRouteRule.Matches` (apis/v1/httproute_types.go):
/// "Exact" path match first, then the "Prefix" path match with the largest
/// number of characters, then a method match, then the largest number of
/// header matches, then the largest number of query param matches. (Ties
/// go to the oldest route, then the first in `{namespace}/{name}` order,
/// then the first rule in order: the callers compare those.)
pub fn match_precedence(m: &RouteMatch) -> (u8, usize, bool, usize, usize) {
    let (exact, len) = match &m.path {
        Some((MatchKind::Exact, v)) => (2, v.len()),
        Some((_, v)) => (1, v.trim_end_matches('/').len()),
        None => (1, 0),
    };
    let grpc = m.grpc.as_ref().map_or(0, |(s, me)| {
        usize::from(s.is_some()) + usize::from(me.is_some())
    });
    (
        exact,
        len + grpc,
        m.method.is_some(),
        m.headers.len(),
        m.query.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(
        path: Option<(MatchKind, &str)>,
        headers: &[(&str, &str)],
        query: &[(&str, &str)],
        method: Option<&str>,
    ) -> RouteMatch {
        RouteMatch {
            path: path.map(|(k, v)| (k, v.to_string())),
            headers: headers
                .iter()
                .map(|(n, v)| (MatchKind::Exact, n.to_string(), v.to_string()))
                .collect(),
            query: query
                .iter()
                .map(|(n, v)| (MatchKind::Exact, n.to_string(), v.to_string()))
                .collect(),
            method: method.map(String::from),
            grpc: None,
        }
    }

    fn req(path: &str, headers: &[(&str, &str)], method: &str) -> Request {
        let mut r = Request::parse(&format!("http://x{path}")).unwrap();
        r.headers = headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        r.method = method.into();
        r
    }

    #[test]
    fn matching_table() {
        use MatchKind::*;
        let rows = [
            (
                m(Some((Exact, "/one")), &[], &[], None),
                req("/one", &[], "GET"),
                true,
            ),
            (
                m(Some((Exact, "/one")), &[], &[], None),
                req("/one/", &[], "GET"),
                false,
            ),
            (
                m(Some((PathPrefix, "/v2")), &[], &[], None),
                req("/v2/example", &[], "GET"),
                true,
            ),
            (
                m(Some((PathPrefix, "/v2")), &[], &[], None),
                req("/v2example", &[], "GET"),
                false,
            ),
            (
                m(None, &[("Version", "two")], &[], None),
                req("/", &[("version", "two")], "GET"),
                true,
            ),
            (
                m(None, &[("version", "two")], &[], None),
                req("/", &[("version", "Two")], "GET"),
                false,
            ),
            (
                m(None, &[], &[("animal", "whale")], None),
                req("/?animal=whale", &[], "GET"),
                true,
            ),
            (
                m(None, &[], &[("animal", "whale")], None),
                req("/?Animal=whale", &[], "GET"),
                false,
            ),
            (m(None, &[], &[], Some("POST")), req("/", &[], "POST"), true),
            (m(None, &[], &[], Some("POST")), req("/", &[], "GET"), false),
            (
                m(Some((RegularExpression, "/.*")), &[], &[], None),
                req("/a", &[], "GET"),
                false,
            ),
        ];
        for (mm, r, want) in rows {
            assert_eq!(request_matches(&mm, &r), want, "{mm:?} {r:?}");
        }
    }

    #[test]
    fn precedence_order() {
        use MatchKind::*;
        let exact = match_precedence(&m(Some((Exact, "/a")), &[], &[], None));
        let long = match_precedence(&m(Some((PathPrefix, "/a/b")), &[], &[], None));
        let short = match_precedence(&m(Some((PathPrefix, "/a")), &[], &[], None));
        let method = match_precedence(&m(Some((PathPrefix, "/a")), &[], &[], Some("GET")));
        let header = match_precedence(&m(Some((PathPrefix, "/a")), &[("h", "1")], &[], None));
        let query = match_precedence(&m(Some((PathPrefix, "/a")), &[], &[("q", "1")], None));
        assert!(
            exact > long && long > method && method > header && header > query && query > short
        );
    }
}
