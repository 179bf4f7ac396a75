//! Splitting a JSON `kind: List` document (`kubectl get -o json`) into its
//! items, so that each is read, decoded and dropped on its own.

use super::{ListItem, ListItems};
use std::borrow::Cow;

/// Splits the JSON document `doc` into its frame and items when it is an
/// object with an `"items": [...]` array of objects at its top level, else
/// `None`. The frame is the document with that array written `null` (so it
/// reads as a List with no items); each item runs from its `{` to just
/// after its `}` (see [`json_item_source`] for the text read).
///
/// Only brackets and strings are followed here: the caller checks that the
/// frame and every item read as strict JSON
/// ([`super::parse_json_document`]), which together make the document strict
/// JSON too (the bytes between items are commas and blanks, checked here).
pub fn split_json_list_items(doc: &str) -> Option<ListItems> {
    let b = doc.as_bytes();
    let mut i = skip_blanks(b, 0);
    if b[i..].starts_with(b"---") {
        // A `---` line before it (files joined by the command line).
        i = skip_blanks(b, i + 3);
    }
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    // The top-level keys: find `"items"` and its array.
    loop {
        i = skip_blanks(b, i);
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(b, i)?;
        let is_items = &doc[i..key_end] == "\"items\"";
        i = skip_blanks(b, key_end);
        if b.get(i) != Some(&b':') {
            return None;
        }
        i = skip_blanks(b, i + 1);
        if is_items && b.get(i) == Some(&b'[') {
            let array = i;
            let (items, array_end) = array_items(doc, array)?;
            let mut frame = String::with_capacity(doc.len() - (array_end - array) + 4);
            frame.push_str(&doc[..array]);
            frame.push_str("null");
            frame.push_str(&doc[array_end..]);
            return Some(ListItems {
                frame,
                items,
                indent: 0,
            });
        }
        i = skip_value(b, i)?;
        i = skip_blanks(b, i);
        match b.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

/// The items of the array at `doc[at] == '['`, and the byte after its `]`.
fn array_items(doc: &str, at: usize) -> Option<(Vec<ListItem>, usize)> {
    let b = doc.as_bytes();
    let mut items = Vec::new();
    let mut i = skip_blanks(b, at + 1);
    let mut line = count_lines(&b[..i]);
    let mut counted = i;
    if b.get(i) == Some(&b']') {
        return Some((items, i + 1));
    }
    loop {
        if b.get(i) != Some(&b'{') {
            return None;
        }
        let end = skip_value(b, i)?;
        line += count_lines(&b[counted..i]);
        let line_start = b[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map_or(0, |n| n + 1);
        if !b[line_start..i].is_ascii() {
            // Blanked one byte for one character below: columns would drift.
            return None;
        }
        items.push(ListItem {
            start: i,
            end,
            line,
        });
        counted = i;
        i = skip_blanks(b, end);
        match b.get(i)? {
            b',' => i = skip_blanks(b, i + 1),
            b']' => return Some((items, i + 1)),
            _ => return None,
        }
    }
}

/// The text to read for `item` of `doc`, and where it starts in `doc`: from
/// the start of its `{`'s line, whatever precedes the `{` on that line
/// blanked, so that lines, columns and offsets stay the document's.
pub fn json_item_source(doc: &str, item: ListItem) -> (usize, Cow<'_, str>) {
    let line_start = doc[..item.start].rfind('\n').map_or(0, |n| n + 1);
    let before = &doc[line_start..item.start];
    if before.bytes().all(|c| c == b' ' || c == b'\t') {
        return (line_start, Cow::Borrowed(&doc[line_start..item.end]));
    }
    let mut out = " ".repeat(before.len());
    out.push_str(&doc[item.start..item.end]);
    (line_start, Cow::Owned(out))
}

fn count_lines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The byte after the string starting at `b[i] == '"'`.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        // Runs of plain bytes first: one comparison pair a byte.
        i += b.get(i..)?.iter().position(|&c| c == b'"' || c == b'\\')?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        i += 2;
    }
}

/// The byte after the value starting at `b[i]`: a string, a bracketed value
/// (followed to its matching bracket) or a literal.
fn skip_value(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' => skip_string(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = i;
            loop {
                match *b.get(i)? {
                    b'"' => {
                        i = skip_string(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = b[i..]
                .iter()
                .position(|c| matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(b.len() - i);
            Some(i + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kubectl_list_splits_into_its_items_and_a_frame() {
        let doc = "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\"kind\": \"Pod\", \"s\": \"}]\\\"\"},\n        {\n            \"kind\": \"Service\"\n        }\n    ],\n    \"kind\": \"List\"\n}\n";
        let split = split_json_list_items(doc).unwrap();
        assert_eq!(
            split.frame,
            "{\n    \"apiVersion\": \"v1\",\n    \"items\": null,\n    \"kind\": \"List\"\n}\n"
        );
        let items: Vec<_> = split
            .items
            .iter()
            .map(|i| (i.line, &doc[i.start..i.end]))
            .collect();
        assert_eq!(
            items,
            [
                (3, "{\"kind\": \"Pod\", \"s\": \"}]\\\"\"}"),
                (4, "{\n            \"kind\": \"Service\"\n        }")
            ]
        );
        let one_line = "{\"items\": [{\"a\": 1}, {\"b\": 2}], \"kind\": \"List\"}";
        let split = split_json_list_items(one_line).unwrap();
        assert_eq!(split.items.len(), 2);
        assert_eq!(
            json_item_source(one_line, split.items[1]),
            (
                0,
                Cow::Owned::<str>("                     {\"b\": 2}".into())
            )
        );
        assert_eq!(split.frame, "{\"items\": null, \"kind\": \"List\"}");
    }

    #[test]
    fn anything_else_is_not_split() {
        for doc in [
            "[]",
            "{\"kind\": \"Pod\"}",
            "{\"items\": [1, 2]}",
            "{\"items\": [{\"a\": 1} {\"b\": 2}]}",
            "{\"items\": [{\"a\": 1}",
            "{items: []}",
        ] {
            assert!(split_json_list_items(doc).is_none(), "{doc}");
        }
        let empty = split_json_list_items("{\"items\": []}").unwrap();
        assert!(empty.items.is_empty());
    }
}
