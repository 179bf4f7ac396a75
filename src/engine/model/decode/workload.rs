//! Decoding workloads: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs.

use super::{decode_label_selector, decode_meta, decode_pod_spec};
use super::{get, Decoder};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::labels::LabelSelector;
use crate::engine::model::*;
use crate::engine::yaml::Node;

/// Decodes a workload (Deployment, StatefulSet, ...).
pub fn decode_workload(
    d: &mut Decoder<'_>,
    kind: WorkloadKind,
    f: &[(Node, Node)],
    meta: ObjectMeta,
    span: crate::engine::base::source::Span,
) -> Workload {
    let mut w = Workload {
        kind,
        meta,
        replicas: None,
        selector: None,
        service_name: None,
        template: PodTemplate::default(),
        strategy: UpdateStrategy::default(),
        paused: false,
        ordinals_start: 0,
        job: JobSpec::default(),
        span,
    };
    let Some(spec) = get(f, "spec") else { return w };
    let mut spec = spec;
    let mut base = "spec".to_string();
    if kind == WorkloadKind::CronJob {
        let cf = d.fields(spec, "spec", schema::CRON_JOB_SPEC.names);
        w.job.schedule = d.string(get(cf, "schedule"), "spec.schedule");
        w.job.time_zone = d.string(get(cf, "timeZone"), "spec.timeZone");
        w.job.schedule_suspended = d
            .boolean(get(cf, "suspend"), "spec.suspend")
            .unwrap_or(false);
        let Some(jt) = get(cf, "jobTemplate") else {
            return w;
        };
        let jf = d.fields(jt, "spec.jobTemplate", schema::JOB_TEMPLATE.names);
        let Some(js) = get(jf, "spec") else { return w };
        spec = js;
        base = "spec.jobTemplate.spec".into();
    }
    let sf = d.fields(spec, &base, schema::WORKLOAD_SPEC.names);
    let count_field = if matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        "parallelism"
    } else {
        "replicas"
    };
    w.replicas = d.int(get(sf, count_field), &format!("{base}.{count_field}"));
    if let Some(sel) = get(sf, "selector") {
        if kind == WorkloadKind::ReplicationController {
            let map = d.string_map(Some(sel), &format!("{base}.selector"), true);
            w.selector = Some(LabelSelector {
                match_labels: map,
                match_expressions: Vec::new(),
            });
        } else {
            w.selector = Some(decode_label_selector(d, sel, &format!("{base}.selector")));
        }
    }
    w.service_name = d.string(get(sf, "serviceName"), &format!("{base}.serviceName"));
    let field = match kind {
        WorkloadKind::Deployment => "strategy",
        WorkloadKind::StatefulSet | WorkloadKind::DaemonSet => "updateStrategy",
        _ => "",
    };
    if let Some(node) = get(sf, field).filter(|_| !field.is_empty()) {
        w.strategy = decode_strategy(d, node, kind);
    }
    if kind == WorkloadKind::Deployment {
        w.paused = d.boolean(get(sf, "paused"), "spec.paused").unwrap_or(false);
    }
    if kind == WorkloadKind::StatefulSet {
        w.ordinals_start = decode_ordinals_start(d, get(sf, "ordinals"), &base);
    }
    if matches!(kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        decode_job_spec(d, sf, &base, &mut w.job);
    }
    if let Some(t) = get(sf, "template") {
        let path = format!("{base}.template");
        let tf = d.fields(t, &path, schema::POD_TEMPLATE.names);
        w.template.meta = decode_meta(d, get(tf, "metadata"), false, &format!("{path}.metadata"));
        w.template.spec = decode_pod_spec(d, get(tf, "spec"), &format!("{path}.spec"));
        w.template.source_hash = t.content_hash();
    } else if kind != WorkloadKind::CronJob {
        d.error(
            DiagnosticCode::MissingField,
            format!("`{base}.template` is required"),
            spec,
        );
    }
    check_selector_matches_template(d, &w, get(sf, "selector"), &base);
    w
}

/// A StatefulSet's `spec.ordinals.start`: the ordinal of its first pod, a
/// number not below 0 (`ValidateStatefulSetSpec` in
/// `pkg/apis/apps/validation/validation.go`); 0 when absent.
fn decode_ordinals_start(d: &mut Decoder<'_>, node: Option<&Node>, base: &str) -> i64 {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return 0;
    };
    let path = format!("{base}.ordinals");
    let f = d.fields(node, &path, schema::ORDINALS.names);
    let start_node = get(f, "start");
    match d.int(start_node, &format!("{path}.start")) {
        Some(n) if n < 0 => {
            if let Some(sn) = start_node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.start` must be greater than or equal to 0"),
                    sn,
                );
            }
            0
        }
        Some(n) => n,
        None => 0,
    }
}

/// The fields of a Job's spec (or a CronJob's `jobTemplate.spec`) that decide
/// which pods run: `completions`, `completionMode`, `manualSelector`,
/// `suspend`. `completionMode` is `NonIndexed` or `Indexed`, and an Indexed
/// Job needs `completions` (`validateJobSpec` in
/// `pkg/apis/batch/validation/validation.go`).
fn decode_job_spec(d: &mut Decoder<'_>, sf: &[(Node, Node)], base: &str, job: &mut JobSpec) {
    job.completions = d.int(get(sf, "completions"), &format!("{base}.completions"));
    job.manual_selector = d
        .boolean(get(sf, "manualSelector"), &format!("{base}.manualSelector"))
        .unwrap_or(false);
    job.suspend = d
        .boolean(get(sf, "suspend"), &format!("{base}.suspend"))
        .unwrap_or(false);
    let mode_node = get(sf, "completionMode");
    match d
        .string(mode_node, &format!("{base}.completionMode"))
        .as_deref()
    {
        None | Some("NonIndexed") => {}
        Some("Indexed") => {
            job.indexed = true;
            if job.completions.is_none() {
                if let Some(n) = mode_node {
                    d.error(
                        DiagnosticCode::MissingField,
                        format!(
                            "`{base}.completions` is required when `completionMode` is Indexed"
                        ),
                        n,
                    );
                }
            }
        }
        Some(other) => {
            if let Some(n) = mode_node {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!(
                        "`{base}.completionMode` must be NonIndexed or Indexed, not \"{other}\""
                    ),
                    n,
                );
            }
        }
    }
}

/// Decodes a Deployment's `spec.strategy` or a StatefulSet's or DaemonSet's
/// `spec.updateStrategy`, with apps/v1 validation: the type is
/// `RollingUpdate` or `Recreate` (Deployment) / `OnDelete` (the others), with
/// no `rollingUpdate` then; `maxSurge` and `maxUnavailable` are non-negative
/// numbers or percentages, not both zero, `maxUnavailable` at most 100%; a
/// StatefulSet's `partition` is not negative.
fn decode_strategy(d: &mut Decoder<'_>, node: &Node, kind: WorkloadKind) -> UpdateStrategy {
    let mut out = UpdateStrategy::default();
    let deployment = kind == WorkloadKind::Deployment;
    let (path, other) = if deployment {
        ("spec.strategy", "Recreate")
    } else {
        ("spec.updateStrategy", "OnDelete")
    };
    let f = d.fields(node, path, schema::STRATEGY.names);
    if let Some(t) = get(f, "type") {
        match d.string(Some(t), &format!("{path}.type")).as_deref() {
            Some("RollingUpdate") | None => {}
            Some(x) if x == other => {
                out.recreate = deployment;
                out.on_delete = !deployment;
            }
            Some(x) => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.type` must be RollingUpdate or {other}, not \"{x}\""),
                    t,
                );
            }
        }
    }
    let Some(ru) = get(f, "rollingUpdate").filter(|n| !n.is_null()) else {
        return out;
    };
    if out.recreate || out.on_delete {
        d.error(
            DiagnosticCode::InvalidValue,
            format!("`{path}.rollingUpdate` may not be specified when `type` is {other}"),
            ru,
        );
        return out;
    }
    let known: &[&str] = match kind {
        WorkloadKind::StatefulSet => schema::STATEFUL_SET_ROLLING_UPDATE.names,
        _ => schema::ROLLING_UPDATE.names,
    };
    let rf = d.fields(ru, &format!("{path}.rollingUpdate"), known);
    if kind == WorkloadKind::StatefulSet {
        let partition = d.int(
            get(rf, "partition"),
            &format!("{path}.rollingUpdate.partition"),
        );
        match (partition, get(rf, "partition")) {
            (Some(p), Some(n)) if p < 0 => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!("`{path}.rollingUpdate.partition` must be greater than or equal to 0"),
                    n,
                );
            }
            (Some(p), _) => out.partition = p,
            _ => {}
        }
    }
    out.max_surge = int_or_percent(d, get(rf, "maxSurge"), path, "maxSurge");
    out.max_unavailable = int_or_percent(d, get(rf, "maxUnavailable"), path, "maxUnavailable");
    // Both zero would never replace a pod (the defaults: 25%/25% for a
    // Deployment, maxUnavailable 1 for the others).
    let value = |v: Option<IntOrPercent>, default| match v {
        Some(IntOrPercent::Int(n) | IntOrPercent::Percent(n)) => n,
        None => default,
    };
    let (surge_default, unavailable_default) = if deployment { (25, 25) } else { (0, 1) };
    if let Some(node) = get(rf, "maxUnavailable").or(get(rf, "maxSurge")) {
        if kind != WorkloadKind::StatefulSet
            && value(out.max_surge, surge_default) == 0
            && value(out.max_unavailable, unavailable_default) == 0
        {
            d.error(
                DiagnosticCode::InvalidValue,
                "`maxUnavailable` may not be 0 when `maxSurge` is 0: the rollout could never replace a pod".into(),
                node,
            );
            out.max_surge = None;
            out.max_unavailable = None;
        }
    }
    out
}

/// A `maxSurge`/`maxUnavailable` value: a non-negative integer or a `N%` string.
fn int_or_percent(
    d: &mut Decoder<'_>,
    node: Option<&Node>,
    base: &str,
    name: &str,
) -> Option<IntOrPercent> {
    let node = node?;
    let path = format!("{base}.rollingUpdate.{name}");
    let v = match d.int_or_string(Some(node), &path)? {
        IntOrString::Int(n) => IntOrPercent::Int(n),
        IntOrString::Str(s) => match s
            .strip_suffix('%')
            .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|n| n.parse::<i64>().ok())
        {
            Some(p) => IntOrPercent::Percent(p),
            None => {
                d.error(
                    DiagnosticCode::InvalidValue,
                    format!(
                        "`{path}` must be an integer or a percentage (e.g. '25%'), not \"{s}\""
                    ),
                    node,
                );
                return None;
            }
        },
    };
    let bad = match v {
        IntOrPercent::Int(n) if n < 0 => Some("must be greater than or equal to 0"),
        IntOrPercent::Percent(p) if name == "maxUnavailable" && p > 100 => {
            Some("must not be greater than 100%")
        }
        _ => None,
    };
    if let Some(why) = bad {
        d.error(
            DiagnosticCode::InvalidValue,
            format!("`{path}` {why}"),
            node,
        );
        return None;
    }
    Some(v)
}

/// The API server rejects a workload whose selector does not select its own
/// pod template's labels ("selector does not match template labels"); apps/v1
/// workloads must also have a selector. Jobs generate theirs.
fn check_selector_matches_template(
    d: &mut Decoder<'_>,
    w: &Workload,
    sel_node: Option<&Node>,
    base: &str,
) {
    if matches!(w.kind, WorkloadKind::Job | WorkloadKind::CronJob) {
        return;
    }
    let Some(sel_node) = sel_node else {
        if w.kind != WorkloadKind::ReplicationController {
            d.diags.push(
                Diagnostic::new(
                    Severity::Error,
                    DiagnosticCode::MissingField,
                    format!("`{base}.selector` is required for a {}", w.kind.as_str()),
                    w.meta.name_span,
                )
                .with_object(d.object.clone())
                .with_help("add `selector: {matchLabels: ...}` with the labels of `spec.template.metadata.labels`"),
            );
        }
        return;
    };
    match LabelSelector::to_selector(w.selector.as_ref()) {
        Err(e) => {
            d.error(
                DiagnosticCode::SelectorSyntax,
                format!("invalid `{base}.selector`: {e}"),
                sel_node,
            );
        }
        Ok(sel) if !sel.is_everything() && !sel.matches(&w.template.meta.labels) => {
            d.error(
                DiagnosticCode::TemplateMismatch,
                format!(
                    "`{base}.selector` ({sel}) does not match `{base}.template.metadata.labels`: the API server rejects this {}",
                    w.kind.as_str()
                ),
                sel_node,
            )
            .help = Some("the selector must select the pods this workload creates; copy the template's labels into `matchLabels`".into());
        }
        Ok(_) => {}
    }
}
