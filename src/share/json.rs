//! The little JSON a share link needs: an object whose `text` field is a
//! string, other fields skipped whatever they hold. Hand-written rather than
//! serde_json so that the playground's WebAssembly does not carry a general
//! deserializer for one string (RFC 8259 syntax, strictly: no trailing commas,
//! no comments, no unpaired surrogates, at most [`MAX_DEPTH`] levels).

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 128;

/// `{"name":"value",…}` with the strings escaped as RFC 8259 requires.
pub fn write_fields(fields: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|(_, v)| v.len() + 16).sum());
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push(if i == 0 { '{' } else { ',' });
        write_string(&mut out, name);
        out.push(':');
        write_string(&mut out, value);
    }
    out.push('}');
    out
}

/// Appends `s` as a JSON string literal.
pub use crate::engine::yaml::quote::json_string as write_string;

/// Reads the string fields `names` of a JSON object (each `None` when
/// absent); other fields are skipped whatever they hold. The error names
/// what is wrong and where (1-based byte offset).
pub fn read_fields(json: &[u8], names: &[&str]) -> Result<Vec<Option<String>>, String> {
    let src = std::str::from_utf8(json)
        .map_err(|e| format!("the JSON is not UTF-8 (byte {})", e.valid_up_to() + 1))?;
    let mut r = Reader {
        s: src.as_bytes(),
        src,
        i: 0,
    };
    r.ws();
    if r.peek() != Some(b'{') {
        return Err(r.error("expected a JSON object"));
    }
    r.i += 1;
    let mut found: Vec<Option<String>> = vec![None; names.len()];
    r.ws();
    if r.peek() == Some(b'}') {
        r.i += 1;
    } else {
        loop {
            r.ws();
            let key = r.string()?;
            r.ws();
            r.expect(b':')?;
            r.ws();
            match names.iter().position(|n| *n == key) {
                Some(i) => {
                    if r.peek() != Some(b'"') {
                        return Err(r.error(&format!("the field \"{key}\" must be a string")));
                    }
                    found[i] = Some(r.string()?);
                }
                None => r.value(1)?,
            }
            r.ws();
            match r.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => return Err(r.error_before("expected `,` or `}`")),
            }
        }
    }
    r.ws();
    if r.i != r.s.len() {
        return Err(r.error("unexpected text after the object"));
    }
    Ok(found)
}

struct Reader<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.i += 1;
        c
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i + 1)
    }

    fn error_before(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", c as char)))
        }
    }

    /// Any value, skipped.
    fn value(&mut self, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nested deeper than {MAX_DEPTH} levels")));
        }
        match self.peek() {
            Some(b'"') => self.string().map(drop),
            Some(open @ (b'{' | b'[')) => {
                self.i += 1;
                let close = if open == b'{' { b'}' } else { b']' };
                self.ws();
                if self.peek() == Some(close) {
                    self.i += 1;
                    return Ok(());
                }
                loop {
                    self.ws();
                    if open == b'{' {
                        self.string()?;
                        self.ws();
                        self.expect(b':')?;
                        self.ws();
                    }
                    self.value(depth + 1)?;
                    self.ws();
                    match self.next() {
                        Some(b',') => continue,
                        Some(c) if c == close => return Ok(()),
                        _ => {
                            return Err(
                                self.error_before(&format!("expected `,` or `{}`", close as char))
                            )
                        }
                    }
                }
            }
            Some(b't') => self.word("true"),
            Some(b'f') => self.word("false"),
            Some(b'n') => self.word("null"),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    fn word(&mut self, w: &str) -> Result<(), String> {
        if self.s[self.i..].starts_with(w.as_bytes()) {
            self.i += w.len();
            Ok(())
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn digits(&mut self) -> usize {
        let from = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - from
    }

    fn number(&mut self) -> Result<(), String> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let lead_zero = self.peek() == Some(b'0');
        let n = self.digits();
        if n == 0 || (lead_zero && n > 1) {
            return Err(self.error("malformed number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.error("malformed number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("malformed number"));
            }
        }
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .s
            .get(self.i..self.i + 4)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .filter(|_| self.s[self.i..self.i + 4].iter().all(u8::is_ascii_hexdigit))
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        self.i += 4;
        Ok(hex)
    }

    fn string(&mut self) -> Result<String, String> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        self.i += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character.
            let from = self.i;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && c >= 0x20) {
                self.i += 1;
            }
            // Runs end at ASCII bytes, so they are whole UTF-8 sequences.
            out.push_str(&self.src[from..self.i]);
            match self.next() {
                Some(b'"') => return Ok(out),
                Some(b'\\') => {
                    let c = match self.next() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    return Err(self.error("unpaired surrogate in \\u escape"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.error("unpaired surrogate in \\u escape"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code)
                                .ok_or_else(|| self.error("unpaired surrogate in \\u escape"))?
                        }
                        _ => return Err(self.error_before("unknown escape")),
                    };
                    out.push(c);
                }
                Some(_) => return Err(self.error_before("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text_field(json: &[u8]) -> Result<Option<String>, String> {
        Ok(read_fields(json, &["text"])?.pop().flatten())
    }

    fn write_state(text: &str) -> String {
        write_fields(&[("text", text)])
    }

    #[test]
    fn reads_the_text_field_and_skips_everything_else() {
        let json = br#" { "view": {"a": [1, -2.5e3, true, false, null, "x"]}, "text" : "a\"b\\c\n\u00e9\ud83d\ude00/\/", "z": {} } "#;
        assert_eq!(
            read_text_field(json).unwrap().as_deref(),
            Some("a\"b\\c\né😀//")
        );
        assert_eq!(read_text_field(b"{}").unwrap(), None);
        assert_eq!(read_text_field(b"{\"other\": 1}").unwrap(), None);
    }

    #[test]
    fn writes_what_it_reads_and_what_serde_json_reads() {
        for text in [
            "",
            "plain",
            "quote \" back \\ nl \n tab \t cr \r",
            "\u{1}\u{1f}\u{7f}",
            "é 😀 \u{2028}",
        ] {
            let json = write_state(text);
            assert_eq!(
                read_text_field(json.as_bytes()).unwrap().as_deref(),
                Some(text)
            );
            let v: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_eq!(v["text"], text);
        }
    }

    #[test]
    fn rejects_what_rfc_8259_rejects() {
        for bad in [
            &b""[..],
            b"[]",
            b"\"text\"",
            b"{\"text\": 1}",
            b"{\"text\": \"a\",}",
            b"{\"text\": \"a\"} x",
            b"{\"text\": \"a}",
            b"{\"text\": \"\\x\"}",
            b"{\"text\": \"\\ud800\"}",
            b"{\"text\": \"\\udc00\"}",
            b"{\"text\": \"a\tb\"}",
            b"{\"a\": 01}",
            b"{\"a\": 1.}",
            b"{\"a\": -}",
            b"{\"a\": tru}",
            b"{\"a\": [1,]}",
            b"{\"a\" 1}",
            b"{'a': 1}",
            b"{\"text\": \"\xff\"}",
        ] {
            assert!(
                read_text_field(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        let err = read_text_field(deep.as_bytes()).unwrap_err();
        assert!(err.contains("deeper than 128"), "{err}");
        let ok = format!(
            "{{\"a\": {}{}, \"text\": \"t\"}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert_eq!(
            read_text_field(ok.as_bytes()).unwrap().as_deref(),
            Some("t")
        );
    }
}
