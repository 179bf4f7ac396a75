//! YAML and JSON ingestion: split the text into documents and build a tree
//! of spanned nodes for each, turning every syntax error into a diagnostic.
//!
//! Each document is parsed on its own, so a syntax error in one never hides
//! the others. Scalars are resolved as Kubernetes' YAML reader resolves them
//! (YAML 1.1 booleans such as `yes`/`on` included), anchors and aliases are
//! expanded with a size budget, and `<<` merge keys are applied.
//!
//! The YAML layer: above the base layer, below everything else. JSON streams
//! ([`json`]), quoting ([`quote`]) and text edits ([`edit`]) live here too.

pub mod edit;
pub mod json;
pub mod quote;

use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::source::{LineIndex, Position, Shift, Span};
use saphyr_parser::{Event, Parser, ScalarStyle};
use std::borrow::Cow;
use std::collections::HashMap;

/// Most nodes an alias expansion may add to one document.
pub const MAX_ALIAS_NODES: usize = 100_000;
/// Deepest nesting of collections accepted.
pub const MAX_DEPTH: usize = 200;

/// What a scalar resolved to.
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarKind {
    /// `null`, `~` or nothing.
    Null,
    /// `true`/`false` (and YAML 1.1 `yes`/`no`/`on`/`off`).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number (`1.5`, `1e3`, `.inf`, `.nan`, or an integer
    /// too large for 64 bits). Only its kind matters to Kubernetes fields.
    Float,
    /// A string (every quoted or block scalar, and plain text that is nothing else).
    Str,
}

/// A YAML value with its children.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar: its text as written (unescaped) and what it resolved to.
    Scalar {
        /// The scalar's text.
        text: String,
        /// Its resolved type.
        kind: ScalarKind,
    },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

/// A value and where it is in the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Its span in the whole text.
    pub span: Span,
}

impl Node {
    /// A hash of the value alone — not where it is, not its comments or
    /// style, not the order of mapping keys: what the API server would store.
    pub fn content_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = crate::engine::base::stable_hash::StableHasher::default();
        match &self.value {
            Value::Scalar { text, kind } => {
                (0u8, text, std::mem::discriminant(kind)).hash(&mut h);
            }
            Value::Seq(items) => {
                (1u8, items.len()).hash(&mut h);
                for i in items {
                    h.write_u64(i.content_hash());
                }
            }
            Value::Map(entries) => {
                // Key order does not matter: entries combine by a sum.
                let sum = entries.iter().fold(0u64, |acc, (k, v)| {
                    let mut e = crate::engine::base::stable_hash::StableHasher::default();
                    e.write_u64(k.content_hash());
                    e.write_u64(v.content_hash());
                    acc.wrapping_add(e.finish())
                });
                (2u8, entries.len(), sum).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The string value, if this is a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar {
                text,
                kind: ScalarKind::Str,
            } => Some(text),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub fn is_null(&self) -> bool {
        matches!(
            self.value,
            Value::Scalar {
                kind: ScalarKind::Null,
                ..
            }
        )
    }

    /// The entries, if this is a mapping.
    pub fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The value of string key `key`, if this is a mapping holding it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.scalar_text() == Some(key))
            .map(|(_, v)| v)
    }

    /// The text of any scalar.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A short name of the node's type for messages: `string`, `integer`, `mapping`, ...
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { kind, .. } => match kind {
                ScalarKind::Null => "null",
                ScalarKind::Bool(_) => "boolean",
                ScalarKind::Int(_) => "integer",
                ScalarKind::Float => "number",
                ScalarKind::Str => "string",
            },
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
        }
    }

    fn count(&self) -> usize {
        match &self.value {
            Value::Scalar { .. } => 1,
            Value::Seq(s) => 1 + s.iter().map(Node::count).sum::<usize>(),
            Value::Map(m) => 1 + m.iter().map(|(k, v)| k.count() + v.count()).sum::<usize>(),
        }
    }
}

impl Shift for Node {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
        match &mut self.value {
            Value::Scalar { .. } => {}
            Value::Seq(items) => items.shift(lines, bytes),
            Value::Map(entries) => {
                for (k, v) in entries {
                    k.shift(lines, bytes);
                    v.shift(lines, bytes);
                }
            }
        }
    }
}

impl Shift for Document {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.root.shift(lines, bytes);
        self.span.shift(lines, bytes);
        self.diagnostics.shift(lines, bytes);
    }
}

/// One YAML document of the input.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The root node; `None` for an empty document or one that failed to parse.
    pub root: Option<Node>,
    /// The lines of the text this document came from.
    pub span: Span,
    /// Syntax and limit problems of this document.
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves a plain scalar the way Kubernetes' YAML reader does: sigs.k8s.io/yaml
/// reads through go-yaml v2, YAML 1.1. Mirrors `resolve` in go-yaml v2's
/// `resolve.go`: the words of its `resolveMap` (`yes`/`no`/`on`/`off`/`y`/`n`
/// are booleans); a scalar starting with `.` is a float if `ParseFloat` reads
/// it; one starting with a digit or a sign has its underscores removed
/// (`1_000` is 1000) and is an integer if `strconv.ParseInt(plain, 0, 64)`
/// reads it (`0x1F`, `0o17`, `0b101`, and `017` octal), else a float if it
/// matches `yamlStyleFloat` and `ParseFloat` reads it, else a `0b`/`-0b`
/// binary integer. Dates (`2006-01-02`) stay strings, as go-yaml v2 keeps
/// timestamps decoded into `interface{}`. Integers past 64 bits (unsigned
/// ones included) count as floats: no Kubernetes field takes them.
pub fn resolve_plain(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return ScalarKind::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return ScalarKind::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return ScalarKind::Float,
        "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' if is_decimal_float(text) && text.parse::<f64>().is_ok_and(f64::is_finite) => {
            ScalarKind::Float
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(v) = go_parse_int(&plain) {
                return match i64::try_from(v) {
                    Ok(v) => ScalarKind::Int(v),
                    Err(_) => ScalarKind::Float,
                };
            }
            let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
            if is_decimal_float(unsigned) && plain.parse::<f64>().is_ok_and(f64::is_finite) {
                return ScalarKind::Float;
            }
            ScalarKind::Str
        }
        _ => ScalarKind::Str,
    }
}

/// `strconv.ParseInt(s, 0, 64)` (and `ParseUint` for what is past `i64`):
/// an optional sign, then `0x`/`0X` hex, `0o`/`0O` or a leading `0` octal,
/// `0b`/`0B` binary, or decimal digits. `None` when it does not read or
/// does not fit in 64 bits.
fn go_parse_int(s: &str) -> Option<i128> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] => (8, &digits[1..]),
        _ => (10, digits),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(body, radix).ok()?;
    let v = if negative { -v } else { v };
    (i128::from(i64::MIN)..=i128::from(u64::MAX))
        .contains(&v)
        .then_some(v)
}

/// `digits[.digits][e[±]digits]` or `.digits[…]` (the sign already taken
/// off): the decimal floats YAML 1.1 resolves.
fn is_decimal_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits_from(0);
    let mut mantissa = i;
    if b.get(i) == Some(&b'.') {
        let end = digits_from(i + 1);
        mantissa += end - i - 1;
        i = end;
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == b.len()
}

/// Splits `text` into documents at `---` lines (and JSON streams into their
/// values), and parses each one.
pub fn parse_documents(text: &str) -> Vec<Document> {
    let index = LineIndex::new(text);
    split_documents(text)
        .into_iter()
        .map(|(start, end)| {
            let (base, source) = document_source(text, &index, start, end);
            let mut doc = parse_document(&source);
            let first = index.position(text, start);
            doc.shift(first.line - 1, base);
            doc
        })
        .collect()
}

/// Byte ranges of the documents: a new one starts at every line beginning
/// with `---` followed by a blank or the end of the line, and at every
/// value after the first of a JSON stream (see [`json::value_starts`]).
pub fn split_documents(text: &str) -> Vec<(usize, usize)> {
    let mut cuts = vec![0];
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if line_start > 0 && is_document_marker(line) {
            let from = *cuts.last().unwrap_or(&0);
            cuts.extend(json_cuts(text, from, line_start));
            cuts.push(line_start);
        }
        line_start += line.len();
    }
    let from = *cuts.last().unwrap_or(&0);
    cuts.extend(json_cuts(text, from, text.len()));
    cuts.push(text.len());
    cuts.windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|(s, e)| s < e || *e == text.len())
        .collect()
}

/// Where the later values of a JSON stream in `text[from..to]` (after its
/// `---`, if any) start.
fn json_cuts(text: &str, from: usize, to: usize) -> impl Iterator<Item = usize> {
    let from = if is_document_marker(&text[from..to]) {
        from + 3
    } else {
        from
    };
    let doc = &text[from..to];
    let cuts = if json::is_json_stream(doc) {
        json::value_starts(doc)
    } else {
        Vec::new()
    };
    cuts.into_iter().map(move |c| from + c)
}

/// The most blanks put before a JSON value that follows another on its line.
const MAX_PADDING: usize = 4096;

/// The text to parse for the document `text[start..end]`, and the byte
/// offset to add to its positions. A document starts at a line's beginning,
/// except a JSON value that follows another on the same line (`}{`): it is
/// parsed after as many blanks as characters precede it on its line, so that
/// its columns are the line's (and the offset makes up for the bytes). Past
/// `MAX_PADDING` characters (thousands of objects back to back on one line)
/// it is parsed as it is: lines and offsets stay exact, the columns of its
/// first line count from the value's start.
pub fn document_source<'t>(
    text: &'t str,
    index: &LineIndex,
    start: usize,
    end: usize,
) -> (usize, Cow<'t, str>) {
    let chars = index.position(text, start).column - 1;
    if chars == 0 || chars > MAX_PADDING {
        return (start, Cow::Borrowed(&text[start..end]));
    }
    let mut padded = " ".repeat(chars);
    padded.push_str(&text[start..end]);
    (start - chars, Cow::Owned(padded))
}

fn is_document_marker(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

enum Frame {
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

struct Builder<'t> {
    text: &'t str,
    index: &'t LineIndex,
    first_line: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    alias_budget: usize,
    roots: Vec<Node>,
    diagnostics: Vec<Diagnostic>,
    failed: bool,
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
                if b.stack.len() >= MAX_DEPTH {
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
            Event::Alias(id) => match b.anchors.get(&id) {
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
            },
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
    Document {
        root,
        span: Span::new(first, last),
        diagnostics: b.diagnostics,
    }
}

/// Applies YAML 1.1 merge keys (`<<: *base`): entries of the merged
/// mappings are added unless the mapping has that key itself.
fn apply_merge_keys(entries: Vec<(Node, Node)>, diags: &mut Vec<Diagnostic>) -> Vec<(Node, Node)> {
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

fn check_duplicate_keys(entries: &[(Node, Node)], diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Node> = HashMap::new();
    for (k, _) in entries {
        if let Some(t) = k.scalar_text() {
            if let Some(first) = seen.insert(t, k) {
                diags.push(
                    Diagnostic::new(
                        Severity::Error,
                        DiagnosticCode::YamlSyntax,
                        format!(
                            "mapping key `{t}` already defined at line {}",
                            first.span.start.line
                        ),
                        Some(k.span),
                    )
                    .with_help("Kubernetes rejects duplicate keys; remove one of them"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Node {
        let docs = parse_documents(text);
        assert_eq!(docs.len(), 1, "{docs:?}");
        assert!(docs[0].diagnostics.is_empty(), "{:?}", docs[0].diagnostics);
        docs[0].root.clone().expect("a root")
    }

    #[test]
    fn plain_scalars_resolve_like_kubernetes() {
        let cases = [
            ("", ScalarKind::Null),
            ("~", ScalarKind::Null),
            ("true", ScalarKind::Bool(true)),
            ("yes", ScalarKind::Bool(true)),
            ("Off", ScalarKind::Bool(false)),
            ("80", ScalarKind::Int(80)),
            ("-3", ScalarKind::Int(-3)),
            ("0x1F", ScalarKind::Int(31)),
            ("0o17", ScalarKind::Int(15)),
            ("1.5", ScalarKind::Float),
            ("1e3", ScalarKind::Float),
            ("-2.5E-3", ScalarKind::Float),
            (".5", ScalarKind::Float),
            ("5.", ScalarKind::Float),
            (".inf", ScalarKind::Float),
            (".", ScalarKind::Str),
            ("1e", ScalarKind::Str),
            ("e3", ScalarKind::Str),
            ("1.5e+", ScalarKind::Str),
            ("1-2", ScalarKind::Str),
            ("eighty", ScalarKind::Str),
            ("1.2.3", ScalarKind::Str),
            ("-", ScalarKind::Str),
            ("99999999999999999999", ScalarKind::Float),
            // go-yaml v2 resolve.go: underscores go before ParseInt(plain, 0, 64).
            ("1_000", ScalarKind::Int(1000)),
            ("-1_000_000", ScalarKind::Int(-1_000_000)),
            ("+1_0", ScalarKind::Int(10)),
            ("1__0_", ScalarKind::Int(10)),
            ("0x_1F", ScalarKind::Int(31)),
            ("0X1f", ScalarKind::Int(31)),
            ("0b1010", ScalarKind::Int(10)),
            ("-0b11", ScalarKind::Int(-3)),
            ("017", ScalarKind::Int(15)),
            ("0", ScalarKind::Int(0)),
            ("-0", ScalarKind::Int(0)),
            ("08", ScalarKind::Float),
            ("1_000.5", ScalarKind::Float),
            ("-.5", ScalarKind::Float),
            ("+1.", ScalarKind::Float),
            ("1e400", ScalarKind::Str),
            (".5e999", ScalarKind::Str),
            (".5_0", ScalarKind::Str),
            ("_1", ScalarKind::Str),
            ("0x", ScalarKind::Str),
            ("0xG", ScalarKind::Str),
            ("2006-01-02", ScalarKind::Str),
            ("9223372036854775807", ScalarKind::Int(i64::MAX)),
            ("-9223372036854775808", ScalarKind::Int(i64::MIN)),
            ("18446744073709551615", ScalarKind::Float),
            ("1:20", ScalarKind::Str),
            ("Yes", ScalarKind::Bool(true)),
            ("y", ScalarKind::Bool(true)),
            ("N", ScalarKind::Bool(false)),
            ("ON", ScalarKind::Bool(true)),
            ("yEs", ScalarKind::Str),
        ];
        for (text, want) in cases {
            assert_eq!(resolve_plain(text), want, "{text:?}");
        }
    }

    #[test]
    fn quoted_scalars_stay_strings() {
        let root = one("a: \"80\"\nb: 'true'\nc: 80\n");
        assert_eq!(root.get("a").and_then(Node::as_str), Some("80"));
        assert_eq!(root.get("b").and_then(Node::as_str), Some("true"));
        assert_eq!(root.get("c").unwrap().type_name(), "integer");
    }

    #[test]
    fn spans_point_at_lines_and_columns() {
        let root = one("kind: Pod\nmetadata:\n  name: web\n");
        let name = root.get("metadata").unwrap().get("name").unwrap();
        assert_eq!((name.span.start.line, name.span.start.column), (3, 9));
        assert_eq!(name.span.end.column, 12);
    }

    #[test]
    fn documents_split_and_errors_stay_local() {
        let text = "a: 1\n---\nb: [\n---\nc: 3\n";
        let docs = parse_documents(text);
        assert_eq!(docs.len(), 3);
        assert!(docs[0].root.is_some());
        assert!(docs[1].root.is_none());
        assert_eq!(docs[1].diagnostics[0].code, DiagnosticCode::YamlSyntax);
        assert!(docs[1].diagnostics[0].span.unwrap().start.line >= 3);
        let c = docs[2].root.as_ref().unwrap().get("c").unwrap();
        assert_eq!(c.span.start.line, 5);
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let root = one("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n");
        let other = root.get("other").unwrap();
        assert_eq!(other.get("x").unwrap().scalar_text(), Some("1"));
        assert_eq!(other.get("y").unwrap().scalar_text(), Some("3"));
        assert_eq!(root.get("ref").unwrap().as_map().unwrap().len(), 2);
    }

    #[test]
    fn alias_bombs_are_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let docs = parse_documents(&text);
        assert!(docs[0].root.is_none());
        assert_eq!(docs[0].diagnostics[0].code, DiagnosticCode::YamlLimit);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(5000);
        let docs = parse_documents(&text);
        assert!(docs[0].root.is_none());
        assert!(!docs[0].diagnostics.is_empty());
    }

    #[test]
    fn json_is_read() {
        let root = one("{\"kind\": \"Pod\", \"spec\": {\"ports\": [80, 443]}}");
        assert_eq!(root.get("kind").and_then(Node::as_str), Some("Pod"));
        assert_eq!(
            root.get("spec")
                .unwrap()
                .get("ports")
                .unwrap()
                .as_seq()
                .unwrap()
                .len(),
            2
        );
    }

    /// (text, per document: the key read and the (line, column) of its value, label)
    #[test]
    fn json_streams_keep_each_value_at_its_line_and_column() {
        type Row<'a> = (&'a str, &'a [(&'a str, (usize, usize))], &'a str);
        let rows: [Row; 4] = [
            (
                "{\"kind\": \"A\"}{\"kind\": \"B\"}\n{\"kind\": \"C\"}\n",
                &[("kind", (1, 10)), ("kind", (1, 23)), ("kind", (2, 10))],
                "back to back, then on the next line",
            ),
            (
                "a: 1\n---\n{\"b\": 1}\n{\"c\": 2}\n",
                &[("a", (1, 4)), ("b", (3, 7)), ("c", (4, 7))],
                "a JSON stream after a YAML document",
            ),
            (
                "{\"n\": \"é\"} {\"m\": 1}\n",
                &[("n", (1, 7)), ("m", (1, 18))],
                "a non-ASCII value before: columns count characters",
            ),
            (
                "{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n",
                &[("a", (2, 8)), ("b", (5, 8))],
                "pretty-printed files concatenated",
            ),
        ];
        for (text, want, label) in rows {
            let docs = parse_documents(text);
            let got: Vec<(&str, (usize, usize))> = docs
                .iter()
                .zip(want)
                .map(|(d, (key, _))| {
                    assert!(d.diagnostics.is_empty(), "{label}: {:?}", d.diagnostics);
                    let v = d.root.as_ref().and_then(|r| r.get(key)).expect(key);
                    (*key, (v.span.start.line, v.span.start.column))
                })
                .collect();
            assert_eq!(docs.len(), want.len(), "{label}");
            assert_eq!(got, want, "{label}");
        }
    }

    /// `json.Decoder` stops at a broken value; the values before it are read.
    #[test]
    fn a_broken_value_ends_a_json_stream_at_its_line() {
        let docs = parse_documents("{\"a\": 1}\n{\"b\": [}\n{\"c\": 3}\n");
        assert_eq!(docs.len(), 2);
        assert!(docs[0].root.is_some() && docs[0].diagnostics.is_empty());
        assert_eq!(docs[1].diagnostics[0].code, DiagnosticCode::YamlSyntax);
        assert_eq!(docs[1].diagnostics[0].span.unwrap().start.line, 2);
    }

    #[test]
    fn duplicate_keys_are_reported() {
        let docs = parse_documents("a: 1\na: 2\n");
        assert_eq!(docs[0].diagnostics.len(), 1);
        assert_eq!(docs[0].diagnostics[0].span.unwrap().start.line, 2);
    }
}

#[cfg(test)]
mod span_tests {
    use super::*;

    #[test]
    fn block_collections_end_at_their_last_child() {
        let docs = parse_documents(
            "spec:\n  selector:\n    app: web   # comment\n  ports:\n    - port: 80\n",
        );
        let root = docs[0].root.as_ref().unwrap();
        let sel = root.get("spec").unwrap().get("selector").unwrap();
        assert_eq!(
            (sel.span.start.line, sel.span.end.line, sel.span.end.column),
            (3, 3, 13)
        );
        let ports = root.get("spec").unwrap().get("ports").unwrap();
        assert_eq!((ports.span.end.line, ports.span.end.column), (5, 15));
        let flow = parse_documents("a: {x: 1}\n");
        let a = flow[0].root.as_ref().unwrap().get("a").unwrap();
        assert_eq!((a.span.start.column, a.span.end.column), (4, 10));
    }
}
