//! `kind: List` documents read item by item (each item parsed and cached on
//! its own) give exactly what reading them whole gives: the same objects,
//! pods, Services and diagnostics, positions included — on Lists written by
//! hand, on the real-world manifests wrapped in a List as `kubectl get -o
//! yaml` prints one, after a first analysis of another text, after
//! one-character edits inside an item, and in steps of a few bytes.

use svcmap::engine::{Analysis, Analyzer, Step};

/// Where the shared real-world manifests live, beside the checkout.
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld/");

/// The analysis with every List read whole: the reference.
fn whole(text: &str) -> Analysis {
    Analyzer::reading_lists_whole().analyze(text)
}

/// The analysis of a job run in steps of `budget` bytes.
fn in_steps(analyzer: Analyzer, text: &str, budget: usize) -> (Analysis, Analyzer) {
    let mut job = analyzer.start(text);
    loop {
        if let Step::Done(a) = job.step(budget) {
            return (a, job.into_analyzer());
        }
    }
}

/// Checks every way of reading `text` against [`whole`]; `edits` one-character
/// edits spread over the text, each analysed after the previous.
fn check(text: &str, label: &str, edits: usize) {
    let reference = whole(text);
    assert_eq!(svcmap::engine::analyze(text), reference, "{label}: analyze");
    let mut analyzer = Analyzer::default();
    analyzer.analyze("apiVersion: v1\nkind: List\nitems:\n- kind: Pod\n");
    assert_eq!(
        analyzer.analyze(text),
        reference,
        "{label}: after another text"
    );
    let (a, mut analyzer) = in_steps(analyzer, text, 700);
    assert_eq!(a, reference, "{label}: in steps");
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for e in 0..edits {
        let Some(&(at, c)) = chars.get((e * 7919 + 13) % chars.len().max(1)) else {
            break;
        };
        let mut edited = text.to_string();
        let with = match c {
            '\n' => " ",
            'a'..='z' => "x",
            _ => "",
        };
        edited.replace_range(at..at + c.len_utf8(), with);
        let expected = whole(&edited);
        assert_eq!(
            analyzer.analyze(&edited),
            expected,
            "{label}: edit at byte {at} ({c:?} -> {with:?})"
        );
        let (a, back) = in_steps(analyzer, text, 3_000);
        analyzer = back;
        assert_eq!(a, reference, "{label}: back from the edit at byte {at}");
    }
}

/// `text`'s documents as the items of one List, as `kubectl get -o yaml`
/// prints it: each document's lines indented by two, its first line after `- `.
fn as_list(text: &str, crlf: bool) -> String {
    let mut out = String::from("apiVersion: v1\nitems:\n");
    for doc in text.split("\n---") {
        let doc = doc.trim_start_matches("---").trim_matches('\n');
        if doc.trim().is_empty() {
            continue;
        }
        for (i, line) in doc.lines().enumerate() {
            out.push_str(match (i, line.is_empty()) {
                (0, _) => "- ",
                (_, true) => "",
                _ => "  ",
            });
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

#[test]
fn hand_written_lists_read_alike_item_by_item_and_whole() {
    let pod = "- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: web\n    labels: {app: web}\n  spec:\n    containers:\n    - name: main\n      ports:\n      - containerPort: 80\n        name: http\n  status:\n    phase: Running\n    podIP: 10.244.0.5\n    conditions:\n    - type: Ready\n      status: \"True\"\n";
    let svc = "- apiVersion: v1\n  kind: Service\n  metadata:\n    name: web\n  spec:\n    selector:\n      app: web\n    ports:\n    - port: 80\n      targetPort: http\n";
    let list = |items: &str| {
        format!("apiVersion: v1\nitems:\n{items}kind: List\nmetadata:\n  resourceVersion: \"\"\n")
    };
    let rows: Vec<(String, &str)> = vec![
        (list(&format!("{pod}{svc}")), "a pod and its Service"),
        (list(""), "no items"),
        ("apiVersion: v1\nkind: List\nitems: []\n".into(), "flow items"),
        (list(&format!("{pod}# a comment\n{svc}")), "a comment at column 0 between items"),
        (list(&format!("{pod}  # an indented comment\n{svc}")), "an indented comment"),
        (list(&format!("- - a\n  - b\n- just a string\n-\n- 42\n{svc}")), "items that are not maps"),
        (list(&format!("{svc}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n  data:\n    script: |\n      #!/bin/sh\n      - echo\n\n    other: >\n      folded\n      text\n")), "block scalars"),
        (list(&format!("- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n  data:\n    kept: |+\n      x\n\n\n{svc}")), "a kept block scalar before the next item"),
        (list(&format!("{svc}- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm\n  data:\n    a: \"multi\n      line\"\n    b: plain\n      continued\n")), "multi-line flow scalars"),
        (list(&format!("{pod}{}", svc.replace("app: web", "app: &a web\n    other: *a"))), "an anchor and an alias in one item"),
        (list(&format!("- &p\n  kind: Pod\n- *p\n{svc}")), "an alias to another item"),
        (list(&format!("{pod}{svc}").replace("name: web\n", "name: web\n    name: again\n")), "duplicate keys"),
        (list(&format!("{pod}- kind: Service\n  metadata: {{name: x\n{svc}")), "a syntax error in an item"),
        (list(&format!("{pod}{svc}")).replace('\n', "\r\n"), "CRLF"),
        (format!("\u{feff}{}", list(&format!("{pod}{svc}"))), "a byte-order mark"),
        (list(&format!("{pod}{svc}")).replace("  kind: Service", "\tkind: Service"), "a tab"),
        (list(&format!("{pod}{svc}")).replace("\n- ", "\n  - "), "items indented by two"),
        (format!("{}extra: field\n", list(&format!("{pod}{svc}"))), "another top-level key"),
        (list(&format!("{pod}{svc}")).replace("kind: List", "kind: ServiceList"), "a typed list"),
        (list(&format!("{pod}{svc}")).replace("kind: List", "kind: Pod"), "not a List"),
        (list(&format!("{pod}- apiVersion: v1\n  kind: List\n  items:\n  {}", svc.replace("\n", "\n  "))), "a List inside a List"),
        (format!("{}---\n{}", list(pod), list(svc)), "two Lists"),
        (format!("kind: Service\nmetadata: {{name: a}}\n---\n{}", list(&format!("{pod}{svc}"))), "a document before the List"),
        (list(&format!("{pod}{svc}")).replace("\"True\"", "\"True"), "an unclosed quote"),
    ];
    for (text, label) in &rows {
        check(text, label, 40);
    }
}

#[test]
fn real_world_manifests_read_alike_as_lists() {
    let mut files: Vec<_> = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(DIR)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("the real-world sets are beside the checkout") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(files.len() >= 30, "{files:?}");
    for (i, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("a readable manifest");
        let label = path.display().to_string();
        let edits = if text.len() > 200_000 { 2 } else { 12 };
        check(&text, &label, 0);
        check(
            &as_list(&text, i % 5 == 0),
            &format!("{label} as a List"),
            edits,
        );
    }
}
