//! What-if changes: mark a pod ready, not ready, terminating or deleted, or
//! scale a workload — always as an edit of the YAML text, so the change is
//! visible, undoable and carried by share links.
//!
//! - A pod written in the input gets real Kubernetes fields: a `status`
//!   block with its `Ready` condition, `metadata.deletionTimestamp`, or its
//!   document removed.
//! - A pod simulated from a workload has no text of its own; the workload's
//!   `metadata.annotations` name it instead (comma-separated pod names):
//!   [`NOT_READY`], [`TERMINATING`], [`DELETED`]. They sit on the workload,
//!   not its template, so the pod names (which hash the template) stay put.
//! - Scaling writes `spec.replicas`.

use crate::engine::analysis::Analysis;
use crate::engine::model::{Object, Pod, Workload};
use crate::engine::sim::annotations::{
    listed, DELETED, DELETION_TIMESTAMP, NOT_READY, TERMINATING,
};
use crate::engine::yaml::edit::{self, NewValue, Step, TextEdit};

/// A what-if change of one pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodChange {
    /// Ready condition True.
    Ready,
    /// Ready condition False.
    NotReady,
    /// Being deleted.
    Terminating,
    /// Gone.
    Delete,
}

impl PodChange {
    /// A button label.
    pub fn label(self) -> &'static str {
        match self {
            PodChange::Ready => "Mark ready",
            PodChange::NotReady => "Mark not ready",
            PodChange::Terminating => "Terminate",
            PodChange::Delete => "Delete",
        }
    }
}

/// The workload object that created a simulated pod.
pub fn owner_of<'a>(a: &'a Analysis, pod: &Pod) -> Option<&'a Workload> {
    let o = pod.owner.as_ref()?;
    a.objects.iter().find_map(|obj| match obj {
        Object::Workload(w)
            if w.kind.as_str() == o.kind
                && w.meta.name == o.name
                && w.meta.namespace == pod.meta.namespace =>
        {
            Some(&**w)
        }
        _ => None,
    })
}

/// The text edit that applies `change` to pod `pod` (an index into
/// [`Analysis::pods`]); `None` when it cannot be written (a document with
/// syntax errors, a pod inside a `List` to delete, a state it already has).
pub fn pod_edit(text: &str, a: &Analysis, pod: usize, change: PodChange) -> Option<TextEdit> {
    let sim = a.pods.get(pod)?;
    let p = &sim.pod;
    if p.owner.is_some() {
        return workload_pod_edit(text, a, p, change);
    }
    let at = p.span.start.offset;
    match change {
        PodChange::Ready | PodChange::NotReady => {
            let status = if change == PodChange::Ready {
                "\"True\""
            } else {
                "\"False\""
            };
            let conditions = format!("[{{type: Ready, status: {status}}}]");
            if sim.simulated_status {
                // No status in the text: write the simulated one, so the pod
                // keeps its IP and phase.
                let st = p.status.as_ref()?;
                let ip = st.pod_ips.first()?;
                edit::set_value(
                    text,
                    at,
                    &[Step::Key("status")],
                    &NewValue::Raw(format!(
                        "{{phase: Running, podIP: {ip}, podIPs: [{{ip: {ip}}}], conditions: {conditions}}}"
                    )),
                )
            } else {
                edit::set_value(
                    text,
                    at,
                    &[Step::Key("status"), Step::Key("conditions")],
                    &NewValue::Raw(conditions),
                )
            }
        }
        PodChange::Terminating => {
            if p.meta.deletion_timestamp.is_some() {
                return None;
            }
            edit::set_value(
                text,
                at,
                &[Step::Key("metadata"), Step::Key("deletionTimestamp")],
                &NewValue::Str(DELETION_TIMESTAMP.into()),
            )
        }
        PodChange::Delete => {
            // Only a pod that is a document of its own.
            let docs = crate::engine::yaml::split_documents(text);
            let (s, e) = *docs
                .iter()
                .find(|&&(s, e)| s <= at && (at < e || e == text.len()))?;
            let whole = crate::engine::yaml::parse_document(&text[s..e]);
            let is_pod_doc = whole
                .root
                .as_ref()
                .and_then(|r| r.get("kind"))
                .and_then(|k| k.scalar_text())
                == Some("Pod");
            is_pod_doc.then(|| edit::remove_document(text, at))?
        }
    }
}

fn workload_pod_edit(text: &str, a: &Analysis, p: &Pod, change: PodChange) -> Option<TextEdit> {
    let w = owner_of(a, p)?;
    let name = p.meta.name.as_str();
    let (key, add) = match change {
        PodChange::Ready => (NOT_READY, false),
        PodChange::NotReady => (NOT_READY, true),
        PodChange::Terminating => (TERMINATING, true),
        PodChange::Delete => (DELETED, true),
    };
    let mut names = listed(&w.meta.annotations, key);
    let present = names.iter().any(|n| n == name);
    if present == add {
        return None;
    }
    if add {
        names.push(name.to_string());
    } else {
        names.retain(|n| n != name);
    }
    edit::set_value(
        text,
        w.span.start.offset,
        &[
            Step::Key("metadata"),
            Step::Key("annotations"),
            Step::Key(key),
        ],
        &NewValue::Str(names.join(",")),
    )
}

/// The edit that sets a workload's `spec.replicas` to `replicas`.
pub fn scale_edit(text: &str, w: &Workload, replicas: i64) -> Option<TextEdit> {
    edit::set_value(
        text,
        w.span.start.offset,
        &[Step::Key("spec"), Step::Key("replicas")],
        &NewValue::Raw(replicas.max(0).to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;
    use crate::engine::controllers::resolve::EndpointState;

    const DEPLOY: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: solo, labels: {app: web}}\nspec: {containers: [{name: c}]}\n";

    fn states(text: &str) -> Vec<(String, EndpointState)> {
        let a = analyze(text);
        assert!(
            a.diagnostics
                .iter()
                .all(|d| d.severity != crate::engine::Severity::Error),
            "{:?}\n{text}",
            a.diagnostics
        );
        a.services[0]
            .backends
            .iter()
            .map(|b| (a.pods[b.pod].pod.meta.name.clone(), b.state))
            .collect()
    }

    fn apply(text: &str, pod: &str, change: PodChange) -> String {
        let a = analyze(text);
        let i = a
            .pods
            .iter()
            .position(|p| p.pod.meta.name.starts_with(pod))
            .unwrap();
        pod_edit(text, &a, i, change).expect("an edit").apply(text)
    }

    #[test]
    fn written_pods_get_status_blocks_deletion_timestamps_or_go_away() {
        let not_ready = apply(DEPLOY, "solo", PodChange::NotReady);
        assert!(
            not_ready.contains("status: {phase: Running, podIP: 10.244."),
            "{not_ready}"
        );
        let s = states(&not_ready);
        assert!(
            s.contains(&("solo".into(), EndpointState::NotReady)),
            "{s:?}"
        );
        let ready = apply(&not_ready, "solo", PodChange::Ready);
        assert!(states(&ready).contains(&("solo".into(), EndpointState::Ready)));
        let term = apply(DEPLOY, "solo", PodChange::Terminating);
        assert!(
            term.contains("deletionTimestamp: \"2026-01-01T00:00:00Z\"")
                || term.contains("deletionTimestamp: 2026-01-01T00:00:00Z"),
            "{term}"
        );
        assert!(states(&term).contains(&("solo".into(), EndpointState::Terminating)));
        let gone = apply(DEPLOY, "solo", PodChange::Delete);
        assert!(!gone.contains("solo"));
        assert_eq!(states(&gone).len(), 2);
    }

    #[test]
    fn workload_pods_are_named_in_the_workload_annotations() {
        let a = analyze(DEPLOY);
        let first = a
            .pods
            .iter()
            .find(|p| p.pod.owner.is_some())
            .unwrap()
            .pod
            .meta
            .name
            .clone();
        let text = apply(DEPLOY, &first, PodChange::NotReady);
        assert!(
            text.contains(&format!("    svcmap.dev/not-ready: {first}\n")),
            "{text}"
        );
        let s = states(&text);
        assert!(
            s.contains(&(first.clone(), EndpointState::NotReady)),
            "{s:?}"
        );
        // The other replica keeps its name and state.
        assert_eq!(
            s.iter()
                .filter(|(_, st)| *st == EndpointState::Ready)
                .count(),
            2
        );
        let back = apply(&text, &first, PodChange::Ready);
        assert!(states(&back).contains(&(first.clone(), EndpointState::Ready)));
        let term = apply(DEPLOY, &first, PodChange::Terminating);
        assert!(states(&term).contains(&(first.clone(), EndpointState::Terminating)));
        let gone = apply(DEPLOY, &first, PodChange::Delete);
        assert!(!states(&gone).iter().any(|(n, _)| *n == first));
        // Nothing to do: already ready.
        let i = a
            .pods
            .iter()
            .position(|p| p.pod.meta.name == first)
            .unwrap();
        assert!(pod_edit(DEPLOY, &a, i, PodChange::Ready).is_none());
    }

    #[test]
    fn scaling_writes_replicas() {
        let a = analyze(DEPLOY);
        let w = owner_of(
            &a,
            &a.pods.iter().find(|p| p.pod.owner.is_some()).unwrap().pod,
        )
        .unwrap();
        let text = scale_edit(DEPLOY, w, 5).unwrap().apply(DEPLOY);
        assert!(text.contains("  replicas: 5\n"));
        assert_eq!(states(&text).len(), 6);
    }
}
