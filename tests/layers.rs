//! The engine's modules depend only downward: each file under `src/engine/` may use its own layer and the layers below it, never a higher one, never the facade (`engine/mod.rs`), and never the browser.
//!
//! The layers, lowest first, are those `src/engine/mod.rs` lists. A file's
//! uses are the paths its non-test code names (`use` lines and paths in
//! code: `crate::engine::…`, `super::…`); comments, strings and
//! `#[cfg(test)]` items are left out.

use std::path::{Path, PathBuf};

/// The engine's layers, lowest first.
const LAYERS: &[&str] = &[
    "base",
    "yaml",
    "labels",
    "model",
    "sim",
    "controllers",
    "proxy",
    "routes",
    "analysis",
    "scenarios",
    "render",
];

/// Crates the engine must not use: it knows nothing of the browser.
const BROWSER_CRATES: &[&str] = &["leptos", "web_sys", "wasm_bindgen", "js_sys", "gloo_timers"];

/// The position of `layer` in [`LAYERS`].
fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// `text` with comments, string and character literals blanked out (their
/// bytes become spaces, so offsets and lines stay where they were).
fn strip_comments_and_strings(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |out: &mut Vec<u8>, from: usize, to: usize| {
        for c in &mut out[from..to.min(b.len())] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest
                .iter()
                .position(|&c| c == b'\n')
                .map_or(b.len(), |n| i + n);
            blank(&mut out, i, end);
            i = end;
        } else if rest.starts_with(b"/*") {
            // Block comments nest in Rust.
            let (mut depth, mut j) = (0usize, i);
            while j < b.len() {
                if b[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if b[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut out, i, j);
            i = j;
        } else if let Some(end) = raw_string_end(b, i) {
            blank(&mut out, i, end);
            i = end;
        } else if rest[0] == b'"' && (i == 0 || !is_ident(b[i - 1]) || b[i - 1] == b'b') {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            blank(&mut out, i, j + 1);
            i = j + 1;
        } else if rest[0] == b'\'' {
            // A character literal ('x', '\n', '\u{1F600}'); otherwise a lifetime.
            let len = char_literal_len(rest);
            blank(&mut out, i, i + len.unwrap_or(1));
            i += len.unwrap_or(1);
        } else {
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The end of a raw string literal (`r"…"`, `r#"…"#`, `br"…"`) starting at `i`.
fn raw_string_end(b: &[u8], i: usize) -> Option<usize> {
    if i > 0 && is_ident(b[i - 1]) && b[i - 1] != b'b' {
        return None;
    }
    if b.get(i) != Some(&b'r') {
        return None;
    }
    let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
    if b.get(i + 1 + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let from = i + 2 + hashes;
    let at = b[from..]
        .windows(close.len())
        .position(|w| w == close.as_slice())?;
    Some(from + at + close.len())
}

/// The length of the character literal `rest` starts with, if it is one.
fn char_literal_len(rest: &[u8]) -> Option<usize> {
    let body = &rest[1..];
    if body.first() == Some(&b'\\') {
        let close = body.iter().skip(1).position(|&c| c == b'\'')?;
        return (close <= 10).then_some(close + 3);
    }
    // One UTF-8 character, then the closing quote.
    let s = std::str::from_utf8(&body[..body.len().min(5)])
        .unwrap_or_else(|e| std::str::from_utf8(&body[..e.valid_up_to()]).unwrap_or_default());
    let c = s.chars().next()?;
    (body.get(c.len_utf8()) == Some(&b'\'')).then_some(c.len_utf8() + 2)
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// `code` (already stripped) without its `#[cfg(test)]` items: each
/// attribute and the item after it, up to its `;` or its balanced `{…}`.
/// Also returns the names of `#[cfg(test)] mod name;` files.
fn strip_test_items(code: &str) -> (String, Vec<String>) {
    let mut out = code.to_string();
    let mut test_files = Vec::new();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|n| n + from) {
        let b = out.as_bytes();
        let mut j = at + "#[cfg(test)]".len();
        let mut depth = 0usize;
        while j < b.len() {
            match b[j] {
                b'{' => depth += 1,
                b'}' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        j += 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    j += 1;
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let item = out[at..j].to_string();
        let words: Vec<&str> = item
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .collect();
        if item.trim_end().ends_with(';') {
            if let Some(p) = words.iter().position(|w| *w == "mod") {
                if let Some(name) = words.get(p + 1) {
                    test_files.push(name.to_string());
                }
            }
        }
        let blanked: String = item
            .chars()
            .map(|c| {
                if c == '\n' {
                    "\n".to_string()
                } else {
                    " ".repeat(c.len_utf8())
                }
            })
            .collect();
        out.replace_range(at..j, &blanked);
        from = at + blanked.len();
    }
    (out, test_files)
}

/// The module path of a file below `src/engine/` (`controllers/endpoints.rs`
/// is `["controllers", "endpoints"]`, `yaml/mod.rs` is `["yaml"]`, the facade `[]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// One use of a module of the engine (or of a crate) that breaks the layering.
#[derive(Debug, PartialEq)]
struct Violation {
    line: usize,
    what: String,
}

/// The first segments of the paths a `{…}` group at `b[open]` names (`{a::b, c}` → `a`, `c`).
fn group_heads(code: &str, open: usize) -> Vec<String> {
    let b = code.as_bytes();
    let (mut depth, mut j) = (0usize, open);
    while j < b.len() {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    let inner = &code[open + 1..j.min(code.len())];
    let mut heads = Vec::new();
    let mut level = 0usize;
    let mut start = 0;
    for (k, c) in inner
        .char_indices()
        .chain(std::iter::once((inner.len(), ',')))
    {
        match c {
            '{' => level += 1,
            '}' => level -= 1,
            ',' if level == 0 => {
                let entry = inner[start..k].trim();
                let head: String = entry
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !head.is_empty() {
                    heads.push(head);
                }
                start = k + 1;
            }
            _ => {}
        }
    }
    heads
}

/// The layering violations of one file's source: `rel` is its path below `src/engine/`.
fn violations(rel: &Path, source: &str) -> (Vec<Violation>, Vec<String>) {
    let module = module_path(rel);
    let (code, test_files) = strip_test_items(&strip_comments_and_strings(source));
    let mut found = Vec::new();
    let Some(own) = module.first() else {
        // The facade names every layer; nothing to check.
        return (found, test_files);
    };
    let own_rank = rank(own);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let starts_word = i == 0 || !(is_ident(b[i - 1]) || b[i - 1] == b':');
        if !starts_word || !(b[i].is_ascii_alphabetic() || b[i] == b'_') {
            i += 1;
            continue;
        }
        // A path: identifiers joined by `::`, maybe ending in a `{` group.
        let mut segs: Vec<String> = Vec::new();
        let mut j = i;
        let mut group = None;
        loop {
            let s = j;
            while j < b.len() && is_ident(b[j]) {
                j += 1;
            }
            segs.push(code[s..j].to_string());
            if b[j..].starts_with(b"::") {
                j += 2;
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                if b.get(j) == Some(&b'{') {
                    group = Some(j);
                    break;
                }
                if j < b.len() && (b[j].is_ascii_alphabetic() || b[j] == b'_') {
                    continue;
                }
            }
            break;
        }
        let line = line_of(i);
        i = j.max(i + 1);
        if BROWSER_CRATES.contains(&segs[0].as_str()) && (segs.len() > 1 || group.is_some()) {
            found.push(Violation {
                line,
                what: format!("uses the browser crate `{}`", segs[0]),
            });
            continue;
        }
        // Resolve the path to one below the engine's root.
        let mut below_engine: Option<Vec<String>> = None;
        if segs[0] == "crate" {
            if segs.get(1).map(String::as_str) == Some("engine") {
                below_engine = Some(segs[2..].to_vec());
            } else if segs.len() > 1 || group.is_some() {
                found.push(Violation {
                    line,
                    what: format!(
                        "uses `crate::{}`, outside the engine",
                        segs.get(1).cloned().unwrap_or_default()
                    ),
                });
                continue;
            }
        } else if segs[0] == "super" && (segs.len() > 1 || group.is_some()) {
            let ups = segs.iter().take_while(|s| *s == "super").count();
            if ups <= module.len() {
                let mut p = module[..module.len() - ups].to_vec();
                p.extend(segs[ups..].iter().cloned());
                below_engine = Some(p);
            }
        }
        let Some(path) = below_engine else { continue };
        let heads: Vec<String> = match (path.first(), group) {
            (Some(h), _) => vec![h.clone()],
            (None, Some(open)) => group_heads(&code, open),
            (None, None) => Vec::new(),
        };
        for head in heads {
            match rank(&head) {
                Some(r) if own_rank.is_some_and(|o| r > o) => found.push(Violation {
                    line,
                    what: format!("layer `{own}` uses the higher layer `{head}`"),
                }),
                Some(_) => {}
                None => found.push(Violation {
                    line,
                    what: format!(
                        "uses `{head}` through the facade (`engine/mod.rs`); name its layer"
                    ),
                }),
            }
        }
    }
    (found, test_files)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn engine_modules_only_use_their_own_or_lower_layers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/engine");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 40, "{} files under {root:?}", files.len());
    let mut test_files: Vec<PathBuf> = Vec::new();
    let mut problems = Vec::new();
    let mut checked = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f);
        let source = std::fs::read_to_string(f).unwrap_or_default();
        let (found, tests) = violations(rel, &source);
        let dir = if f.ends_with("mod.rs") {
            f.parent().map(Path::to_path_buf)
        } else {
            Some(f.with_extension(""))
        };
        for t in tests {
            test_files.extend(dir.iter().map(|d| d.join(format!("{t}.rs"))));
        }
        checked.push((f.clone(), found));
    }
    for (f, found) in checked {
        if test_files.contains(&f) {
            continue;
        }
        let module = module_path(f.strip_prefix(&root).unwrap_or(&f));
        if let Some(top) = module.first() {
            if rank(top).is_none() {
                problems.push(format!(
                    "{}: `{top}` is not a layer of the engine",
                    f.display()
                ));
            }
        }
        for v in found {
            problems.push(format!("{}:{}: {}", f.display(), v.line, v.what));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The checker itself: (file below `src/engine/`, source, violations expected, label).
#[test]
fn checker_table() {
    let rows: &[(&str, &str, &[&str], &str)] = &[
        ("model/decode.rs", "use crate::engine::yaml::Node;\nuse super::validation;", &[], "own and lower layers"),
        ("model/decode.rs", "use crate::engine::controllers::resolve::find_port;", &["layer `model` uses the higher layer `controllers`"], "an upward use"),
        ("sim/workloads.rs", "fn f() { let x = crate::engine::scenarios::whatif::NOT_READY; }", &["layer `sim` uses the higher layer `scenarios`"], "a path in code"),
        ("yaml/mod.rs", "use super::analysis::Analysis;", &["layer `yaml` uses the higher layer `analysis`"], "super:: from a layer's mod.rs is the engine"),
        ("yaml/edit.rs", "use super::quote::quote;", &[], "super:: from a file of a layer is the layer"),
        ("labels/parser.rs", "use super::super::render::graph;", &["layer `labels` uses the higher layer `render`"], "super::super::"),
        ("base/order.rs", "use crate::engine::{base::source::Span, model::Object};", &["layer `base` uses the higher layer `model`"], "a group"),
        ("render/graph.rs", "use crate::engine::analyze;", &["uses `analyze` through the facade (`engine/mod.rs`); name its layer"], "the facade"),
        ("model/mod.rs", "use leptos::prelude::*;", &["uses the browser crate `leptos`"], "the browser"),
        ("model/mod.rs", "fn f(e: web_sys::Event) {}", &["uses the browser crate `web_sys`"], "a browser type"),
        ("base/source.rs", "// see crate::engine::render::graph\n/* crate::engine::analysis */ let s = \"crate::engine::scenarios::x\"; let r = r#\"super::super::render\"#;", &[], "comments and strings"),
        ("base/source.rs", "fn f<'a>(x: &'a str) -> char { let c = '\"'; crate::engine::analysis::x() }", &["layer `base` uses the higher layer `analysis`"], "lifetimes and a quote character"),
        ("base/source.rs", "#[cfg(test)]\nmod tests {\n    use crate::engine::analyze;\n    fn f() { crate::engine::render::x(); }\n}", &[], "test modules"),
        ("base/source.rs", "use crate::ui::App;", &["uses `crate::ui`, outside the engine"], "the rest of the crate"),
    ];
    for (file, source, expected, label) in rows {
        let (found, _) = violations(Path::new(file), source);
        let found: Vec<&str> = found.iter().map(|v| v.what.as_str()).collect();
        assert_eq!(&found, expected, "{label}");
    }
}
