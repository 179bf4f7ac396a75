//! Workloads whose controllers have already acted in the input: their pods are the ones written.

use crate::engine::model::{ControllerRef, Object, ObjectMeta};
use crate::engine::sim::workloads::SimPod;

/// Leaves out the pods simulated for a workload whose controller has already
/// acted in the input, so that a cluster dump is read as the cluster is.
///
/// `kubectl get all -o yaml` prints a Deployment, the ReplicaSets it
/// created and their pods: the pods are what runs, and simulating the
/// Deployment's and the ReplicaSets' pods as well would put every pod behind
/// its Services three times. A workload is taken as having acted when an
/// object written in the input names it as its controller: a pod (for a
/// ReplicaSet, StatefulSet, DaemonSet, Job or ReplicationController) or a
/// workload (a ReplicaSet for its Deployment, a Job for its CronJob). Its
/// simulated pods go; the written objects stand for it (a written ReplicaSet
/// without written pods still has its own simulated, with its
/// `pod-template-hash`). A workload nobody names keeps its simulation, as
/// before: a manifest's Deployment runs its replicas.
///
/// Ownership is read as the controllers read it: the owner reference with
/// `controller: true` (`GetControllerOf` in
/// `staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/controller_ref.go`), in
/// the object's namespace, and when both uids are written they must be equal
/// (`ClaimObject` in `pkg/controller/controller_ref_manager.go` releases an
/// object whose controller reference has another uid).
pub fn drop_pods_of_acted_workloads(objects: &[Object], pods: &mut Vec<SimPod>) {
    // Every controller named by a written pod or workload, with the namespace it is in.
    let named: Vec<(&str, &ControllerRef)> = objects
        .iter()
        .filter(|o| matches!(o, Object::Pod(_) | Object::Workload(_)))
        .filter_map(|o| {
            let meta = o.meta();
            meta.controller
                .as_ref()
                .map(|c| (meta.namespace.as_str(), c))
        })
        .collect();
    if named.is_empty() {
        return;
    }
    let acted: Vec<(&str, &str, &str)> = objects
        .iter()
        .filter_map(|o| match o {
            Object::Workload(w) if is_named(&named, w.kind.as_str(), &w.meta) => Some((
                w.kind.as_str(),
                w.meta.namespace.as_str(),
                w.meta.name.as_str(),
            )),
            _ => None,
        })
        .collect();
    if acted.is_empty() {
        return;
    }
    pods.retain(|p| {
        !p.from_workload
            || !p.pod.owner.as_ref().is_some_and(|o| {
                acted
                    .iter()
                    .any(|&(k, ns, n)| o.kind == k && o.namespace == ns && o.name == n)
            })
    });
}

/// Whether a written object names the workload (`kind`, `meta`) as its controller.
fn is_named(named: &[(&str, &ControllerRef)], kind: &str, meta: &ObjectMeta) -> bool {
    named.iter().any(|&(ns, c)| {
        ns == meta.namespace
            && c.kind == kind
            && c.name == meta.name
            && match (&c.uid, &meta.uid) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    })
}

#[cfg(test)]
mod tests;
