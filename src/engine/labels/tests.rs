//! Tables ported from apimachinery's `selector_test.go` and `helpers_test.go`.

use super::*;

fn set(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn req(key: &str, op: Operator, vals: &[&str]) -> Requirement {
    Requirement::new(key, op, vals.iter().map(|s| s.to_string()).collect())
        .unwrap_or_else(|e| panic!("requirement {key}: {e}"))
}

fn parse(s: &str) -> Result<Selector, SelectorError> {
    s.parse()
}

// TestSelectorParse: good strings round-trip to themselves minus spaces.
#[test]
fn selector_parse_round_trip() {
    let good = [
        "x=a,y=b,z=c",
        "",
        "x!=a,y=b",
        "x=",
        "x= ",
        "x=,z= ",
        "x= ,z= ",
        "!x",
        "x>1",
        "x>1,z<5",
    ];
    for s in good {
        let sel = parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(sel.to_string(), s.replace(' ', ""), "{s:?}");
    }
    for s in ["x=a||y=b", "x==a==b", "!x=a", "x<a"] {
        assert!(parse(s).is_err(), "{s:?} should fail");
    }
}

// TestDeterministicParse
#[test]
fn deterministic_parse() {
    assert_eq!(
        parse("x=a,a=x").unwrap().to_string(),
        parse("a=x,x=a").unwrap().to_string()
    );
}

// TestEverything, TestSetIsEmpty, TestNilMapIsValid
#[test]
fn everything_and_nothing() {
    assert!(Selector::everything().matches(&set(&[("x", "y")])));
    assert!(Selector::everything().is_everything());
    assert!(Selector::from_map(&Labels::new()).is_everything());
    assert!(parse("").unwrap().is_everything());
    assert!(parse(" \t\r\n").unwrap().is_everything());
    assert!(!Selector::nothing().matches(&Labels::new()));
}

// TestSelectorMatches
#[test]
fn selector_matches() {
    let yes: &[(&str, &[(&str, &str)])] = &[
        ("", &[("x", "y")]),
        ("x=y", &[("x", "y")]),
        ("x=y,z=w", &[("x", "y"), ("z", "w")]),
        ("x!=y,z!=w", &[("x", "z"), ("z", "a")]),
        ("notin=in", &[("notin", "in")]),
        ("x", &[("x", "z")]),
        ("!x", &[("y", "z")]),
        ("x>1", &[("x", "2")]),
        ("x<1", &[("x", "0")]),
        ("foo=bar", &[("foo", "bar"), ("baz", "blah")]),
        ("baz=blah", &[("foo", "bar"), ("baz", "blah")]),
        ("foo=bar,baz=blah", &[("foo", "bar"), ("baz", "blah")]),
        // Missing keys satisfy != and notin (labels.go semantics).
        ("x!=y", &[]),
        ("x notin (a)", &[]),
        ("x<1", &[("x", "-5")]),
    ];
    for (s, l) in yes {
        assert!(
            parse(s).unwrap().matches(&set(l)),
            "{s:?} should match {l:?}"
        );
    }
    let no: &[(&str, &[(&str, &str)])] = &[
        ("x=z", &[]),
        ("x=y", &[("x", "z")]),
        ("x=y,z=w", &[("x", "w"), ("z", "w")]),
        ("x!=y,z!=w", &[("x", "z"), ("z", "w")]),
        ("x", &[("y", "z")]),
        ("!x", &[("x", "z")]),
        ("x>1", &[("x", "0")]),
        ("x<1", &[("x", "2")]),
        ("foo=blah", &[("foo", "bar"), ("baz", "blah")]),
        ("baz=bar", &[("foo", "bar"), ("baz", "blah")]),
        (
            "foo=bar,foobar=bar,baz=blah",
            &[("foo", "bar"), ("baz", "blah")],
        ),
        ("x>1", &[]),
        ("x>1", &[("x", "v2")]),
        ("x=a,x!=a", &[("x", "a")]),
        ("X=y", &[("x", "y")]),
    ];
    for (s, l) in no {
        assert!(
            !parse(s).unwrap().matches(&set(l)),
            "{s:?} should not match {l:?}"
        );
    }
}

// TestSetMatches
#[test]
fn set_matches() {
    let labels = set(&[("foo", "bar"), ("baz", "blah")]);
    for sel in [
        set(&[]),
        set(&[("foo", "bar")]),
        set(&[("baz", "blah")]),
        set(&[("foo", "bar"), ("baz", "blah")]),
    ] {
        assert!(Selector::from_map(&sel).matches(&labels), "{sel:?}");
    }
    assert!(!Selector::from_map(&set(&[("foo", "baz")])).matches(&labels));
}

// TestRequirementConstructor
#[test]
fn requirement_constructor() {
    use Operator::*;
    let cases: &[(&str, Operator, &[&str], bool)] = &[
        ("x", In, &[], false),
        ("x", NotIn, &[], false),
        ("x", In, &["foo"], true),
        ("x", NotIn, &["foo"], true),
        ("x", Exists, &[], true),
        ("x", DoesNotExist, &[], true),
        ("1foo", In, &["bar"], true),
        ("1234", In, &["bar"], true),
        ("y", GreaterThan, &["1"], true),
        ("z", LessThan, &["6"], true),
        ("foo", GreaterThan, &["bar"], false),
        ("barz", LessThan, &["blah"], false),
        (&"a".repeat(254), Exists, &[], false),
        ("x", Exists, &["a"], false),
        ("x", Equals, &["a", "b"], false),
        ("x", GreaterThan, &["1", "2"], false),
        ("x", GreaterThan, &["-1"], false),
        ("x", In, &[&"a".repeat(64)], false),
    ];
    for (k, op, vals, ok) in cases {
        let r = Requirement::new(k, *op, vals.iter().map(|s| s.to_string()).collect());
        assert_eq!(r.is_ok(), *ok, "{k} {op:?} {vals:?}: {r:?}");
    }
}

// TestToString
#[test]
fn to_string() {
    use Operator::*;
    let cases: &[(Vec<Requirement>, &str)] = &[
        (
            vec![
                req("x", In, &["abc", "def"]),
                req("y", NotIn, &["jkl"]),
                req("z", Exists, &[]),
            ],
            "x in (abc,def),y notin (jkl),z",
        ),
        (
            vec![
                req("x", NotIn, &["abc", "def"]),
                req("y", NotEquals, &["jkl"]),
                req("z", DoesNotExist, &[]),
            ],
            "x notin (abc,def),y!=jkl,!z",
        ),
        (
            vec![
                req("x", NotIn, &["abc"]),
                req("y", In, &["jkl", "mno"]),
                req("z", NotIn, &[""]),
            ],
            "x notin (abc),y in (jkl,mno),z notin ()",
        ),
        (
            vec![
                req("x", Equals, &["abc"]),
                req("y", DoubleEquals, &["jkl"]),
                req("z", NotEquals, &["a"]),
                req("z", Exists, &[]),
            ],
            "x=abc,y==jkl,z!=a,z",
        ),
        (
            vec![
                req("x", GreaterThan, &["2"]),
                req("y", LessThan, &["8"]),
                req("z", Exists, &[]),
            ],
            "x>2,y<8,z",
        ),
    ];
    for (reqs, want) in cases {
        let sel = Selector {
            requirements: reqs.clone(),
            nothing: false,
        };
        assert_eq!(sel.to_string(), *want);
    }
}

// TestRequirementSelectorMatching
#[test]
fn requirement_selector_matching() {
    use Operator::*;
    type Case<'a> = (&'a [(&'a str, &'a str)], Vec<Requirement>, bool);
    let cases: &[Case] = &[
        (
            &[("x", "foo"), ("y", "baz")],
            vec![req("x", In, &["foo"]), req("y", NotIn, &["alpha"])],
            true,
        ),
        (
            &[("x", "foo"), ("y", "baz")],
            vec![req("x", In, &["foo"]), req("y", In, &["alpha"])],
            false,
        ),
        (
            &[("y", "")],
            vec![req("x", NotIn, &[""]), req("y", Exists, &[])],
            true,
        ),
        (
            &[("y", "")],
            vec![req("x", DoesNotExist, &[]), req("y", Exists, &[])],
            true,
        ),
        (
            &[("y", "")],
            vec![req("x", NotIn, &[""]), req("y", DoesNotExist, &[])],
            false,
        ),
        (&[("y", "baz")], vec![req("x", In, &[""])], false),
        (&[("z", "2")], vec![req("z", GreaterThan, &["1"])], true),
        (&[("z", "v2")], vec![req("z", GreaterThan, &["1"])], false),
    ];
    for (labels, reqs, want) in cases {
        let sel = Selector {
            requirements: reqs.clone(),
            nothing: false,
        };
        assert_eq!(sel.matches(&set(labels)), *want, "{sel} on {labels:?}");
    }
}

// TestSetSelectorParser: (input, expected canonical form or None for an error).
#[test]
fn set_selector_parser() {
    let cases: &[(&str, Option<&str>)] = &[
        ("", Some("")),
        ("\rx", Some("x")),
        (
            "this-is-a-dns.domain.com/key-with-dash",
            Some("this-is-a-dns.domain.com/key-with-dash"),
        ),
        (
            "this-is-another-dns.domain.com/key-with-dash in (so,what)",
            Some("this-is-another-dns.domain.com/key-with-dash in (so,what)"),
        ),
        (
            "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
            Some("0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"),
        ),
        ("foo  in\t (abc)", Some("foo in (abc)")),
        ("x notin\n (abc)", Some("x notin (abc)")),
        ("x  notin\t\t\t(abc,def)", Some("x notin (abc,def)")),
        ("x in (abc,def)", Some("x in (abc,def)")),
        ("x in (abc,)", Some("x in (,abc)")),
        ("x in ()", Some("x in ()")),
        (
            "x notin (abc,def),bar,z in (),w",
            Some("bar,w,x notin (abc,def),z in ()"),
        ),
        ("x,y in (a)", Some("x,y in (a)")),
        ("x=a", Some("x=a")),
        ("x>1", Some("x>1")),
        ("x<7", Some("x<7")),
        ("x=a,y!=b", Some("x=a,y!=b")),
        ("x=a,y!=b,z in (h,i,j)", Some("x=a,y!=b,z in (h,i,j)")),
        ("x=a||y=b", None),
        ("x,y", Some("x,y")),
        (",x,y", None),
        ("x nott in (y)", None),
        ("x notin ( )", Some("x notin ()")),
        ("x notin (, a)", Some("x notin (,a)")),
        ("a in (xyz),", None),
        ("a in (xyz)b notin ()", None),
        ("a ", Some("a")),
        ("a in (x,y,notin, z,in)", Some("a in (in,notin,x,y,z)")),
        ("a in (xyz abc)", None),
        ("a notin(", None),
        ("a (", None),
        ("(", None),
        // Further rows of rule A.
        ("x in (abc,,def)", Some("x in (,abc,def)")),
        ("x in (a,a)", Some("x in (a)")),
        ("in in (in)", Some("in in (in)")),
        ("x,,y", None),
        ("x=a=b", None),
        ("x = a b", None),
        ("!!x", None),
        ("!", None),
        ("x>", None),
        ("x>1.5", None),
        ("x>0x10", None),
        ("x>9223372036854775808", None),
        ("x>01", Some("x>01")),
        ("x>-1", None),
        (&format!("x={}", "a".repeat(64)), None),
        ("x>=1", None),
        ("Example.com/a=b", None),
        ("x=a,", None),
        (",", None),
    ];
    for (input, want) in cases {
        match (parse(input), want) {
            (Ok(sel), Some(w)) => assert_eq!(sel.to_string(), *w, "{input:?}"),
            (Err(_), None) => {}
            (got, _) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
}

#[test]
fn errors_name_the_token_and_column() {
    let cases: &[(&str, &str, usize)] = &[
        ("x=a,", "found '', expected: identifier after ','", 5),
        (
            ",x",
            "found ',', expected: !, identifier, or 'end of string'",
            1,
        ),
        ("x==a==b", "found '==', expected: ',' or 'end of string'", 5),
        ("!x=a", "found '=', expected: ',' or 'end of string'", 3),
        ("tier in (web api)", "found 'api', expected: ',' or ')'", 14),
        (
            "a (",
            "found '(', expected: in, notin, =, ==, !=, gt, lt",
            3,
        ),
        ("a in x", "found 'x' expected: '('", 6),
    ];
    for (input, msg, col) in cases {
        let e = parse(input).unwrap_err();
        assert!(e.message.contains(msg), "{input:?}: {}", e.message);
        assert_eq!(e.column(input), *col, "{input:?}");
    }
}

// helpers_test.go TestLabelSelectorAsSelector, plus the operator rules of `NewRequirement`.
#[test]
fn label_selector_as_selector() {
    let expr = |k: &str, op: &str, v: &[&str]| LabelSelectorRequirement {
        key: k.into(),
        operator: op.into(),
        values: v.iter().map(|s| s.to_string()).collect(),
    };
    let cases: Vec<(Option<LabelSelector>, Option<&str>)> = vec![
        (None, Some("<nothing>")),
        (Some(LabelSelector::default()), Some("")),
        (
            Some(LabelSelector {
                match_labels: set(&[("foo", "bar")]),
                match_expressions: vec![
                    expr("baz", "In", &["qux", "norf"]),
                    expr("a", "Exists", &[]),
                    expr("b", "DoesNotExist", &[]),
                    expr("c", "NotIn", &["x"]),
                ],
            }),
            Some("a,!b,baz in (norf,qux),c notin (x),foo=bar"),
        ),
        (
            Some(LabelSelector {
                match_labels: set(&[("foo", "bar")]),
                match_expressions: vec![expr("baz", "Exists", &["qux", "norf"])],
            }),
            None,
        ),
        (
            Some(LabelSelector {
                match_labels: Labels::new(),
                match_expressions: vec![expr("baz", "In", &[])],
            }),
            None,
        ),
        (
            Some(LabelSelector {
                match_labels: Labels::new(),
                match_expressions: vec![expr("baz", "in", &["a"])],
            }),
            None,
        ),
        (
            Some(LabelSelector {
                match_labels: Labels::new(),
                match_expressions: vec![expr("baz", "Gt", &["1"])],
            }),
            None,
        ),
        (
            Some(LabelSelector {
                match_labels: set(&[("foo", "-bar")]),
                match_expressions: vec![],
            }),
            None,
        ),
    ];
    for (ls, want) in cases {
        let got = LabelSelector::to_selector(ls.as_ref());
        match (got, want) {
            (Ok(sel), Some("<nothing>")) => assert!(sel.nothing),
            (Ok(sel), Some(w)) => assert_eq!(sel.to_string(), w),
            (Err(_), None) => {}
            (got, want) => panic!("{ls:?}: got {got:?}, want {want:?}"),
        }
    }
}

fn ls(labels: &[(&str, &str)], exprs: &[(&str, &str, &[&str])]) -> LabelSelector {
    LabelSelector {
        match_labels: set(labels),
        match_expressions: exprs
            .iter()
            .map(|(k, op, v)| LabelSelectorRequirement {
                key: k.to_string(),
                operator: op.to_string(),
                values: v.iter().map(|s| s.to_string()).collect(),
            })
            .collect(),
    }
}

// helpers_test.go TestLabelSelectorAsSelector, every row.
#[test]
fn helpers_label_selector_as_selector() {
    let foo = &[("foo", "bar")][..];
    let baz: &[(&str, &str, &[&str])] = &[("baz", "In", &["qux", "norf"])];
    let cases: Vec<(Option<LabelSelector>, Option<&str>)> = vec![
        (None, Some("<nothing>")),
        (Some(ls(&[], &[])), Some("")),
        (Some(ls(foo, &[])), Some("foo=bar")),
        (Some(ls(&[], baz)), Some("baz in (norf,qux)")),
        (Some(ls(foo, baz)), Some("baz in (norf,qux),foo=bar")),
        (Some(ls(&[], &[("baz", "Exists", &["qux", "norf"])])), None),
    ];
    for (input, want) in cases {
        match (LabelSelector::to_selector(input.as_ref()), want) {
            (Ok(sel), Some("<nothing>")) => assert!(sel.nothing && !sel.matches(&Labels::new())),
            (Ok(sel), Some(w)) => assert_eq!(sel.to_string(), w),
            (Err(_), None) => {}
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
}

// helpers_test.go TestLabelSelectorAsMap, every row.
#[test]
fn helpers_label_selector_as_map() {
    let foo = &[("foo", "bar")][..];
    type Row<'a> = (
        Option<LabelSelector>,
        Option<&'a [(&'a str, &'a str)]>,
        &'a str,
    );
    let rows: Vec<Row> = vec![
        (None, None, ""),
        (Some(ls(foo, &[])), Some(&[("foo", "bar")]), ""),
        (
            Some(ls(foo, &[("baz", "In", &["norf"])])),
            Some(&[("foo", "bar"), ("baz", "norf")]),
            "",
        ),
        (
            Some(ls(&[], &[("baz", "In", &["norf"])])),
            Some(&[("baz", "norf")]),
            "",
        ),
        (
            Some(ls(foo, &[("baz", "In", &["norf", "qux"])])),
            Some(&[("foo", "bar")]),
            "without a single value cannot be converted",
        ),
        (
            Some(ls(&[], &[("baz", "NotIn", &["norf", "qux"])])),
            Some(&[]),
            "cannot be converted",
        ),
        (
            Some(ls(foo, &[("baz", "Exists", &[])])),
            Some(&[("foo", "bar")]),
            "cannot be converted",
        ),
        (
            Some(ls(&[], &[("baz", "DoesNotExist", &[])])),
            Some(&[]),
            "cannot be converted",
        ),
    ];
    for (input, want, err) in rows {
        let (got, got_err) = LabelSelector::to_map(input.as_ref());
        assert_eq!(got, want.map(set), "{input:?}");
        match got_err {
            Some(e) => assert!(!err.is_empty() && e.contains(err), "{input:?}: {e}"),
            None => assert!(err.is_empty(), "{input:?}: expected an error"),
        }
    }
}

// ParseToLabelSelector.
#[test]
fn parse_to_label_selector() {
    let l = LabelSelector::parse("app=web,tier in (a,b),!canary,ready").unwrap();
    assert_eq!(l.match_labels, set(&[("app", "web")]));
    let ops: Vec<&str> = l
        .match_expressions
        .iter()
        .map(|e| e.operator.as_str())
        .collect();
    assert_eq!(ops, vec!["DoesNotExist", "Exists", "In"]);
    assert_eq!(
        LabelSelector::to_selector(Some(&l)).unwrap().to_string(),
        "app=web,!canary,ready,tier in (a,b)"
    );
    for bad in ["x>1", "x<1", "x!=a", "x in (a b)"] {
        assert!(LabelSelector::parse(bad).is_err(), "{bad}");
    }
}
