//! YAML syntax highlighting for the editor overlay: a small line tokenizer,
//! and the merge of its tokens with diagnostic underlines. Pure functions.

use crate::engine::yaml::{resolve_plain, ScalarKind};
use crate::engine::Severity;

/// What a piece of a line is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// Anything else.
    Plain,
    /// A mapping key.
    Key,
    /// A quoted string.
    Str,
    /// A number.
    Num,
    /// `true`/`false`/`null` and friends.
    Lit,
    /// A comment.
    Comment,
    /// `-`, `:`, `{`, `}`, `[`, `]`, `,`.
    Punct,
    /// `---` or `...`.
    Marker,
    /// `&anchor`, `*alias`, `!tag`.
    Anchor,
}

impl Tok {
    /// CSS class of the token.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Plain => "tok",
            Tok::Key => "tok tok--key",
            Tok::Str => "tok tok--str",
            Tok::Num => "tok tok--num",
            Tok::Lit => "tok tok--lit",
            Tok::Comment => "tok tok--comment",
            Tok::Punct => "tok tok--punct",
            Tok::Marker => "tok tok--marker",
            Tok::Anchor => "tok tok--anchor",
        }
    }
}

fn scalar_tok(text: &str) -> Tok {
    match resolve_plain(text.trim()) {
        ScalarKind::Int(_) | ScalarKind::Float => Tok::Num,
        ScalarKind::Bool(_) | ScalarKind::Null => Tok::Lit,
        ScalarKind::Str => Tok::Plain,
    }
}

/// Splits one line into `(byte range, token)` pieces covering the whole line.
pub fn tokenize_line(line: &str) -> Vec<(usize, usize, Tok)> {
    let b = line.as_bytes();
    let mut out: Vec<(usize, usize, Tok)> = Vec::new();
    let push = |out: &mut Vec<(usize, usize, Tok)>, s: usize, e: usize, t: Tok| {
        if e > s {
            out.push((s, e, t));
        }
    };
    if line.starts_with("---") || line.starts_with("...") {
        push(&mut out, 0, 3, Tok::Marker);
        push(&mut out, 3, b.len(), Tok::Plain);
        return out;
    }
    let mut i = 0;
    let mut at_value = false; // after `key:` or `- `, a scalar is a value
    while i < b.len() {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' => {
                while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                push(&mut out, start, i, Tok::Plain);
            }
            b'#' if start == 0 || b[start - 1] == b' ' || b[start - 1] == b'\t' => {
                push(&mut out, start, b.len(), Tok::Comment);
                i = b.len();
            }
            b'-' if i + 1 >= b.len() || b[i + 1] == b' ' => {
                i += 1;
                push(&mut out, start, i, Tok::Punct);
                at_value = true;
            }
            b'{' | b'}' | b'[' | b']' | b',' => {
                i += 1;
                push(&mut out, start, i, Tok::Punct);
                at_value = matches!(c, b'[' | b',');
            }
            b'"' | b'\'' => {
                i += 1;
                while i < b.len() && b[i] != c {
                    if c == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                // A quoted key?
                if b.get(i) == Some(&b':') && (i + 1 >= b.len() || b[i + 1] == b' ') {
                    push(&mut out, start, i, Tok::Key);
                    push(&mut out, i, i + 1, Tok::Punct);
                    i += 1;
                    at_value = true;
                } else {
                    push(&mut out, start, i, Tok::Str);
                }
            }
            b'&' | b'*' | b'!' => {
                while i < b.len() && !matches!(b[i], b' ' | b',' | b']' | b'}') {
                    i += 1;
                }
                push(&mut out, start, i, Tok::Anchor);
            }
            _ => {
                // A plain scalar: up to `: `, ` #`, or a flow delimiter.
                while i < b.len() {
                    let d = b[i];
                    if d == b':'
                        && (i + 1 >= b.len()
                            || b[i + 1] == b' '
                            || b[i + 1] == b','
                            || b[i + 1] == b'}')
                    {
                        break;
                    }
                    if d == b'#' && (b[i - 1] == b' ' || b[i - 1] == b'\t') {
                        break;
                    }
                    if matches!(d, b',' | b'}' | b']')
                        && out
                            .iter()
                            .any(|t| t.2 == Tok::Punct && matches!(b[t.0], b'{' | b'['))
                    {
                        break;
                    }
                    i += 1;
                }
                // Trim trailing blanks into the next token.
                let mut end = i;
                while end > start && (b[end - 1] == b' ' || b[end - 1] == b'\t') {
                    end -= 1;
                }
                if i < b.len() && b[i] == b':' {
                    push(&mut out, start, end, Tok::Key);
                    push(&mut out, end, i + 1, Tok::Punct);
                    i += 1;
                    at_value = true;
                } else {
                    let tok = if at_value || out.is_empty() || out.iter().all(|t| t.2 == Tok::Plain)
                    {
                        scalar_tok(&line[start..end])
                    } else {
                        Tok::Plain
                    };
                    push(&mut out, start, end, tok);
                    push(&mut out, end, i, Tok::Plain);
                }
            }
        }
    }
    out
}

/// One piece of a rendered line: text, token, and the worst diagnostic under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Its token.
    pub tok: Tok,
    /// The severity of a diagnostic underlining it.
    pub mark: Option<Severity>,
}

/// Cuts a line into pieces at token boundaries and at the edges of the
/// diagnostic ranges `marks` (byte ranges in the line with their severity).
pub fn pieces(full: &str, marks: &[(usize, usize, Severity)]) -> Vec<Piece> {
    // Colour the start of a very long line only: a megabyte-long line of
    // a hundred thousand keys would otherwise become as many elements. The
    // rest stays, uncoloured, so the overlay still lines up with the text.
    let mut cut = full.len().min(MAX_HIGHLIGHTED);
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    let (line, rest) = full.split_at(cut);
    let mut out = highlight(line, marks);
    if !rest.is_empty() {
        out.push(Piece {
            text: rest.to_string(),
            tok: Tok::Plain,
            mark: None,
        });
    }
    out
}

/// Bytes of a line that get colours and squiggles.
pub const MAX_HIGHLIGHTED: usize = 2000;

fn highlight(line: &str, marks: &[(usize, usize, Severity)]) -> Vec<Piece> {
    let tokens = tokenize_line(line);
    let mut cuts: Vec<usize> = vec![0, line.len()];
    for (s, e, _) in &tokens {
        cuts.push(*s);
        cuts.push(*e);
    }
    for (s, e, _) in marks {
        cuts.push((*s).min(line.len()));
        cuts.push((*e).min(line.len()));
    }
    cuts.retain(|c| line.is_char_boundary(*c));
    crate::engine::base::order::sort(&mut cuts);
    cuts.dedup();
    let mut out: Vec<Piece> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        if s == e {
            continue;
        }
        let tok = tokens
            .iter()
            .find(|(ts, te, _)| *ts <= s && e <= *te)
            .map_or(Tok::Plain, |t| t.2);
        let mark = marks
            .iter()
            .filter(|(ms, me, _)| *ms <= s && e <= *me)
            .map(|m| m.2)
            .min();
        match out.last_mut() {
            Some(last) if last.tok == tok && last.mark == mark => last.text.push_str(&line[s..e]),
            _ => out.push(Piece {
                text: line[s..e].to_string(),
                tok,
                mark,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(line: &str) -> Vec<(&str, Tok)> {
        tokenize_line(line)
            .into_iter()
            .filter(|t| t.2 != Tok::Plain || !line[t.0..t.1].trim().is_empty())
            .map(|(s, e, t)| (&line[s..e], t))
            .collect()
    }

    #[test]
    fn keys_values_and_comments() {
        assert_eq!(
            toks("  name: web # the name"),
            vec![
                ("name", Tok::Key),
                (":", Tok::Punct),
                ("web", Tok::Plain),
                ("# the name", Tok::Comment)
            ]
        );
        assert_eq!(
            toks("replicas: 3"),
            vec![("replicas", Tok::Key), (":", Tok::Punct), ("3", Tok::Num)]
        );
        assert_eq!(
            toks("- name: \"x: y\""),
            vec![
                ("-", Tok::Punct),
                ("name", Tok::Key),
                (":", Tok::Punct),
                ("\"x: y\"", Tok::Str)
            ]
        );
        assert_eq!(
            toks("ready: true"),
            vec![("ready", Tok::Key), (":", Tok::Punct), ("true", Tok::Lit)]
        );
        assert_eq!(toks("---"), vec![("---", Tok::Marker)]);
        assert_eq!(toks("base: &b {x: 1}")[2], ("&b", Tok::Anchor));
        assert_eq!(
            toks("image: nginx:1.27"),
            vec![
                ("image", Tok::Key),
                (":", Tok::Punct),
                ("nginx:1.27", Tok::Plain)
            ]
        );
    }

    #[test]
    fn pieces_cover_the_line_and_carry_marks() {
        let line = "  port: eighty";
        let p = pieces(line, &[(8, 14, Severity::Error)]);
        assert_eq!(p.iter().map(|p| p.text.as_str()).collect::<String>(), line);
        let marked: Vec<&str> = p
            .iter()
            .filter(|p| p.mark.is_some())
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["eighty"]);
    }

    #[test]
    fn hostile_and_odd_lines_do_not_panic() {
        for line in [
            "\"unterminated",
            "'",
            "#",
            "-",
            ": :",
            "ü: é # ñ",
            "{a: [b, {c: d}]}",
            "\u{202e}x: y",
            "&",
            "a:b",
        ] {
            let p = pieces(line, &[(0, 99, Severity::Warning)]);
            assert_eq!(p.iter().map(|p| p.text.as_str()).collect::<String>(), line);
        }
    }
}
