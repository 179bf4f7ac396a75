//! The schema against the decoder: every field in the table is accepted, and
//! every object in it is checked where the table says it is.

use super::*;
use crate::engine::analysis::analyze;
use crate::engine::DiagnosticCode;

/// A YAML value of the type at `path` in an object of `kind`, every field
/// of every nested object written; `extra` is added to each mapping of a
/// modelled type (a misspelled field, or nothing).
fn write(kind: &str, path: &mut Vec<Step>, indent: usize, extra: &str, out: &mut String) {
    let pad = " ".repeat(indent);
    let Some((_, ty)) = type_at(kind, path) else {
        out.push_str(" {}\n");
        return;
    };
    match ty {
        FieldType::Str => out.push_str(" a\n"),
        FieldType::Int | FieldType::IntOrStr => out.push_str(" 1\n"),
        FieldType::Bool => out.push_str(" true\n"),
        FieldType::StrMap | FieldType::Labels => out.push_str(" {app: web}\n"),
        FieldType::Strings => out.push_str(" [a]\n"),
        FieldType::Opaque => out.push_str(" {}\n"),
        FieldType::OpaqueList => out.push_str(" []\n"),
        FieldType::Object(t) => {
            out.push('\n');
            for f in fields_for(t, kind) {
                out.push_str(&format!("{pad}{}:", f.name));
                path.push(Step::Key(f.name.into()));
                write(kind, path, indent + 2, extra, out);
                path.pop();
            }
            if !extra.is_empty() {
                out.push_str(&format!("{pad}{extra}: x\n"));
            }
        }
        FieldType::List(_) => {
            out.push_str(&format!("\n{pad}-"));
            path.push(Step::Item);
            write(kind, path, indent + 2, extra, out);
            path.pop();
        }
    }
}

fn object(kind: &str, extra: &str) -> String {
    let api = KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("v1", |(_, v)| v);
    let mut out = String::new();
    let mut path = Vec::new();
    write(kind, &mut path, 0, extra, &mut out);
    out.replace("apiVersion: a\n", &format!("apiVersion: {api}\n"))
        .replace("kind: a\n", &format!("kind: {kind}\n"))
}

/// Kinds whose objects are decoded field by field.
const CHECKED: &[&str] = &[
    "Pod",
    "Service",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Job",
    "CronJob",
    "ReplicationController",
    "Endpoints",
    "EndpointSlice",
];

#[test]
fn every_field_in_the_schema_is_accepted_by_the_decoder() {
    for kind in CHECKED {
        let text = object(kind, "");
        let a = analyze(&text);
        let unknown: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::UnknownField)
            .map(|d| d.message.clone())
            .collect();
        assert!(unknown.is_empty(), "{kind}: {unknown:?}\n{text}");
        assert!(a.objects.len() == 1, "{kind}: read\n{text}");
    }
}

#[test]
fn every_object_of_the_schema_is_checked_by_the_decoder() {
    for kind in CHECKED {
        let text = object(kind, "zzUnknown");
        let a = analyze(&text);
        let reported: Vec<&str> = a
            .diagnostics
            .iter()
            .filter(|d| d.code == DiagnosticCode::UnknownField)
            .filter_map(|d| d.message.strip_prefix("unknown field `"))
            .collect();
        // Each mapping of a modelled type got one misspelled field.
        let written = text.matches("zzUnknown").count();
        let missed = written - reported.len();
        assert!(
            reported.iter().all(|r| r.ends_with("zzUnknown`")),
            "{kind}: {reported:?}"
        );
        // A CronJob's `jobTemplate.metadata` (the Jobs', not the pods') is not
        // read: neither its own misspelled field nor its owner reference's.
        let expected_missed = 2 * usize::from(*kind == "CronJob");
        assert_eq!(
            missed, expected_missed,
            "{kind}: {written} written, reported {reported:?}\n{text}"
        );
    }
}

#[test]
fn a_workload_spec_has_its_kinds_fields() {
    // (kind, field, whether its spec has it), from apps/v1 and batch/v1 types.go.
    let rows = [
        ("Deployment", "replicas", true),
        ("Deployment", "strategy", true),
        ("Deployment", "updateStrategy", false),
        ("Deployment", "serviceName", false),
        ("StatefulSet", "serviceName", true),
        ("StatefulSet", "updateStrategy", true),
        ("StatefulSet", "strategy", false),
        ("DaemonSet", "replicas", false),
        ("DaemonSet", "updateStrategy", true),
        ("Job", "parallelism", true),
        ("Job", "replicas", false),
        ("CronJob", "completions", true),
        ("ReplicationController", "replicas", true),
        ("ReplicationController", "paused", false),
    ];
    for (kind, field, want) in rows {
        let has = fields_for(&WORKLOAD_SPEC, kind).any(|f| f.name == field);
        assert_eq!(has, want, "{kind}.spec.{field}");
    }
}

#[test]
fn paths_lead_to_their_types() {
    let key = |k: &str| Step::Key(k.into());
    // (kind, path, type name), from the API types.
    let rows: Vec<(&str, Vec<Step>, Option<String>)> = vec![
        (
            "Deployment",
            vec![
                key("spec"),
                key("template"),
                key("spec"),
                key("containers"),
                Step::Item,
                key("ports"),
                Step::Item,
            ],
            Some("ContainerPort".into()),
        ),
        (
            "Service",
            vec![key("spec"), key("ports"), Step::Item, key("targetPort")],
            Some("integer or string".into()),
        ),
        (
            "ReplicationController",
            vec![key("spec"), key("selector")],
            Some("map of labels".into()),
        ),
        (
            "Deployment",
            vec![key("spec"), key("selector")],
            Some("LabelSelector".into()),
        ),
        (
            "StatefulSet",
            vec![key("spec"), key("updateStrategy"), key("rollingUpdate")],
            Some("RollingUpdateStatefulSetStrategy".into()),
        ),
        (
            "CronJob",
            vec![
                key("spec"),
                key("jobTemplate"),
                key("spec"),
                key("template"),
            ],
            Some("PodTemplateSpec".into()),
        ),
        ("Service", vec![key("spec"), key("replicas")], None),
        ("DaemonSet", vec![key("spec"), key("replicas")], None),
        ("ConfigMap", vec![key("data")], None),
    ];
    for (kind, path, want) in rows {
        let got = type_at(kind, &path).map(|(_, t)| t.describe());
        assert_eq!(got, want, "{kind} {path:?}");
    }
}

#[test]
fn every_field_has_one_line_of_meaning() {
    let mut seen = Vec::new();
    let mut todo: Vec<&'static ObjectType> = KINDS
        .iter()
        .filter_map(|(k, _)| object_type(k))
        .chain([&STATEFUL_SET_ROLLING_UPDATE])
        .collect();
    while let Some(t) = todo.pop() {
        if seen.iter().any(|s: &&ObjectType| std::ptr::eq(*s, t)) {
            continue;
        }
        seen.push(t);
        assert_eq!(t.names.len(), t.fields.len(), "{}", t.name);
        for (n, f) in t.names.iter().zip(t.fields) {
            assert_eq!(*n, f.name, "{}", t.name);
            assert!(
                f.doc.ends_with('.') && !f.doc.contains('\n') && f.doc.len() < 120,
                "{}.{}: {}",
                t.name,
                f.name,
                f.doc
            );
            if let FieldType::Object(o) | FieldType::List(o) = f.ty {
                todo.push(o);
            }
        }
    }
    assert!(seen.len() > 25, "{} types", seen.len());
}
