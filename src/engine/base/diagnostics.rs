//! Diagnostics as data: every problem found in the input, with a stable code and a span.

use super::object_ref::ObjectRef;
use super::source::{Shift, Span};
use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong: Kubernetes would reject it, or it cannot be read.
    Error,
    /// Accepted by Kubernetes, but probably not what was meant.
    Warning,
    /// A note about how svcmap read the input.
    Info,
}

impl Severity {
    /// Lowercase name, also used as a CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($(#[doc = $title:literal] $name:ident = $code:literal,)*) => {
        /// A stable identifier for each kind of diagnostic.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        pub enum DiagnosticCode {
            $(#[doc = $title] $name,)*
        }

        impl DiagnosticCode {
            /// The stable code, like `YAML001`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$name => $code,)*
                }
            }

            /// Every code, in catalogue order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$name,)*];

            /// A one-line title (the catalogue's heading).
            pub fn title(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$name => $title.trim().trim_end_matches('.'),)*
                }
            }
        }
    };
}

codes! {
    /// The text is not valid YAML or JSON.
    YamlSyntax = "YAML001",
    /// A YAML alias expands to too much data.
    YamlLimit = "YAML002",
    /// A document is not a mapping with `apiVersion` and `kind`.
    NotAnObject = "OBJ001",
    /// A required field such as `metadata.name` is missing.
    MissingField = "OBJ002",
    /// A field has the wrong type, like `port: "eighty"`.
    WrongType = "OBJ003",
    /// A field that this kind does not have.
    UnknownField = "OBJ004",
    /// Two objects with the same kind, namespace and name.
    DuplicateObject = "OBJ005",
    /// A kind svcmap does not model; it is listed and otherwise ignored.
    IgnoredKind = "OBJ006",
    /// A field value Kubernetes would reject (out of range, unknown enum value).
    InvalidValue = "OBJ007",
    /// An `apiVersion` Kubernetes no longer serves for this kind.
    RemovedApiVersion = "OBJ008",
    /// An object naming another namespace than the one it is applied in (`-n`).
    NamespaceMismatch = "NS001",
    /// An invalid label key.
    InvalidLabelKey = "LBL001",
    /// An invalid label value.
    InvalidLabelValue = "LBL002",
    /// A label selector that cannot be parsed or converted.
    SelectorSyntax = "SEL001",
    /// A Service `selector` written as a LabelSelector (`matchLabels:`).
    SelectorMatchLabels = "SVC001",
    /// A Service whose selector matches no pod.
    NoMatchingPods = "SVC002",
    /// `selector: {}` is dropped by the API server: the Service has no selector.
    EmptySelector = "SVC003",
    /// A named `targetPort` not found in a selected pod.
    PortNotFound = "SVC004",
    /// A selector-less Service without Endpoints or EndpointSlices in the input.
    NoEndpointsObject = "SVC005",
    /// A Service whose pods come from several workloads or revisions.
    SharedSelector = "SVC006",
    /// A Service annotation the endpoints controllers no longer read.
    IgnoredAnnotation = "SVC007",
    /// A Service that drops traffic arriving on some nodes (a Local traffic policy, no local endpoint).
    TrafficDropped = "SVC008",
    /// Endpoints addresses the EndpointSlice mirroring controller does not mirror.
    NotMirrored = "EPS001",
    /// A workload whose selector does not match its own pod template.
    TemplateMismatch = "WRK001",
    /// How svcmap simulated a workload's pods (a CronJob's run, a suspended Job).
    Simulated = "SIM001",
    /// The input has no Node: routing is worked out on svcmap's simulated nodes.
    SimulatedNodes = "SIM002",
    /// A route or Ingress backend names a Service that is not in the input.
    RouteBackendNotFound = "RTE001",
    /// A route or Ingress backend names a port its Service does not have.
    RoutePortNotFound = "RTE002",
    /// A route no Gateway accepts (no such Gateway, listener, namespace or hostname).
    RouteNotAccepted = "RTE003",
    /// A cross-namespace backend without a ReferenceGrant that allows it.
    RouteRefNotPermitted = "RTE004",
    /// A route or Ingress backend that is not a Service.
    RouteInvalidKind = "RTE005",
    /// An Ingress naming an IngressClass that is not in the input.
    IngressClassNotFound = "RTE006",
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable code.
    pub code: DiagnosticCode,
    /// Short lowercase message.
    pub message: String,
    /// Where in the text, when known.
    pub span: Option<Span>,
    /// The object it belongs to, when known.
    pub object: Option<ObjectRef>,
    /// A hint how to fix it.
    pub help: Option<String>,
    /// Another place it points at, e.g. the first definition of a duplicate.
    pub related: Option<Related>,
}

/// A second location of a diagnostic, with what is there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What is there, e.g. `first defined here`.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic with no object and no help.
    pub fn new(
        severity: Severity,
        code: DiagnosticCode,
        message: impl Into<String>,
        span: Option<Span>,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
            object: None,
            help: None,
            related: None,
        }
    }

    /// Adds a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a second location.
    pub fn with_related(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.related = Some(Related {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the object it belongs to.
    pub fn with_object(mut self, object: Option<ObjectRef>) -> Diagnostic {
        self.object = object;
        self
    }

    /// Renders `line:col: severity[CODE]: message`, then the source line with
    /// carets under the span and the help, for terminals and tests.
    pub fn render(&self, source: &str) -> String {
        let mut out = String::new();
        match self.span {
            Some(span) => out.push_str(&format!(
                "{}:{}: {}[{}]: {}",
                span.start.line,
                span.start.column,
                self.severity.as_str(),
                self.code,
                self.message
            )),
            None => out.push_str(&format!(
                "{}[{}]: {}",
                self.severity.as_str(),
                self.code,
                self.message
            )),
        }
        if let Some(span) = self.span {
            if let Some(line) = source.lines().nth(span.start.line - 1) {
                let width = span.start.line.to_string().len();
                let len = if span.is_one_line() {
                    (span.end.column.saturating_sub(span.start.column)).max(1)
                } else {
                    line.chars()
                        .count()
                        .saturating_sub(span.start.column - 1)
                        .max(1)
                };
                out.push_str(&format!(
                    "\n{:>width$} | {}\n{:>width$} | {}{}",
                    span.start.line,
                    line,
                    "",
                    " ".repeat(span.start.column - 1),
                    "^".repeat(len),
                ));
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("\n  help: {help}"));
        }
        out
    }
}

impl Shift for Diagnostic {
    fn shift(&mut self, lines: usize, bytes: usize) {
        self.span.shift(lines, bytes);
        if let Some(r) = &mut self.related {
            r.span.shift(lines, bytes);
        }
    }
}
