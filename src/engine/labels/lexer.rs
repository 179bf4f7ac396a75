//! The label selector lexer, with apimachinery's quirks (`Lexer.Lex` in `labels/selector.go`).

/// A token of the selector string syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// End of the input.
    EndOfString,
    /// `)`
    ClosedPar,
    /// `,`
    Comma,
    /// `!`
    DoesNotExist,
    /// `==`
    DoubleEquals,
    /// `=`
    Equals,
    /// `>`
    GreaterThan,
    /// Any run of bytes that are neither blank nor special.
    Identifier,
    /// The keyword `in`.
    In,
    /// `<`
    LessThan,
    /// `!=`
    NotEquals,
    /// The keyword `notin`.
    NotIn,
    /// `(`
    OpenPar,
}

/// A token with its text and byte range in the selector string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexeme<'a> {
    /// The token.
    pub token: Token,
    /// Its literal text.
    pub text: &'a str,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset after its last byte.
    pub end: usize,
}

fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Whether `b` is one of the special characters `= ! ( ) , > <`.
pub fn is_special(b: u8) -> bool {
    matches!(b, b'=' | b'!' | b'(' | b')' | b',' | b'>' | b'<')
}

fn operator(s: &str) -> Option<Token> {
    Some(match s {
        ")" => Token::ClosedPar,
        "," => Token::Comma,
        "!" => Token::DoesNotExist,
        "==" => Token::DoubleEquals,
        "=" => Token::Equals,
        ">" => Token::GreaterThan,
        "<" => Token::LessThan,
        "!=" => Token::NotEquals,
        "(" => Token::OpenPar,
        _ => return None,
    })
}

/// Splits `s` into lexemes, ending with one `EndOfString`.
///
/// A run of special characters yields the longest known operator, then the
/// rest of the run; a NUL byte ends the input, as in apimachinery.
pub fn lex(s: &str) -> Vec<Lexeme<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && is_blank(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] == 0 {
            out.push(Lexeme {
                token: Token::EndOfString,
                text: "",
                start: i,
                end: i,
            });
            return out;
        }
        let start = i;
        if is_special(b[i]) {
            // Longest operator prefix of the run (every single special is one).
            let mut best = i + 1;
            let mut j = i + 1;
            while j < b.len() && is_special(b[j]) {
                j += 1;
                if operator(&s[start..j]).is_some() {
                    best = j;
                } else {
                    break;
                }
            }
            let text = &s[start..best];
            let token = operator(text).unwrap_or(Token::Identifier);
            out.push(Lexeme {
                token,
                text,
                start,
                end: best,
            });
            i = best;
        } else {
            while i < b.len() && !is_blank(b[i]) && !is_special(b[i]) && b[i] != 0 {
                i += 1;
            }
            let text = &s[start..i];
            let token = match text {
                "in" => Token::In,
                "notin" => Token::NotIn,
                _ => Token::Identifier,
            };
            out.push(Lexeme {
                token,
                text,
                start,
                end: i,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Token::*;

    fn tokens(s: &str) -> Vec<Token> {
        lex(s).into_iter().map(|l| l.token).collect()
    }

    // TestLexer from selector_test.go: each input is one token with the input as literal.
    #[test]
    fn single_tokens() {
        let cases = [
            ("", EndOfString),
            (",", Comma),
            ("notin", NotIn),
            ("in", In),
            ("=", Equals),
            ("==", DoubleEquals),
            (">", GreaterThan),
            ("<", LessThan),
            ("!", DoesNotExist),
            ("!=", NotEquals),
            ("(", OpenPar),
            (")", ClosedPar),
            ("~", Identifier),
            ("||", Identifier),
        ];
        for (s, t) in cases {
            let l = lex(s);
            assert_eq!(l[0].token, t, "{s:?}");
            assert_eq!(l[0].text, s, "{s:?}");
        }
    }

    // TestLexerSequence and TestParserLookahead from selector_test.go.
    #[test]
    fn sequences() {
        let cases: &[(&str, &[Token])] = &[
            (
                "key in ( value )",
                &[Identifier, In, OpenPar, Identifier, ClosedPar],
            ),
            (
                "key notin ( value )",
                &[Identifier, NotIn, OpenPar, Identifier, ClosedPar],
            ),
            (
                "key in ( value1, value2 )",
                &[
                    Identifier, In, OpenPar, Identifier, Comma, Identifier, ClosedPar,
                ],
            ),
            ("key", &[Identifier]),
            ("!key", &[DoesNotExist, Identifier]),
            ("()", &[OpenPar, ClosedPar]),
            ("", &[]),
            (
                "x in (),y",
                &[Identifier, In, OpenPar, ClosedPar, Comma, Identifier],
            ),
            (
                "== != (), = notin",
                &[
                    DoubleEquals,
                    NotEquals,
                    OpenPar,
                    ClosedPar,
                    Comma,
                    Equals,
                    NotIn,
                ],
            ),
            ("key>2", &[Identifier, GreaterThan, Identifier]),
            ("key<1", &[Identifier, LessThan, Identifier]),
            // Quirks: longest operator first, then the rest of the run.
            (">=", &[GreaterThan, Equals]),
            ("!==", &[NotEquals, Equals]),
            ("a||y", &[Identifier]),
        ];
        for (s, want) in cases {
            let mut got = tokens(s);
            assert_eq!(got.pop(), Some(EndOfString));
            assert_eq!(&got, want, "{s:?}");
        }
    }
}
