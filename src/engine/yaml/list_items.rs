//! Splitting a block-style `kind: List` document into its items, so that each item is parsed and cached on its own.

/// A List document cut into its frame (every line but the items') and the
/// byte ranges of its items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListItems {
    /// The document without the lines of its items: `apiVersion`, `kind`,
    /// `metadata` and an empty `items:`. It must read as a List with no
    /// diagnostic for the split to stand (the caller checks).
    pub frame: String,
    /// Each item: its first byte (the start of the line of its `-`), its end,
    /// and the number of lines of the document before it.
    pub items: Vec<ListItem>,
    /// The column (0-based) of the items' `-`.
    pub indent: usize,
}

/// One item of a List document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListItem {
    /// Its first byte in the document (the start of its `-` line).
    pub start: usize,
    /// Its end (exclusive): the start of the next item or top-level key.
    pub end: usize,
    /// Lines of the document before it.
    pub line: usize,
}

/// Splits `doc` into its List items when it is written as `kubectl -o yaml`
/// writes a List, else `None` (the caller parses the document whole).
///
/// The rule: every line at column 0 is a blank line, a comment, the
/// document's `---`, or a plain `key:` (letters, digits, `-`, `_`) of the
/// top-level mapping; exactly one of them is `items:` with nothing after it;
/// the first line after it is a block sequence entry `- ` (or `-` alone) at
/// some column `n`, and so is every line that starts a new item; every other
/// line up to the next top-level key is blank or indented deeper than `n`
/// (it belongs to the item above). Anything else — a flow `items: [...]`,
/// a comment or a less indented line inside the items, a tab in an
/// indentation, a carriage return not before a line feed, a byte-order
/// mark, `...` — is not split.
///
/// A split is only a candidate: an item is the same YAML alone as inside the
/// List when it parses alone without an error and without aliases (an alias
/// could name an anchor of another item), which the caller checks too.
pub fn split_list_items(doc: &str) -> Option<ListItems> {
    if doc.starts_with('\u{feff}') {
        return None;
    }
    let mut frame = String::new();
    let mut items: Vec<ListItem> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut in_items = false;
    let mut seen_items = false;
    let mut offset = 0;
    for (line_no, line) in doc.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        if body.contains('\r') {
            // A carriage return alone breaks a YAML line too.
            return None;
        }
        let spaces = body.len() - body.trim_start_matches(' ').len();
        let rest = &body[spaces..];
        let blank = rest.is_empty();
        if in_items {
            if blank {
                match items.last_mut() {
                    // Kept with the item above (a `|+` scalar keeps it).
                    Some(last) => last.end = offset,
                    None => return None,
                }
                continue;
            }
            if rest.starts_with('\t') && indent.is_none_or(|n| spaces <= n) {
                return None;
            }
            match indent {
                None if spaces == 0 && !is_entry(rest) => {
                    // `items:` with no entries, then the next key.
                    in_items = false;
                }
                None if is_entry(rest) => {
                    indent = Some(spaces);
                    items.push(ListItem {
                        start,
                        end: offset,
                        line: line_no,
                    });
                    continue;
                }
                None => return None,
                Some(n) if spaces > n => {
                    if let Some(last) = items.last_mut() {
                        last.end = offset;
                    }
                    continue;
                }
                Some(n) if spaces == n && is_entry(rest) => {
                    items.push(ListItem {
                        start,
                        end: offset,
                        line: line_no,
                    });
                    continue;
                }
                Some(_) if spaces == 0 => in_items = false,
                Some(_) => return None,
            }
        }
        // A line of the frame.
        if spaces == 0 && !blank && !rest.starts_with('#') {
            if line_no == 0 && super::documents::is_document_marker(line) {
                frame.push_str(line);
                continue;
            }
            let key = top_level_key(rest)?;
            if key == "items" {
                if seen_items || !body[key.len() + 1..].trim().is_empty() {
                    return None;
                }
                seen_items = true;
                in_items = true;
            }
        } else if rest.starts_with('\t') {
            return None;
        }
        frame.push_str(line);
    }
    if !seen_items {
        return None;
    }
    Some(ListItems {
        frame,
        items,
        indent: indent.unwrap_or(0),
    })
}

/// The text of `item` parsed alone: its lines with the item's `-` replaced by a
/// blank, so that every line and column stays where the whole document has it.
pub fn item_source(doc: &str, item: ListItem, indent: usize) -> String {
    let mut out = String::with_capacity(item.end - item.start);
    out.push_str(&doc[item.start..item.start + indent]);
    out.push(' ');
    out.push_str(&doc[item.start + indent + 1..item.end]);
    out
}

/// Whether a line's text after its indentation starts a block sequence entry.
fn is_entry(rest: &str) -> bool {
    rest == "-" || rest.starts_with("- ")
}

/// The key of a top-level `key:` line written plainly, if it is one.
fn top_level_key(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let after = &line[colon + 1..];
    let plain = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (plain && (after.is_empty() || after.starts_with(' '))).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_what_kubectl_prints_and_refuses_the_rest() {
        let kubectl = "apiVersion: v1\nitems:\n- a: 1\n  b:\n  - c\n- d: 2\nkind: List\nmetadata:\n  resourceVersion: \"\"\n";
        let indented = "kind: List\nitems:\n  - a: 1\n\n    b: 2\n  -\n  - x\n";
        let rows: &[(&str, Option<usize>, &str)] = &[
            (kubectl, Some(2), "kubectl's List"),
            (
                indented,
                Some(3),
                "items indented, a blank line, a null item",
            ),
            ("kind: List\nitems:\nkind2: x\n", Some(0), "no items"),
            ("kind: List\nitems: []\n", None, "flow items"),
            (
                "kind: List\nitems:\n# c\n- a: 1\n",
                None,
                "a comment before the first item",
            ),
            (
                "kind: List\nitems:\n  - a: 1\n - b\n",
                None,
                "a less indented line",
            ),
            (
                "kind: List\nitems:\n- a: 1\n...\n",
                None,
                "a document end marker",
            ),
            (
                "\u{feff}kind: List\nitems:\n- a: 1\n",
                None,
                "a byte-order mark",
            ),
            (
                "kind: List\nitems:\n\t- a: 1\n",
                None,
                "a tab as indentation",
            ),
            (
                "kind: List\nitems:\n- a\nitems:\n- b\n",
                None,
                "items twice",
            ),
            ("kind: List\n\"items\":\n- a\n", None, "a quoted key"),
            ("kind: List\n", None, "no items key"),
            ("- a\n- b\n", None, "a sequence document"),
        ];
        for (doc, expected, label) in rows {
            let got = split_list_items(doc).map(|s| s.items.len());
            assert_eq!(got, *expected, "{label}");
        }
    }

    #[test]
    fn items_keep_their_lines_and_columns() {
        let doc = "---\napiVersion: v1\nitems:\n- a: 1\n  b: |\n    x\n\n- c: 3\nkind: List\n";
        let split = split_list_items(doc).expect("a List");
        assert_eq!(split.frame, "---\napiVersion: v1\nitems:\nkind: List\n");
        let texts: Vec<String> = split
            .items
            .iter()
            .map(|&i| item_source(doc, i, split.indent))
            .collect();
        assert_eq!(texts, ["  a: 1\n  b: |\n    x\n\n", "  c: 3\n"]);
        let lines: Vec<usize> = split.items.iter().map(|i| i.line).collect();
        assert_eq!(lines, [3, 7]);
    }
}
