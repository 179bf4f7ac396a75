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
        b'.' if is_decimal_float(text) && decimal_float_fits(text) => ScalarKind::Float,
        b'0'..=b'9' | b'+' | b'-' => {
            let plain = text.replace('_', "");
            if let Some(v) = go_parse_int(&plain) {
                return match i64::try_from(v) {
                    Ok(v) => ScalarKind::Int(v),
                    Err(_) => ScalarKind::Float,
                };
            }
            let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
            if is_decimal_float(unsigned) && decimal_float_fits(unsigned) {
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

/// `2^1024 - 2^970`, every digit: the float64 rounding boundary. Below it a
/// decimal rounds to at most `f64::MAX`; at it or above, to infinity (round
/// half to even: `f64::MAX`'s last mantissa bit is odd).
const OVERFLOW_BOUNDARY: &[u8] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether Go's `strconv.ParseFloat(s, 64)` reads the decimal float `s` (as
/// [`is_decimal_float`] accepts it: no sign) without `ErrRange`, i.e. whether
/// it rounds to a finite float64. Mirrors the range check of `atof64` in Go's
/// `strconv/atof.go`: overflow is an error (`±Inf, ErrRange`), underflow is
/// not (it reads as 0). Decided on the digits, without converting: the value
/// is finite exactly when it is below [`OVERFLOW_BOUNDARY`]. (Converting with
/// `str::parse::<f64>` gives the same answer but brings the standard
/// library's float parser and its 10 KB table of powers of five into the
/// WebAssembly for this one bit.)
pub(super) fn decimal_float_fits(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], &s[i + 1..]),
        None => (s, ""),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = || int.bytes().chain(frac.bytes());
    let Some(lead) = digits().position(|d| d != b'0') else {
        return true; // zero, with any exponent
    };
    // The exponent, saturated: anything past a million is as good as infinite.
    let (negative, exp_digits) = match exponent.as_bytes().first() {
        Some(b'-') => (true, &exponent[1..]),
        Some(b'+') => (false, &exponent[1..]),
        _ => (false, exponent),
    };
    let exp = exp_digits
        .bytes()
        .fold(0i64, |e, d| (e * 10 + i64::from(d - b'0')).min(1_000_000));
    let exp = if negative { -exp } else { exp };
    // The value is 0.d₁d₂… × 10^magnitude with d₁ ≠ 0; the boundary is
    // 0.17976… × 10^309.
    let magnitude = int.len() as i64 - lead as i64 + exp;
    match magnitude.cmp(&309) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Greater => false,
        std::cmp::Ordering::Equal => {
            let significant: Vec<u8> = digits().skip(lead).collect();
            let end = significant
                .iter()
                .rposition(|&d| d != b'0')
                .map_or(0, |i| i + 1);
            significant[..end] < *OVERFLOW_BOUNDARY
        }
    }
}
