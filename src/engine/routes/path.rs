//! Path matching: an Ingress path by its `pathType`, a route's `PathPrefix`
//! and `Exact` path matches.

/// How an Ingress path matched a request path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathMatch {
    /// `Exact`: the whole path.
    Exact,
    /// `Prefix` (or `PathPrefix`): this many bytes of path elements.
    Prefix(usize),
    /// `ImplementationSpecific`, read as `Prefix` here: the controller decides.
    ImplementationSpecific(usize),
}

impl PathMatch {
    /// The precedence among matching paths of one host: Exact first, then
    /// the longest prefix (`IngressRule` paths, Ingress concept page
    /// "Multiple matches").
    pub fn rank(self) -> (u8, usize) {
        match self {
            PathMatch::Exact => (2, usize::MAX),
            PathMatch::Prefix(n) | PathMatch::ImplementationSpecific(n) => (1, n),
        }
    }
}

/// Whether `prefix` is an element-wise prefix of `path`: both split by `/`,
/// trailing slashes ignored, `/` matching every path. Mirrors
/// `PathTypePrefix` of `staging/src/k8s.io/api/networking/v1/types.go` ("a
/// request is a match for path p if every p is an element-wise prefix of p of
/// the request path"; `/foo/bar` matches `/foo/bar/baz` but not `/foo/barbaz`);
/// Gateway API's `PathPrefix` (`HTTPPathMatch`, apis/v1/httproute_types.go)
/// is the same rule.
pub fn prefix_matches(prefix: &str, path: &str) -> bool {
    let p = prefix.trim_end_matches('/');
    if p.is_empty() {
        return path.starts_with('/') || path.is_empty();
    }
    let rest = match path.strip_prefix(p) {
        Some(r) => r,
        None => return false,
    };
    rest.is_empty() || rest.starts_with('/')
}

/// Whether an Ingress path of `path_type` matches `request` (the request
/// path, without query). Mirrors `PathType` of
/// `staging/src/k8s.io/api/networking/v1/types.go`: `Exact` compares the
/// whole path, case-sensitive; `Prefix` is [`prefix_matches`];
/// `ImplementationSpecific` is up to the IngressClass: read as `Prefix`, and
/// said as such.
pub fn ingress_path_matches(path_type: &str, path: &str, request: &str) -> Option<PathMatch> {
    let path = if path.is_empty() { "/" } else { path };
    let len = path.trim_end_matches('/').len();
    match path_type {
        "Exact" => (path == request).then_some(PathMatch::Exact),
        "Prefix" => prefix_matches(path, request).then_some(PathMatch::Prefix(len)),
        _ => prefix_matches(path, request).then_some(PathMatch::ImplementationSpecific(len)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Ingress concept page's "Examples" table of path matching
    /// (kubernetes/website content/en/docs/concepts/services-networking/ingress.md):
    /// 18 rows, each (paths as `type path`, request, the path that wins or `None`).
    #[test]
    fn ingress_path_examples_table() {
        type Row = (
            &'static [(&'static str, &'static str)],
            &'static str,
            Option<usize>,
        );
        let rows: &[Row] = &[
            (&[("Prefix", "/")], "/anything/at/all", Some(0)),
            (&[("Exact", "/foo")], "/foo", Some(0)),
            (&[("Exact", "/foo")], "/bar", None),
            (&[("Exact", "/foo")], "/foo/", None),
            (&[("Exact", "/foo/")], "/foo", None),
            (&[("Prefix", "/foo")], "/foo", Some(0)),
            (&[("Prefix", "/foo")], "/foo/", Some(0)),
            (&[("Prefix", "/foo/")], "/foo", Some(0)),
            (&[("Prefix", "/foo/")], "/foo/", Some(0)),
            (&[("Prefix", "/aaa/bb")], "/aaa/bbb", None),
            (&[("Prefix", "/aaa/bbb")], "/aaa/bbb", Some(0)),
            (&[("Prefix", "/aaa/bbb/")], "/aaa/bbb", Some(0)),
            (&[("Prefix", "/aaa/bbb")], "/aaa/bbb/", Some(0)),
            (&[("Prefix", "/aaa/bbb")], "/aaa/bbb/ccc", Some(0)),
            (&[("Prefix", "/aaa/bbb")], "/aaa/bbbxyz", None),
            (&[("Prefix", "/"), ("Prefix", "/aaa")], "/aaa/ccc", Some(1)),
            (
                &[("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")],
                "/aaa/bbb",
                Some(2),
            ),
            (
                &[("Prefix", "/"), ("Prefix", "/aaa"), ("Prefix", "/aaa/bbb")],
                "/ccc",
                Some(0),
            ),
            (&[("Prefix", "/aaa")], "/ccc", None),
            (&[("Prefix", "/foo"), ("Exact", "/foo")], "/foo", Some(1)),
        ];
        for (paths, request, want) in rows {
            let best = paths
                .iter()
                .enumerate()
                .filter_map(|(i, (t, p))| {
                    ingress_path_matches(t, p, request).map(|m| (m.rank(), i))
                })
                .max_by_key(|(r, i)| (*r, usize::MAX - i))
                .map(|(_, i)| i);
            assert_eq!(best, *want, "{paths:?} for {request}");
        }
    }

    #[test]
    fn implementation_specific_is_said_as_such() {
        assert_eq!(
            ingress_path_matches("ImplementationSpecific", "/a", "/a/b"),
            Some(PathMatch::ImplementationSpecific(2))
        );
    }
}
