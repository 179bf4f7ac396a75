//! Share links: the playground's state in a URL fragment.
//!
//! Format: `#v1:` followed by base64url without padding (RFC 4648 §5) of the
//! raw DEFLATE stream (RFC 1951) of the UTF-8 JSON object `{"text": "<YAML>", …}`.
//! Other fields may join the object; unknown fields are ignored when reading.
//! Decoding never trusts its input: sizes are capped before and after inflating.

mod deflate;
mod json;

/// The fragment prefix of version 1 links.
pub const PREFIX: &str = "v1:";
/// Longest fragment accepted (characters after `#`).
pub const MAX_FRAGMENT: usize = 2 * 1024 * 1024;
/// Largest inflated JSON accepted, in bytes.
pub const MAX_INFLATED: usize = 16 * 1024 * 1024;

/// What a share link carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedState {
    /// The YAML text.
    pub text: String,
    /// A rollout being shown (fields `rollout`, `step`, `rolloutFrom`).
    pub rollout: Option<SharedRollout>,
    /// The namespace the text is applied in, as `kubectl apply -n` (field
    /// `namespace`); `None` for objects without one going to `default`.
    pub namespace: Option<String>,
}

/// A simulated rollout in a link: which workload, which step, and — when it
/// rolls out an edit rather than restarting — the workload before it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedRollout {
    /// The workload: `namespace/name` for a Deployment,
    /// `statefulset/namespace/name` or `daemonset/namespace/name` otherwise.
    pub deployment: String,
    /// The step shown.
    pub step: usize,
    /// The workload's YAML before the edit; `None` for a restart.
    pub from: Option<String>,
}

/// Why a fragment could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// It does not start with `v1:`.
    #[error("the link is not a svcmap share link (it should start with #v1:)")]
    UnknownVersion,
    /// Too long to be a real link.
    #[error("the link is longer than {MAX_FRAGMENT} characters")]
    TooLong,
    /// A character outside base64url.
    #[error("the link is damaged: character {0} is not base64url")]
    BadBase64(usize),
    /// Not a DEFLATE stream, or one that inflates past the cap.
    #[error("the link is damaged: its data does not decompress{0}")]
    BadDeflate(String),
    /// Not the expected JSON.
    #[error("the link is damaged: {0}")]
    BadJson(String),
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url, with or without padding; the error gives the offending position.
pub fn base64url_decode(s: &str) -> Result<Vec<u8>, ShareError> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for (i, c) in s.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(ShareError::BadBase64(i + 1)),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits >= 6 {
        // A single leftover character cannot encode a byte.
        return Err(ShareError::BadBase64(s.len()));
    }
    Ok(out)
}

/// The fragment (without `#`) for a state.
pub fn encode(state: &SharedState) -> String {
    let step;
    let mut fields = vec![("text", state.text.as_str())];
    if let Some(ns) = &state.namespace {
        fields.push(("namespace", ns.as_str()));
    }
    if let Some(r) = &state.rollout {
        step = r.step.to_string();
        fields.push(("rollout", r.deployment.as_str()));
        fields.push(("step", step.as_str()));
        if let Some(from) = &r.from {
            fields.push(("rolloutFrom", from.as_str()));
        }
    }
    let json = json::write_fields(&fields);
    let deflated = deflate::compress(json.as_bytes());
    format!("{PREFIX}{}", base64url_encode(&deflated))
}

/// Reads a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let data = fragment
        .strip_prefix(PREFIX)
        .ok_or(ShareError::UnknownVersion)?;
    if data.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong);
    }
    let deflated = base64url_decode(data)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_INFLATED)
        .map_err(|e| {
            ShareError::BadDeflate(match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!(" within the {} MB limit", MAX_INFLATED / (1024 * 1024))
                }
                _ => String::new(),
            })
        })?;
    let mut f = json::read_fields(
        &json,
        &["text", "rollout", "step", "rolloutFrom", "namespace"],
    )
    .map_err(ShareError::BadJson)?
    .into_iter();
    let text = f
        .next()
        .flatten()
        .ok_or_else(|| ShareError::BadJson("the field \"text\" is missing".into()))?;
    let (deployment, step, from) = (f.next().flatten(), f.next().flatten(), f.next().flatten());
    // An empty namespace is the same as none.
    let namespace = f.next().flatten().filter(|ns| !ns.is_empty());
    // A rollout needs its Deployment and a step; anything less is ignored.
    let rollout = match (deployment, step.and_then(|s| s.parse().ok())) {
        (Some(deployment), Some(step)) => Some(SharedRollout {
            deployment,
            step,
            from,
        }),
        _ => None,
    };
    Ok(SharedState {
        text,
        rollout,
        namespace,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rollout_travels_with_the_text_and_a_partial_one_is_ignored() {
        let s = SharedState {
            text: "kind: Deployment\n".into(),
            rollout: Some(SharedRollout {
                deployment: "default/web".into(),
                step: 3,
                from: Some("kind: Deployment\nmetadata: {name: web}\n".into()),
            }),
            namespace: None,
        };
        assert_eq!(decode(&encode(&s)).unwrap(), s);
        let restart = SharedState {
            rollout: Some(SharedRollout {
                from: None,
                ..s.rollout.clone().unwrap()
            }),
            ..s.clone()
        };
        assert_eq!(decode(&encode(&restart)).unwrap(), restart);
        // A step that is not a number: the text opens, without the rollout.
        let json = json::write_fields(&[
            ("text", "a: 1\n"),
            ("rollout", "default/web"),
            ("step", "x"),
        ]);
        let link = format!(
            "{PREFIX}{}",
            base64url_encode(&deflate::compress(json.as_bytes()))
        );
        assert_eq!(
            decode(&link).unwrap(),
            SharedState {
                text: "a: 1\n".into(),
                ..SharedState::default()
            }
        );
    }

    #[test]
    fn the_namespace_travels_with_the_text_and_an_empty_one_is_none() {
        let s = SharedState {
            text: "kind: Service\n".into(),
            namespace: Some("shop".into()),
            ..SharedState::default()
        };
        assert_eq!(decode(&encode(&s)).unwrap(), s);
        let json = json::write_fields(&[("text", "a: 1\n"), ("namespace", "")]);
        let link = format!(
            "{PREFIX}{}",
            base64url_encode(&deflate::compress(json.as_bytes()))
        );
        assert_eq!(decode(&link).unwrap().namespace, None);
    }

    #[test]
    fn base64url_round_trips_and_matches_rfc4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, enc) in vectors {
            assert_eq!(base64url_encode(plain.as_bytes()), enc);
            assert_eq!(base64url_decode(enc).unwrap(), plain.as_bytes());
        }
        let bytes: Vec<u8> = (0..=255).collect();
        let enc = base64url_encode(&bytes);
        assert!(!enc.contains(['+', '/', '=']));
        assert_eq!(base64url_decode(&enc).unwrap(), bytes);
    }

    #[test]
    fn states_round_trip_exactly() {
        for text in [
            "",
            "a: 1\n",
            "名前: ü\r\n\t<script>\u{202e}",
            &"x".repeat(100_000),
        ] {
            let s = SharedState {
                text: text.to_string(),
                ..SharedState::default()
            };
            let frag = encode(&s);
            assert!(frag.starts_with("v1:"));
            assert_eq!(decode(&format!("#{frag}")).unwrap(), s);
        }
    }

    #[test]
    fn the_format_is_raw_deflate_of_json() {
        // Built by hand: raw DEFLATE (no zlib header) of {"text":"a: 1","extra":true}.
        let json = br#"{"text":"a: 1","extra":true}"#;
        let frag = format!(
            "v1:{}",
            base64url_encode(&miniz_oxide::deflate::compress_to_vec(json, 6))
        );
        assert_eq!(
            decode(&frag).unwrap().text,
            "a: 1",
            "unknown fields are ignored"
        );
    }

    #[test]
    fn bad_fragments_are_errors_not_panics() {
        assert_eq!(decode("#example/x"), Err(ShareError::UnknownVersion));
        assert_eq!(decode("v1:ab$c"), Err(ShareError::BadBase64(3)));
        assert!(matches!(decode("v1:AAAA"), Err(ShareError::BadDeflate(_))));
        let not_json = base64url_encode(&miniz_oxide::deflate::compress_to_vec(b"[1,2]", 6));
        assert!(matches!(
            decode(&format!("v1:{not_json}")),
            Err(ShareError::BadJson(_))
        ));
        assert!(matches!(decode("v1:A"), Err(ShareError::BadBase64(_))));
    }

    #[test]
    fn inflation_bombs_are_capped() {
        let bomb = vec![b' '; MAX_INFLATED + 10];
        let frag = format!(
            "v1:{}",
            base64url_encode(&miniz_oxide::deflate::compress_to_vec(&bomb, 9))
        );
        assert!(frag.len() < 100_000);
        assert!(matches!(decode(&frag), Err(ShareError::BadDeflate(m)) if m.contains("limit")));
    }
}
