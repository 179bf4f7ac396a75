//! Which side of a near miss holds the typo — the Service or the pod — from
//! what the rest of the input says.

use crate::engine::analysis::shared_selector::pod_workload;
use crate::engine::model::{IntOrString, Pod};
use crate::engine::{analysis::Analysis, controllers::resolved::ResolvedService};

/// Which object a fix should edit first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The Service (its selector or its `targetPort`).
    Service,
    /// The pod (its workload's template, or the written pod).
    Pod,
}

/// Label keys the Kubernetes documentation uses: the Recommended Labels
/// (`app.kubernetes.io/…`), the examples of "Labels and Selectors"
/// (`release`, `environment`, `tier`, `partition`, `track`), and `app`,
/// `k8s-app`, `version`, `role` and `component` of its tutorials and addons.
pub const DOCUMENTED_KEYS: &[&str] = &[
    "app",
    "app.kubernetes.io/component",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/name",
    "app.kubernetes.io/part-of",
    "app.kubernetes.io/version",
    "component",
    "environment",
    "k8s-app",
    "partition",
    "release",
    "role",
    "tier",
    "track",
    "version",
];

/// Port names registered in the IANA Service Name registry that pods
/// commonly declare (a `targetPort` name must have the IANA_SVC_NAME form;
/// these are registered names of that form).
pub const IANA_PORT_NAMES: &[&str] = &[
    "amqp",
    "ftp",
    "http",
    "https",
    "ldap",
    "mysql",
    "postgresql",
    "smtp",
    "ssh",
];

/// A stand-in for "which workload": `kind/name`, or `pod/name` for a pod
/// written without one.
fn origin(pod: &Pod) -> String {
    match pod_workload(pod) {
        Some(w) => format!("{}/{}", w.kind, w.name),
        None => format!("pod/{}", pod.meta.name),
    }
}

/// Whether `name` has `word` as one of its `-`-separated parts (or is it):
/// `backend` in `api-backend`, `checkout` in `checkout`.
fn names(name: &str, word: &str) -> bool {
    !word.is_empty()
        && (name == word
            || name.starts_with(&format!("{word}-"))
            || name.ends_with(&format!("-{word}"))
            || name.contains(&format!("-{word}-")))
}

/// What the rest of a Service's namespace says, the Service and the near
/// missing pod's own workload left out.
struct Witnesses<'a> {
    a: &'a Analysis,
    rs: &'a ResolvedService,
    /// The near-missing pod's workload (see [`origin`]).
    own: String,
}

impl<'a> Witnesses<'a> {
    fn new(a: &'a Analysis, rs: &'a ResolvedService, pod: &Pod) -> Witnesses<'a> {
        Witnesses {
            a,
            rs,
            own: origin(pod),
        }
    }

    /// Other Services of the namespace.
    fn services(&self) -> impl Iterator<Item = &'a ResolvedService> + 'a {
        let (a, rs): (&'a Analysis, &'a ResolvedService) = (self.a, self.rs);
        let svc = &rs.service;
        a.services.iter().filter(move |s| {
            s.service.meta.namespace == svc.meta.namespace && s.service.meta.name != svc.meta.name
        })
    }

    /// One pod of each other workload (and each other written pod) of the namespace.
    fn others(&self) -> Vec<&'a Pod> {
        let (a, rs): (&'a Analysis, &'a ResolvedService) = (self.a, self.rs);
        let ns = &rs.service.meta.namespace;
        let mut seen = std::collections::HashSet::new();
        a.pods
            .iter()
            .map(|p| &*p.pod)
            .filter(|p| &p.meta.namespace == ns)
            .filter(|p| {
                let o = origin(p);
                o != self.own && seen.insert(o)
            })
            .collect()
    }

    /// How many other Services select `key: value` (`value` `None`: use the
    /// key), and other workloads carry it, plus one for a documented key.
    fn label(&self, key: &str, value: Option<&str>) -> usize {
        let has = |l: &crate::engine::labels::Labels| match value {
            Some(v) => l.get(key).map(String::as_str) == Some(v),
            None => l.contains_key(key),
        };
        let services = self
            .services()
            .filter(|s| s.service.selector.as_ref().is_some_and(has))
            .count();
        let workloads = self.others().iter().filter(|p| has(&p.meta.labels)).count();
        let documented = usize::from(value.is_none() && DOCUMENTED_KEYS.contains(&key));
        services + workloads + documented
    }

    /// How many names — the Service's, the pod's workload's, other Services'
    /// — have `word` as a part.
    fn named(&self, word: &str) -> usize {
        let own = self.own.split_once('/').map_or("", |(_, n)| n);
        usize::from(names(&self.rs.service.meta.name, word)) + usize::from(names(own, word))
    }

    /// How many other Services target the port name `name`, other workloads
    /// declare a container port of that name, the Service port itself is
    /// named so (`port_name`), plus one for an IANA-registered name.
    fn port(&self, name: &str, port_name: &str) -> usize {
        let services = self
            .services()
            .filter(|s| {
                s.service
                    .ports
                    .iter()
                    .any(|p| p.target_port == IntOrString::Str(name.to_string()))
            })
            .count();
        let workloads = self
            .others()
            .iter()
            .filter(|p| {
                p.spec
                    .containers
                    .iter()
                    .flat_map(|c| &c.ports)
                    .any(|cp| cp.name.as_deref() == Some(name))
            })
            .count();
        services
            + workloads
            + usize::from(port_name == name)
            + usize::from(IANA_PORT_NAMES.contains(&name))
    }
}

/// One failing selector key of a near miss, as both sides write it.
#[derive(Clone, Copy, Debug)]
pub struct LabelDisagreement<'a> {
    /// The key and value the Service selects.
    pub wanted: (&'a str, &'a str),
    /// The pod's label standing for it: the same key with another value, or
    /// a key that is a likely typo of it; `None` when the pod has neither.
    pub pod: Option<(&'a str, &'a str)>,
}

/// Which side holds the typo when a pod nearly matches a Service's
/// selector: the pod when the rest of the namespace backs the Service's
/// labels more than the pod's, else the Service (an edit of the Service
/// touches one object and restarts no pod).
///
/// Evidence for a label, counted once per object: other Services of the
/// namespace selecting it, other workloads (and written pods) carrying it,
/// and — for a key — being a documented label key ([`DOCUMENTED_KEYS`]);
/// for a value, the Service's or the pod's workload's name having it as a
/// `-`-separated part (`tier: backend` for a Deployment `backend`). The
/// workload's own selector is not evidence: Kubernetes makes it agree with
/// the template (`ValidateDeploymentSpec` rejects a selector that does not
/// select the template), so it repeats the template's typo.
///
/// Kubernetes has no such rule; it matches labels exactly
/// (`labels.SelectorFromSet` in `apimachinery/pkg/labels`). This only
/// orders the fixes svcmap offers.
pub fn label_side(
    a: &Analysis,
    rs: &ResolvedService,
    pod: &Pod,
    disagreements: &[LabelDisagreement<'_>],
) -> Side {
    let w = Witnesses::new(a, rs, pod);
    let (mut service, mut theirs) = (0, 0);
    for d in disagreements {
        let (key, want) = d.wanted;
        let Some((pk, pv)) = d.pod else {
            continue;
        };
        service += w.label(key, Some(want));
        theirs += w.label(pk, Some(pv));
        if pk != key {
            service += w.label(key, None);
            theirs += w.label(pk, None);
        }
        if pv != want {
            service += w.named(want);
            theirs += w.named(pv);
        }
    }
    if service > theirs {
        Side::Pod
    } else {
        Side::Service
    }
}

/// Which side holds the typo when a Service port's named `targetPort`
/// (`wanted`) nearly names a pod's container port (`theirs`): the pod when
/// the rest of the namespace backs the Service's name more — other Services
/// targeting it, other workloads declaring it, the Service port's own
/// `name`, an IANA-registered name ([`IANA_PORT_NAMES`]) — else the Service.
///
/// Kubernetes looks the name up exactly (`podutil.FindPort` in
/// `pkg/api/v1/pod/util.go`); this only orders the fixes svcmap offers.
pub fn port_side(
    a: &Analysis,
    rs: &ResolvedService,
    pod: &Pod,
    port_name: &str,
    wanted: &str,
    theirs: &str,
) -> Side {
    let w = Witnesses::new(a, rs, pod);
    if w.port(wanted, port_name) > w.port(theirs, port_name) {
        Side::Pod
    } else {
        Side::Service
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;

    #[test]
    fn names_have_words_as_dash_separated_parts() {
        let rows = [
            ("backend", "backend", true, "equal"),
            ("api-backend", "backend", true, "last part"),
            ("backend-v2", "backend", true, "first part"),
            ("my-backend-v2", "backend", true, "middle part"),
            ("backends", "backend", false, "inside a word"),
            ("web", "", false, "empty word"),
        ];
        for (name, word, want, label) in rows {
            assert_eq!(names(name, word), want, "{label}");
        }
    }

    /// The side for the Service `s` and its first near-missing pod `p`,
    /// whose failing keys are given.
    fn side(text: &str, wanted: (&str, &str), theirs: (&str, &str)) -> Side {
        let a = analyze(text);
        let rs = a
            .services
            .iter()
            .find(|s| s.service.meta.name == "s")
            .expect("service s");
        let pod = a
            .pods
            .iter()
            .find(|p| p.pod.meta.name.starts_with("p-"))
            .expect("pod p");
        label_side(
            &a,
            rs,
            &pod.pod,
            &[LabelDisagreement {
                wanted,
                pod: Some(theirs),
            }],
        )
    }

    const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: SEL, ports: [{port: 80}]}\n";

    fn deployment(name: &str, labels: &str) -> String {
        format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  selector: {{matchLabels: {labels}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec: {{containers: [{{name: c}}]}}\n")
    }

    #[test]
    fn the_side_the_evidence_points_at() {
        // (input, the Service's label, the pod's label, side, label)
        type Row<'a> = (
            String,
            (&'a str, &'a str),
            (&'a str, &'a str),
            Side,
            &'a str,
        );
        let rows: Vec<Row<'_>> = vec![
            (
                format!(
                    "{}{}{}",
                    SERVICE.replace("SEL", "{app: shop, tier: backend}"),
                    deployment("p", "{app: shop, tier: bakcend}"),
                    deployment("worker", "{app: worker, tier: backend}"),
                ),
                ("tier", "backend"),
                ("tier", "bakcend"),
                Side::Pod,
                "another workload carries the Service's value",
            ),
            (
                format!(
                    "{}{}",
                    SERVICE.replace("SEL", "{app: shop, tier: bakcend}"),
                    deployment("p", "{app: shop, tier: backend}"),
                ),
                ("tier", "bakcend"),
                ("tier", "backend"),
                Side::Service,
                "nothing backs the Service's value",
            ),
            (
                format!(
                    "{}{}",
                    SERVICE.replace("SEL", "{tier: backend}"),
                    deployment("p-backend", "{tier: bakcend}"),
                ),
                ("tier", "backend"),
                ("tier", "bakcend"),
                Side::Pod,
                "the workload's name backs the Service's value",
            ),
            (
                format!(
                    "{}{}",
                    SERVICE.replace("SEL", "{app: web}"),
                    deployment("p", "{ap: web}"),
                ),
                ("app", "web"),
                ("ap", "web"),
                Side::Pod,
                "a documented key against an undocumented one",
            ),
            (
                format!(
                    "{}{}",
                    SERVICE.replace("SEL", "{ap: web}"),
                    deployment("p", "{app: web}"),
                ),
                ("ap", "web"),
                ("app", "web"),
                Side::Service,
                "the Service's key is the typo",
            ),
            (
                format!(
                    "{}{}{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: other}}\nspec: {{selector: {{role: db}}, ports: [{{port: 80}}]}}\n",
                    SERVICE.replace("SEL", "{role: bd}"),
                    deployment("p", "{role: db}"),
                    deployment("q", "{role: db}"),
                ),
                ("role", "bd"),
                ("role", "db"),
                Side::Service,
                "another Service and workload back the pod's value",
            ),
        ];
        for (text, wanted, theirs, want, label) in rows {
            assert_eq!(side(&text, wanted, theirs), want, "{label}");
        }
    }
}
