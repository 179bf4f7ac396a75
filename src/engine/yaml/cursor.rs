//! Where a cursor is in block YAML: the path of keys and list items above
//! it, whether it is on a key or a value, and the keys beside it — also in
//! text that does not parse yet (a key with no value, an empty line, half a
//! word).
//!
//! It reads indentation, not the parser's tree: while the user types, the
//! text is often broken, and the parser gives no tree for a broken document.
//! Each line is read as its indentation, its list dashes (`- `) and its key
//! (`name:`); the parent of an element at column `c` is the nearest element
//! above it at a smaller column (for a dash, also a key at the same column
//! with nothing after its colon: `ports:` then `- port: 80`). Flow
//! collections (`{...}`, `[...]`) and block scalars (`|`) are not entered:
//! the cursor inside one gets the path of the line that opens it. Only the
//! lines of the cursor's document are read (documents are split on `---`),
//! and only those between the cursor and its ancestors, so a cursor in a
//! large text is placed in time proportional to its object, not to the text.

/// One step of a path into an object: a field, or an item of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// An item of a sequence.
    Item,
}

/// What the cursor is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spot {
    /// A key (or where a key goes: an empty line, after `- `); `word` is the
    /// part of it before the cursor.
    Key {
        /// The key's characters before the cursor.
        word: String,
    },
    /// The value of `key` (after `key: `); `word` is the value's part before the cursor.
    Value {
        /// The key whose value it is.
        key: String,
        /// The value's characters before the cursor.
        word: String,
    },
}

/// The cursor in its document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The path from the object's root to the mapping the cursor's key is in
    /// (for a value: to the mapping of its key). Inside a `kind: List`, the
    /// path starts at the item's root (its `items[]` steps are left out).
    pub path: Vec<Step>,
    /// What the cursor is on.
    pub spot: Spot,
    /// The byte offset where the word being completed starts.
    pub word_start: usize,
    /// The column of the cursor's key (where a sibling key starts).
    pub column: usize,
    /// The other keys of the cursor's mapping.
    pub siblings: Vec<String>,
    /// `kind` of the cursor's object, if written.
    pub kind: Option<String>,
    /// `metadata.name` of the cursor's object, if written.
    pub name: Option<String>,
    /// `metadata.namespace` of the cursor's object, if written.
    pub namespace: Option<String>,
}

/// One element of a line: a list dash or a key, at its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Element<'t> {
    column: usize,
    /// The key, or `None` for a dash.
    key: Option<&'t str>,
    /// A key with something after its colon.
    has_value: bool,
}

/// The elements of a line, left to right: its dashes, then its key.
fn elements(line: &str) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'-' && bytes.get(i + 1).is_none_or(|b| *b == b' ') {
            out.push(Element {
                column: i,
                key: None,
                has_value: false,
            });
            i += 1;
            continue;
        }
        break;
    }
    let rest = &line[i..];
    if let Some((key, after)) = split_key(rest) {
        let after = after.trim();
        out.push(Element {
            column: i,
            key: Some(key),
            has_value: !after.is_empty() && !after.starts_with('#'),
        });
    }
    out
}

/// `key: rest` → (`key`, `rest`); quotes around the key are removed.
fn split_key(s: &str) -> Option<(&str, &str)> {
    if s.is_empty() || matches!(s.as_bytes()[0], b'#' | b'{' | b'[' | b'|' | b'>') {
        return None;
    }
    let quoted = s.starts_with('"') || s.starts_with('\'');
    let mut search = 0;
    loop {
        let at = search + s[search..].find(':')?;
        let next = s.as_bytes().get(at + 1);
        if next.is_none_or(|b| *b == b' ' || *b == b'\t') {
            let key = s[..at].trim_end();
            let key = if quoted {
                key.trim_matches(['"', '\''])
            } else {
                key
            };
            return Some((key, &s[at + 1..]));
        }
        search = at + 1;
    }
}

/// Whether a line starts a new document (`---`) or ends one (`...`).
fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line
            .as_bytes()
            .get(3)
            .is_none_or(|b| b.is_ascii_whitespace())
}

/// The lines of `text` as (start offset, line), without their line breaks.
struct Lines<'t> {
    text: &'t str,
}

impl<'t> Lines<'t> {
    /// The line that starts at `start`.
    fn at(&self, start: usize) -> &'t str {
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |n| start + n);
        self.text[start..end].trim_end_matches('\r')
    }

    /// The start of the line before the one at `start`.
    fn before(&self, start: usize) -> Option<usize> {
        if start == 0 {
            return None;
        }
        Some(self.text[..start - 1].rfind('\n').map_or(0, |n| n + 1))
    }

    /// The start of the line after the one at `start`.
    fn after(&self, start: usize) -> Option<usize> {
        self.text[start..].find('\n').map(|n| start + n + 1)
    }
}

/// Whether a line holds nothing (blank or a comment).
fn is_blank(line: &str) -> bool {
    indent_of(line).is_none()
}

/// The indentation of a line (its leading spaces), or `None` for a blank
/// or comment line. Reads bytes: most lines of a large object are skipped
/// on their indentation alone.
fn indent_of(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let n = bytes.iter().take_while(|b| **b == b' ').count();
    match bytes.get(n) {
        None | Some(b'#' | b'\r') => None,
        Some(b'\t') if bytes[n..].iter().all(u8::is_ascii_whitespace) => None,
        Some(_) => Some(n),
    }
}

/// The start of the first line of the document holding the line at
/// `line_start`: after the nearest `---` (or `...`) line above it, or 0.
fn document_start(text: &str, line_start: usize) -> usize {
    let mut end = line_start.saturating_sub(1);
    loop {
        let found = [text[..end].rfind("\n---"), text[..end].rfind("\n...")]
            .into_iter()
            .flatten()
            .max();
        let Some(at) = found else {
            return 0;
        };
        let rest = &text[at + 1..];
        if is_document_marker(rest.split('\n').next().unwrap_or("")) {
            return rest.find('\n').map_or(text.len(), |n| at + 1 + n + 1);
        }
        end = at;
    }
}

/// Where the cursor at byte `offset` of `text` is (`None` inside a comment
/// or at a place no key or value can be written, such as a flow collection).
pub fn cursor_at(text: &str, offset: usize) -> Option<Cursor> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let lines = Lines { text };
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line = lines.at(line_start);
    let before = &text[line_start..offset];
    if is_document_marker(line) || before.contains('#') {
        return None;
    }
    // The cursor's line: its dashes and the key or value being written.
    let own = elements(before);
    let dashes_end = own
        .iter()
        .filter(|e| e.key.is_none())
        .map(|e| e.column + 2)
        .max()
        .unwrap_or(0);
    let indent = before.len() - before.trim_start().len();
    let column = dashes_end.max(indent).min(before.len());
    let written = &before[column..];
    let (spot, word_start) = match split_key(written) {
        Some((key, value)) => {
            let value_start = offset - value.trim_start().len();
            let word = value.trim_start();
            if word.starts_with(['{', '[', '|', '>', '"', '\'']) && word.len() > 1 {
                return None;
            }
            (
                Spot::Value {
                    key: key.to_string(),
                    word: word.trim_start_matches(['"', '\'']).to_string(),
                },
                value_start,
            )
        }
        None => {
            if written
                .chars()
                .any(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_')))
            {
                return None;
            }
            (
                Spot::Key {
                    word: written.to_string(),
                },
                line_start + column,
            )
        }
    };
    // Walk up: each step finds the parent of the innermost element so far.
    // Each step of the path with the line and column of its element.
    let mut steps: Vec<(Step, usize, usize)> = own
        .iter()
        .rev()
        .filter(|e| e.key.is_none())
        .map(|e| (Step::Item, line_start, e.column))
        .collect();
    // The innermost element: the cursor's key (a key element at `column`),
    // or, when the line has dashes, the first of them.
    let mut need = match own.iter().find(|e| e.key.is_none()) {
        Some(first) => (first.column, true),
        None => (column, false),
    };
    // Keys beside the cursor's, on the lines above it (until its parent).
    let mut siblings = Vec::new();
    let mut parent_found = false;
    let mut at = line_start;
    while let Some(prev) = lines.before(at) {
        at = prev;
        let l = lines.at(at);
        let Some(indent) = indent_of(l) else {
            continue;
        };
        if indent == 0 && is_document_marker(l) {
            break;
        }
        // Deeper lines belong to siblings: skip them unread.
        if indent > need.0 || (indent == need.0 && !need.1 && !l[indent..].starts_with('-')) {
            if !parent_found && indent == column {
                if let Some((k, _)) = split_key(&l[indent..]) {
                    siblings.push(k.to_string());
                }
            }
            continue;
        }
        let els = elements(l);
        let (col, is_dash) = need;
        // The nearest element on this line that is the parent of `need`.
        let Some(upto) = els.iter().rposition(|e| {
            // An indentless sequence: `ports:` then `- port: 80` at its column.
            e.column < col || (is_dash && e.column == col && e.key.is_some() && !e.has_value)
        }) else {
            continue;
        };
        if !parent_found {
            if let Some(k) = els.iter().find(|e| e.column == column).and_then(|e| e.key) {
                siblings.push(k.to_string());
            }
        }
        parent_found = true;
        // The elements of the line up to the parent, innermost first.
        for e in els[..=upto].iter().rev() {
            let step = match e.key {
                Some(k) => Step::Key(k.to_string()),
                None => Step::Item,
            };
            steps.push((step, at, e.column));
        }
        let first = els[0];
        need = (first.column, first.key.is_none());
        if first.column == 0 && first.key.is_some() {
            break;
        }
    }
    steps.reverse();
    // Keys beside the cursor's, on the lines below it.
    let mut below = lines.after(line_start);
    while let Some(s) = below {
        let l = lines.at(s);
        if let Some(indent) = indent_of(l) {
            if indent == 0 && is_document_marker(l) {
                break;
            }
            if indent < column || (indent == column && l[indent..].starts_with('-')) {
                break;
            }
            if indent == column {
                if let Some((k, _)) = split_key(&l[indent..]) {
                    siblings.push(k.to_string());
                }
            }
        }
        below = lines.after(s);
    }
    // Inside a `kind: List`, the object is the item.
    let mut item = None;
    if steps.len() >= 2
        && steps[0].0 == Step::Key("items".into())
        && steps[0].2 == 0
        && steps[1].0 == Step::Item
    {
        item = Some((steps[1].1, steps[1].2));
        steps.drain(..2);
    }
    let path = steps.into_iter().map(|(s, _, _)| s).collect();
    let (kind, name, namespace) = identity(&lines, line_start, item);
    Some(Cursor {
        path,
        spot,
        word_start,
        column,
        siblings,
        kind,
        name,
        namespace,
    })
}

/// `kind`, `metadata.name` and `metadata.namespace` of the object around the
/// cursor: read from the top keys of the object (the document's, or those
/// of the List item whose dash is at `item`: line start and column).
fn identity(
    lines: &Lines<'_>,
    line_start: usize,
    item: Option<(usize, usize)>,
) -> (Option<String>, Option<String>, Option<String>) {
    let column = item.map_or(0, |(_, c)| c + 2);
    // The object's first line: the item's, or the document's.
    let start = match item {
        Some((s, _)) => s,
        None => document_start(lines.text, line_start),
    };
    let (mut kind, mut name, mut namespace) = (None, None, None);
    let mut in_metadata = false;
    let mut meta_column = None;
    let mut at = Some(start);
    let mut first = true;
    while let Some(s) = at {
        let l = lines.at(s);
        at = lines.after(s);
        if is_document_marker(l) && !first {
            break;
        }
        if is_blank(l) {
            continue;
        }
        let els = elements(l);
        let Some(key_el) = els.iter().find(|e| e.key.is_some()) else {
            first = false;
            continue;
        };
        let indent = indent_of(l).unwrap_or(0);
        // The end of a List item: a line at the dash's column, or less.
        if !first && item.is_some_and(|(_, c)| indent <= c) {
            break;
        }
        first = false;
        let key = key_el.key.unwrap_or_default();
        let value = || {
            split_key(&l[key_el.column..]).map(|(_, v)| {
                let v = v.split(" #").next().unwrap_or("").trim();
                v.trim_matches(['"', '\'']).to_string()
            })
        };
        if key_el.column == column {
            in_metadata = key == "metadata";
            meta_column = None;
            if key == "kind" {
                kind = value().filter(|v| !v.is_empty());
            }
        } else if in_metadata && key_el.column > column {
            let mc = *meta_column.get_or_insert(key_el.column);
            if key_el.column == mc {
                match key {
                    "name" => name = value().filter(|v| !v.is_empty()),
                    "namespace" => namespace = value().filter(|v| !v.is_empty()),
                    _ => {}
                }
            }
        } else if key_el.column < column {
            break;
        }
        // Past `metadata` with the kind and name: a namespace would be in it.
        if kind.is_some() && name.is_some() && !in_metadata {
            break;
        }
    }
    (kind, name, namespace)
}

#[cfg(test)]
mod tests;
