//! What text the playground opens with: a share link, an example, the
//! autosaved text, or the default example — in that order. Pure logic.

use super::examples;
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
        },
        None => Start {
            text: examples::default_text().to_string(),
            origin: "default",
            notice,
        },
    };
    if let Some(id) = fragment.strip_prefix("example/") {
        return match examples::find(id) {
            Some(e) => Start {
                text: e.yaml.to_string(),
                origin: "example",
                notice: None,
            },
            None => fallback(Some(format!(
                "There is no example \u{201c}{}\u{201d}; showing your last text instead.",
                truncate(id)
            ))),
        };
    }
    if fragment.starts_with(share::PREFIX) {
        return match share::decode(fragment) {
            Ok(state) => Start {
                text: state.text,
                origin: "link",
                notice: None,
            },
            Err(e) => fallback(Some(format!("This share link could not be opened: {e}."))),
        };
    }
    fallback(None)
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_link_then_autosave_then_default() {
        let link = share::encode(&share::SharedState {
            text: "from: link\n".into(),
        });
        let s = choose(&format!("#{link}"), Some("saved: 1\n".into()));
        assert_eq!(
            (s.text.as_str(), s.origin, s.notice),
            ("from: link\n", "link", None)
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
