//! What must hold for any input, checked by panicking: the bodies of the
//! fuzz targets (`fuzz/`), also run by `tests/fuzz_regressions.rs` over every
//! seed and every input that once failed. Each takes raw bytes, as a fuzzer
//! or a stranger's paste would give them.

use crate::engine::analyze;
use crate::engine::labels::{LabelSelector, Selector};
use crate::engine::render::{self, graph};
use crate::engine::scenarios::explain;
use crate::{embed, share};

/// YAML/JSON ingestion and the whole analysis — decode, simulate, resolve,
/// endpoints, layout, explanations, fixes, rendering — never panics; spans
/// and fix edits stay inside the text, on character boundaries; Lists read
/// item by item and whole give the same analysis.
pub fn analysis(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let a = analyze(text);
    // `kind: List` documents read item by item give what reading them whole gives.
    assert_eq!(
        a,
        crate::engine::Analyzer::reading_lists_whole().analyze(text),
        "a List read item by item differs from the List read whole"
    );
    let layout = graph::layout(&a);
    assert!(layout.width.is_finite() && layout.height.is_finite());
    for s in &a.services {
        let e = explain::explain(&a, s);
        let fixes = e
            .near_misses
            .iter()
            .flat_map(|m| explain::near_miss_fixes(text, &a, s, m))
            .chain(explain::port_fixes(text, &a, s));
        for f in fixes {
            assert!(f.edit.start <= f.edit.end && f.edit.end <= text.len());
            assert!(text.is_char_boundary(f.edit.start) && text.is_char_boundary(f.edit.end));
        }
        if let Some(ep) = &s.endpoints {
            let _ = render::to_yaml(&render::endpoints_object(ep));
        }
    }
    for d in &a.diagnostics {
        if let Some(span) = d.span {
            assert!(span.start.offset <= span.end.offset && span.end.offset <= text.len());
        }
    }
}

/// Selector strings print to a form that parses back to the same selector;
/// LabelSelector objects convert without panicking.
pub fn selector(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(sel) = text.parse::<Selector>() {
        let printed = sel.to_string();
        let again: Selector = printed
            .parse()
            .unwrap_or_else(|e| panic!("{printed:?} (from {text:?}) does not parse: {e:?}"));
        assert_eq!(again.to_string(), printed);
    }
    if let Ok(ls) = LabelSelector::parse(text) {
        let _ = LabelSelector::to_selector(Some(&ls));
        let _ = LabelSelector::to_map(Some(&ls));
    }
}

/// Share-link fragments: decoding never panics nor inflates past its cap;
/// what decodes re-encodes to the same state; any text (and rollout) survives a link.
pub fn share_link(data: &[u8]) {
    let Ok(fragment) = std::str::from_utf8(data) else {
        return;
    };
    for candidate in [fragment.to_string(), format!("{}{fragment}", share::PREFIX)] {
        if let Ok(state) = share::decode(&candidate) {
            assert!(state.text.len() <= share::MAX_INFLATED);
            let again = share::decode(&share::encode(&state)).expect("our own links decode");
            assert_eq!(again, state);
        }
    }
    let state = share::SharedState {
        rollout: None,
        text: fragment.to_string(),
        namespace: (!fragment.is_empty()).then(|| fragment.to_string()),
    };
    assert_eq!(share::decode(&share::encode(&state)).as_ref(), Ok(&state));
    // And any rollout with it.
    let state = share::SharedState {
        rollout: Some(share::SharedRollout {
            deployment: fragment.to_string(),
            step: data.len(),
            from: data.len().is_multiple_of(2).then(|| fragment.to_string()),
        }),
        ..state
    };
    assert_eq!(share::decode(&share::encode(&state)).as_ref(), Ok(&state));
}

/// Embed query strings parse to valid options; host messages are accepted
/// exactly when well formed (`type NUL text`).
pub fn embed_input(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = embed::parse_query(text);
    let (kind, body) = text.split_once('\0').unwrap_or((text, ""));
    match embed::read_message(Some(kind), Some(body)) {
        Ok(embed::HostMessage::SetText(t)) => {
            assert_eq!(kind, embed::SET_TEXT);
            assert!(t.len() <= embed::MAX_TEXT);
        }
        Err(_) => assert!(kind != embed::SET_TEXT || body.len() > embed::MAX_TEXT),
    }
}
