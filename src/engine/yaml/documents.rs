//! Splitting a text into documents (YAML `---` markers, JSON values one after another).

use super::{json, parse_document, Document};
use crate::engine::base::source::{LineIndex, Shift};
use std::borrow::Cow;

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
pub(super) fn json_cuts(text: &str, from: usize, to: usize) -> impl Iterator<Item = usize> {
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
pub(super) const MAX_PADDING: usize = 4096;

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

pub(super) fn is_document_marker(line: &str) -> bool {
    line.strip_prefix("---")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}
