//! Parsing one document into nodes: events to a tree, anchors and aliases within a budget, merge keys, duplicate keys.

use super::{resolve_plain, Document, Node, ScalarKind, Value};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::source::{LineIndex, Position, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::collections::HashMap;

/// Most nodes an alias expansion may add to one document.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 200;

pub(super) enum Frame {
    Seq {
        start: Position,
        items: Vec<Node>,
        anchor: usize,
    },
    Map {
        start: Position,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        anchor: usize,
    },
}

pub(super) struct Builder<'t> {
    text: &'t str,
    index: &'t LineIndex,
    first_line: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    roots: Vec<Node>,
    diagnostics: Vec<Diagnostic>,
    failed: bool,
    /// Collections around the text parsed (an item of a List parsed alone: 2).
    depth: usize,
    /// Whether an alias was met.
    aliased: bool,
}

impl Builder<'_> {
    fn pos(&self, m: saphyr_parser::Marker) -> Position {
        self.index.from_line_col(
            self.text,
            (self.first_line + m.line()).saturating_sub(1).max(1),
            m.col(),
        )
    }

    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            let n = node.count();
            self.anchors.insert(anchor, (node.clone(), n));
        }
        match self.stack.last_mut() {
            None => self.roots.push(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    fn fail(&mut self, code: DiagnosticCode, message: String, span: Span) {
        self.diagnostics
            .push(Diagnostic::new(Severity::Error, code, message, Some(span)));
        self.failed = true;
    }
}

/// Parses one document on its own: positions are relative to its first line.
#[inline(never)] // one copy: the analysis and the text edits share it
pub fn parse_document(chunk: &str) -> Document {
    parse_nested(chunk, 0).0
}

/// [`parse_document`] of a text that sits `depth` collections deep in its
/// document (an item of a List: 2), so that the depth limit counts them;
/// and whether it has an alias.
///
/// Strict JSON is read by [`super::parse_json_document`], which gives the
/// same tree faster; anything else, and JSON it does not accept, here.
pub fn parse_nested(chunk: &str, depth: usize) -> (Document, bool) {
    if super::looks_like_json(chunk) {
        if let Some(doc) = super::parse_json_document(chunk, depth) {
            return (doc, false);
        }
    }
    let index = LineIndex::new(chunk);
    let first = index.position(chunk, 0);
    let last = index.position(chunk, chunk.len());
    let mut b = Builder {
        text: chunk,
        index: &index,
        first_line: 1,
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_budget: MAX_ALIAS_NODES,
        roots: Vec::new(),
        diagnostics: Vec::new(),
        failed: false,
        depth,
        aliased: false,
    };
    let mut parser = Parser::new_from_str(chunk);
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(e) => e,
            Err(err) => {
                let at = b.pos(*err.marker());
                if err.info() == "recursion limit exceeded" {
                    // The scanner counts `[`/`{` levels in a byte.
                    b.fail(
                        DiagnosticCode::YamlLimit,
                        "flow collections (`[`, `{`) nest deeper than 255 levels, the YAML reader's limit".into(),
                        Span::point(at),
                    );
                } else {
                    b.fail(
                        DiagnosticCode::YamlSyntax,
                        format!("invalid YAML: {}", err.info()),
                        Span::point(at),
                    );
                }
                break;
            }
        };
        let s = b.pos(span.start);
        match event {
            Event::StreamEnd => break,
            Event::Scalar(value, style, anchor, _tag) => {
                let e = b.pos(span.end);
                let kind = if style == ScalarStyle::Plain {
                    resolve_plain(&value)
                } else {
                    ScalarKind::Str
                };
                let node = Node {
                    value: Value::Scalar {
                        text: value.into_owned(),
                        kind,
                    },
                    span: Span::new(s, e),
                };
                b.push(node, anchor);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if b.stack.len() + b.depth >= MAX_DEPTH {
                    b.fail(
                        DiagnosticCode::YamlLimit,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                        Span::point(s),
                    );
                    break;
                }
                let frame = if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq {
                        start: s,
                        items: Vec::new(),
                        anchor,
                    }
                } else {
                    Frame::Map {
                        start: s,
                        entries: Vec::new(),
                        key: None,
                        anchor,
                    }
                };
                b.stack.push(frame);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                // A flow collection ends at its `]`/`}`; a block one where its
                // last child ends (its end event sits at the next token).
                let flow = span.end.index() > span.start.index();
                let e = b.pos(span.end);
                match b.stack.pop() {
                    Some(Frame::Seq {
                        start,
                        items,
                        anchor,
                    }) => {
                        let end = match items.iter().map(|n| n.span.end).max() {
                            Some(last) if !flow => last,
                            _ => e,
                        };
                        let node = Node {
                            value: Value::Seq(items),
                            span: Span::new(start, end.max(start)),
                        };
                        b.push(node, anchor);
                    }
                    Some(Frame::Map {
                        start,
                        entries,
                        anchor,
                        ..
                    }) => {
                        let entries = apply_merge_keys(entries, &mut b.diagnostics);
                        check_duplicate_keys(&entries, &mut b.diagnostics);
                        let end = match entries
                            .iter()
                            .map(|(k, v)| k.span.end.max(v.span.end))
                            .max()
                        {
                            Some(last) if !flow => last,
                            _ => e,
                        };
                        let node = Node {
                            value: Value::Map(entries),
                            span: Span::new(start, end.max(start)),
                        };
                        b.push(node, anchor);
                    }
                    None => {}
                }
            }
            Event::Alias(id) => {
                b.aliased = true;
                match b.anchors.get(&id) {
                    Some((node, n)) if *n <= b.alias_budget => {
                        b.alias_budget -= n;
                        let mut node = node.clone();
                        node.span = Span::new(s, b.pos(span.end));
                        b.push(node, 0);
                    }
                    Some(_) => {
                        b.fail(
                            DiagnosticCode::YamlLimit,
                            format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} nodes in one document"
                        ),
                            Span::new(s, b.pos(span.end)),
                        );
                        break;
                    }
                    None => {
                        b.fail(
                            DiagnosticCode::YamlSyntax,
                            "alias to an unknown anchor".into(),
                            Span::new(s, b.pos(span.end)),
                        );
                        break;
                    }
                }
            }
            Event::DocumentEnd | Event::DocumentStart(_) | Event::StreamStart | Event::Nothing => {}
        }
    }
    let root = if b.failed {
        None
    } else {
        let mut roots = b.roots.into_iter();
        let root = roots.next();
        if roots.next().is_some() {
            b.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::YamlSyntax,
                "a document end marker `...` without a following `---`: only the first document is read",
                Some(Span::new(first, last)),
            ));
        }
        root
    };
    let aliased = b.aliased;
    let doc = Document {
        root,
        span: Span::new(first, last),
        diagnostics: b.diagnostics,
    };
    (doc, aliased)
}

/// Applies YAML 1.1 merge keys (`<<: *base`): entries of the merged
/// mappings are added unless the mapping has that key itself.
pub(super) fn apply_merge_keys(
    entries: Vec<(Node, Node)>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Node, Node)> {
    let is_merge = |k: &Node| matches!(&k.value, Value::Scalar { text, kind: ScalarKind::Str } if text == "<<");
    if !entries.iter().any(|(k, _)| is_merge(k)) {
        return entries;
    }
    let (merges, mut own): (Vec<_>, Vec<_>) = entries.into_iter().partition(|(k, _)| is_merge(k));
    for (_, value) in merges {
        let sources: Vec<Node> = match value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) => items,
            _ => {
                diags.push(Diagnostic::new(
                    Severity::Error,
                    DiagnosticCode::YamlSyntax,
                    "a merge key `<<` needs a mapping or a list of mappings",
                    Some(value.span),
                ));
                continue;
            }
        };
        for src in sources {
            if let Value::Map(m) = src.value {
                for (k, v) in m {
                    if !own.iter().any(|(ok, _)| ok.value == k.value) {
                        own.push((k, v));
                    }
                }
            }
        }
    }
    own
}

pub(super) fn check_duplicate_keys(entries: &[(Node, Node)], diags: &mut Vec<Diagnostic>) {
    // Most mappings have a few keys: comparing each with those before it
    // costs less than building a hash map (1.5 % of a dump's reading).
    if entries.len() <= 16 {
        for (i, (k, _)) in entries.iter().enumerate() {
            let Some(t) = k.scalar_text() else { continue };
            // The latest before it, as the hash map below gives.
            if let Some((first, _)) = entries[..i]
                .iter()
                .rev()
                .find(|(f, _)| f.scalar_text() == Some(t))
            {
                diags.push(duplicate_key(t, k, first));
            }
        }
        return;
    }
    let mut seen: HashMap<&str, &Node> = HashMap::new();
    for (k, _) in entries {
        if let Some(t) = k.scalar_text() {
            if let Some(first) = seen.insert(t, k) {
                diags.push(duplicate_key(t, k, first));
            }
        }
    }
}

/// The error of key `t` at `k` defined already at `first`.
fn duplicate_key(t: &str, k: &Node, first: &Node) -> Diagnostic {
    Diagnostic::new(
        Severity::Error,
        DiagnosticCode::YamlSyntax,
        // The line is said by the related span: a line number in
        // the message would count from the document's start.
        format!("mapping key `{t}` already defined above in this mapping"),
        Some(k.span),
    )
    .with_related(first.span, format!("`{t}` first defined here"))
    .with_help("Kubernetes rejects duplicate keys; remove one of them")
}
