//! API validation of a Service as the API server does it on create (`ValidateService`).
//!
//! The rules run on the Service as the API server holds it after defaulting
//! (`SetDefaults_Service` in `pkg/apis/core/v1/defaults.go`: an empty
//! `protocol` is TCP, a `targetPort` of `0` or `""` is the port), and each
//! problem names the field it is about, so the decoder reports it where the
//! field is written.

use super::{IntOrString, Service, ServiceType};
use crate::engine::labels::validate::validate_key;

/// Longest IANA service name (`targetPort`, container port names).
pub const MAX_PORT_NAME_LEN: usize = 15;
/// Longest RFC 1123 label (Service port names).
pub const MAX_DNS_LABEL_LEN: usize = 63;
/// The protocols a Service port may use (`supportedPortProtocols`).
pub const PORT_PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

/// Every problem of an IANA service name, in apimachinery's words (empty when
/// valid): at most 15 characters of `[-a-z0-9]`, at least one letter, no
/// hyphen at either end nor two in a row.
///
/// Mirrors `IsValidPortName` in apimachinery `pkg/util/validation/validation.go`.
pub fn port_name_errors(name: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if name.len() > MAX_PORT_NAME_LEN {
        errs.push(format!(
            "must be no more than {MAX_PORT_NAME_LEN} characters"
        ));
    }
    let b = name.as_bytes();
    if b.is_empty()
        || !b
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
    {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".into());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".into());
    }
    if name.contains("--") {
        errs.push("must not contain consecutive hyphens".into());
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push("must not begin or end with a hyphen".into());
    }
    errs
}

/// The problem of a port number outside 1–65535, if any.
///
/// Mirrors `IsValidPortNum` in apimachinery `pkg/util/validation/validation.go`.
pub fn port_number_error(port: i64) -> Option<String> {
    (!(1..=65535).contains(&port)).then(|| format!("must be between 1 and 65535, not {port}"))
}

/// Every problem of a lowercase RFC 1123 label (empty when valid): at most 63
/// characters of `[-a-z0-9]`, starting and ending with a letter or digit.
///
/// Mirrors `IsDNS1123Label` in apimachinery `pkg/util/validation/validation.go`.
pub fn dns_label_errors(s: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if s.len() > MAX_DNS_LABEL_LEN {
        errs.push(format!(
            "must be no more than {MAX_DNS_LABEL_LEN} characters"
        ));
    }
    let b = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let ok = b.first().is_some_and(alnum)
        && b.last().is_some_and(alnum)
        && b.iter().all(|c| alnum(c) || *c == b'-');
    if !ok {
        errs.push("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')".into());
    }
    errs
}

/// How the API server classes a validation error (`field.ErrorType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `field.Required`: the field must be written.
    Required,
    /// `field.Invalid`, `field.NotSupported`, `field.Duplicate` or
    /// `field.Forbidden`: the value is rejected.
    Invalid,
}

/// One reason the API server rejects a Service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The port it is about (an index into [`Service::ports`]), or `None`
    /// for a field of the Service itself.
    pub port: Option<usize>,
    /// The field as written in YAML: `name`, `port`, `protocol`,
    /// `targetPort`, `nodePort`, `appProtocol` of the port (empty: the whole
    /// port entry), or `ports` of the spec.
    pub field: &'static str,
    /// Required, or an invalid value.
    pub kind: ErrorKind,
    /// What is wrong, with the field's path.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// The port's own problems: its name (an RFC 1123 label, required when the
/// Service has several ports, unique), its number, protocol, `targetPort` (a
/// number 1–65535 or an IANA service name) and `appProtocol` (a qualified
/// name). `names` collects the names seen so far (for `Duplicate`).
///
/// Mirrors `validateServicePort` in `pkg/apis/core/validation/validation.go`.
pub fn validate_service_port(
    svc: &Service,
    index: usize,
    require_name: bool,
    names: &mut Vec<(String, usize)>,
) -> Vec<FieldError> {
    let p = &svc.ports[index];
    let path = format!("spec.ports[{index}]");
    let mut out = Vec::new();
    let mut err = |field, kind, message: String, help: Option<String>| {
        out.push(FieldError {
            port: Some(index),
            field,
            kind,
            message,
            help,
        });
    };
    if require_name && p.name.is_empty() {
        err(
            "name",
            ErrorKind::Required,
            format!("`{path}.name` is required: a Service with several ports must name each one"),
            Some("name each port, e.g. `name: http` (lowercase letters, digits and '-')".into()),
        );
    } else if !p.name.is_empty() {
        for e in dns_label_errors(&p.name) {
            err(
                "name",
                ErrorKind::Invalid,
                format!("`{path}.name` \"{}\" is not a valid port name: {e}", p.name),
                None,
            );
        }
        match names.iter().find(|(n, _)| *n == p.name) {
            Some((_, first)) => err(
                "name",
                ErrorKind::Invalid,
                format!(
                    "`{path}.name` \"{}\" is a duplicate: `spec.ports[{first}]` has that name already",
                    p.name
                ),
                Some("port names must be unique within a Service".into()),
            ),
            None => names.push((p.name.clone(), index)),
        }
    }
    if let Some(e) = port_number_error(p.port) {
        err(
            "port",
            ErrorKind::Invalid,
            format!("`{path}.port` {e}"),
            None,
        );
    }
    if !PORT_PROTOCOLS.contains(&p.protocol.as_str()) {
        let hint = PORT_PROTOCOLS
            .iter()
            .find(|x| x.eq_ignore_ascii_case(&p.protocol));
        err(
            "protocol",
            ErrorKind::Invalid,
            format!(
                "`{path}.protocol` \"{}\" is not one of {}",
                p.protocol,
                PORT_PROTOCOLS.join(", ")
            ),
            hint.map(|h| format!("protocols are upper case: `{h}`")),
        );
    }
    match &p.target_port {
        // A targetPort defaulted from an invalid port is that port's error.
        IntOrString::Int(n) if *n == p.port && port_number_error(p.port).is_some() => {}
        IntOrString::Int(n) => {
            if let Some(e) = port_number_error(*n) {
                err(
                    "targetPort",
                    ErrorKind::Invalid,
                    format!("`{path}.targetPort` {e}"),
                    None,
                );
            }
        }
        IntOrString::Str(s) => {
            let errs = port_name_errors(s);
            if !errs.is_empty() {
                let (message, help) = target_port_name_problem(&path, s, &errs);
                err("targetPort", ErrorKind::Invalid, message, Some(help));
            }
        }
    }
    if let Some(ap) = &p.app_protocol {
        if let Err(e) = validate_key(ap) {
            err(
                "appProtocol",
                ErrorKind::Invalid,
                format!("`{path}.appProtocol` \"{ap}\" is not a valid qualified name: {e}"),
                None,
            );
        }
    }
    out
}

/// The message and help for a `targetPort` string that is not an IANA
/// service name; a string of digits is most likely a quoted number.
fn target_port_name_problem(path: &str, s: &str, errs: &[String]) -> (String, String) {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        let n = s.trim_start_matches('0');
        let n = if n.is_empty() { "0" } else { n };
        (
            format!(
                "`{path}.targetPort` \"{s}\" is a string, not the number {n}: a port name must contain at least one letter (a-z)"
            ),
            format!("write the number without quotes: `targetPort: {n}`"),
        )
    } else {
        (
            format!(
                "`{path}.targetPort` \"{s}\" is not a valid port name: {}",
                errs.join("; ")
            ),
            "a named targetPort is an IANA service name: at most 15 lowercase letters, digits and '-', with at least one letter and no '-' at either end or twice in a row; it names a container port".into(),
        )
    }
}

/// Why the API server rejects this Service (empty when it accepts it), for
/// the rules svcmap checks: `spec.ports` is required unless the Service is
/// headless or an ExternalName; every port passes [`validate_service_port`]
/// (names required when there are several); `nodePort` is forbidden on a
/// ClusterIP Service and unique per protocol; `port` is unique per protocol.
/// `ports_written` counts the entries of `spec.ports` (some may not have been
/// read); `service_type` is `None` when the written type is not a valid one.
/// The selector's labels are checked as labels where they are read.
///
/// Mirrors `ValidateService` in `pkg/apis/core/validation/validation.go`.
pub fn validate_service(
    svc: &Service,
    ports_written: usize,
    service_type: Option<ServiceType>,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    if ports_written == 0 && !svc.is_headless() && service_type != Some(ServiceType::ExternalName) {
        out.push(FieldError {
            port: None,
            field: "ports",
            kind: ErrorKind::Required,
            message:
                "`spec.ports` is required: only a headless or ExternalName Service may have no port"
                    .into(),
            help: Some("add a port, e.g. `ports: [{port: 80, targetPort: 8080}]`".into()),
        });
    }
    let mut names = Vec::new();
    for i in 0..svc.ports.len() {
        out.extend(validate_service_port(svc, i, ports_written > 1, &mut names));
    }
    let mut node_ports: Vec<(&str, i64, usize)> = Vec::new();
    let mut ports: Vec<(&str, i64, usize)> = Vec::new();
    for (i, p) in svc.ports.iter().enumerate() {
        let path = format!("spec.ports[{i}]");
        let mut err = |field, message: String| {
            out.push(FieldError {
                port: Some(i),
                field,
                kind: ErrorKind::Invalid,
                message,
                help: None,
            });
        };
        if let Some(np) = p.node_port.filter(|n| *n != 0) {
            if service_type == Some(ServiceType::ClusterIP) {
                err(
                    "nodePort",
                    format!("`{path}.nodePort` may not be used when `type` is ClusterIP"),
                );
            }
            match node_ports
                .iter()
                .find(|(proto, n, _)| *proto == p.protocol && *n == np)
            {
                Some((_, _, first)) => err(
                    "nodePort",
                    format!(
                        "`{path}.nodePort` {np}/{} is a duplicate of `spec.ports[{first}]`",
                        p.protocol
                    ),
                ),
                None => node_ports.push((&p.protocol, np, i)),
            }
        }
        match ports
            .iter()
            .find(|(proto, n, _)| *proto == p.protocol && *n == p.port)
        {
            Some((_, _, first)) => err(
                "",
                format!(
                    "`{path}` is a duplicate: `spec.ports[{first}]` has port {}/{} already",
                    p.port, p.protocol
                ),
            ),
            None => ports.push((&p.protocol, p.port, i)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // TestIsValidPortName (apimachinery pkg/util/validation/validation_test.go), every row.
    #[test]
    fn port_names() {
        let a16 = "a".repeat(16);
        let cases: &[(&str, bool)] = &[
            ("telnet", true),
            ("re-mail-ck", true),
            ("pop3", true),
            ("a", true),
            ("a-1", true),
            ("1-a", true),
            ("a-1-b-2-c", true),
            ("1-a-2-b-3", true),
            ("longerthan15characters", false),
            ("", false),
            (&a16, false),
            ("12345", false),
            ("1-2-3-4", false),
            ("-begin", false),
            ("end-", false),
            ("two--hyphens", false),
            ("whois++", false),
        ];
        for (name, valid) in cases {
            assert_eq!(
                port_name_errors(name).is_empty(),
                *valid,
                "{name:?}: {:?}",
                port_name_errors(name)
            );
        }
    }

    // The messages of IsValidPortName, one condition each.
    #[test]
    fn port_name_messages() {
        let cases: &[(&str, &[&str], &str)] = &[
            ("8080", &["at least one letter"], "digits only"),
            (
                "this-name-is-way-too-long",
                &["no more than 15 characters"],
                "too long",
            ),
            (
                "HTTP",
                &["only alpha-numeric", "at least one letter"],
                "upper case",
            ),
            ("a--b", &["consecutive hyphens"], "double hyphen"),
            ("-ab", &["begin or end with a hyphen"], "leading hyphen"),
        ];
        for (name, want, label) in cases {
            let got = port_name_errors(name);
            assert_eq!(got.len(), want.len(), "{label}: {got:?}");
            for (g, w) in got.iter().zip(*want) {
                assert!(g.contains(w), "{label}: {g:?} should say {w:?}");
            }
        }
    }

    // TestIsValidPortNum (apimachinery validation_test.go), every row.
    #[test]
    fn port_numbers() {
        for (n, valid) in [
            (1, true),
            (2, true),
            (1000, true),
            (16384, true),
            (32768, true),
            (65535, true),
            (0, false),
            (-1, false),
            (65536, false),
            (100000, false),
        ] {
            assert_eq!(port_number_error(n).is_none(), valid, "{n}");
        }
    }

    // TestIsDNS1123Label (apimachinery validation_test.go), every row.
    #[test]
    fn dns_labels() {
        let good = [
            "a".to_string(),
            "ab".into(),
            "abc".into(),
            "a1".into(),
            "a-1".into(),
            "a--1--2--b".into(),
            "0".into(),
            "01".into(),
            "012".into(),
            "1a".into(),
            "1-a".into(),
            "1--a--b--2".into(),
            "a".repeat(63),
        ];
        for v in &good {
            assert!(dns_label_errors(v).is_empty(), "{v:?}");
        }
        let bad = [
            "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_",
            "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ",
            " a", "a b", "1 ", " 1", "1 2",
        ];
        for v in bad.iter().map(|s| s.to_string()).chain(["a".repeat(64)]) {
            assert!(!dns_label_errors(&v).is_empty(), "{v:?}");
        }
    }
}
