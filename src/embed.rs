//! Embed mode (`?embed=1` in an iframe): its query-string options, and its
//! host-page protocol.
//!
//! The playground posts to its parent window:
//! - `{type: "svcmap:ready"}` once it is drawn;
//! - `{type: "svcmap:resize", height}` whenever its content height changes.
//!
//! It accepts from its parent window only:
//! - `{type: "svcmap:set-text", text}`: replace the YAML (at most
//!   [`MAX_TEXT`] bytes).
//!
//! Anything else — another shape, another sender, a text too large — is
//! ignored. The text is only ever analysed and shown as text.

/// Sent once the embed is drawn.
pub const READY: &str = "svcmap:ready";
/// Sent when the content height changes, with `height` in CSS pixels.
pub const RESIZE: &str = "svcmap:resize";
/// Accepted: replace the text.
pub const SET_TEXT: &str = "svcmap:set-text";
/// Largest text the editor takes at once, in bytes (UTF-8) — from a host
/// page, a share link or a paste: the browser alone takes about a second per
/// megabyte to lay a textarea's text out, so more would freeze the page.
pub const MAX_TEXT: usize = 2 * 1024 * 1024;

/// A message the embed acts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// Replace the YAML text.
    SetText(String),
}

/// Why a message was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Not a svcmap message (no `type`, or another one).
    NotOurs,
    /// A svcmap message without the fields it needs.
    BadShape(&'static str),
    /// The text is larger than [`MAX_TEXT`].
    TooLarge(usize),
}

/// Validates a message from its `type` and `text` fields (`None` when absent
/// or not a string).
pub fn read_message(kind: Option<&str>, text: Option<&str>) -> Result<HostMessage, Rejected> {
    if kind != Some(SET_TEXT) {
        return Err(Rejected::NotOurs);
    }
    let text = text.ok_or(Rejected::BadShape("`text` must be a string"))?;
    if text.len() > MAX_TEXT {
        return Err(Rejected::TooLarge(text.len()));
    }
    Ok(HostMessage::SetText(text.to_string()))
}

/// What embed mode shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// Editor and graph side by side (the default).
    Split,
    /// The graph (and its panels) only.
    Graph,
    /// The editor only.
    Yaml,
}

impl View {
    /// The name used in the query string and in CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Split => "split",
            View::Graph => "graph",
            View::Yaml => "yaml",
        }
    }
}

/// Embed-mode options (`?embed=1&view=…&readonly=1&controls=0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Embed {
    /// What is shown.
    pub view: View,
    /// The text cannot be edited (fixes and what-ifs hidden too).
    pub readonly: bool,
    /// Toolbars and tabs shown.
    pub controls: bool,
}

/// The options of the query string. Unknown parameters are ignored, invalid
/// values fall back to the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Set by `embed=1`.
    pub embed: Option<Embed>,
    /// `theme=light|dark|auto`.
    pub theme: Option<&'static str>,
    /// `example=<id>`.
    pub example: Option<String>,
}

/// Reads `?a=b&c=d` (with or without the `?`).
pub fn parse_query(search: &str) -> Query {
    let mut pairs = Vec::new();
    for part in search.trim_start_matches('?').split('&') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        pairs.push((percent_decode(k), percent_decode(v)));
    }
    let get = |key: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let yes = |key: &str, default: bool| match get(key) {
        Some("1" | "true" | "yes") => true,
        Some("0" | "false" | "no") => false,
        _ => default,
    };
    let embed = yes("embed", false).then(|| Embed {
        view: match get("view") {
            Some("graph") => View::Graph,
            Some("yaml") => View::Yaml,
            _ => View::Split,
        },
        readonly: yes("readonly", false),
        controls: yes("controls", true),
    });
    Query {
        embed,
        theme: match get("theme") {
            Some("light") => Some("light"),
            Some("dark") => Some("dark"),
            Some("auto") => Some("auto"),
            _ => None,
        },
        example: get("example")
            .filter(|id| !id.is_empty())
            .map(str::to_string),
    }
}

/// `%XX` and `+` decoding; invalid escapes stay as written.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(v) => {
                        out.push(v);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    // Not UTF-8 after decoding: no usable value.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_set_text_messages_are_accepted() {
        assert_eq!(
            read_message(Some("svcmap:set-text"), Some("a: 1")),
            Ok(HostMessage::SetText("a: 1".into()))
        );
        assert_eq!(read_message(None, Some("x")), Err(Rejected::NotOurs));
        assert_eq!(
            read_message(Some("svcmap:ready"), Some("x")),
            Err(Rejected::NotOurs)
        );
        assert_eq!(
            read_message(Some("SVCMAP:SET-TEXT"), Some("x")),
            Err(Rejected::NotOurs)
        );
        assert!(matches!(
            read_message(Some(SET_TEXT), None),
            Err(Rejected::BadShape(_))
        ));
        let big = "x".repeat(MAX_TEXT + 1);
        assert_eq!(
            read_message(Some(SET_TEXT), Some(&big)),
            Err(Rejected::TooLarge(MAX_TEXT + 1))
        );
        // Markup is just text here.
        assert_eq!(
            read_message(Some(SET_TEXT), Some("<script>alert(1)</script>")),
            Ok(HostMessage::SetText("<script>alert(1)</script>".into()))
        );
    }
}
