//! Hover at a cursor: a field's type and one line of meaning; on a
//! selector, the pods it matches (or the nearest miss when none does).

use super::complete::{is_selector, kind_of};
use super::input::{cursor_service, cursor_workload};
use crate::engine::analysis::Analysis;
use crate::engine::labels::LabelSelector;
use crate::engine::model::schema::{self, Step};
use crate::engine::scenarios::explain;
use crate::engine::yaml::cursor::{cursor_at, Cursor};

/// What a hover shows, over the byte range `from..to` of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    /// Start of the hovered key (byte offset).
    pub from: usize,
    /// End of the hovered key (byte offset).
    pub to: usize,
    /// The lines to show.
    pub lines: Vec<String>,
}

/// Pod names listed in a hover; past these, only the count.
const MAX_PODS_LISTED: usize = 8;

/// The hover at byte `offset` of `text`: on a key, from the analysis `a`.
pub fn hover(text: &str, offset: usize, a: &Analysis) -> Option<Hover> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |n| offset + n);
    let line = &text[line_start..line_end];
    // The key of the line: after the indentation and the dashes.
    let mut col = 0;
    let bytes = line.as_bytes();
    loop {
        while col < bytes.len() && bytes[col] == b' ' {
            col += 1;
        }
        if col < bytes.len() && bytes[col] == b'-' && bytes.get(col + 1) == Some(&b' ') {
            col += 1;
            continue;
        }
        break;
    }
    let rest = line.get(col..)?;
    let colon = rest
        .find(": ")
        .or_else(|| rest.ends_with(':').then(|| rest.len() - 1))?;
    let key = rest[..colon].trim_matches(['"', '\'']);
    let (from, to) = (line_start + col, line_start + col + colon);
    if offset < from || offset > to || key.is_empty() || key.contains(['#', '{', '[']) {
        return None;
    }
    let c = cursor_at(text, from)?;
    let kind = kind_of(&c);
    let mut full = c.path.clone();
    full.push(Step::Key(key.to_string()));
    let mut lines = Vec::new();
    if let Some((Some(field), ty)) = schema::type_at(kind, &full) {
        lines.push(format!("{key} ({}): {}", ty.describe(), field.doc));
    }
    // A selector, or a key inside one: the pods it matches.
    let mut with_match_labels = full.clone();
    with_match_labels.push(Step::Key("matchLabels".into()));
    if is_selector(kind, &full)
        || is_selector(kind, &with_match_labels)
        || is_selector(kind, &c.path)
    {
        lines.extend(matched_pods(&c, kind, a));
    }
    (!lines.is_empty()).then_some(Hover { from, to, lines })
}

/// The pods the selector of the cursor's object matches, in one or two lines.
fn matched_pods(c: &Cursor, kind: &str, a: &Analysis) -> Vec<String> {
    let names: Vec<&str> = if kind == "Service" {
        let Some(s) = cursor_service(a, c) else {
            return Vec::new();
        };
        let names: Vec<&str> = s
            .backends
            .iter()
            .map(|b| a.pods[b.pod].pod.meta.name.as_str())
            .collect();
        if names.is_empty() {
            let mut out = vec!["No pod matches.".to_string()];
            // The nearest miss, as the explain panel ranks them.
            if let Some(m) = explain::explain(a, s).near_misses.first() {
                out.push(format!(
                    "Nearest: {} ({})",
                    a.pods[m.pod].pod.meta.name,
                    m.failing_keys()
                ));
            }
            return out;
        }
        names
    } else {
        let Some(w) = cursor_workload(a, c) else {
            return Vec::new();
        };
        let Ok(sel) = LabelSelector::to_selector(w.selector.as_ref()) else {
            return Vec::new();
        };
        a.pods
            .iter()
            .filter(|p| p.pod.meta.namespace == w.meta.namespace && sel.matches(&p.pod.meta.labels))
            .map(|p| p.pod.meta.name.as_str())
            .collect()
    };
    if names.is_empty() {
        return vec!["No pod matches.".into()];
    }
    let n = names.len();
    let mut listed = names[..n.min(MAX_PODS_LISTED)].join(", ");
    if n > MAX_PODS_LISTED {
        listed.push_str(&format!(" and {} more", n - MAX_PODS_LISTED));
    }
    vec![format!(
        "Matches {n} pod{}: {listed}",
        if n == 1 { "" } else { "s" }
    )]
}
