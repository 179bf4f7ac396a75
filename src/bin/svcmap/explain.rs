//! `svcmap explain`: each Service's endpoints, and why other pods are not behind it.

use crate::input::{analyze, services_named, Inputs};
use crate::output::{print_json, report, ExplainFormat};
use serde_json::Value;
use svcmap::engine;

/// `svcmap explain`: for each Service, its endpoints and its near misses.
pub fn run(inputs: &Inputs, service: Option<&str>, output: ExplainFormat) -> Result<bool, String> {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let services = services_named(inputs, &a, service)?;
    let pod_name = |i: usize| {
        format!(
            "{}/{}",
            a.pods[i].pod.meta.namespace, a.pods[i].pod.meta.name
        )
    };
    let index = engine::base::source::LineIndex::new(&inputs.text);
    // A fix as `file:line:col` of its edit and its title.
    let fix_at = |f: &engine::scenarios::explain::Fix| {
        let p = index.position(&inputs.text, f.edit.start);
        inputs.locate(p.line, p.column)
    };
    let fix_json = |f: &engine::scenarios::explain::Fix| serde_json::json!({"title": f.title, "at": fix_at(f), "start": f.edit.start, "end": f.edit.end, "insert": f.edit.insert});
    let mut json = Vec::new();
    for rs in services {
        let e = engine::scenarios::explain::explain(&a, rs);
        let port_fixes = engine::scenarios::explain::port_fixes(&inputs.text, &a, rs);
        if output == ExplainFormat::Json {
            let backends: Vec<Value> = rs
                .backends
                .iter()
                .map(|b| serde_json::json!({"pod": pod_name(b.pod), "state": b.state.as_str(), "reason": b.reason, "address": b.address}))
                .collect();
            let misses: Vec<Value> = e
                .near_misses
                .iter()
                .map(|m| {
                    let fixes: Vec<Value> = engine::scenarios::explain::near_miss_fixes(&inputs.text, &a, rs, m)
                        .iter()
                        .map(fix_json)
                        .collect();
                    serde_json::json!({"pod": pod_name(m.pod), "failing": m.failing, "otherNamespace": m.other_namespace, "keys": m.keys, "fixes": fixes})
                })
                .collect();
            let external: Vec<Value> = rs
                .external
                .iter()
                .map(|b| serde_json::json!({"address": b.address, "state": b.state.as_str(), "reason": b.reason, "slice": b.slice}))
                .collect();
            json.push(serde_json::json!({
                "service": e.service,
                "unmanaged": e.unmanaged,
                "backends": backends,
                "external": external,
                "nearMisses": misses,
                "workloadLabelHints": e.workload_label_hints,
                "mixedOwners": e.mixed_owners,
                "revisions": e.revisions,
                "shared": e.shared.as_ref().map(|d| serde_json::json!({"severity": d.severity.as_str(), "code": d.code.as_str(), "message": d.message})),
                "note": e.note,
                "ports": e.ports.iter().map(|p| serde_json::json!({
                    "port": p.port,
                    "resolved": p.resolved.iter().map(|(t, n)| serde_json::json!({"targetPort": t, "pods": n})).collect::<Vec<_>>(),
                    "unresolved": p.unresolved.iter().map(|(i, why)| serde_json::json!({"pod": pod_name(*i), "reason": why})).collect::<Vec<_>>(),
                    "unresolvedCount": p.unresolved_count,
                })).collect::<Vec<_>>(),
                "portFixes": port_fixes.iter().map(fix_json).collect::<Vec<_>>(),
            }));
            continue;
        }
        let line = rs.service.span.start.line;
        outln!("Service {} ({})", e.service, inputs.locate(line, 1));
        if let Some(u) = &e.unmanaged {
            outln!("  {u}");
        }
        for b in &rs.backends {
            outln!(
                "  {:<12} {} — {}",
                b.state.as_str(),
                pod_name(b.pod),
                b.reason
            );
        }
        for b in &rs.external {
            outln!("  {:<12} {} — {}", b.state.as_str(), b.address, b.reason);
        }
        if rs.backends.is_empty() && e.unmanaged.is_none() {
            outln!("  no pod is selected");
        }
        for p in e.ports.iter().filter(|p| p.unresolved_count > 0) {
            outln!(
                "  port {} does not resolve on {} of {} pods:",
                p.port,
                p.unresolved_count,
                rs.backends.len()
            );
            for (i, why) in &p.unresolved {
                outln!("      {} — {why}", pod_name(*i));
            }
            if p.unresolved_count > p.unresolved.len() {
                outln!(
                    "      … and {} more",
                    p.unresolved_count - p.unresolved.len()
                );
            }
        }
        for f in &port_fixes {
            outln!("  fix ({}): {}", fix_at(f), f.title);
        }
        for m in &e.near_misses {
            match &m.other_namespace {
                Some(ns) => outln!(
                    "  not selected: {} — its labels match, but it is in namespace {ns}, not {}",
                    pod_name(m.pod),
                    rs.service.meta.namespace
                ),
                None => {
                    outln!(
                        "  not selected: {} — {} of {} selector keys differ",
                        pod_name(m.pod),
                        m.failing,
                        m.keys.len()
                    );
                    for k in &m.keys {
                        let actual = k
                            .actual
                            .as_deref()
                            .map_or("(missing)".to_string(), |v| format!("{v:?}"));
                        let mark = if k.ok { "✓" } else { "✗" };
                        outln!(
                            "      {mark} {}: wanted {:?}, pod has {actual}",
                            k.key,
                            k.wanted
                        );
                        if let Some(h) = &k.hint {
                            outln!("        {h}");
                        }
                    }
                    for f in engine::scenarios::explain::near_miss_fixes(&inputs.text, &a, rs, m) {
                        outln!("      fix ({}): {}", fix_at(&f), f.title);
                    }
                }
            }
        }
        for w in &e.workload_label_hints {
            outln!("  hint: {w} carries the selected labels in metadata.labels, but its pods get spec.template.metadata.labels");
        }
        if let Some(d) = &e.shared {
            outln!("  {}[{}]: {}", d.severity.as_str(), d.code, d.message);
        }
        if let Some(n) = &e.note {
            outln!("  note: {n}");
        }
    }
    if output == ExplainFormat::Json {
        print_json(&json);
    }
    Ok(failed)
}
