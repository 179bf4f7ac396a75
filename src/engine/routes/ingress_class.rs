//! Which IngressClass an Ingress belongs to.

use crate::engine::model::routing::{Ingress, IngressClass};

/// The annotation that makes an IngressClass the default.
pub const DEFAULT_CLASS_ANNOTATION: &str = "ingressclass.kubernetes.io/is-default-class";

/// The deprecated annotation that named the class before `ingressClassName`.
pub const CLASS_ANNOTATION: &str = "kubernetes.io/ingress.class";

/// The class an Ingress ends up with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassOf {
    /// `spec.ingressClassName` (or the deprecated annotation), found among the input's IngressClasses.
    Named(String),
    /// Named, but no IngressClass of that name is in the input (while others are).
    Missing(String),
    /// Named, and the input has no IngressClass at all: the cluster's.
    Unknown(String),
    /// Not named: the one default IngressClass, as the admission plugin sets it.
    Default(String),
    /// Not named, and no default: no controller is required to serve it.
    None,
}

/// The IngressClass of `ing`. Mirrors the `DefaultIngressClass` admission
/// plugin (`plugin/pkg/admission/network/defaultingressclass/admission.go`,
/// `Admit` and `getDefaultClass`): an Ingress without `ingressClassName` gets
/// the IngressClass annotated `ingressclass.kubernetes.io/is-default-class:
/// "true"` (with several, the newest; the input has no creation times, so
/// the last written); one naming a class keeps it. The deprecated
/// `kubernetes.io/ingress.class` annotation counts as a name.
pub fn ingress_class_of(ing: &Ingress, classes: &[&IngressClass]) -> ClassOf {
    let named = ing
        .class_name
        .clone()
        .or_else(|| ing.meta.annotations.get(CLASS_ANNOTATION).cloned());
    if let Some(name) = named {
        return if classes.iter().any(|c| c.meta.name == name) {
            ClassOf::Named(name)
        } else if classes.is_empty() {
            ClassOf::Unknown(name)
        } else {
            ClassOf::Missing(name)
        };
    }
    classes
        .iter()
        .rev()
        .find(|c| {
            c.meta
                .annotations
                .get(DEFAULT_CLASS_ANNOTATION)
                .is_some_and(|v| v == "true")
        })
        .map_or(ClassOf::None, |c| ClassOf::Default(c.meta.name.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::model::ObjectMeta;

    fn class(name: &str, default: bool) -> IngressClass {
        let mut meta = ObjectMeta {
            name: name.into(),
            ..ObjectMeta::default()
        };
        if default {
            meta.annotations
                .insert(DEFAULT_CLASS_ANNOTATION.into(), "true".into());
        }
        IngressClass {
            meta,
            controller: String::new(),
        }
    }

    #[test]
    fn classes_table() {
        let nginx = class("nginx", true);
        let traefik = class("traefik", false);
        let ing = |name: Option<&str>| Ingress {
            class_name: name.map(String::from),
            ..Ingress::default()
        };
        let rows: &[(Ingress, &[&IngressClass], ClassOf)] = &[
            (
                ing(Some("nginx")),
                &[&nginx],
                ClassOf::Named("nginx".into()),
            ),
            (
                ing(Some("nginz")),
                &[&nginx],
                ClassOf::Missing("nginz".into()),
            ),
            (ing(Some("nginx")), &[], ClassOf::Unknown("nginx".into())),
            (
                ing(None),
                &[&traefik, &nginx],
                ClassOf::Default("nginx".into()),
            ),
            (ing(None), &[&traefik], ClassOf::None),
        ];
        for (i, classes, want) in rows {
            assert_eq!(&ingress_class_of(i, classes), want, "{:?}", i.class_name);
        }
    }
}
