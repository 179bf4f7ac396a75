//! The cursor's place, read from indentation, in whole and broken texts.

use super::*;

/// `text` with the cursor at `|`.
fn at(text: &str) -> Option<Cursor> {
    let offset = text.find('|').expect("a cursor marker");
    cursor_at(&text.replace('|', ""), offset)
}

fn path(p: &str) -> Vec<Step> {
    p.split('.')
        .filter(|s| !s.is_empty())
        .map(|s| match s {
            "[]" => Step::Item,
            k => Step::Key(k.to_string()),
        })
        .collect()
}

fn key(w: &str) -> Spot {
    Spot::Key { word: w.into() }
}

fn value(k: &str, w: &str) -> Spot {
    Spot::Value {
        key: k.into(),
        word: w.into(),
    }
}

#[test]
fn the_path_and_spot_at_a_cursor() {
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n";
    // (text with `|`, expected path, spot, label)
    let rows: Vec<(String, &str, Spot, &str)> = vec![
        (format!("{svc}  |"), "spec", key(""), "an empty line under spec"),
        (format!("{svc}  sel|"), "spec", key("sel"), "half a key"),
        (format!("{svc}  type: |"), "spec", value("type", ""), "a key with no value"),
        (format!("{svc}  type: Node|"), "spec", value("type", "Node"), "half a value"),
        (
            format!("{svc}  ports:\n  - port: 80\n    targetPort: |"),
            "spec.ports.[]",
            value("targetPort", ""),
            "a value in an indentless list item",
        ),
        (
            format!("{svc}  ports:\n    - port: 80\n      |"),
            "spec.ports.[]",
            key(""),
            "a key in an indented list item",
        ),
        (
            format!("{svc}  ports:\n  - |"),
            "spec.ports.[]",
            key(""),
            "right after a new dash",
        ),
        (
            format!("{svc}  selector:\n    app: web\n    |"),
            "spec.selector",
            key(""),
            "under a selector",
        ),
        (
            format!("{svc}  selector:\n    app: |"),
            "spec.selector",
            value("app", ""),
            "a label value",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 80\n          |\n".into(),
            "spec.template.spec.containers.[].ports.[]",
            key(""),
            "deep in a Deployment",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ports:\n        - containerPort: 80\n        |\n".into(),
            "spec.template.spec.containers.[]",
            key(""),
            "back out to the container",
        ),
        (
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n      |\n".into(),
            "spec.template.spec",
            key(""),
            "at the column of an indentless list's dash: beside its key",
        ),
        ("|".into(), "", key(""), "an empty text"),
        ("kind: |".into(), "", value("kind", ""), "the kind"),
        (
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    |\n".into(),
            "spec",
            key(""),
            "in an item of a List",
        ),
        (
            "kind: Pod\n---\nkind: Service\nspec:\n  |".into(),
            "spec",
            key(""),
            "the second document",
        ),
        (
            "kind: Pod\nmetadata:\n  labels:\n    app: web\n  # a comment\n\n  |".into(),
            "metadata",
            key(""),
            "after a comment and a blank line",
        ),
    ];
    for (text, want_path, want_spot, label) in rows {
        let c = at(&text).unwrap_or_else(|| panic!("{label}: no cursor"));
        assert_eq!(c.path, path(want_path), "{label}");
        assert_eq!(c.spot, want_spot, "{label}");
    }
}

#[test]
fn the_object_around_the_cursor() {
    // (text with `|`, kind, name, namespace, label)
    let rows = [
        (
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  |",
            Some("Service"),
            Some("web"),
            Some("shop"),
            "a document",
        ),
        (
            "spec:\n  |\nmetadata:\n  name: web\nkind: Pod\n",
            Some("Pod"),
            Some("web"),
            None,
            "kind and name written after the cursor",
        ),
        (
            "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Service\n  metadata:\n    name: b\n  spec:\n    |\n",
            Some("Service"),
            Some("b"),
            None,
            "the second item of a List",
        ),
        (
            "kind: Pod\nmetadata:\n  name: a\n---\nspec:\n  |",
            None,
            None,
            None,
            "another document's kind does not count",
        ),
        (
            "kind: Service\nmetadata:\n  labels:\n    name: x\nspec:\n  |",
            Some("Service"),
            None,
            None,
            "a label called name is not the name",
        ),
    ];
    for (text, kind, name, ns, label) in rows {
        let c = at(text).unwrap_or_else(|| panic!("{label}: no cursor"));
        assert_eq!(c.kind.as_deref(), kind, "{label}: kind");
        assert_eq!(c.name.as_deref(), name, "{label}: name");
        assert_eq!(c.namespace.as_deref(), ns, "{label}: namespace");
    }
}

#[test]
fn the_keys_beside_the_cursor() {
    // (text with `|`, sibling keys, label)
    let rows: [(&str, &[&str], &str); 3] = [
        (
            "spec:\n  type: ClusterIP\n  |\n  ports: []\nmetadata: {}\n",
            &["type", "ports"],
            "above and below",
        ),
        (
            "spec:\n  ports:\n  - name: http\n    port: 80\n    |\n  - name: b\n",
            &["port", "name"],
            "in a list item, its first key on the dash's line",
        ),
        (
            "spec:\n  selector:\n    app: web\n  |\n",
            &["selector"],
            "the children of a sibling are not siblings",
        ),
    ];
    for (text, want, label) in rows {
        let c = at(text).unwrap_or_else(|| panic!("{label}: no cursor"));
        let mut got = c.siblings.clone();
        got.sort();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{label}");
    }
}

#[test]
fn no_place_in_a_comment_or_a_flow_collection() {
    for text in ["# a comment |", "spec: {selector: |}", "---|", "a: [1, |"] {
        assert_eq!(at(text), None, "{text:?}");
    }
}
