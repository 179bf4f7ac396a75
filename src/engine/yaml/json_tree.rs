//! Reading a document that is strict JSON straight into the node tree, with
//! the same spans, scalars and checks the YAML reader gives it.
//!
//! JSON is YAML's flow syntax, so the YAML reader reads it too, but through
//! its general event machinery: on a 13 MB `kubectl get -o json` dump it
//! spent most of its time peeking tokens and keeping markers. This reader is
//! a recursive descent over bytes that builds the [`Node`]s directly and
//! counts lines and columns as it goes. serde_json does not fit here: its
//! visitors see values, not where they are, and its stream reader only tells
//! the byte offset after each top-level value.
//!
//! It reads only what it is sure of: text that is not strict JSON (a comment,
//! a single quote, a syntax error, a lone carriage return, nesting past
//! [`MAX_DEPTH`]) returns `None`, and the caller reads the document with the
//! YAML reader, which reports the problem at its line and column as before.

use super::parse::{apply_merge_keys, check_duplicate_keys};
use super::{resolve_plain, Document, Node, ScalarKind, Value, MAX_DEPTH};
use crate::engine::base::source::{Position, Span};

/// Whether `chunk` may be a JSON document: its first byte past blanks and a
/// leading `---` line is `{` or `[`.
pub fn looks_like_json(chunk: &str) -> bool {
    matches!(
        skip_marker(chunk.as_bytes()).and_then(|i| chunk.as_bytes().get(i)),
        Some(b'{' | b'[')
    )
}

/// Where the value starts: past blanks, one `---` marker line and blanks.
fn skip_marker(b: &[u8]) -> Option<usize> {
    let mut i = blanks(b, 0);
    if b[i..].starts_with(b"---") && b.get(i + 3).is_none_or(|c| c.is_ascii_whitespace()) {
        i = blanks(b, i + 3);
    }
    Some(i)
}

fn blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// Reads `chunk` (a whole document, `depth` collections deep in its text) as
/// strict JSON: the document the YAML reader would give, or `None` when the
/// text is not strict JSON (see the module docs).
pub fn parse_json_document(chunk: &str, depth: usize) -> Option<Document> {
    let mut r = Reader {
        b: chunk.as_bytes(),
        text: chunk,
        i: 0,
        line: 1,
        line_start: 0,
        col_at: 0,
        col_chars: 0,
        depth,
        diagnostics: Vec::new(),
    };
    let first = r.position();
    let start = skip_marker(r.b)?;
    r.lines_to(start)?;
    let root = r.value()?;
    let end = blanks(r.b, r.i);
    if end != r.b.len() {
        return None;
    }
    r.lines_to(end)?;
    let last = r.position();
    Some(Document {
        root: Some(root),
        span: Span::new(first, last),
        diagnostics: r.diagnostics,
    })
}

struct Reader<'t> {
    b: &'t [u8],
    text: &'t str,
    i: usize,
    line: usize,
    line_start: usize,
    /// The last byte a column was counted to on this line, and its column - 1.
    col_at: usize,
    col_chars: usize,
    depth: usize,
    diagnostics: Vec<crate::engine::base::diagnostics::Diagnostic>,
}

impl Reader<'_> {
    fn position(&mut self) -> Position {
        let at = self.i;
        if at < self.col_at {
            self.col_at = self.line_start;
            self.col_chars = 0;
        }
        // Characters, not bytes: count the bytes that start one.
        self.col_chars += self.b[self.col_at..at]
            .iter()
            .filter(|&&c| c & 0xC0 != 0x80)
            .count();
        self.col_at = at;
        Position {
            offset: at,
            line: self.line,
            column: self.col_chars + 1,
        }
    }

    /// Counts the line breaks of the blanks up to `to` and moves there;
    /// `None` at a carriage return alone (a line break to YAML, not to the index).
    fn lines_to(&mut self, to: usize) -> Option<()> {
        let mut i = self.i;
        while i < to {
            match self.b[i] {
                b'\n' => {
                    self.line += 1;
                    self.line_start = i + 1;
                    self.col_at = i + 1;
                    self.col_chars = 0;
                }
                b'\r' if self.b.get(i + 1) != Some(&b'\n') => return None,
                _ => {}
            }
            i += 1;
        }
        self.i = to;
        Some(())
    }

    fn skip_blanks(&mut self) -> Option<()> {
        let to = blanks(self.b, self.i);
        self.lines_to(to)
    }

    fn value(&mut self) -> Option<Node> {
        match *self.b.get(self.i)? {
            b'{' => self.map(),
            b'[' => self.seq(),
            b'"' => {
                let start = self.position();
                let text = self.string()?;
                let end = self.position();
                Some(scalar(text, ScalarKind::Str, start, end))
            }
            _ => self.plain(),
        }
    }

    /// A number, `true`, `false` or `null`, resolved as YAML resolves it.
    fn plain(&mut self) -> Option<Node> {
        let start = self.position();
        let from = self.i;
        while self.i < self.b.len()
            && matches!(self.b[self.i], b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'+' | b'-' | b'.')
        {
            self.i += 1;
        }
        let text = &self.text[from..self.i];
        if !is_json_literal(text) {
            return None;
        }
        let end = self.position();
        Some(scalar(text.to_string(), resolve_plain(text), start, end))
    }

    /// Past a `{` or `[` and its blanks: where it starts.
    fn open(&mut self) -> Option<Position> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let start = self.position();
        self.i += 1;
        self.skip_blanks()?;
        Some(start)
    }

    fn map(&mut self) -> Option<Node> {
        let start = self.open()?;
        let mut entries = Vec::new();
        if self.b.get(self.i) != Some(&b'}') {
            loop {
                if self.b.get(self.i) != Some(&b'"') {
                    return None;
                }
                let ks = self.position();
                let key = self.string()?;
                let ke = self.position();
                self.skip_blanks()?;
                if self.b.get(self.i) != Some(&b':') {
                    return None;
                }
                self.i += 1;
                self.skip_blanks()?;
                let value = self.value()?;
                entries.push((scalar(key, ScalarKind::Str, ks, ke), value));
                if self.closes(b'}')? {
                    break;
                }
            }
        }
        self.i += 1;
        let end = self.position();
        self.depth -= 1;
        let entries = apply_merge_keys(entries, &mut self.diagnostics);
        check_duplicate_keys(&entries, &mut self.diagnostics);
        Some(Node {
            value: Value::Map(entries),
            span: Span::new(start, end),
        })
    }

    /// After a member: `Some(true)` at the closing `close` (not consumed),
    /// `Some(false)` past a `,` and the blanks after it, `None` otherwise.
    fn closes(&mut self, close: u8) -> Option<bool> {
        self.skip_blanks()?;
        match *self.b.get(self.i)? {
            b',' => {
                self.i += 1;
                self.skip_blanks()?;
                Some(false)
            }
            c if c == close => Some(true),
            _ => None,
        }
    }

    fn seq(&mut self) -> Option<Node> {
        let start = self.open()?;
        let mut items = Vec::new();
        if self.b.get(self.i) != Some(&b']') {
            loop {
                items.push(self.value()?);
                if self.closes(b']')? {
                    break;
                }
            }
        }
        self.i += 1;
        let end = self.position();
        self.depth -= 1;
        Some(Node {
            value: Value::Seq(items),
            span: Span::new(start, end),
        })
    }

    /// The string at `"`, unescaped; after it, `i` is past its closing quote.
    fn string(&mut self) -> Option<String> {
        let b = self.b;
        let from = self.i + 1;
        let mut i = from;
        // The common case: no escape, copied at once.
        while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
            i += 1;
        }
        if *b.get(i)? == b'"' {
            self.i = i + 1;
            return Some(self.text[from..i].to_string());
        }
        let mut out = String::from(&self.text[from..i]);
        loop {
            let c = *b.get(i)?;
            match c {
                b'"' => break,
                b'\\' => {
                    let e = *b.get(i + 1)?;
                    i += 2;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = hex4(b.get(i..i + 4)?)?;
                            i += 4;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                // A surrogate pair: `\uD83D\uDE00`.
                                if b.get(i..i + 2)? != b"\\u" {
                                    return None;
                                }
                                let lo = hex4(b.get(i + 2..i + 6)?)?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return None;
                                }
                                i += 6;
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code)?);
                        }
                        _ => return None,
                    }
                }
                0..=0x1F => return None,
                _ => {
                    let run = i;
                    while i < b.len() && b[i] != b'"' && b[i] != b'\\' && b[i] >= 0x20 {
                        i += 1;
                    }
                    out.push_str(&self.text[run..i]);
                }
            }
        }
        self.i = i + 1;
        Some(out)
    }
}

fn hex4(h: &[u8]) -> Option<u32> {
    std::str::from_utf8(h)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
        .filter(|_| h.iter().all(u8::is_ascii_hexdigit))
}

/// `true`, `false`, `null` or a JSON number (RFC 8259 section 6).
fn is_json_literal(t: &str) -> bool {
    if matches!(t, "true" | "false" | "null") {
        return true;
    }
    let b = t.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |i: &mut usize| {
        let s = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i > s
    };
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(&mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(&mut i) {
            return false;
        }
    }
    i == b.len()
}

fn scalar(text: String, kind: ScalarKind, start: Position, end: Position) -> Node {
    Node {
        value: Value::Scalar { text, kind },
        span: Span::new(start, end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The YAML reader's tree of the same text: the reference.
    fn same_as_yaml(text: &str) {
        let json = parse_json_document(text, 0).unwrap_or_else(|| panic!("not read: {text}"));
        let yaml = super::super::parse_document(text);
        assert_eq!(json, yaml, "{text}");
    }

    #[test]
    fn strict_json_reads_as_the_yaml_reader_reads_it() {
        for text in [
            "{}",
            "[]",
            "{\"a\": 1}\n",
            "  {\"a\": [1, 2.5, -3e2, true, false, null, \"x\"]}",
            "{\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"a\", \"labels\": {}}\n}\n",
            "[[], [[]], {\"k\": {\"l\": []}}]",
            "{\"s\": \"tab\\there \\\"q\\\" \\\\ \\/ \\u00e9 é ü\", \"n\": \"line\\nbreak\"}",
            "{\"é\": \"ü\", \"x\": 1}",
            "---\n{\"a\": \"b\"}\n",
            "{\"a\": 1}\r\n",
            "{\"n\": 0, \"m\": -0.5, \"big\": 12345678901234567890, \"e\": 1E+2}",
            "{\"a\": 1, \"a\": 2}",
            "{\"<<\": {\"a\": 1}, \"b\": 2}",
        ] {
            same_as_yaml(text);
        }
    }

    #[test]
    fn anything_not_strict_json_is_left_to_the_yaml_reader() {
        for text in [
            "{a: 1}",
            "{'a': 1}",
            "{\"a\": 1,}",
            "{\"a\": 1} # note",
            "{\"a\": 01}",
            "{\"a\": .5}",
            "{\"a\": tru}",
            "{\"a\" 1}",
            "{\"a\": \"x",
            "[1 2]",
            "{\"a\": \"\\ud800\"}",
            "{\"a\": \"\\q\"}",
            "{\"a\":\r1}",
            "",
            "kind: Pod",
        ] {
            assert!(parse_json_document(text, 0).is_none(), "{text}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(parse_json_document(&deep, 0).is_none());
    }

    #[test]
    fn surrogate_pairs_make_one_character() {
        let doc = parse_json_document("{\"e\": \"\\ud83d\\ude00\"}", 0).unwrap();
        let root = doc.root.unwrap();
        assert_eq!(root.get("e").and_then(Node::as_str), Some("😀"));
    }
}
