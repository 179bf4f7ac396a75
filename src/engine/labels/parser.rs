//! Recursive-descent parser for the selector string syntax (`Parser.parse` in `labels/selector.go`).

use super::lexer::{lex, Lexeme, Token};
use super::{Operator, Requirement, SelectorError};

/// Whether `in`/`notin` read as keywords (where an operator is expected) or
/// as plain identifiers (keys and values).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    KeyAndOperator,
    Values,
}

struct Parser<'a> {
    items: Vec<Lexeme<'a>>,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn lookahead(&self, ctx: Context) -> Lexeme<'a> {
        let mut l = self.items[self.pos.min(self.items.len() - 1)];
        if ctx == Context::Values && matches!(l.token, Token::In | Token::NotIn) {
            l.token = Token::Identifier;
        }
        l
    }

    fn consume(&mut self, ctx: Context) -> Lexeme<'a> {
        let l = self.lookahead(ctx);
        if self.pos < self.items.len() - 1 {
            self.pos += 1;
        }
        l
    }
}

fn err(l: &Lexeme<'_>, message: String) -> SelectorError {
    SelectorError {
        message,
        start: l.start,
        end: l.end,
    }
}

fn requirement_err(l: &Lexeme<'_>, message: String) -> SelectorError {
    err(l, format!("unable to parse requirement: {message}"))
}

/// Parses a selector string into requirements sorted (stably) by key.
pub fn parse(s: &str) -> Result<Vec<Requirement>, SelectorError> {
    let mut p = Parser {
        items: lex(s),
        pos: 0,
    };
    let mut reqs = Vec::new();
    loop {
        let l = p.lookahead(Context::Values);
        match l.token {
            Token::Identifier | Token::DoesNotExist => {
                reqs.push(parse_requirement(&mut p)?);
                let t = p.consume(Context::Values);
                match t.token {
                    Token::EndOfString => break,
                    Token::Comma => {
                        let t2 = p.lookahead(Context::Values);
                        if !matches!(t2.token, Token::Identifier | Token::DoesNotExist) {
                            return Err(err(
                                &t2,
                                format!("found '{}', expected: identifier after ','", t2.text),
                            ));
                        }
                    }
                    _ => {
                        return Err(err(
                            &t,
                            format!("found '{}', expected: ',' or 'end of string'", t.text),
                        ))
                    }
                }
            }
            Token::EndOfString => break,
            _ => {
                return Err(err(
                    &l,
                    format!(
                        "found '{}', expected: !, identifier, or 'end of string'",
                        l.text
                    ),
                ))
            }
        }
    }
    crate::engine::base::order::sort_by(&mut reqs, |a, b| a.key.cmp(&b.key));
    Ok(reqs)
}

fn parse_requirement(p: &mut Parser<'_>) -> Result<Requirement, SelectorError> {
    let mut op = None;
    let mut key = p.consume(Context::Values);
    let first = key;
    if key.token == Token::DoesNotExist {
        op = Some(Operator::DoesNotExist);
        key = p.consume(Context::Values);
    }
    if key.token != Token::Identifier {
        return Err(requirement_err(
            &key,
            format!("found '{}', expected: identifier", key.text),
        ));
    }
    let after = p.lookahead(Context::Values);
    if op.is_none() && matches!(after.token, Token::EndOfString | Token::Comma) {
        op = Some(Operator::Exists);
    }
    if let Some(op) = op {
        let whole = Lexeme {
            start: first.start,
            ..key
        };
        return Requirement::new(key.text, op, Vec::new()).map_err(|m| requirement_err(&whole, m));
    }
    let op_lexeme = p.consume(Context::KeyAndOperator);
    let op = match op_lexeme.token {
        Token::In => Operator::In,
        Token::Equals => Operator::Equals,
        Token::DoubleEquals => Operator::DoubleEquals,
        Token::GreaterThan => Operator::GreaterThan,
        Token::LessThan => Operator::LessThan,
        Token::NotIn => Operator::NotIn,
        Token::NotEquals => Operator::NotEquals,
        _ => {
            return Err(requirement_err(
                &op_lexeme,
                format!(
                    "found '{}', expected: in, notin, =, ==, !=, gt, lt",
                    op_lexeme.text
                ),
            ))
        }
    };
    let (values, last) = match op {
        Operator::In | Operator::NotIn => parse_values(p)?,
        _ => parse_exact_value(p)?,
    };
    let whole = Lexeme {
        start: key.start,
        end: last.end.max(op_lexeme.end),
        ..key
    };
    Requirement::new(key.text, op, values).map_err(|m| requirement_err(&whole, m))
}

fn parse_values<'a>(p: &mut Parser<'a>) -> Result<(Vec<String>, Lexeme<'a>), SelectorError> {
    let open = p.consume(Context::Values);
    if open.token != Token::OpenPar {
        return Err(requirement_err(
            &open,
            format!("found '{}' expected: '('", open.text),
        ));
    }
    let l = p.lookahead(Context::Values);
    match l.token {
        Token::Identifier | Token::Comma => {
            let values = parse_identifiers_list(p)?;
            let close = p.consume(Context::Values);
            if close.token != Token::ClosedPar {
                return Err(requirement_err(
                    &close,
                    format!("found '{}', expected: ')'", close.text),
                ));
            }
            Ok((values, close))
        }
        Token::ClosedPar => {
            let close = p.consume(Context::Values);
            Ok((vec![String::new()], close))
        }
        _ => Err(requirement_err(
            &l,
            format!("found '{}', expected: ',', ')' or identifier", l.text),
        )),
    }
}

fn parse_identifiers_list(p: &mut Parser<'_>) -> Result<Vec<String>, SelectorError> {
    let mut set: Vec<String> = Vec::new();
    loop {
        let l = p.consume(Context::Values);
        match l.token {
            Token::Identifier => {
                set.push(l.text.to_string());
                let l2 = p.lookahead(Context::Values);
                match l2.token {
                    Token::Comma => continue,
                    Token::ClosedPar => return Ok(set),
                    _ => {
                        return Err(requirement_err(
                            &l2,
                            format!("found '{}', expected: ',' or ')'", l2.text),
                        ))
                    }
                }
            }
            Token::Comma => {
                if set.is_empty() {
                    set.push(String::new()); // "(,"
                }
                let l2 = p.lookahead(Context::Values);
                if l2.token == Token::ClosedPar {
                    set.push(String::new()); // ",)"
                    return Ok(set);
                }
                if l2.token == Token::Comma {
                    p.consume(Context::Values);
                    set.push(String::new()); // ",,"
                }
            }
            _ => {
                return Err(requirement_err(
                    &l,
                    format!("found '{}', expected: ',', or identifier", l.text),
                ))
            }
        }
    }
}

fn parse_exact_value<'a>(p: &mut Parser<'a>) -> Result<(Vec<String>, Lexeme<'a>), SelectorError> {
    let l = p.lookahead(Context::Values);
    if matches!(l.token, Token::EndOfString | Token::Comma) {
        return Ok((vec![String::new()], l));
    }
    let l = p.consume(Context::Values);
    if l.token == Token::Identifier {
        return Ok((vec![l.text.to_string()], l));
    }
    Err(requirement_err(
        &l,
        format!("found '{}', expected: identifier", l.text),
    ))
}
