//! `svcmap route`: from a node, zone or pod, which endpoints each port of a
//! Service uses, which it skips and why, and whether the traffic arrives.

use crate::input::{analyze, Inputs};
use crate::output::{report, ExplainFormat};
use svcmap::engine::proxy::route::{PortRoute, Traffic, VantageSpec, Verdict};

/// `svcmap route`: the routes of `target` (`SERVICE` or `SERVICE:PORT`,
/// the Service as `namespace/name` or `name`) from `from`, for external
/// traffic with `external`. A dropped route is an answer, not a failure:
/// only error diagnostics of the input set the exit code.
pub fn run(
    inputs: &Inputs,
    target: &str,
    from: Option<&str>,
    external: bool,
    output: ExplainFormat,
) -> Result<bool, String> {
    let spec = from.map(VantageSpec::parse).transpose()?;
    let (service, port) = match target.rsplit_once(':') {
        Some((s, p)) if !p.is_empty() => (s, Some(p)),
        _ => (target, None),
    };
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let key = inputs.qualify(service);
    let (ns, name) = key.split_once('/').unwrap_or(("default", &key));
    let index = a
        .find_service(ns, name)
        .ok_or_else(|| format!("no Service {key} in the input"))?;
    let traffic = if external {
        Traffic::External
    } else {
        Traffic::Internal
    };
    let routes = a.route(index, port, spec.as_ref(), traffic)?;
    match output {
        ExplainFormat::Json => {
            let json = serde_json::to_string_pretty(&routes).map_err(|e| e.to_string())?;
            outln!("{json}");
        }
        ExplainFormat::Text => print_text(&routes),
    }
    Ok(failed)
}

fn print_text(routes: &[PortRoute]) {
    for r in routes {
        let verdict = match r.verdict {
            Verdict::Reaches => "reaches",
            Verdict::Dropped => "DROPPED",
        };
        let traffic = match r.traffic {
            Traffic::Internal => "in-cluster",
            Traffic::External => "external",
        };
        let zone = if r.zone.is_empty() {
            String::new()
        } else {
            format!(", zone {}", r.zone)
        };
        outln!(
            "{} port {} from {} (node {}{zone}, {traffic} traffic): {verdict} — {}",
            r.service,
            r.port,
            r.from,
            r.node,
            r.note
        );
        for e in &r.endpoints {
            let mark = if e.used { "  used    " } else { "  skipped " };
            let pod = e.pod.as_deref().unwrap_or("-");
            outln!("{mark}{} {pod}: {}", e.address, e.reason);
        }
        if let Some(s) = &r.session_affinity {
            outln!(
                "  session affinity {}: a client keeps its endpoint for {} s",
                s.kind,
                s.timeout_seconds
            );
        }
        if let Some(h) = &r.health_check {
            let port = h
                .node_port
                .map_or_else(|| "healthCheckNodePort".to_string(), |p| p.to_string());
            outln!(
                "  health check {port} on {}: {} ({} local ready endpoints)",
                r.node,
                h.status,
                h.local_endpoints
            );
        }
    }
}
