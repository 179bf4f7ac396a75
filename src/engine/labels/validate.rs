//! Label key and value validation (apimachinery `validate/content`, rules C1–C2).

/// Longest label name part and label value.
pub const MAX_NAME_LEN: usize = 63;
/// Longest label key prefix (a DNS subdomain).
pub const MAX_PREFIX_LEN: usize = 253;

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Whether `s` is 1..=63 characters of `[-A-Za-z0-9_.]` with an alphanumeric at both ends.
fn check_name(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    if b.is_empty() {
        return Err("name part must be non-empty".into());
    }
    if b.len() > MAX_NAME_LEN {
        return Err(format!(
            "name part must be no more than {MAX_NAME_LEN} characters (it has {})",
            b.len()
        ));
    }
    if !b.iter().all(|&c| is_name_char(c))
        || !b[0].is_ascii_alphanumeric()
        || !b[b.len() - 1].is_ascii_alphanumeric()
    {
        return Err("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character".into());
    }
    Ok(())
}

/// Whether `s` is a lowercase RFC 1123 DNS subdomain of at most 253 characters.
pub fn check_dns_subdomain(s: &str) -> Result<(), String> {
    if s.is_empty() {
        return Err("prefix part must be non-empty".into());
    }
    if s.len() > MAX_PREFIX_LEN {
        return Err(format!(
            "prefix part must be no more than {MAX_PREFIX_LEN} characters (it has {})",
            s.len()
        ));
    }
    let ok = s.split('.').all(|label| {
        let b = label.as_bytes();
        !b.is_empty()
            && b.iter()
                .all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    });
    if !ok {
        return Err("prefix part must be a lowercase RFC 1123 subdomain: lowercase alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character".into());
    }
    Ok(())
}

/// Validates a label key: an optional DNS-subdomain prefix and `/`, then a name (rule C1).
///
/// ```
/// use svcmap::engine::labels::validate::validate_key;
/// assert!(validate_key("app.kubernetes.io/name").is_ok());
/// assert!(validate_key("Example.com/abc").is_err());
/// ```
pub fn validate_key(key: &str) -> Result<(), String> {
    let mut parts = key.splitn(3, '/');
    let first = parts.next().unwrap_or("");
    match (parts.next(), parts.next()) {
        (None, _) => check_name(first),
        (Some(name), None) => {
            check_dns_subdomain(first)?;
            check_name(name)
        }
        (Some(_), Some(_)) => Err(
            "a qualified name must consist of an optional prefix and a name separated by one '/'"
                .into(),
        ),
    }
}

/// Validates a label value: empty, or a valid name part (rule C2).
///
/// ```
/// use svcmap::engine::labels::validate::validate_value;
/// assert!(validate_value("").is_ok());
/// assert!(validate_value("-1").is_err());
/// ```
pub fn validate_value(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Ok(());
    }
    check_name(value).map_err(|e| e.replacen("name part", "a label value", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Rows from apimachinery's qualified-name and label-value validation tests.
    #[test]
    fn label_keys() {
        let good = [
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "1234",
            "simple/simple",
            "now-with-dashes/simple",
            "now-with-dashes/now-with-dashes",
            "now.with.dots/simple",
            "now-with.dashes-and.dots/simple",
            "1-num.2-num/3-num",
            "1234/5678",
            "1.2.3.4/5678",
            "Uppercase_Is_OK_123",
            "example.com/Uppercase_Is_OK_123",
            "requests.storage-foo",
            &"a".repeat(63),
            &format!("{}/b", "a".repeat(253)),
        ];
        for k in good {
            assert!(validate_key(k).is_ok(), "{k:?}: {:?}", validate_key(k));
        }
        let bad = [
            "",
            "nospecialchars%^=@",
            "cantendwithadash-",
            "-cantstartwithadash-",
            "only/one/slash",
            "Example.com/abc",
            "example_com/abc",
            "example.com/",
            "/simple",
            &"a".repeat(64),
            &format!("{}/b", "a".repeat(254)),
            "a b",
            "ünïcode",
        ];
        for k in bad {
            assert!(validate_key(k).is_err(), "{k:?} should be invalid");
        }
    }

    #[test]
    fn label_values() {
        let good = [
            "",
            "simple",
            "now-with-dashes",
            "1-starts-with-num",
            "end-with-num-1",
            "1234",
            "a",
            "A_B.c-1",
            &"a".repeat(63),
        ];
        for v in good {
            assert!(validate_value(v).is_ok(), "{v:?}");
        }
        let bad = [
            "nospecialchars%^=@",
            "Tama-nui-te-rā.is.Māori.sun",
            "\\backslashes\\are\\bad",
            "-starts-with-dash",
            "ends-with-dash-",
            ".starts.with.dot",
            "ends.with.dot.",
            &"a".repeat(64),
            "-1",
        ];
        for v in bad {
            assert!(validate_value(v).is_err(), "{v:?} should be invalid");
        }
    }
}
