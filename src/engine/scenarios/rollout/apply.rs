//! Applying a rollout step: the pods of the step, its analysis, and each Service's ready endpoints over the steps.

use super::{Phase, Rollout};
use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolve::EndpointState;
use crate::engine::model::{Object, Pod};
use crate::engine::sim::workloads::{SimPod, WHAT_IF_NOT_READY};

/// The pods of a step, in the order old then new, with their phase written
/// as pod state (not ready, or a deletion timestamp).
pub fn step_pods(r: &Rollout, step: usize) -> Vec<Pod> {
    let Some(s) = r.steps.get(step) else {
        return Vec::new();
    };
    let pair = |pods: &[Pod], phases: &[Phase]| -> Vec<Pod> {
        pods.iter()
            .zip(phases)
            .filter(|(_, ph)| **ph != Phase::Gone)
            .map(|(p, ph)| with_phase(p.clone(), *ph))
            .collect()
    };
    let mut out = pair(&r.old_pods, &s.old);
    out.extend(pair(&r.new_pods, &s.new));
    out
}

/// The analysis of the text at step `step` of the rollout: `base` (the
/// text's analysis) with the workload's pods replaced by the step's pods,
/// resolved again. Its diagnostics are those of the resolution only.
pub fn apply(base: &Analysis, r: &Rollout, step: usize) -> Analysis {
    let mut replaced = step_pods(r, step).into_iter().map(|p| SimPod::new(p, true));
    let mut pods = Vec::with_capacity(base.pods.len() + r.new_pods.len());
    let mut placed = false;
    for p in &base.pods {
        if owned_by(r, p) {
            if !placed {
                pods.extend(replaced.by_ref());
                placed = true;
            }
        } else {
            pods.push(p.clone());
        }
    }
    pods.extend(replaced);
    crate::engine::analysis::with_pods(base.objects.clone(), pods)
}

/// The endpoints of one Service through the rollout.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceTimeline {
    /// `namespace/name`.
    pub service: String,
    /// Per step: (ready, not ready, terminating) endpoints.
    pub counts: Vec<(usize, usize, usize)>,
}

impl ServiceTimeline {
    /// The steps at which the Service, ready before, has no ready endpoint.
    pub fn outage(&self) -> Vec<usize> {
        if self.counts.first().is_none_or(|c| c.0 == 0) {
            return Vec::new();
        }
        (0..self.counts.len())
            .filter(|&i| self.counts[i].0 == 0)
            .collect()
    }

    /// The fewest ready endpoints at any step.
    pub fn min_ready(&self) -> usize {
        self.counts.iter().map(|c| c.0).min().unwrap_or(0)
    }
}

/// A pod with its phase written as pod state: not ready, or being deleted.
pub(super) fn with_phase(mut p: Pod, phase: Phase) -> Pod {
    match phase {
        Phase::Starting | Phase::NotReady => {
            p.meta
                .annotations
                .insert(WHAT_IF_NOT_READY.0.into(), WHAT_IF_NOT_READY.1.into());
        }
        Phase::Terminating => {
            p.meta.deletion_timestamp =
                Some(crate::engine::sim::annotations::DELETION_TIMESTAMP.into());
        }
        Phase::Ready | Phase::Gone => {}
    }
    p
}

/// Whether a pod belongs to the rollout's workload.
pub(super) fn owned_by(r: &Rollout, p: &SimPod) -> bool {
    p.from_workload
        && p.pod.meta.namespace == r.deployment.namespace
        && p.pod
            .owner
            .as_ref()
            .is_some_and(|o| o.kind == r.deployment.kind && o.name == r.deployment.name)
}

/// For every Service that selects a pod of the workload at some step, its
/// endpoint counts at each step — what [`apply`] would give at every step,
/// without resolving every step: the pods of one revision share labels,
/// spec and simulated status, so a Service treats them alike in each phase,
/// and the other pods do not change.
pub fn timeline(base: &Analysis, r: &Rollout) -> Vec<ServiceTimeline> {
    let dual_stack = base.objects.iter().any(|o| match o {
        Object::Service(s) => s.families().iter().any(|f| f == "IPv6"),
        _ => false,
    });
    const PHASES: [Phase; 5] = [
        Phase::Starting,
        Phase::Ready,
        Phase::NotReady,
        Phase::Terminating,
        Phase::Gone,
    ];
    let mut out = Vec::new();
    for s in &base.services {
        let svc = &s.service;
        if !crate::engine::controllers::resolve::has_managed_endpoints(svc) {
            continue;
        }
        // Which pods the Service selects (their labels do not change with
        // their phase), and the state of a revision's selected pod in each
        // phase (None: not a backend), from one representative pod.
        let selects = |p: &Pod| {
            p.meta.namespace == svc.meta.namespace
                && svc.service_type != crate::engine::model::ServiceType::ExternalName
                && svc.selector.as_ref().is_some_and(|m| {
                    crate::engine::labels::Selector::from_map(m).matches(&p.meta.labels)
                })
        };
        let states = |pods: &[Pod], selected: &[bool]| -> [Option<EndpointState>; 5] {
            let mut st = [None; 5];
            let Some(i) = selected.iter().position(|s| *s) else {
                return st;
            };
            for ph in PHASES.into_iter().filter(|p| *p != Phase::Gone) {
                let mut sim = vec![SimPod::new(with_phase(pods[i].clone(), ph), true)];
                crate::engine::sim::workloads::settle_ip_collisions(&mut sim, dual_stack);
                st[ph as usize] =
                    Some(crate::engine::controllers::resolve::classify(svc, &sim[0], 0).state);
            }
            st
        };
        let sel_old: Vec<bool> = r.old_pods.iter().map(selects).collect();
        let sel_new: Vec<bool> = r.new_pods.iter().map(selects).collect();
        let (old, new) = (states(&r.old_pods, &sel_old), states(&r.new_pods, &sel_new));
        if old.iter().chain(&new).all(Option::is_none) {
            continue;
        }
        let mut others = (0, 0, 0);
        for b in &s.backends {
            if owned_by(r, &base.pods[b.pod]) {
                continue;
            }
            match b.state {
                EndpointState::Ready => others.0 += 1,
                EndpointState::NotReady => others.1 += 1,
                EndpointState::Terminating => others.2 += 1,
                _ => {}
            }
        }
        let counts = r
            .steps
            .iter()
            .map(|step| {
                let mut c = others;
                for (states, phases, selected) in
                    [(&old, &step.old, &sel_old), (&new, &step.new, &sel_new)]
                {
                    for (ph, _) in phases.iter().zip(selected.iter()).filter(|(_, s)| **s) {
                        match states[*ph as usize] {
                            Some(EndpointState::Ready) => c.0 += 1,
                            Some(EndpointState::NotReady) => c.1 += 1,
                            Some(EndpointState::Terminating) => c.2 += 1,
                            _ => {}
                        }
                    }
                }
                c
            })
            .collect();
        out.push(ServiceTimeline {
            service: svc.meta.key(),
            counts,
        });
    }
    out
}
