//! Small, exact edits of the user's YAML text: set the value at a path of an
//! object (creating the missing mappings), or remove a whole document. Fixes
//! and what-if toggles are built from these, so the text always shows what
//! changed and a share link reproduces it.
//!
//! Edits keep everything else byte for byte: comments, quoting, flow or block
//! style. A block mapping gains lines at its entries' indentation; a flow
//! mapping (`{app: web}`) gains `, key: value` before its `}`.

use super::quote::quote as yaml_string;
use crate::engine::yaml::{self, Node, Value};

/// Replace the bytes `start..end` of the text with `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// First byte replaced.
    pub start: usize,
    /// First byte after the replaced range (`start` for an insertion).
    pub end: usize,
    /// The new text.
    pub insert: String,
}

impl TextEdit {
    /// The text with this edit applied.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.insert.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.insert);
        out.push_str(&text[self.end..]);
        out
    }
}

/// One step of a path into an object: a mapping key or a sequence index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a mapping.
    Key(&'a str),
    /// An item of a sequence.
    Index(usize),
}

/// How a value is written into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NewValue {
    /// A string, quoted when YAML would otherwise read it as something else.
    Str(String),
    /// YAML text written as is (a number, or a flow collection such as
    /// `[{type: Ready, status: "False"}]`).
    Raw(String),
}

impl NewValue {
    fn text(&self) -> String {
        match self {
            NewValue::Str(s) => yaml_string(s),
            NewValue::Raw(r) => r.clone(),
        }
    }
}

/// The object (mapping) of the document holding byte `at` whose span starts
/// at `at`, or that document's root mapping.
fn object_at(text: &str, at: usize) -> Option<Node> {
    let (start, end) = yaml::split_documents(text)
        .into_iter()
        .find(|&(s, e)| s <= at && (at < e || e == text.len()))?;
    let mut doc = yaml::parse_document(&text[start..end]);
    if !doc.diagnostics.is_empty() {
        // Never edit a document that does not parse: the result is unknowable.
        return None;
    }
    use crate::engine::base::source::Shift;
    let first_line = text[..start].matches('\n').count();
    doc.shift(first_line, start);
    let root = doc.root?;
    fn find(n: &Node, at: usize) -> Option<&Node> {
        if n.span.start.offset == at && n.as_map().is_some() {
            return Some(n);
        }
        match &n.value {
            Value::Map(entries) => entries.iter().find_map(|(_, v)| find(v, at)),
            Value::Seq(items) => items.iter().find_map(|v| find(v, at)),
            Value::Scalar { .. } => None,
        }
    }
    let found = find(&root, at).cloned();
    match found {
        Some(n) => Some(n),
        None if root.as_map().is_some() => Some(root),
        None => None,
    }
}

/// Sets the value at `path` inside the object whose text starts at byte
/// `object_start` (an object's `span.start.offset`). Missing mappings on the
/// way are created; a missing sequence item is not (returns `None`), nor is
/// anything written into a document with syntax errors.
pub fn set_value(
    text: &str,
    object_start: usize,
    path: &[Step<'_>],
    value: &NewValue,
) -> Option<TextEdit> {
    let root = object_at(text, object_start)?;
    let mut node = &root;
    // The key node of the entry holding `node`, for replacing collections.
    let mut key_end = None;
    for (depth, step) in path.iter().enumerate() {
        let next = match (step, &node.value) {
            (Step::Key(k), Value::Map(entries)) => entries
                .iter()
                .find(|(key, _)| key.scalar_text() == Some(*k))
                .map(|(key, v)| (key.span.end.offset, v)),
            (Step::Index(i), Value::Seq(items)) => items.get(*i).map(|v| (usize::MAX, v)),
            _ => None,
        };
        match next {
            Some((kend, v)) => {
                key_end = (kend != usize::MAX).then_some(kend);
                node = v;
            }
            None => return insert_missing(text, node, key_end, &path[depth..], value),
        }
    }
    let new = value.text();
    match (&node.value, key_end) {
        (Value::Scalar { .. }, Some(kend)) if node.is_null() => Some(TextEdit {
            start: kend,
            end: null_value_end(text, kend, node)?,
            insert: format!(": {new}"),
        }),
        (Value::Scalar { .. }, _) => Some(TextEdit {
            start: node.span.start.offset,
            end: node.span.end.offset,
            insert: new,
        }),
        // A collection or an empty value: rewrite from after the key.
        (_, Some(kend)) => Some(TextEdit {
            start: kend,
            end: node.span.end.offset.max(kend),
            insert: format!(": {new}"),
        }),
        _ => None,
    }
}

/// Writes the remaining `path` (keys only) and the value under `node`.
fn insert_missing(
    text: &str,
    node: &Node,
    key_end: Option<usize>,
    path: &[Step<'_>],
    value: &NewValue,
) -> Option<TextEdit> {
    let keys: Vec<&str> = path
        .iter()
        .map(|s| match s {
            Step::Key(k) => Some(*k),
            Step::Index(_) => None,
        })
        .collect::<Option<_>>()?;
    let val = value.text();
    // `{a: {b: value}}` for a flow context.
    let flow = || {
        let mut s = val.clone();
        for k in keys[1..].iter().rev() {
            s = format!("{{{}: {s}}}", yaml_string(k));
        }
        format!("{}: {s}", yaml_string(keys[0]))
    };
    match &node.value {
        Value::Map(entries) => {
            let open = text.as_bytes().get(node.span.start.offset) == Some(&b'{');
            if open {
                // Before the closing brace.
                let close = text[..node.span.end.offset].rfind('}')?;
                let sep = if entries.is_empty() { "" } else { ", " };
                return Some(TextEdit {
                    start: close,
                    end: close,
                    insert: format!("{sep}{}", flow()),
                });
            }
            let (first_key, _) = entries.first()?;
            let indent = " ".repeat(first_key.span.start.column.saturating_sub(1));
            let mut lines = String::new();
            for (d, k) in keys.iter().enumerate() {
                let pad = format!("{indent}{}", "  ".repeat(d));
                if d + 1 == keys.len() {
                    lines.push_str(&format!("{pad}{}: {val}\n", yaml_string(k)));
                } else {
                    lines.push_str(&format!("{pad}{}:\n", yaml_string(k)));
                }
            }
            // After the line holding the mapping's last byte (its comment too).
            let end = node.span.end.offset;
            match text[end..].find('\n') {
                Some(nl) => Some(TextEdit {
                    start: end + nl + 1,
                    end: end + nl + 1,
                    insert: lines,
                }),
                None => Some(TextEdit {
                    start: text.len(),
                    end: text.len(),
                    insert: format!("\n{}", lines.trim_end_matches('\n')),
                }),
            }
        }
        // `labels:` with nothing, or `~`: write a flow mapping after the key.
        Value::Scalar { .. } if node.is_null() => {
            let kend = key_end?;
            Some(TextEdit {
                start: kend,
                end: null_value_end(text, kend, node)?,
                insert: format!(": {{{}}}", flow()),
            })
        }
        _ => None,
    }
}

/// Where an empty or null value written after the key ending at `kend` ends:
/// after its colon, and after `~`/`null` when that is on the same line.
fn null_value_end(text: &str, kend: usize, node: &Node) -> Option<usize> {
    let colon = kend + text.get(kend..)?.find(':')? + 1;
    let end = node.span.end.offset;
    let same_line = end > colon && !text[colon..end].contains('\n');
    Some(if same_line { end } else { colon })
}

/// Removes the document holding byte `at`, with its `---` line.
pub fn remove_document(text: &str, at: usize) -> Option<TextEdit> {
    let docs = yaml::split_documents(text);
    let i = docs
        .iter()
        .position(|&(s, e)| s <= at && (at < e || e == text.len()))?;
    let (start, end) = docs[i];
    Some(TextEdit {
        start,
        end,
        insert: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str, path: &[Step<'_>], v: NewValue) -> String {
        set_value(text, 0, path, &v).expect("an edit").apply(text)
    }

    #[test]
    fn replaces_a_scalar_and_keeps_comments_and_style() {
        let text = "kind: Service\nspec:\n  selector:\n    app: chekout  # typo\n";
        let out = set(
            text,
            &[Step::Key("spec"), Step::Key("selector"), Step::Key("app")],
            NewValue::Str("checkout".into()),
        );
        assert_eq!(
            out,
            "kind: Service\nspec:\n  selector:\n    app: checkout  # typo\n"
        );
        let flow = "spec: {selector: {app: 'x'}}\n";
        let out = set(
            flow,
            &[Step::Key("spec"), Step::Key("selector"), Step::Key("app")],
            NewValue::Str("yes".into()),
        );
        assert_eq!(out, "spec: {selector: {app: \"yes\"}}\n");
    }

    #[test]
    fn adds_keys_to_block_and_flow_mappings_and_creates_parents() {
        let text = "metadata:\n  name: p\n  labels:\n    app: web # c\nspec: {}\n";
        let out = set(
            text,
            &[
                Step::Key("metadata"),
                Step::Key("labels"),
                Step::Key("tier"),
            ],
            NewValue::Str("db".into()),
        );
        assert_eq!(
            out,
            "metadata:\n  name: p\n  labels:\n    app: web # c\n    tier: db\nspec: {}\n"
        );
        let out = set(
            "metadata: {name: p, labels: {app: web}}\n",
            &[
                Step::Key("metadata"),
                Step::Key("labels"),
                Step::Key("tier"),
            ],
            NewValue::Str("db".into()),
        );
        assert_eq!(out, "metadata: {name: p, labels: {app: web, tier: db}}\n");
        let out = set(
            "metadata:\n  name: p\nspec: {}",
            &[
                Step::Key("metadata"),
                Step::Key("annotations"),
                Step::Key("a/b"),
            ],
            NewValue::Str("1".into()),
        );
        assert_eq!(
            out,
            "metadata:\n  name: p\n  annotations:\n    a/b: \"1\"\nspec: {}"
        );
        let out = set(
            "metadata:\n  name: p\n  labels:\nspec: {}\n",
            &[Step::Key("metadata"), Step::Key("labels"), Step::Key("app")],
            NewValue::Str("web".into()),
        );
        assert_eq!(
            out,
            "metadata:\n  name: p\n  labels: {app: web}\nspec: {}\n"
        );
        let out = set(
            "a: 1",
            &[Step::Key("status"), Step::Key("phase")],
            NewValue::Str("Running".into()),
        );
        assert_eq!(out, "a: 1\nstatus:\n  phase: Running");
    }

    #[test]
    fn replaces_collections_and_indexes_sequences() {
        let text = "spec:\n  ports:\n  - port: 80\n    targetPort: web\nstatus:\n  conditions:\n  - type: Ready\n    status: \"True\"\n";
        let out = set(
            text,
            &[
                Step::Key("spec"),
                Step::Key("ports"),
                Step::Index(0),
                Step::Key("targetPort"),
            ],
            NewValue::Str("http".into()),
        );
        assert!(out.contains("    targetPort: http\n"), "{out}");
        let out = set(
            text,
            &[Step::Key("status"), Step::Key("conditions")],
            NewValue::Raw("[{type: Ready, status: \"False\"}]".into()),
        );
        assert!(
            out.ends_with("status:\n  conditions: [{type: Ready, status: \"False\"}]\n"),
            "{out}"
        );
        assert!(crate::engine::analysis::analyze(&out)
            .diagnostics
            .iter()
            .all(|d| !d.code.as_str().starts_with("YAML")));
        assert!(set_value(
            text,
            0,
            &[
                Step::Key("spec"),
                Step::Key("ports"),
                Step::Index(3),
                Step::Key("x")
            ],
            &NewValue::Str("y".into())
        )
        .is_none());
    }

    #[test]
    fn edits_the_right_object_of_several_documents_and_lists() {
        let text = "a: 1\n---\nkind: List\nitems:\n- kind: Pod\n  metadata: {name: x}\n- kind: Pod\n  metadata: {name: y}\n";
        let second = text.find("kind: Pod\n  metadata: {name: y}").unwrap();
        let e = set_value(
            text,
            second,
            &[Step::Key("metadata"), Step::Key("name")],
            &NewValue::Str("z".into()),
        )
        .unwrap();
        assert!(e.apply(text).ends_with("metadata: {name: z}\n"));
        let gone = remove_document(text, 0).unwrap().apply(text);
        assert!(gone.starts_with("---\nkind: List"));
        assert!(set_value("a: [\n", 0, &[Step::Key("a")], &NewValue::Str("b".into())).is_none());
    }

    #[test]
    fn strings_are_quoted_only_when_yaml_would_misread_them() {
        for (s, want) in [
            ("web", "web"),
            ("checkout-api", "checkout-api"),
            ("80", "\"80\""),
            ("true", "\"true\""),
            ("", "\"\""),
            ("a: b", "\"a: b\""),
            ("#x", "\"#x\""),
            ("<script>", "<script>"),
            ("line\nbreak", "\"line\\nbreak\""),
        ] {
            assert_eq!(yaml_string(s), want, "{s:?}");
        }
    }
}
