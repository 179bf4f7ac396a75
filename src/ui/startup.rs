//! What the playground opens with: the query string's options (embed mode,
//! view, theme, example), then a share link or an example in the fragment,
//! then the autosaved text (never in embed mode), then the default example.
//! Pure logic.

use super::examples;
pub use crate::embed::{parse_query, Embed, Query, View};
use crate::share;

/// The text to open, and a message for the user when the link was unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    /// The text.
    pub text: String,
    /// Where it came from: `link`, `example`, `autosave` or `default`.
    pub origin: &'static str,
    /// A notice to show (a damaged link, an unknown example).
    pub notice: Option<String>,
    /// The rollout a link was showing.
    pub rollout: Option<share::SharedRollout>,
    /// The namespace a link applies its text in (`None` otherwise).
    pub namespace: Option<String>,
}

/// Chooses the starting text: a `#v1:` link or `#example/<id>` fragment wins
/// over the autosaved text, which wins over the default example. A fragment
/// that does not decode falls back to the autosave or the default, with a notice;
/// it never overwrites the autosave.
pub fn choose(fragment: &str, autosaved: Option<String>) -> Start {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let fallback = |notice: Option<String>| match autosaved.clone() {
        Some(text) => Start {
            text,
            origin: "autosave",
            notice,
            rollout: None,
            namespace: None,
        },
        None => Start {
            text: examples::default_text().to_string(),
            origin: "default",
            notice,
            rollout: None,
            namespace: None,
        },
    };
    if let Some(id) = fragment.strip_prefix("example/") {
        return match examples::find(id) {
            Some(e) => Start {
                text: e.yaml.to_string(),
                origin: "example",
                notice: None,
                rollout: None,
                namespace: None,
            },
            None => fallback(Some(format!(
                "There is no example \u{201c}{}\u{201d}; showing your last text instead.",
                truncate(id)
            ))),
        };
    }
    if fragment.starts_with(share::PREFIX) {
        return match share::decode(fragment) {
            Ok(state) if state.text.len() > crate::embed::MAX_TEXT => fallback(Some(format!(
                "This share link holds {}.{} MB of text; the editor takes at most {} MB at once (the browser would freeze laying it out). Run `svcmap resolve` on the file instead.",
                state.text.len() / 1_048_576,
                state.text.len() % 1_048_576 * 10 / 1_048_576,
                crate::embed::MAX_TEXT / 1_048_576
            ))),
            Ok(state) => Start {
                text: state.text,
                origin: "link",
                notice: None,
                rollout: state.rollout,
                namespace: state.namespace,
            },
            Err(e) => fallback(Some(format!("This share link could not be opened: {e}."))),
        };
    }
    fallback(None)
}

/// The starting text with the query string first: `example=<id>` wins over
/// the fragment; in embed mode the autosave is neither read nor (by the app)
/// written, so an embed never shows or overwrites the user's own work.
pub fn choose_with_query(query: &Query, fragment: &str, autosaved: Option<String>) -> Start {
    let autosaved = if query.embed.is_some() {
        None
    } else {
        autosaved
    };
    if let Some(id) = &query.example {
        if let Some(e) = examples::find(id) {
            return Start {
                text: e.yaml.to_string(),
                origin: "example",
                notice: None,
                rollout: None,
                namespace: None,
            };
        }
        let mut s = choose(fragment, autosaved);
        s.notice = s.notice.or(Some(format!(
            "There is no example \u{201c}{}\u{201d}.",
            truncate(id)
        )));
        return s;
    }
    choose(fragment, autosaved)
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_with_more_text_than_the_editor_takes_falls_back_with_a_notice() {
        let link = share::encode(&share::SharedState {
            text: "x".repeat(crate::embed::MAX_TEXT + 1),
            ..share::SharedState::default()
        });
        let s = choose(&format!("#{link}"), Some("saved: 1\n".into()));
        assert_eq!((s.text.as_str(), s.origin), ("saved: 1\n", "autosave"));
        assert!(s.notice.unwrap().contains("the editor takes at most 2 MB"));
    }

    #[test]
    fn precedence_link_then_autosave_then_default() {
        let link = share::encode(&share::SharedState {
            text: "from: link\n".into(),
            namespace: Some("shop".into()),
            ..share::SharedState::default()
        });
        let s = choose(&format!("#{link}"), Some("saved: 1\n".into()));
        assert_eq!(
            (s.text.as_str(), s.origin, s.notice, s.namespace.as_deref()),
            ("from: link\n", "link", None, Some("shop"))
        );
        let s = choose("", Some("saved: 1\n".into()));
        assert_eq!((s.text.as_str(), s.origin), ("saved: 1\n", "autosave"));
        let s = choose("", None);
        assert_eq!(
            (s.text.as_str(), s.origin),
            (examples::default_text(), "default")
        );
        let s = choose("#example/readiness", Some("saved".into()));
        assert_eq!(s.origin, "example");
        assert!(s.text.contains("publishNotReadyAddresses"));
    }

    #[test]
    fn query_options_with_fallbacks_for_invalid_values() {
        let q = parse_query(
            "?embed=1&view=graph&readonly=1&theme=dark&example=readiness&controls=0&x=y",
        );
        assert_eq!(
            q.embed,
            Some(Embed {
                view: View::Graph,
                readonly: true,
                controls: false
            })
        );
        assert_eq!(
            (q.theme, q.example.as_deref()),
            (Some("dark"), Some("readiness"))
        );
        let q = parse_query("embed=true&view=sideways&readonly=maybe&theme=purple");
        assert_eq!(
            q.embed,
            Some(Embed {
                view: View::Split,
                readonly: false,
                controls: true
            })
        );
        assert_eq!(q.theme, None);
        assert_eq!(parse_query("").embed, None);
        assert_eq!(parse_query("view=graph").embed, None);
        assert_eq!(
            parse_query("example=a%2Fb+c%zz%").example.as_deref(),
            Some("a/b c%zz%")
        );
    }

    #[test]
    fn query_example_wins_and_embeds_ignore_the_autosave() {
        let embed = parse_query("embed=1");
        let s = choose_with_query(&embed, "", Some("saved".into()));
        assert_eq!(s.origin, "default");
        let s = choose_with_query(
            &parse_query("example=dual-stack"),
            "#example/readiness",
            Some("saved".into()),
        );
        assert!(s.text.contains("IPv6"));
        let s = choose_with_query(&parse_query("example=nope"), "#example/readiness", None);
        assert_eq!(s.origin, "example");
        assert!(s.notice.unwrap().contains("nope"));
        let s = choose_with_query(&parse_query(""), "", Some("saved".into()));
        assert_eq!(s.origin, "autosave");
    }

    #[test]
    fn bad_fragments_fall_back_with_a_notice() {
        let s = choose("#v1:%%%", Some("saved".into()));
        assert_eq!((s.text.as_str(), s.origin), ("saved", "autosave"));
        assert!(s.notice.unwrap().contains("could not be opened"));
        let s = choose("#v1:AAAA", None);
        assert_eq!(s.origin, "default");
        assert!(s.notice.is_some());
        let s = choose("#example/<script>", None);
        assert!(
            s.notice.unwrap().contains("<script>"),
            "the id is quoted as text"
        );
        let s = choose("#something-else", None);
        assert_eq!((s.origin, s.notice), ("default", None));
    }
}
