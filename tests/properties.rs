//! Property tests: the selector parser's canonical form is stable, and the
//! engine never panics, whatever the input.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use svcmap::engine::analyze;
use svcmap::engine::labels::Selector;
use svcmap::synthetic;

/// Strings built from the selector grammar's pieces, valid or not.
fn selector_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("a".to_string()),
        Just("app".to_string()),
        Just("x.io/k".to_string()),
        Just("v1".to_string()),
        Just("in".to_string()),
        Just("notin".to_string()),
        Just("=".to_string()),
        Just("==".to_string()),
        Just("!=".to_string()),
        Just("!".to_string()),
        Just(">".to_string()),
        Just("<".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just(",".to_string()),
        Just(" ".to_string()),
        Just("7".to_string()),
        "[a-z0-9._/-]{1,6}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parse_display_parse_is_stable(s in selector_like()) {
        if let Ok(sel) = s.parse::<Selector>() {
            let printed = sel.to_string();
            let again: Selector = printed.parse().expect("the canonical form parses");
            prop_assert_eq!(&again, &sel);
            prop_assert_eq!(again.to_string(), printed);
        }
    }

    #[test]
    fn selector_errors_point_inside_the_input(s in selector_like()) {
        if let Err(e) = s.parse::<Selector>() {
            prop_assert!(e.start <= s.len() && e.end <= s.len() && e.start <= e.end);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn analyze_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        let a = analyze(&text);
        for d in &a.diagnostics {
            if let Some(span) = d.span {
                prop_assert!(span.end.offset <= text.len());
            }
        }
    }

    #[test]
    fn analyze_never_panics_on_mutated_manifests(
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, "[ -~\\n]{0,4}"), 1..6)
    ) {
        let mut text = synthetic::manifest(20, 3, 2);
        for (at, del, insert) in edits {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let mut j = (i + del).min(text.len());
            while !text.is_char_boundary(j) {
                j -= 1;
            }
            text.replace_range(i..j, &insert);
        }
        let a = analyze(&text);
        prop_assert!(a.services.len() <= 3);
    }
}
