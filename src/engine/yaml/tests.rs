//! Tests of the YAML layer.

use super::*;
use crate::engine::DiagnosticCode;

fn one(text: &str) -> Node {
    let docs = parse_documents(text);
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs[0].diagnostics.is_empty(), "{:?}", docs[0].diagnostics);
    docs[0].root.clone().expect("a root")
}

#[test]
fn plain_scalars_resolve_like_kubernetes() {
    let cases = [
        ("", ScalarKind::Null),
        ("~", ScalarKind::Null),
        ("true", ScalarKind::Bool(true)),
        ("yes", ScalarKind::Bool(true)),
        ("Off", ScalarKind::Bool(false)),
        ("80", ScalarKind::Int(80)),
        ("-3", ScalarKind::Int(-3)),
        ("0x1F", ScalarKind::Int(31)),
        ("0o17", ScalarKind::Int(15)),
        ("1.5", ScalarKind::Float),
        ("1e3", ScalarKind::Float),
        ("-2.5E-3", ScalarKind::Float),
        (".5", ScalarKind::Float),
        ("5.", ScalarKind::Float),
        (".inf", ScalarKind::Float),
        (".", ScalarKind::Str),
        ("1e", ScalarKind::Str),
        ("e3", ScalarKind::Str),
        ("1.5e+", ScalarKind::Str),
        ("1-2", ScalarKind::Str),
        ("eighty", ScalarKind::Str),
        ("1.2.3", ScalarKind::Str),
        ("-", ScalarKind::Str),
        ("99999999999999999999", ScalarKind::Float),
        // go-yaml v2 resolve.go: underscores go before ParseInt(plain, 0, 64).
        ("1_000", ScalarKind::Int(1000)),
        ("-1_000_000", ScalarKind::Int(-1_000_000)),
        ("+1_0", ScalarKind::Int(10)),
        ("1__0_", ScalarKind::Int(10)),
        ("0x_1F", ScalarKind::Int(31)),
        ("0X1f", ScalarKind::Int(31)),
        ("0b1010", ScalarKind::Int(10)),
        ("-0b11", ScalarKind::Int(-3)),
        ("017", ScalarKind::Int(15)),
        ("0", ScalarKind::Int(0)),
        ("-0", ScalarKind::Int(0)),
        ("08", ScalarKind::Float),
        ("1_000.5", ScalarKind::Float),
        ("-.5", ScalarKind::Float),
        ("+1.", ScalarKind::Float),
        ("1e400", ScalarKind::Str),
        (".5e999", ScalarKind::Str),
        (".5_0", ScalarKind::Str),
        ("_1", ScalarKind::Str),
        ("0x", ScalarKind::Str),
        ("0xG", ScalarKind::Str),
        ("2006-01-02", ScalarKind::Str),
        ("9223372036854775807", ScalarKind::Int(i64::MAX)),
        ("-9223372036854775808", ScalarKind::Int(i64::MIN)),
        ("18446744073709551615", ScalarKind::Float),
        ("1:20", ScalarKind::Str),
        ("Yes", ScalarKind::Bool(true)),
        ("y", ScalarKind::Bool(true)),
        ("N", ScalarKind::Bool(false)),
        ("ON", ScalarKind::Bool(true)),
        ("yEs", ScalarKind::Str),
    ];
    for (text, want) in cases {
        assert_eq!(resolve_plain(text), want, "{text:?}");
    }
}

#[test]
fn quoted_scalars_stay_strings() {
    let root = one("a: \"80\"\nb: 'true'\nc: 80\n");
    assert_eq!(root.get("a").and_then(Node::as_str), Some("80"));
    assert_eq!(root.get("b").and_then(Node::as_str), Some("true"));
    assert_eq!(root.get("c").unwrap().type_name(), "integer");
}

#[test]
fn spans_point_at_lines_and_columns() {
    let root = one("kind: Pod\nmetadata:\n  name: web\n");
    let name = root.get("metadata").unwrap().get("name").unwrap();
    assert_eq!((name.span.start.line, name.span.start.column), (3, 9));
    assert_eq!(name.span.end.column, 12);
}

#[test]
fn documents_split_and_errors_stay_local() {
    let text = "a: 1\n---\nb: [\n---\nc: 3\n";
    let docs = parse_documents(text);
    assert_eq!(docs.len(), 3);
    assert!(docs[0].root.is_some());
    assert!(docs[1].root.is_none());
    assert_eq!(docs[1].diagnostics[0].code, DiagnosticCode::YamlSyntax);
    assert!(docs[1].diagnostics[0].span.unwrap().start.line >= 3);
    let c = docs[2].root.as_ref().unwrap().get("c").unwrap();
    assert_eq!(c.span.start.line, 5);
}

#[test]
fn anchors_aliases_and_merge_keys() {
    let root = one("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\nref: *b\n");
    let other = root.get("other").unwrap();
    assert_eq!(other.get("x").unwrap().scalar_text(), Some("1"));
    assert_eq!(other.get("y").unwrap().scalar_text(), Some("3"));
    assert_eq!(root.get("ref").unwrap().as_map().unwrap().len(), 2);
}

#[test]
fn alias_bombs_are_stopped() {
    let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        text.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let docs = parse_documents(&text);
    assert!(docs[0].root.is_none());
    assert_eq!(docs[0].diagnostics[0].code, DiagnosticCode::YamlLimit);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = "[".repeat(5000);
    let docs = parse_documents(&text);
    assert!(docs[0].root.is_none());
    assert!(!docs[0].diagnostics.is_empty());
}

#[test]
fn json_is_read() {
    let root = one("{\"kind\": \"Pod\", \"spec\": {\"ports\": [80, 443]}}");
    assert_eq!(root.get("kind").and_then(Node::as_str), Some("Pod"));
    assert_eq!(
        root.get("spec")
            .unwrap()
            .get("ports")
            .unwrap()
            .as_seq()
            .unwrap()
            .len(),
        2
    );
}

/// (text, per document: the key read and the (line, column) of its value, label)
#[test]
fn json_streams_keep_each_value_at_its_line_and_column() {
    type Row<'a> = (&'a str, &'a [(&'a str, (usize, usize))], &'a str);
    let rows: [Row; 4] = [
        (
            "{\"kind\": \"A\"}{\"kind\": \"B\"}\n{\"kind\": \"C\"}\n",
            &[("kind", (1, 10)), ("kind", (1, 23)), ("kind", (2, 10))],
            "back to back, then on the next line",
        ),
        (
            "a: 1\n---\n{\"b\": 1}\n{\"c\": 2}\n",
            &[("a", (1, 4)), ("b", (3, 7)), ("c", (4, 7))],
            "a JSON stream after a YAML document",
        ),
        (
            "{\"n\": \"é\"} {\"m\": 1}\n",
            &[("n", (1, 7)), ("m", (1, 18))],
            "a non-ASCII value before: columns count characters",
        ),
        (
            "{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n",
            &[("a", (2, 8)), ("b", (5, 8))],
            "pretty-printed files concatenated",
        ),
    ];
    for (text, want, label) in rows {
        let docs = parse_documents(text);
        let got: Vec<(&str, (usize, usize))> = docs
            .iter()
            .zip(want)
            .map(|(d, (key, _))| {
                assert!(d.diagnostics.is_empty(), "{label}: {:?}", d.diagnostics);
                let v = d.root.as_ref().and_then(|r| r.get(key)).expect(key);
                (*key, (v.span.start.line, v.span.start.column))
            })
            .collect();
        assert_eq!(docs.len(), want.len(), "{label}");
        assert_eq!(got, want, "{label}");
    }
}

/// `json.Decoder` stops at a broken value; the values before it are read.
#[test]
fn a_broken_value_ends_a_json_stream_at_its_line() {
    let docs = parse_documents("{\"a\": 1}\n{\"b\": [}\n{\"c\": 3}\n");
    assert_eq!(docs.len(), 2);
    assert!(docs[0].root.is_some() && docs[0].diagnostics.is_empty());
    assert_eq!(docs[1].diagnostics[0].code, DiagnosticCode::YamlSyntax);
    assert_eq!(docs[1].diagnostics[0].span.unwrap().start.line, 2);
}

#[test]
fn duplicate_keys_are_reported() {
    let docs = parse_documents("a: 1\na: 2\n");
    assert_eq!(docs[0].diagnostics.len(), 1);
    assert_eq!(docs[0].diagnostics[0].span.unwrap().start.line, 2);
}

/// Go's `strconv` atof tests (`atof_test.go`, `atoftests`): the rows about
/// range. A float past float64 is `ErrRange` in Go, so go-yaml keeps the
/// scalar a string; one that underflows reads as 0, a float.
#[test]
fn floats_past_float64_are_not_floats_as_go_parses_them() {
    use super::scalars::decimal_float_fits;
    for (text, fits) in [
        // largest float64
        ("1.7976931348623157e308", true),
        // next float64: too large
        ("1.7976931348623159e308", false),
        // the border is …158079: borderline, still rounds down
        ("1.7976931348623158e308", true),
        ("1.797693134862315807e308", true),
        // borderline, too large
        ("1.797693134862315808e308", false),
        // a little too large
        ("1e308", true),
        ("2e308", false),
        ("1e309", false),
        // way too large
        ("1e310", false),
        ("1e400", false),
        ("1e400000", false),
        ("1e+4294967296", false),
        ("1e+18446744073709551616", false),
        // denormalised and underflowing: 0, no error
        ("1e-305", true),
        ("1e-350", true),
        ("1e-400000", true),
        ("1e-4294967296", true),
        ("1e-18446744073709551616", true),
        // zeros, with any exponent
        ("0e0", true),
        ("0.000e+99999999999", true),
        ("0", true),
        // the same boundary, written other ways
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.999", true),
        ("179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", false),
        ("0.0017976931348623158e311", true),
        ("0.0017976931348623159e311", false),
        (".17976931348623159e309", false),
        ("17976931348623158e292", true),
        ("1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490179775872070963302864166928879109465555478519404026306574886715058206819089020007083836762738548458177115317644757302700698555713669596228429148198608349364752927190741684443655107043427115596995080930428801779041744977920000e-4", false),
    ] {
        assert_eq!(decimal_float_fits(text), fits, "{text}");
    }
    // And where a scalar resolves: past float64 it is a string, as in Go.
    assert_eq!(resolve_plain("2e308"), ScalarKind::Str);
    assert_eq!(resolve_plain("-2e308"), ScalarKind::Str);
    assert_eq!(resolve_plain("1e-400"), ScalarKind::Float);
}

/// The digit test agrees with converting the number (the standard
/// library's correctly rounded parser) on random decimals around the
/// boundary and far from it.
#[test]
fn the_float_range_test_agrees_with_a_correctly_rounded_parser() {
    use super::scalars::decimal_float_fits;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let boundary = "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709";
    for _ in 0..20_000 {
        let keep = 1 + next(40) as usize;
        let mut digits: String = boundary[..keep].to_string();
        // perturb the last digit, or append more
        match next(3) {
            0 => {
                let last = digits.pop().unwrap();
                let d = (last as u8 - b'0' + next(10) as u8) % 10;
                digits.push((b'0' + d) as char);
            }
            1 => digits.extend((0..next(5)).map(|_| (b'0' + next(10) as u8) as char)),
            _ => {}
        }
        let point = next(digits.len() as u64 + 1) as usize;
        let exp = 309 - point as i64 + next(5) as i64 - 2;
        let text = format!("{}.{}e{exp}", &digits[..point], &digits[point..]);
        let parsed = text.parse::<f64>().is_ok_and(f64::is_finite);
        assert_eq!(decimal_float_fits(&text), parsed, "{text}");
    }
}
