//! JSON input read by the JSON reader: the same analysis as the same objects
//! written in YAML, diagnostics at the JSON text's lines and columns, Lists
//! read item by item as they are read whole, streams, malformed JSON.

use serde_json::{json, Value};
use svcmap::engine::{analyze, Analysis, Analyzer, Diagnostic};
use svcmap::synthetic::{kubectl_dump, to_yaml, DumpFormat};

fn objects() -> Value {
    json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web-1", "namespace": "shop", "labels": {"app": "web"},
                          "annotations": {"note": "tab\there \"quoted\" \\ caf\u{e9} \u{1F600}"}},
             "spec": {"containers": [{"name": "main", "ports": [
                 {"containerPort": 8080, "name": "http"}, {"containerPort": 9090}]}]},
             "status": {"phase": "Running", "podIP": "10.0.0.1",
                        "conditions": [{"type": "Ready", "status": "True"}]}},
            {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web-2", "namespace": "shop", "labels": {"app": "web", "bad": "é!"}},
             "spec": {"containers": [{"name": "main"}]},
             "status": {"phase": "Running", "podIP": "10.0.0.2",
                        "conditions": [{"type": "Ready", "status": "False"}]}},
            {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "web", "namespace": "shop"},
             "spec": {"selector": {"app": "web"}, "ports": [
                 {"name": "http", "port": 80, "targetPort": "http"},
                 {"name": "typo", "port": 81, "targetPort": "htpp"},
                 {"name": "num", "port": 9090.0, "targetPort": 9090}]}},
            {"apiVersion": "v1", "kind": "Service",
             "metadata": {"name": "lonely", "namespace": "shop"},
             "spec": {"selector": {"app": "nothing"}, "ports": [{"port": 1e2}]}},
            {"apiVersion": "v1", "kind": "List",
             "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "inner"}}]}
        ]
    })
}

/// What must not depend on the format: Services with their backends, the
/// number of pods, and the diagnostic codes with their messages.
type Summary = (Vec<(String, usize)>, usize, Vec<(String, String)>);

fn summary(a: &Analysis) -> Summary {
    let services = a
        .services
        .iter()
        .map(|s| (s.service.meta.key(), s.backends.len()))
        .collect();
    let mut diags: Vec<_> = a
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str().to_string(), d.message.clone()))
        .collect();
    diags.sort();
    (services, a.pods.len(), diags)
}

/// The text at a diagnostic's start, by its line and column (characters).
fn at<'t>(text: &'t str, d: &Diagnostic) -> &'t str {
    let span = d.span.expect("a span");
    let line = text.split('\n').nth(span.start.line - 1).expect("the line");
    let col: usize = line
        .char_indices()
        .nth(span.start.column - 1)
        .map_or(line.len(), |(i, _)| i);
    assert_eq!(
        &text[span.start.offset..span.start.offset + (line.len() - col)],
        &line[col..],
        "offset and line/column agree"
    );
    &line[col..]
}

#[test]
fn json_and_yaml_of_the_same_objects_analyse_the_same() {
    let v = objects();
    let yaml = to_yaml(&v);
    for json in [
        serde_json::to_string_pretty(&v).unwrap(),
        serde_json::to_string(&v).unwrap(),
    ] {
        let (a, b) = (analyze(&yaml), analyze(&json));
        assert!(!a.diagnostics.is_empty());
        assert_eq!(summary(&a), summary(&b), "{json}");
    }
}

#[test]
fn a_json_list_read_item_by_item_equals_it_read_whole_and_in_one_shot() {
    for json in [
        serde_json::to_string_pretty(&objects()).unwrap(),
        serde_json::to_string(&objects()).unwrap(),
        kubectl_dump(60, DumpFormat::Json),
    ] {
        let by_item = analyze(&json);
        let whole = Analyzer::reading_lists_whole().analyze(&json);
        let one_shot = Analyzer::one_shot(usize::MAX, usize::MAX).analyze(&json);
        assert_eq!(by_item, whole);
        assert_eq!(by_item, one_shot);
    }
    let yaml = kubectl_dump(60, DumpFormat::Yaml);
    assert_eq!(
        analyze(&yaml),
        Analyzer::one_shot(usize::MAX, usize::MAX).analyze(&yaml)
    );
}

#[test]
fn diagnostics_point_at_the_json_text() {
    let json = serde_json::to_string_pretty(&objects()).unwrap();
    let a = analyze(&json);
    let mut seen = 0;
    for d in &a.diagnostics {
        if d.span.is_none() {
            continue;
        }
        let here = at(&json, d);
        if d.message.contains("htpp") {
            assert!(
                here.starts_with("\"htpp\"") || here.starts_with("{"),
                "{here}"
            );
            seen += 1;
        }
        if d.message.contains("é!") {
            assert!(here.starts_with("\"é!\""), "{here}");
            seen += 1;
        }
    }
    assert!(seen >= 2, "{:#?}", a.diagnostics);
}

#[test]
fn a_json_stream_reads_as_its_list() {
    let v = objects();
    // A List at the top of a stream is unwrapped, inside a List it is an item: left out.
    let items = &v["items"].as_array().unwrap()[..4];
    let list = analyze(
        &serde_json::to_string_pretty(&json!({"apiVersion": "v1", "kind": "List", "items": items}))
            .unwrap(),
    );
    let back_to_back: String = items.iter().map(|i| i.to_string()).collect();
    let lines: String = items.iter().map(|i| format!("{i}\n")).collect();
    let pretty: String = items
        .iter()
        .map(|i| serde_json::to_string_pretty(i).unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    for stream in [back_to_back, lines, pretty] {
        assert_eq!(summary(&analyze(&stream)), summary(&list), "{stream}");
    }
}

#[test]
fn malformed_json_gets_a_diagnostic_at_its_line_and_column() {
    let cases = [
        ("{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"a\" \"x\": 1}\n}\n", 3),
        ("{\"apiVersion\": \"v1\", \"kind\": \"List\", \"items\": [\n  {\"kind\": \"Pod\"},\n  {\"kind\": \"Pod\" \"a\"}\n]}\n", 3),
        ("{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"a\"\n", 4),
        ("[\n1,\n2\n", 4),
    ];
    for (text, line) in cases {
        let a = analyze(text);
        let syntax: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "YAML001")
            .collect();
        assert!(!syntax.is_empty(), "{text}: {:#?}", a.diagnostics);
        let span = syntax[0].span.expect("a span");
        assert_eq!(span.start.line, line, "{text}: {:#?}", syntax[0]);
        assert!(span.start.column >= 1);
    }
}

#[test]
fn empty_and_trivial_json_reads_without_a_panic() {
    for text in [
        "",
        "{}",
        "[]",
        "{}\n{}",
        "[{}]",
        "{\"kind\": \"List\", \"items\": []}",
        "\"x\"",
        "null",
        "{\"items\": [{}, 1]}",
    ] {
        let a = analyze(text);
        assert!(a.services.is_empty(), "{text}");
    }
}

#[test]
fn numbers_read_as_yaml_reads_them() {
    for (port, ok) in [
        ("80", true),
        ("8e1", false),
        ("80.0", false),
        ("80.5", false),
        ("-1", false),
        ("1e400", false),
    ] {
        let json = format!("{{\"apiVersion\": \"v1\", \"kind\": \"Service\", \"metadata\": {{\"name\": \"s\"}}, \"spec\": {{\"ports\": [{{\"port\": {port}}}]}}}}");
        let yaml = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec:\n  ports:\n  - port: {port}\n");
        let (a, b) = (analyze(&json), analyze(&yaml));
        assert_eq!(summary(&a), summary(&b), "{port}");
        assert_eq!(
            a.diagnostics
                .iter()
                .all(|d| d.severity != svcmap::engine::Severity::Error),
            ok,
            "{port}: {:#?}",
            a.diagnostics
        );
    }
}
