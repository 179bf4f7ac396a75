//! `svcmap check`: every diagnostic of the inputs, as text, JSON or SARIF.

use crate::input::{analyze, Inputs};
use crate::output::{print_json, CheckFormat};
use clap::ValueEnum;
use serde_json::Value;
use svcmap::engine::{self, Analysis, Severity};

/// `check --min-severity`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl MinSeverity {
    /// Whether a diagnostic of `severity` is printed.
    fn shows(self, severity: Severity) -> bool {
        let rank = match severity {
            Severity::Info => MinSeverity::Info,
            Severity::Warning => MinSeverity::Warning,
            Severity::Error => MinSeverity::Error,
        };
        rank >= self
    }
}

/// `svcmap check`: the diagnostics at least `min` severe on stdout (they are
/// its output), the summary last; true when any diagnostic is an error.
pub fn run(inputs: &Inputs, output: CheckFormat, min: MinSeverity) -> bool {
    let mut a = analyze(inputs);
    let failed = a.has_errors();
    let count = |s: Severity| a.diagnostics.iter().filter(|d| d.severity == s).count();
    let counts = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    a.diagnostics.retain(|d| min.shows(d.severity));
    let hidden = counts.0 + counts.1 + counts.2 - a.diagnostics.len();
    match output {
        CheckFormat::Text => {
            for d in &a.diagnostics {
                let at = d
                    .span
                    .map(|s| format!("{}: ", inputs.locate(s.start.line, s.start.column)))
                    .unwrap_or_default();
                outln!(
                    "{at}{}[{}]: {}",
                    d.severity.as_str(),
                    d.code,
                    inputs.message(d)
                );
                if let Some(h) = &d.help {
                    outln!("  help: {h}");
                }
            }
            outln!(
                "{} errors, {} warnings, {} notes{}",
                counts.0,
                counts.1,
                counts.2,
                match hidden {
                    0 => String::new(),
                    n => format!(" ({n} below --min-severity not shown)"),
                }
            );
        }
        CheckFormat::Json => {
            let items: Vec<Value> = a
                .diagnostics
                .iter()
                .map(|d| {
                    let mut v = serde_json::json!({
                        "severity": d.severity.as_str(),
                        "code": d.code.as_str(),
                        "title": d.code.title(),
                        "message": inputs.message(d),
                        "help": d.help,
                        "object": d.object.as_ref().map(|o| o.to_string()),
                    });
                    if let Some(r) = &d.related {
                        let (file, line) = inputs.file_line(r.span.start.line);
                        v["related"] = serde_json::json!({"file": file, "line": line, "column": r.span.start.column, "message": r.message});
                    }
                    if let Some(s) = d.span {
                        let (file, line) = inputs.file_line(s.start.line);
                        let (_, end_line) = inputs.file_line(s.end.line);
                        v["file"] = serde_json::json!(file);
                        v["line"] = serde_json::json!(line);
                        v["column"] = serde_json::json!(s.start.column);
                        v["endLine"] = serde_json::json!(end_line);
                        v["endColumn"] = serde_json::json!(s.end.column);
                    }
                    v
                })
                .collect();
            print_json(&items);
        }
        CheckFormat::Sarif => print_json(&sarif(inputs, &a)),
    }
    failed
}

/// The diagnostics as a SARIF 2.1.0 log, one rule per diagnostic code.
fn sarif(inputs: &Inputs, a: &Analysis) -> Value {
    let rules: Vec<Value> = engine::DiagnosticCode::ALL
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.as_str(),
                "name": format!("{c:?}"),
                "shortDescription": {"text": c.title()},
            })
        })
        .collect();
    let results: Vec<Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = inputs.message(d);
            if let Some(h) = &d.help {
                text.push_str(&format!(" ({h})"));
            }
            let mut r = serde_json::json!({
                "ruleId": d.code.as_str(),
                "level": level,
                "message": {"text": text},
            });
            if let Some(s) = d.span {
                let (file, line) = inputs.file_line(s.start.line);
                let (_, end_line) = inputs.file_line(s.end.line);
                r["locations"] = serde_json::json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {
                            "startLine": line,
                            "startColumn": s.start.column,
                            "endLine": end_line.max(line),
                            "endColumn": s.end.column.max(1),
                        }
                    }
                }]);
            }
            if let Some(rel) = &d.related {
                let (file, line) = inputs.file_line(rel.span.start.line);
                let (_, end_line) = inputs.file_line(rel.span.end.line);
                r["relatedLocations"] = serde_json::json!([{
                    "id": 1,
                    "message": {"text": rel.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {
                            "startLine": line,
                            "startColumn": rel.span.start.column,
                            "endLine": end_line.max(line),
                            "endColumn": rel.span.end.column.max(1),
                        }
                    }
                }]);
            }
            r
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "svcmap", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
        }],
    })
}
