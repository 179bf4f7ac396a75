//! Positions in the user's text: byte offsets with 1-based lines and columns.

use serde::Serialize;

/// One point in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// Line number, starting at 1.
    pub line: usize,
    /// Column in characters, starting at 1.
    pub column: usize,
}

/// A half-open range `[start, end)` of the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    /// First position inside the span.
    pub start: Position,
    /// First position after the span.
    pub end: Position,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: Position, end: Position) -> Span {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub fn point(at: Position) -> Span {
        Span { start: at, end: at }
    }

    /// Whether the span starts and ends on the same line.
    pub fn is_one_line(&self) -> bool {
        self.start.line == self.end.line
    }

    /// The smallest span covering both `self` and `other`.
    pub fn join(&self, other: &Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Moves positions when the text they point into moved down by whole lines:
/// used to reuse the analysis of a document that did not change.
pub trait Shift {
    /// Adds `lines` to every line number and `bytes` to every offset.
    fn shift(&mut self, lines: usize, bytes: usize);
}

impl Shift for Position {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.line += lines;
        self.offset += bytes;
    }
}

impl Shift for Span {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.start.shift(lines, bytes);
        self.end.shift(lines, bytes);
    }
}

impl<T: Shift> Shift for Option<T> {
    fn shift(&mut self, lines: usize, bytes: usize) {
        if let Some(t) = self {
            t.shift(lines, bytes);
        }
    }
}

impl<T: Shift> Shift for Vec<T> {
    fn shift(&mut self, lines: usize, bytes: usize) {
        for t in self {
            t.shift(lines, bytes);
        }
    }
}

/// Every this many characters of a long non-ASCII line, its byte offset is
/// kept, so that no lookup walks more than this many characters.
const CHECKPOINT: usize = 256;

/// Maps byte offsets to line/column positions for one text, in constant time
/// on ASCII lines and in at most 256 steps on others — a
/// megabyte-long line with a hundred thousand keys stays linear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of every line.
    starts: Vec<usize>,
    /// Lines (0-based) that are not pure ASCII, with the byte offset of every
    /// 256th character.
    wide: Vec<(usize, Vec<usize>)>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut wide = Vec::new();
        if !text.is_ascii() {
            for (i, &start) in starts.iter().enumerate() {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                let line = &text[start..end];
                if !line.is_ascii() {
                    let marks = line
                        .char_indices()
                        .step_by(CHECKPOINT)
                        .map(|(b, _)| start + b)
                        .collect();
                    wide.push((i, marks));
                }
            }
        }
        LineIndex { starts, wide }
    }

    /// The checkpoints of 0-based `line`, if it is not pure ASCII.
    fn checkpoints(&self, line: usize) -> Option<&Vec<usize>> {
        let i = self.wide.binary_search_by_key(&line, |(l, _)| *l).ok()?;
        Some(&self.wide[i].1)
    }

    /// Number of lines (a text without newline has one line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The position of byte `offset` in `text` (clamped to the text, and
    /// moved back to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = match self.checkpoints(line - 1) {
            None => offset - start + 1,
            Some(marks) => {
                // The last checkpoint at or before the offset, then count on.
                let k = marks.partition_point(|&m| m <= offset).saturating_sub(1);
                let from = marks.get(k).copied().unwrap_or(start);
                k * CHECKPOINT + text[from..offset].chars().count() + 1
            }
        };
        Position {
            offset,
            line,
            column,
        }
    }

    /// The position of a 1-based `line` and 0-based character `col`
    /// (clamped to the end of that line).
    pub fn from_line_col(&self, text: &str, line: usize, col: usize) -> Position {
        let Some(start) = self.line_start(line) else {
            return self.position(text, text.len());
        };
        let end = self.line_start(line + 1).unwrap_or(text.len());
        let content_end = if end > start && text[..end].ends_with('\n') {
            end - 1
        } else {
            end
        };
        let (mut offset, mut column) = match self.checkpoints(line - 1) {
            None => {
                let offset = (start + col).min(content_end);
                return Position {
                    offset,
                    line,
                    column: offset - start + 1,
                };
            }
            Some(marks) => {
                let k = (col / CHECKPOINT).min(marks.len().saturating_sub(1));
                (marks.get(k).copied().unwrap_or(start), k * CHECKPOINT + 1)
            }
        };
        for ch in text[offset..content_end].chars() {
            if column > col {
                break;
            }
            offset += ch.len_utf8();
            column += 1;
        }
        Position {
            offset,
            line,
            column,
        }
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    /// The straightforward walk the index must agree with.
    fn slow(text: &str, line: usize, col: usize) -> usize {
        let start: usize = text
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum();
        let rest = &text[start..];
        let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
        start + rest.chars().take(col).map(char::len_utf8).sum::<usize>()
    }

    #[test]
    fn lookups_agree_with_walking_the_text_on_ascii_and_wide_lines() {
        let long: String = "é".repeat(700) + "x" + &"日本".repeat(300);
        let text = format!("ab\n{long}\n\ncd é\nlast");
        let idx = LineIndex::new(&text);
        for line in 1..=5 {
            for col in [0, 1, 2, 3, 255, 256, 257, 700, 701, 1000, 5000] {
                let p = idx.from_line_col(&text, line, col);
                assert_eq!(p.offset, slow(&text, line, col), "line {line} col {col}");
                assert_eq!(idx.position(&text, p.offset), p, "line {line} col {col}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let cases = [
            (0, 1, 1),
            (1, 1, 2),
            (3, 2, 1),
            (5, 2, 2), // after the two-byte 'ç'
            (7, 3, 1),
            (8, 4, 1),
            (99, 4, 2),
        ];
        for (offset, line, column) in cases {
            let p = idx.position(text, offset);
            assert_eq!((p.line, p.column), (line, column), "offset {offset}");
        }
    }

    #[test]
    fn line_col_maps_back_to_offsets() {
        let text = "ab\nçd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.from_line_col(text, 2, 1).offset, 5);
        assert_eq!(idx.from_line_col(text, 2, 0).offset, 3);
        assert_eq!(idx.from_line_col(text, 2, 9).offset, 6);
        assert_eq!(idx.from_line_col(text, 9, 0).offset, text.len());
    }
}
