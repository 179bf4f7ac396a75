//! `svcmap rollout`: workloads' rollouts step by step, with each Service's endpoints.

use crate::input::{analyze, Inputs};
use crate::output::{print_json, report, table, ExplainFormat};
use serde_json::Value;
use svcmap::engine;

/// `svcmap rollout`: every chosen Deployment's rollout, step by step, with
/// each Service's endpoints. True when the input has errors or a Service that
/// had ready endpoints loses them all at some step.
pub fn run(
    inputs: &Inputs,
    before: Option<&Inputs>,
    only: Option<&str>,
    output: ExplainFormat,
) -> Result<bool, String> {
    use engine::model::{Object, WorkloadKind};
    use engine::scenarios::rollout::{self, Phase};
    let a = analyze(inputs);
    let mut failed = report(inputs, &a);
    let old = before.map(analyze);
    // `[kind/][namespace/]name` → the key of `rollout::key_of`.
    let only = only.map(|w| {
        let parts: Vec<&str> = w.split('/').collect();
        let kind_of = |k: &str| match k.to_ascii_lowercase().as_str() {
            "statefulset" | "sts" => Some("StatefulSet"),
            "daemonset" | "ds" => Some("DaemonSet"),
            "deployment" | "deploy" => Some("Deployment"),
            _ => None,
        };
        match parts[..] {
            [k, ns, name] => rollout::key_of(kind_of(k).unwrap_or(k), ns, name),
            [k, name] if kind_of(k).is_some() => {
                rollout::key_of(kind_of(k).unwrap_or(k), inputs.default_namespace(), name)
            }
            [ns, name] => rollout::key_of("Deployment", ns, name),
            _ => rollout::key_of("Deployment", inputs.default_namespace(), w),
        }
    });
    let mut chosen = Vec::new();
    for o in &a.objects {
        let Object::Workload(w) = o else { continue };
        if !matches!(
            w.kind,
            WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
        ) {
            continue;
        }
        let key = rollout::key_of(w.kind.as_str(), &w.meta.namespace, &w.meta.name);
        if only.as_ref().is_some_and(|k| *k != key) {
            continue;
        }
        let named = format!("{} {}/{}", w.kind.as_str(), w.meta.namespace, w.meta.name);
        let from = match &old {
            None => w.clone(),
            Some(old) => match rollout::find_workload(old, &key) {
                Some(f) => f.clone(),
                None => {
                    eprintln!("svcmap: {named} is new: it is created, not rolled out");
                    continue;
                }
            },
        };
        let same = engine::sim::workloads::pod_template_hash(&from.template)
            == engine::sim::workloads::pod_template_hash(&w.template);
        // A changed selector is refused even when the template is the same.
        let refused = old.is_some() && rollout::selector_change(&from, w).is_some();
        if old.is_some() && same && only.is_none() && !refused {
            continue; // unchanged: nothing rolls out
        }
        chosen.push((named, from, w.clone()));
    }
    if let (Some(k), true) = (&only, chosen.is_empty()) {
        return Err(format!(
            "no Deployment, StatefulSet or DaemonSet {k} in the input"
        ));
    }
    if chosen.is_empty() {
        eprintln!("svcmap: no workload's pod template changed: nothing rolls out");
    }
    let phase = |p: Phase| match p {
        Phase::Starting => "starting",
        Phase::Ready => "ready",
        Phase::NotReady => "not-ready",
        Phase::Terminating => "terminating",
        Phase::Gone => "gone",
    };
    let mut json = Vec::new();
    for (key, from, to) in chosen {
        let r = match rollout::plan(&from, &to) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("svcmap: {e}");
                // The API server refuses the change: the manifests cannot be applied.
                failed |= matches!(e, rollout::RolloutError::SelectorChanged { .. });
                continue;
            }
        };
        let t = rollout::timeline(&a, &r);
        failed |= t.iter().any(|s| !s.outage().is_empty());
        let strategy = if r.recreate {
            "Recreate"
        } else {
            "RollingUpdate"
        };
        let deployment = to.kind == WorkloadKind::Deployment;
        let limits = match to.kind {
            WorkloadKind::StatefulSet => "one pod at a time from the highest ordinal".to_string(),
            _ => format!(
                "maxSurge {}, maxUnavailable {}",
                r.max_surge, r.max_unavailable
            ),
        };
        if output == ExplainFormat::Json {
            let steps: Vec<Value> = r
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (o, n) = s.replicas();
                    let pods: Vec<Value> = r
                        .old_pods
                        .iter()
                        .zip(&s.old)
                        .map(|(p, ph)| (p, ph, "old"))
                        .chain(r.new_pods.iter().zip(&s.new).map(|(p, ph)| (p, ph, "new")))
                        .filter(|(_, ph, _)| **ph != Phase::Gone)
                        .map(|(p, ph, rev)| serde_json::json!({"name": p.meta.name, "revision": rev, "phase": phase(*ph)}))
                        .collect();
                    serde_json::json!({"step": i, "title": s.title, "oldReplicas": o, "newReplicas": n, "pods": pods})
                })
                .collect();
            let services: Vec<Value> = t
                .iter()
                .map(|s| serde_json::json!({
                    "service": s.service,
                    "counts": s.counts.iter().map(|c| serde_json::json!({"ready": c.0, "notReady": c.1, "terminating": c.2})).collect::<Vec<_>>(),
                    "minReady": s.min_ready(),
                    "outageSteps": s.outage(),
                }))
                .collect();
            json.push(serde_json::json!({
                "kind": to.kind.as_str(),
                "name": format!("{}/{}", to.meta.namespace, to.meta.name),
                "restart": r.restart,
                "strategy": strategy,
                "replicas": r.replicas,
                "maxSurge": r.max_surge,
                "maxUnavailable": r.max_unavailable,
                "oldRevision": r.old_rs,
                "newRevision": r.new_rs,
                "truncated": r.truncated,
                "steps": steps,
                "services": services,
            }));
            continue;
        }
        outln!(
            "{key} ({}): {}, {strategy}, {} pods, {limits}",
            inputs.locate(to.span.start.line, 1),
            if r.restart {
                "restart (kubectl rollout restart)"
            } else {
                "template changed"
            },
            r.replicas,
        );
        outln!(
            "  {} {} → {}, {} steps{}",
            if deployment { "ReplicaSet" } else { "revision" },
            r.old_rs,
            r.new_rs,
            r.steps.len(),
            if r.truncated { " (cut short)" } else { "" }
        );
        let mut rows = vec![{
            let mut h = vec!["  STEP".to_string(), "OLD/NEW".into()];
            h.extend(t.iter().map(|s| format!("{} READY/NOT/TERM", s.service)));
            h.push("WHAT HAPPENS".into());
            h
        }];
        for (i, s) in r.steps.iter().enumerate() {
            let (o, n) = s.replicas();
            let mut row = vec![format!("  {i}"), format!("{o}/{n}")];
            row.extend(t.iter().map(|svc| {
                let (ready, not_ready, term) = svc.counts[i];
                format!("{ready}/{not_ready}/{term}")
            }));
            row.push(s.title.clone());
            rows.push(row);
        }
        table(&rows);
        for s in &t {
            let out = s.outage();
            if out.is_empty() {
                outln!(
                    "  Service {}: at least {} ready endpoint{} at every step",
                    s.service,
                    s.min_ready(),
                    if s.min_ready() == 1 { "" } else { "s" }
                );
            } else {
                let steps: Vec<String> = out.iter().map(usize::to_string).collect();
                outln!(
                    "  Service {}: NO ready endpoint at step{} {} — requests fail during this rollout",
                    s.service,
                    if out.len() == 1 { "" } else { "s" },
                    steps.join(", ")
                );
            }
        }
        if t.is_empty() {
            outln!("  no Service selects its pods");
        }
    }
    if output == ExplainFormat::Json {
        print_json(&json);
    }
    Ok(failed)
}
