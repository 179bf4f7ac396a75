//! Resource limits: each hostile input gets a diagnostic naming the limit,
//! and the analysis stays linear (no quadratic path). Timing is measured in
//! the browser (tests/e2e/limits.test.mjs), not here.

use svcmap::engine::render::graph;
use svcmap::engine::{analyze, DiagnosticCode};

fn codes(text: &str) -> Vec<(DiagnosticCode, String)> {
    let a = analyze(text);
    let _ = graph::layout(&a);
    a.diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

const DEPLOY: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c}]}\n";

#[test]
fn alias_bombs_stop_at_the_expansion_budget() {
    let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in [
        ("b", "a"),
        ("c", "b"),
        ("d", "c"),
        ("e", "d"),
        ("f", "e"),
        ("g", "f"),
        ("h", "g"),
        ("i", "h"),
    ] {
        text.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(",")
        ));
    }
    let d = codes(&text);
    assert!(
        d.iter()
            .any(|(c, m)| *c == DiagnosticCode::YamlLimit && m.contains("100000 nodes")),
        "{d:?}"
    );
}

#[test]
fn deep_nesting_names_the_limit() {
    let flow = format!("a: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let d = codes(&flow);
    assert!(
        d.iter()
            .any(|(c, m)| *c == DiagnosticCode::YamlLimit && m.contains("255 levels")),
        "{d:?}"
    );
    let block: String = (0..1000)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let d = codes(&block);
    assert!(
        d.iter()
            .any(|(c, m)| *c == DiagnosticCode::YamlLimit && m.contains("200 levels")),
        "{d:?}"
    );
}

#[test]
fn replicas_are_capped_and_said_so() {
    let d = codes(&DEPLOY.replace("replicas: 3", "replicas: 1000000"));
    assert!(
        d.iter()
            .any(|(_, m)| m.contains("asks for 1000000 pods; svcmap simulates the first 1000")),
        "{d:?}"
    );
    assert_eq!(
        analyze(&DEPLOY.replace("replicas: 3", "replicas: 1000000"))
            .pods
            .len(),
        1000
    );
}

#[test]
fn texts_past_the_analysed_size_are_cut_at_a_document_with_a_warning() {
    // The browser's limit (`MAX_ANALYZED_BYTES`) is tens of megabytes: the
    // same cut, checked at 4 MB.
    let text = format!("---\n{DEPLOY}").repeat(5 * 1024 * 1024 / DEPLOY.len());
    let a =
        svcmap::engine::analyze_with_limits(&text, 4 * 1024 * 1024, svcmap::engine::MAX_BACKENDS);
    let cut = a
        .diagnostics
        .iter()
        .find(|d| d.code == DiagnosticCode::YamlLimit)
        .expect("a warning about the size");
    assert!(cut.message.contains("first 4 MB"), "{}", cut.message);
    // Everything else was the same Deployment again: reported, and left out.
    assert_eq!(a.pods.len(), 3);
}

#[test]
fn a_huge_selector_and_a_megabyte_line_stay_linear() {
    // 100 000 selector keys on one line: positions are found without walking
    // the line for each of them (it used to take minutes).
    let keys: Vec<String> = (0..100_000).map(|i| format!("k{i}: v")).collect();
    let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: s}}\nspec:\n  selector: {{{}}}\n  ports: [{{port: 80}}]\n---\n{DEPLOY}", keys.join(", "));
    let a = analyze(&text);
    assert_eq!(
        a.services[0].service.selector.as_ref().map(|s| s.len()),
        Some(100_000)
    );
    assert!(a.services[0].backends.is_empty());
    let line = format!(
        "apiVersion: v1\nkind: Pod\nmetadata: {{name: p, annotations: {{a: \"{}é\"}}}}\n",
        "é".repeat(500_000)
    );
    let a = analyze(&line);
    assert_eq!(a.pods.len(), 1);
    // A 100 000-term selector string parses (and says so if it is wrong).
    let sel = (0..100_000)
        .map(|i| format!("k{i}=v"))
        .collect::<Vec<_>>()
        .join(",");
    assert!(sel.parse::<svcmap::engine::labels::Selector>().is_ok());
    assert!(format!("{sel},(")
        .parse::<svcmap::engine::labels::Selector>()
        .is_err());
}

#[test]
fn more_simulated_pods_than_pod_addresses_is_said_and_stays_linear() {
    // 70 Deployments of 1 000 replicas: 70 000 pods for 65 024 addresses.
    let mut text = String::new();
    for i in 0..70 {
        text.push_str(&format!(
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{i}}}\nspec:\n  replicas: 1000\n  selector: {{matchLabels: {{app: d{i}}}}}\n  template:\n    metadata: {{labels: {{app: d{i}}}}}\n    spec: {{containers: [{{name: c}}]}}\n"
        ));
    }
    let a = svcmap::engine::analyze(&text);
    assert_eq!(a.pods.len(), 70_000);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("10.244.0.0/16"))
        .expect("the full pod network is said");
    assert!(
        d.message.starts_with("70000 pods are simulated"),
        "{}",
        d.message
    );
}

#[test]
fn thousands_of_services_on_the_same_pods_stay_within_budgets() {
    let mut text = String::new();
    for i in 0..2000 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\nspec: {{selector: {{app: x}}, ports: [{{port: 80}}]}}\n"
        ));
    }
    for i in 0..2000 {
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, labels: {{app: x}}}}\n"
        ));
    }
    let a = svcmap::engine::analyze(&text);
    let resolved: usize = a.services.iter().map(|s| s.backends.len()).sum();
    assert_eq!(resolved, svcmap::engine::MAX_BACKENDS);
    let d = a
        .diagnostics
        .iter()
        .find(|d| d.message.contains("pods in all"))
        .expect("the budget is said");
    assert!(
        d.message
            .contains("`s25` and 1974 more Services are left unresolved"),
        "{}",
        d.message
    );
    assert!(d.span.is_some(), "at the first Service left out");
    let l = svcmap::engine::render::graph::layout(&a);
    assert_eq!(
        l.hidden_services,
        2000 - svcmap::engine::render::graph::MAX_SERVICES
    );
    assert!(
        l.edges.len() <= svcmap::engine::render::graph::MAX_EDGES + 100,
        "{}",
        l.edges.len()
    );
    // The 2 000 standalone pods are one collapsed node.
    assert_eq!(
        l.nodes
            .iter()
            .filter(|n| n.kind == svcmap::engine::render::graph::NodeKind::PodGroup)
            .count(),
        1
    );
}
