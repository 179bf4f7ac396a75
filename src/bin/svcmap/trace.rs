//! `svcmap trace`: where a request goes, hop by hop, from a Gateway listener
//! or an Ingress to the pods behind a Service.

use crate::input::{analyze, Inputs};
use crate::output::{print_json, report, TraceFormat};
use svcmap::engine::routes::request::Request;

/// The request of the command line: `url`, `-X` and `-H 'Name: value'`.
pub fn request(url: &str, method: &str, headers: &[String]) -> Result<Request, String> {
    let mut req = Request::parse(url)?;
    req.method = method.to_ascii_uppercase();
    for h in headers {
        let Some((k, v)) = h.split_once(':') else {
            return Err(format!("a header is `Name: value`, not `{h}`"));
        };
        req.headers
            .push((k.trim().to_string(), v.trim().to_string()));
    }
    Ok(req)
}

/// `svcmap trace`: prints each hop and the verdict; true when the request
/// does not reach a ready endpoint.
pub fn run(
    inputs: &Inputs,
    req: &Request,
    gateway: Option<&str>,
    output: TraceFormat,
) -> Result<bool, String> {
    let a = analyze(inputs);
    report(inputs, &a);
    let gateway = gateway.map(|g| inputs.qualify(g));
    let gw = gateway
        .as_deref()
        .map(|g| g.split_once('/').unwrap_or(("default", g)));
    if let Some((ns, name)) = gw {
        let found = a
            .objects
            .iter()
            .any(|o| o.kind() == "Gateway" && o.meta().namespace == ns && o.meta().name == name);
        if !found {
            return Err(format!("no Gateway {ns}/{name} in the input"));
        }
    }
    let t = a.trace(req, gw);
    match output {
        TraceFormat::Json => print_json(&t),
        TraceFormat::Text => {
            outln!("{} {}", req.method, t.url);
            for h in &t.hops {
                outln!("  -> {} {}: {}", h.kind, h.name, h.detail);
            }
            for b in &t.backends {
                outln!(
                    "  => {}:{} weight {}: {}",
                    b.service,
                    b.port,
                    b.weight,
                    if b.pods.is_empty() {
                        "no ready pods".to_string()
                    } else {
                        b.pods.join(", ")
                    }
                );
            }
            outln!("{}: {}", t.verdict.as_str(), t.reason);
        }
    }
    Ok(t.verdict != svcmap::engine::routes::trace::Verdict::Ok)
}
