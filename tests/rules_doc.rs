//! docs/rules.md cannot rot: its links resolve and the functions it names are where it says.

use std::fs;
use std::path::{Path, PathBuf};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md");

/// The cells of a Markdown table row; `\|` inside a cell is not a separator.
fn cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut out = vec![String::new()];
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                out.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.iter().map(|c| c.trim().to_string()).collect()
}

/// The text between backticks, in order.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

/// The targets of the `](../…)` links of a cell, relative to the repository.
fn links(cell: &str) -> Vec<String> {
    cell.match_indices("](../")
        .filter_map(|(i, m)| {
            let rest = &cell[i + m.len()..];
            rest.find(')').map(|end| rest[..end].to_string())
        })
        .collect()
}

/// The name a code span stands for in source: the last `::` segment of
/// `Type::method`, the type of `Display for Type`; `None` for anything that is
/// not a Rust name (a label key, a value, a flag).
fn rust_name(span: &str) -> Option<&str> {
    let span = span.strip_prefix("Display for ").unwrap_or(span);
    let last = span.rsplit("::").next()?;
    let ok = !last.is_empty()
        && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !last.starts_with(|c: char| c.is_ascii_digit());
    ok.then_some(last)
}

/// Whether a code span names an svcmap test function.
fn is_test_fn(span: &str) -> bool {
    span.contains('_')
        && span
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The test functions of a tests cell, grouped by the file named after them
/// in parentheses (`(jobs.rs)`, ``(`tests/engine.rs`)``); `None` when no file follows.
fn tests_by_file(cell: &str) -> Vec<(Vec<&str>, Option<String>)> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    let mut rest = cell;
    let mut depth = 0;
    while let Some(i) = rest.find(['`', '(', ')']) {
        match rest.as_bytes()[i] {
            b'`' => {
                let Some(end) = rest[i + 1..].find('`') else {
                    break;
                };
                let span = &rest[i + 1..i + 1 + end];
                if depth == 0 && is_test_fn(span) {
                    pending.push(span);
                }
                rest = &rest[i + 2 + end..];
                continue;
            }
            b'(' => {
                depth += 1;
                let inner = rest[i + 1..].trim_start_matches(['`', '[']);
                let file: String = inner
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '/' | '.'))
                    .collect();
                if depth == 1 && file.ends_with(".rs") {
                    out.push((std::mem::take(&mut pending), Some(file)));
                }
            }
            _ => depth -= 1,
        }
        rest = &rest[i + 1..];
    }
    if !pending.is_empty() {
        out.push((pending, None));
    }
    out
}

fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let is_ident = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        !is_ident(before) && !is_ident(after)
    })
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_link_resolves_and_every_named_function_is_in_its_linked_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = fs::read_to_string(DOC).unwrap();
    let mut sources = Vec::new();
    rust_files(&root.join("src"), &mut sources);
    rust_files(&root.join("tests"), &mut sources);
    let all: Vec<String> = sources
        .iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    let defines_fn = |name: &str| {
        all.iter()
            .any(|text| contains_word(text, &format!("fn {name}")))
    };
    let mut problems = Vec::new();
    let mut rows = 0;
    // The catalogue's tables have four columns: rule, svcmap, Kubernetes, tests.
    for (n, line) in doc.lines().enumerate() {
        let line_no = n + 1;
        if !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let row = cells(line);
        if row.len() != 4 || row[0] == "Rule" {
            continue;
        }
        rows += 1;
        let (svcmap, tests) = (&row[1], &row[3]);
        let files = links(svcmap);
        for f in files.iter().chain(&links(tests)) {
            if !root.join(f).exists() {
                problems.push(format!("line {line_no}: link to {f}, which does not exist"));
            }
        }
        let linked: Vec<String> = files
            .iter()
            .filter_map(|f| fs::read_to_string(root.join(f)).ok())
            .collect();
        for span in code_spans(svcmap) {
            if span.starts_with("src/") {
                continue; // the text of a link
            }
            let Some(name) = rust_name(span) else {
                continue;
            };
            if files.is_empty() {
                problems.push(format!("line {line_no}: `{span}` has no link to its file"));
            } else if !linked.iter().any(|t| contains_word(t, name)) {
                problems.push(format!("line {line_no}: `{span}` is not in {files:?}"));
            }
        }
        // svcmap test functions are snake_case with an underscore; the
        // Kubernetes tests named beside them (`TestFindPort`) are not checked.
        // Tests followed by a file, `a`, `b` (file.rs), are in that file.
        for (names, file) in tests_by_file(tests) {
            for name in names {
                let found = match &file {
                    Some(f) => sources.iter().zip(&all).any(|(p, text)| {
                        p.to_string_lossy().replace('\\', "/").ends_with(f.as_str())
                            && contains_word(text, &format!("fn {name}"))
                    }),
                    None => defines_fn(name),
                };
                if !found {
                    let place = file.as_deref().unwrap_or("src/ or tests/");
                    problems.push(format!(
                        "line {line_no}: test `{name}` is not a function of {place}"
                    ));
                }
            }
        }
    }
    assert!(
        rows > 90,
        "only {rows} rule rows read: the table format changed"
    );
    assert!(
        problems.is_empty(),
        "docs/rules.md:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_checker_reads_cells_spans_and_links() {
    let row = cells(r"| a \| b | `f` in [`src/x.rs`](../src/x.rs) | k | `t_1` |");
    assert_eq!(row.len(), 4);
    assert_eq!(row[0], "a | b");
    assert_eq!(code_spans(&row[1]), vec!["f", "src/x.rs"]);
    assert_eq!(links(&row[1]), vec!["src/x.rs"]);
    assert_eq!(rust_name("Selector::from_map"), Some("from_map"));
    assert_eq!(rust_name("Display for Selector"), Some("Selector"));
    assert_eq!(rust_name("kubernetes.io/service-name"), None);
    assert_eq!(
        tests_by_file("`a_b`, `c_d` (x/y.rs; from `TestX`); `e_f` (`tests/z.rs`); `g_h`"),
        vec![
            (vec!["a_b", "c_d"], Some("x/y.rs".to_string())),
            (vec!["e_f"], Some("tests/z.rs".to_string())),
            (vec!["g_h"], None),
        ]
    );
    assert!(contains_word("fn find_port(", "fn find_port"));
    assert!(!contains_word("fn find_ports(", "fn find_port"));
}
