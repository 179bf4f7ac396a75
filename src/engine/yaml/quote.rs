//! YAML and JSON quoting: a string written so that it reads back the same.

/// A YAML scalar for `s`: plain when it reads back as the same string, else double-quoted.
pub fn quote(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && super::resolve_plain(s) == super::ScalarKind::Str
        && !s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@` ".contains(c))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars()
            .all(|c| !c.is_control() && c != '\u{feff}' && c != '\u{85}');
    if plain_ok {
        s.to_string()
    } else {
        let mut out = String::with_capacity(s.len() + 2);
        json_string(&mut out, s);
        out
    }
}

/// Appends `s` as a JSON string literal (RFC 8259 escapes), which YAML
/// reads back as the same string.
pub fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20
                || matches!(
                    c,
                    '\u{7f}' | '\u{85}' | '\u{feff}' | '\u{2028}' | '\u{2029}'
                ) =>
            {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = u32::from(c) as usize;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(HEX[(n >> shift) & 15] as char);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
