//! Cross-namespace references and the ReferenceGrants that allow them.

use crate::engine::model::routing::ReferenceGrant;

/// Whether a reference from a `from_kind` object in `from_ns` to the
/// `to_kind` object `to_ns/to_name` is permitted. Gateway API,
/// "ReferenceGrant" (apis/v1beta1/referencegrant_types.go, GEP-709): a
/// reference within one namespace always is; across namespaces only when a
/// ReferenceGrant in the target namespace lists the source (group, kind,
/// namespace) in `from` and the target (group, kind, and `name` when
/// written) in `to`.
#[allow(clippy::too_many_arguments)]
pub fn reference_permitted(
    from_group: &str,
    from_kind: &str,
    from_ns: &str,
    to_group: &str,
    to_kind: &str,
    to_ns: &str,
    to_name: &str,
    grants: &[&ReferenceGrant],
) -> bool {
    if from_ns == to_ns {
        return true;
    }
    grants.iter().any(|g| {
        g.meta.namespace == to_ns
            && g.from
                .iter()
                .any(|f| f.group == from_group && f.kind == from_kind && f.namespace == from_ns)
            && g.to.iter().any(|t| {
                t.group == to_group
                    && t.kind == to_kind
                    && t.name.as_deref().is_none_or(|n| n == to_name)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::routing::{GrantFrom, GrantTo};
    use crate::engine::model::ObjectMeta;

    fn grant(ns: &str, from_ns: &str, name: Option<&str>) -> ReferenceGrant {
        ReferenceGrant {
            meta: ObjectMeta {
                namespace: ns.into(),
                ..ObjectMeta::default()
            },
            from: vec![GrantFrom {
                group: "gateway.networking.k8s.io".into(),
                kind: "HTTPRoute".into(),
                namespace: from_ns.into(),
            }],
            to: vec![GrantTo {
                group: String::new(),
                kind: "Service".into(),
                name: name.map(String::from),
            }],
        }
    }

    #[test]
    fn grants_table() {
        let g = "gateway.networking.k8s.io";
        let all = grant("backend", "web", None);
        let one = grant("backend", "web", Some("api"));
        let elsewhere = grant("web", "web", None);
        let rows: &[(&[&ReferenceGrant], &str, &str, bool)] = &[
            (&[], "web", "api", true), // same namespace
            (&[], "backend", "api", false),
            (&[&all], "backend", "api", true),
            (&[&one], "backend", "api", true),
            (&[&one], "backend", "db", false),
            (&[&elsewhere], "backend", "api", false),
        ];
        for (grants, to_ns, name, want) in rows {
            let from_ns = "web";
            let got =
                reference_permitted(g, "HTTPRoute", from_ns, "", "Service", to_ns, name, grants);
            assert_eq!(got, *want, "{to_ns}/{name}");
        }
        assert!(!reference_permitted(
            g,
            "GRPCRoute",
            "web",
            "",
            "Service",
            "backend",
            "api",
            &[&all]
        ));
    }
}
