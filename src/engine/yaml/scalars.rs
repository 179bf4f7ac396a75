//! Scalars: how a plain scalar resolves (string, integer, float, boolean, null), as Kubernetes' YAML reader does.

/// What a scalar resolved to.
#[derive(Clone, Debug, PartialEq)]
pub enum ScalarKind {
    /// `null`, `~` or nothing.
    Null,
    /// `true`/`false` (and YAML 1.1 `yes`/`no`/`on`/`off`).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number (`1.5`, `1e3`, `.inf`, `.nan`, or an integer
    /// too large for 64 bits). Only its kind matters to Kubernetes fields.
    Float,
    /// A string (every quoted or block scalar, and plain text that is nothing else).
    Str,
}

/// Resolves a plain scalar the way Kubernetes' YAML reader does: sigs.k8s.io/yaml
/// reads through go-yaml v2, YAML 1.1. Mirrors `resolve` in go-yaml v2's
/// `resolve.go`: the words of its `resolveMap` (`yes`/`no`/`on`/`off`/`y`/`n`
/// are booleans); a scalar starting with `.` is a float if `ParseFloat` reads
/// it; one starting with a digit or a sign has its underscores removed
/// (`1_000` is 1000) and is an integer if `strconv.ParseInt(plain, 0, 64)`
/// reads it (`0x1F`, `0o17`, `0b101`, and `017` octal), else a float if it
/// matches `yamlStyleFloat` and `ParseFloat` reads it, else a `0b`/`-0b`
/// binary integer. Dates (`2006-01-02`) stay strings, as go-yaml v2 keeps
/// timestamps decoded into `interface{}`. Integers past 64 bits (unsigned
/// ones included) count as floats: no Kubernetes field takes them.
pub fn resolve_plain(text: &str) -> ScalarKind {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => {
            return ScalarKind::Bool(true)
        }
        "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => {
            return ScalarKind::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return ScalarKind::Float,
        "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    match text.as_bytes()[0] {
        b'.' if is_decimal_float(text) && text.parse::<f64>().is_ok_and(f64::is_finite) => {
            ScalarKind::Float
        }
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(v) = go_parse_int(&plain) {
                return match i64::try_from(v) {
                    Ok(v) => ScalarKind::Int(v),
                    Err(_) => ScalarKind::Float,
                };
            }
            let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
            if is_decimal_float(unsigned) && plain.parse::<f64>().is_ok_and(f64::is_finite) {
                return ScalarKind::Float;
            }
            ScalarKind::Str
        }
        _ => ScalarKind::Str,
    }
}

/// `strconv.ParseInt(s, 0, 64)` (and `ParseUint` for what is past `i64`):
/// an optional sign, then `0x`/`0X` hex, `0o`/`0O` or a leading `0` octal,
/// `0b`/`0B` binary, or decimal digits. `None` when it does not read or
/// does not fit in 64 bits.
pub(super) fn go_parse_int(s: &str) -> Option<i128> {
    let (negative, digits) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (radix, body) = match digits.as_bytes() {
        [b'0', b'x' | b'X', ..] => (16, &digits[2..]),
        [b'0', b'o' | b'O', ..] => (8, &digits[2..]),
        [b'0', b'b' | b'B', ..] => (2, &digits[2..]),
        [b'0', _, ..] => (8, &digits[1..]),
        _ => (10, digits),
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(body, radix).ok()?;
    let v = if negative { -v } else { v };
    (i128::from(i64::MIN)..=i128::from(u64::MAX))
        .contains(&v)
        .then_some(v)
}

/// `digits[.digits][e[±]digits]` or `.digits[…]` (the sign already taken
/// off): the decimal floats YAML 1.1 resolves.
pub(super) fn is_decimal_float(s: &str) -> bool {
    let b = s.as_bytes();
    let digits_from = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let mut i = digits_from(0);
    let mut mantissa = i;
    if b.get(i) == Some(&b'.') {
        let end = digits_from(i + 1);
        mantissa += end - i - 1;
        i = end;
    }
    if mantissa == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return false;
        }
        i = end;
    }
    i == b.len()
}
