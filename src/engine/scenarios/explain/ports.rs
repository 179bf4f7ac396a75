//! Port verdicts: which target port each selected pod resolves, and why not.

use crate::engine::controllers::ports::find_port;
use crate::engine::{analysis::Analysis, controllers::resolved::ResolvedService};
use serde::Serialize;

/// How one Service port resolves on the pods the Service selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortVerdict {
    /// The port as written: `80/TCP → http`.
    pub port: String,
    /// Where it resolves: (target port number, how many pods).
    pub resolved: Vec<(i64, usize)>,
    /// Where it does not: (index into [`Analysis::pods`], why), at most
    /// [`MAX_PORT_FAILURES`] listed.
    pub unresolved: Vec<(usize, String)>,
    /// How many pods it does not resolve on, in all.
    pub unresolved_count: usize,
}

/// Failing pods listed per Service port.
pub const MAX_PORT_FAILURES: usize = 10;

/// Each Service port against each selected pod.
pub fn port_verdicts(a: &Analysis, rs: &ResolvedService) -> Vec<PortVerdict> {
    rs.service
        .ports
        .iter()
        .map(|sp| {
            let mut resolved: Vec<(i64, usize)> = Vec::new();
            let mut unresolved = Vec::new();
            let mut unresolved_count = 0;
            for b in &rs.backends {
                let pod = &a.pods[b.pod].pod;
                match find_port(pod, sp) {
                    Ok(n) => match resolved.iter_mut().find(|(t, _)| *t == n) {
                        Some(r) => r.1 += 1,
                        None => resolved.push((n, 1)),
                    },
                    Err(why) => {
                        unresolved_count += 1;
                        if unresolved.len() < MAX_PORT_FAILURES {
                            unresolved.push((b.pod, why.to_string()));
                        }
                    }
                }
            }
            PortVerdict {
                port: format!("{}/{} → {}", sp.port, sp.protocol, sp.target_port),
                resolved,
                unresolved,
                unresolved_count,
            }
        })
        .collect()
}
