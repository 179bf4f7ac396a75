//! Label key and value validation (apimachinery `validate/content`: `IsLabelKey`, `IsLabelValue`).

/// Longest label name part and label value.
pub const MAX_NAME_LEN: usize = 63;
/// Longest label key prefix (a DNS subdomain).
pub const MAX_PREFIX_LEN: usize = 253;

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')
}

/// Every problem of a label name part or value, with apimachinery's messages
/// (`what` is `"name part: "` for key names, empty for values).
fn name_errors(s: &str, what: &str) -> Vec<String> {
    let b = s.as_bytes();
    let mut errs = Vec::new();
    if b.is_empty() {
        errs.push(format!("{what}must contain at least 1 character"));
        return errs;
    }
    if b.len() > MAX_NAME_LEN {
        errs.push(format!(
            "{what}must be no more than {MAX_NAME_LEN} characters"
        ));
    }
    if !b[0].is_ascii_alphanumeric() || !b[b.len() - 1].is_ascii_alphanumeric() {
        errs.push(format!(
            "{what}must start and end with alphanumeric characters"
        ));
    }
    if b.len() > 2 && !b[1..b.len() - 1].iter().all(|&c| is_name_char(c)) {
        errs.push(format!(
            "{what}must contain only alphanumeric characters, '-', '_', or '.'"
        ));
    }
    errs
}

/// Every problem of a DNS-subdomain key prefix (lowercase RFC 1123, at most 253 characters).
fn prefix_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.is_empty() {
        errs.push("prefix part: must contain at least 1 character".to_string());
        return errs;
    }
    if s.len() > MAX_PREFIX_LEN {
        errs.push(format!(
            "prefix part: must be no more than {MAX_PREFIX_LEN} characters"
        ));
    }
    let lower_alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let (mut ends, mut interior) = (false, false);
    for part in s.split('.') {
        let b = part.as_bytes();
        ends |= b.is_empty() || !lower_alnum(b[0]) || !lower_alnum(b[b.len() - 1]);
        interior |= b.len() > 2
            && !b[1..b.len() - 1]
                .iter()
                .all(|&c| lower_alnum(c) || c == b'-');
    }
    if ends {
        errs.push(
            "prefix part: each part must start and end with lower-case alphanumeric characters"
                .into(),
        );
    }
    if interior {
        errs.push(
            "prefix part: each part must contain only lower-case alphanumeric characters or '-'"
                .into(),
        );
    }
    errs
}

/// Whether `s` is a lowercase RFC 1123 DNS subdomain of at most 253 characters.
pub fn check_dns_subdomain(s: &str) -> Result<(), String> {
    join(prefix_errors(s))
}

fn join(errs: Vec<String>) -> Result<(), String> {
    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("; "))
    }
}

/// Validates a label key: an optional DNS-subdomain prefix and `/`, then a
/// name (`IsLabelKey`). The error lists every problem, in apimachinery's words.
///
/// ```
/// use svcmap::engine::labels::validate::validate_key;
/// assert!(validate_key("app.kubernetes.io/name").is_ok());
/// assert!(validate_key("Example.com/abc").is_err());
/// ```
pub fn validate_key(key: &str) -> Result<(), String> {
    let parts: Vec<&str> = key.split('/').collect();
    let errs = match parts.as_slice() {
        [name] => name_errors(name, "name part: "),
        [prefix, name] => {
            let mut e = prefix_errors(prefix);
            e.extend(name_errors(name, "name part: "));
            e
        }
        _ => vec!["a qualified name must consist of a name and an optional DNS subdomain prefix separated by one '/' (e.g. 'MyName' or 'example.com/MyName')".into()],
    };
    join(errs)
}

/// Validates a label value: empty, or at most 63 characters of
/// `[-A-Za-z0-9_.]` with an alphanumeric at both ends (`IsLabelValue`).
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
    join(name_errors(value, ""))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME_MIN: &str = "name part: must contain at least 1 character";
    const NAME_MAX: &str = "name part: must be no more than 63 characters";
    const NAME_ENDS: &str = "name part: must start and end with alphanumeric characters";
    const NAME_INTERIOR: &str =
        "name part: must contain only alphanumeric characters, '-', '_', or '.'";
    const TOTAL: &str = "must consist of a name and an optional DNS subdomain prefix";
    const PREFIX_MIN: &str = "prefix part: must contain at least 1 character";
    const PREFIX_MAX: &str = "prefix part: must be no more than 253 characters";
    const PREFIX_ENDS: &str =
        "prefix part: each part must start and end with lower-case alphanumeric characters";
    const PREFIX_INTERIOR: &str =
        "prefix part: each part must contain only lower-case alphanumeric characters or '-'";

    /// Checks that `result` fails with exactly the expected messages (or succeeds).
    fn verify(input: &str, want: &[&str], result: Result<(), String>) {
        match result {
            Ok(()) => assert!(want.is_empty(), "{input:?}: expected {want:?}"),
            Err(e) => {
                let got: Vec<&str> = e.split("; ").collect();
                assert_eq!(got.len(), want.len(), "{input:?}: {got:?} vs {want:?}");
                for (g, w) in got.iter().zip(want) {
                    assert!(g.contains(w), "{input:?}: {g:?} should say {w:?}");
                }
            }
        }
    }

    // TestIsQualifiedName (apimachinery validate/content/kube_test.go), every row.
    #[test]
    fn qualified_names() {
        let a63 = "a".repeat(63);
        let long_ok = format!("{}/{}", "a".repeat(253), "b".repeat(63));
        let a64 = "a".repeat(64);
        let long_prefix = format!("{}/abc", "a".repeat(254));
        let cases: &[(&str, &[&str])] = &[
            ("simple", &[]),
            ("now-with-dashes", &[]),
            ("now_with_underscores", &[]),
            ("now.with.dots", &[]),
            ("now-with-dashes_and_underscores.and.dots", &[]),
            ("1-starts-with-num", &[]),
            ("1234", &[]),
            ("simple/simple", &[]),
            ("now-with-dashes/simple", &[]),
            ("example.com/now-with-dashes", &[]),
            ("example.com/now_with_underscores", &[]),
            ("example.com/now.with.dots", &[]),
            ("example.com/now-with-dashes_and_underscores.and.dots", &[]),
            ("1-num.2-num/3-num", &[]),
            ("1234/5678", &[]),
            ("1.2.3.4/5678", &[]),
            ("Uppercase_Is_OK_123", &[]),
            ("example.com/Uppercase_Is_OK_123", &[]),
            (&a63, &[]),
            (&long_ok, &[]),
            ("", &[NAME_MIN]),
            (" ", &[NAME_ENDS]),
            ("nospecialchars%^=@", &[NAME_ENDS, NAME_INTERIOR]),
            ("cantendwithadash-", &[NAME_ENDS]),
            ("-cantstartwithadash-", &[NAME_ENDS]),
            ("only/one/slash", &[TOTAL]),
            ("Example.com/abc", &[PREFIX_ENDS]),
            ("example_com/abc", &[PREFIX_INTERIOR]),
            ("example.com/", &[NAME_MIN]),
            ("/simple", &[PREFIX_MIN]),
            (&a64, &[NAME_MAX]),
            (&long_prefix, &[PREFIX_MAX]),
        ];
        for (input, want) in cases {
            verify(input, want, validate_key(input));
        }
    }

    // TestIsLabelValue (kube_test.go), every row, plus non-ASCII.
    #[test]
    fn label_values() {
        const MAX: &str = "must be no more than 63 characters";
        const ENDS: &str = "must start and end with alphanumeric characters";
        const INTERIOR: &str = "must contain only alphanumeric characters, '-', '_', or '.'";
        let a63 = "a".repeat(63);
        let a64 = "a".repeat(64);
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("simple", &[]),
            ("now-with-dashes", &[]),
            ("now_with_underscores", &[]),
            ("now.with.dots", &[]),
            ("now-with-dashes_and_underscores.and.dots", &[]),
            ("1-starts-with-num", &[]),
            ("1234", &[]),
            (&a63, &[]),
            (" ", &[ENDS]),
            ("simple/simple", &[INTERIOR]),
            ("-starts-with-dash", &[ENDS]),
            ("ends-with-dash-", &[ENDS]),
            (".starts.with.dot", &[ENDS]),
            ("ends.with.dot.", &[ENDS]),
            ("1234/5678", &[INTERIOR]),
            ("nospecialchars%^=@", &[ENDS, INTERIOR]),
            ("cantendwithadash-", &[ENDS]),
            ("-cantstartwithadash-", &[ENDS]),
            (&a64, &[MAX]),
            ("Tama-nui-te-rā.is.Māori.sun", &[INTERIOR]),
        ];
        for (input, want) in cases {
            verify(input, want, validate_value(input));
        }
    }
}
