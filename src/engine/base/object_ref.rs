//! The identity of an object: kind, namespace and name.

use serde::Serialize;
use std::fmt;

/// Identity of an object: kind, namespace (empty for cluster-scoped) and name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ObjectRef {
    /// `Pod`, `Service`, `Deployment`, ...
    pub kind: String,
    /// The namespace; `default` when absent; empty for cluster-scoped kinds.
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
}

impl ObjectRef {
    /// A reference to an object.
    pub fn new(kind: &str, namespace: &str, name: &str) -> ObjectRef {
        ObjectRef {
            kind: kind.into(),
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// `namespace/name`, or `name` for cluster-scoped objects ([`namespaced_key`]).
    pub fn key(&self) -> String {
        namespaced_key(&self.namespace, &self.name)
    }
}

/// The key of an object: `namespace/name`, or `name` alone for a
/// cluster-scoped object (empty namespace). Every identity key of the engine
/// (graph node ids, explained and rolled-out objects) is this string. Mirrors
/// `MetaNamespaceKeyFunc` in `staging/src/k8s.io/client-go/tools/cache/store.go`.
pub fn namespaced_key(namespace: &str, name: &str) -> String {
    if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{namespace}/{name}")
    }
}

impl fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.to_ascii_lowercase(), self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // `MetaNamespaceKeyFunc`: `namespace/name`, the name alone without a namespace.
    #[test]
    fn namespaced_keys() {
        let rows = [
            ("default", "web", "default/web", "namespaced"),
            ("", "node-1", "node-1", "cluster-scoped"),
            ("shop", "a/b", "shop/a/b", "the name is not escaped"),
        ];
        for (ns, name, want, label) in rows {
            assert_eq!(namespaced_key(ns, name), want, "{label}");
            assert_eq!(ObjectRef::new("Pod", ns, name).key(), want, "{label}");
        }
    }
}
