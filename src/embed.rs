//! The host-page protocol of embed mode (`?embed=1` in an iframe).
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
/// Largest text a host may set, in bytes (UTF-8).
pub const MAX_TEXT: usize = 4 * 1024 * 1024;

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
