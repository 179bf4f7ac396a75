//! JSON streams: objects one after another (`jq -c '.items[]'`, `cat a.json b.json`), split into one document each.
//!
//! Each value is then parsed like any document (JSON is YAML's flow syntax),
//! so spans, diagnostics and caching are the same as for YAML.

/// Whether a document is read as a JSON stream: its first non-blank
/// character is `{`. Mirrors `hasJSONPrefix` (via `GuessJSONStream`) in
/// `staging/src/k8s.io/apimachinery/pkg/util/yaml/decoder.go`, which
/// `NewYAMLOrJSONDecoder` uses to choose `json.Decoder` over the YAML reader.
pub fn is_json_stream(doc: &str) -> bool {
    doc.trim_start().starts_with('{')
}

/// The byte offsets, in `doc`, where the second and later values of a JSON
/// stream start: `json.Decoder` reads one value after another, with only
/// blanks between them. Scanning stops at anything that does not continue the
/// stream (YAML after the first value, an unclosed value): the rest stays
/// with the value before it, and is parsed (and reported) there.
///
/// Strings are skipped with their escapes, so braces inside them never
/// split. Since YAML also reads `{` documents, single-quoted YAML scalars
/// and `#` comments inside a flow mapping are skipped too.
pub fn value_starts(doc: &str) -> Vec<usize> {
    let b = doc.as_bytes();
    let mut cuts = Vec::new();
    let Some(mut i) = doc.find('{') else {
        return cuts;
    };
    if !is_json_stream(doc) {
        return cuts;
    }
    let mut depth = 0usize;
    // The last byte that was not a blank: a `'` starts a YAML string only
    // where a value may start.
    let mut prev = b'{';
    while i < b.len() {
        let c = b[i];
        match c {
            b'"' => i = skip_double_quoted(b, i),
            b'\'' if matches!(prev, b'{' | b'[' | b',' | b':') => i = skip_single_quoted(b, i),
            b'#' if depth > 0 && i > 0 && b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let next = i + 1 + count_blanks(&b[i + 1..]);
                    if b.get(next) != Some(&b'{') {
                        return cuts;
                    }
                    cuts.push(next);
                    prev = b'{';
                    depth = 1;
                    i = next + 1;
                    continue;
                }
            }
            _ => {
                // This byte and the run after it up to the next that may
                // matter: only the last non-blank of them counts (as `prev`).
                let run = 1 + b[i + 1..]
                    .iter()
                    .position(|c| matches!(c, b'"' | b'\'' | b'#' | b'{' | b'[' | b'}' | b']'))
                    .unwrap_or(b.len() - i - 1);
                if let Some(&last) = b[i..i + run]
                    .iter()
                    .rev()
                    .find(|c| !c.is_ascii_whitespace())
                {
                    prev = last;
                }
                i += run;
                continue;
            }
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    cuts
}

/// Blanks at the start of `b`.
fn count_blanks(b: &[u8]) -> usize {
    b.iter().take_while(|c| c.is_ascii_whitespace()).count()
}

/// The index of the closing `"` of the string opened at `open` (or the end).
fn skip_double_quoted(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < b.len() {
        match b[i..].iter().position(|&c| c == b'"' || c == b'\\') {
            Some(n) if b[i + n] == b'"' => return i + n,
            Some(n) => i += n + 2,
            None => break,
        }
    }
    b.len()
}

/// The index of the closing `'` of the YAML string opened at `open` (`''` is
/// a quote inside it), or the end.
fn skip_single_quoted(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < b.len() {
        if b[i] == b'\'' {
            if b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i;
        }
        i += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (document, the values it holds, label): what `json.Decoder` reads
    /// one `Decode` call at a time.
    #[test]
    fn a_stream_splits_into_its_values() {
        let rows: [(&str, &[&str], &str); 14] = [
            (r#"{"a":1}"#, &[r#"{"a":1}"#], "one object"),
            (
                r#"{"a":1}{"b":2}"#,
                &[r#"{"a":1}"#, r#"{"b":2}"#],
                "back to back",
            ),
            (
                "{\"a\":1}\n{\"b\":2}\n",
                &["{\"a\":1}\n", "{\"b\":2}\n"],
                "jq -c: one per line",
            ),
            (
                "{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n",
                &["{\n  \"a\": 1\n}\n", "{\n  \"b\": 2\n}\n"],
                "cat a.json b.json",
            ),
            (
                "  \n{\"a\":1} \t{\"b\":2}",
                &["  \n{\"a\":1} \t", "{\"b\":2}"],
                "blanks before and between",
            ),
            (
                r#"{"a":"}{"}{"b":2}"#,
                &[r#"{"a":"}{"}"#, r#"{"b":2}"#],
                "braces in a string",
            ),
            (
                r#"{"a":"\"}{"}{"b":2}"#,
                &[r#"{"a":"\"}{"}"#, r#"{"b":2}"#],
                "an escaped quote",
            ),
            (
                r#"{"a":"\\"}{"b":2}"#,
                &[r#"{"a":"\\"}"#, r#"{"b":2}"#],
                "an escaped backslash before the closing quote",
            ),
            (
                r#"{"a":[1,{"b":[2]}]}{"c":3}"#,
                &[r#"{"a":[1,{"b":[2]}]}"#, r#"{"c":3}"#],
                "nested",
            ),
            ("{a: '}{'}", &["{a: '}{'}"], "a YAML single-quoted scalar"),
            (
                "{a: 'it''s}{'}",
                &["{a: 'it''s}{'}"],
                "with a doubled quote",
            ),
            ("{a: it's}", &["{a: it's}"], "a quote inside a plain scalar"),
            (
                "{a: 1}\nb: {c: 2}\n",
                &["{a: 1}\nb: {c: 2}\n"],
                "YAML after a value: not a stream",
            ),
            (r#"{"a":1"#, &[r#"{"a":1"#], "unclosed"),
        ];
        for (doc, want, label) in rows {
            let mut starts = vec![0];
            starts.extend(value_starts(doc));
            starts.push(doc.len());
            let got: Vec<&str> = starts.windows(2).map(|w| &doc[w[0]..w[1]]).collect();
            assert_eq!(got, want, "{label}");
        }
    }

    #[test]
    fn only_a_leading_brace_makes_a_stream() {
        let rows = [
            ("{\"a\":1}", true, "JSON object"),
            (" \n\t{", true, "after blanks"),
            ("a: {b: 1}{c: 2}", false, "YAML"),
            ("[{\"a\":1}]", false, "an array: not a stream of objects"),
            ("# c\n{\"a\":1}", false, "a comment first: YAML"),
        ];
        for (doc, want, label) in rows {
            assert_eq!(is_json_stream(doc), want, "{label}");
        }
        assert!(value_starts("a: {b: 1}{c: 2}").is_empty());
    }
}
