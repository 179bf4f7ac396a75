//! `svcmap resolve`: the Endpoints and EndpointSlices the controllers would write.

use crate::input::{analyze, Inputs};
use crate::output::{print_value, report, table, ResolveFormat};
use svcmap::engine;
use svcmap::engine::labels::Selector;
use svcmap::engine::render::{self, Doc};

/// `svcmap resolve`: the Endpoints and EndpointSlices of every Service as a
/// table (`kubectl get endpoints`) or a v1 List; true when the input has errors.
pub fn run(inputs: &Inputs, output: ResolveFormat) -> bool {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    match output {
        ResolveFormat::Json | ResolveFormat::Yaml => {
            let mut items = Vec::new();
            // A Service without selector: its Endpoints as written, its slices
            // written by hand and those the mirroring controller writes.
            for s in a.services.iter() {
                if let Some(ep) = &s.endpoints {
                    items.push(render::endpoints_object(ep));
                }
                for slice in s.slices.iter() {
                    items.push(render::slice_object(slice, s));
                }
            }
            let mut list = render::list_object(items);
            // Beside the List's items (not a Kubernetes field): the DNS records.
            list.set(
                "dns",
                Doc::List(a.services.iter().flat_map(crate::dns::docs).collect()),
            );
            print_value(&list, output == ResolveFormat::Yaml);
        }
        ResolveFormat::Table | ResolveFormat::Wide => {
            let wide = output == ResolveFormat::Wide;
            let mut rows = vec![vec![
                "NAMESPACE".to_string(),
                "NAME".into(),
                "ENDPOINTS".into(),
            ]];
            if wide {
                rows[0].extend(
                    ["NOT READY", "TYPE", "CLUSTER-IP", "DNS", "SELECTOR"].map(String::from),
                );
            }
            let mut services: Vec<_> = a.services.iter().collect();
            services.sort_by(|x, y| {
                (&x.service.meta.namespace, &x.service.meta.name)
                    .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
            });
            for s in services {
                let eps = match &s.endpoints {
                    Some(e) if s.managed => render::format_endpoints(e),
                    _ if !s.managed => render::format_backends(s),
                    _ => "<none>".to_string(),
                };
                let mut row = vec![
                    s.service.meta.namespace.clone(),
                    s.service.meta.name.clone(),
                    eps,
                ];
                if wide {
                    let not_ready: usize = if s.managed {
                        s.endpoints
                            .iter()
                            .flat_map(|e| &e.subsets)
                            .map(|x| x.not_ready_addresses.len())
                            .sum()
                    } else {
                        let pods = s.backends.iter().map(|b| b.state);
                        let external = s.external.iter().map(|b| b.state);
                        pods.chain(external)
                            .filter(|st| *st == engine::EndpointState::NotReady)
                            .count()
                    };
                    let selector = s.service.selector.as_ref().map_or_else(
                        || "<none>".to_string(),
                        |m| Selector::from_map(m).to_string(),
                    );
                    let ip = if s.service.is_headless() {
                        "None".to_string()
                    } else {
                        s.network
                            .cluster_ips
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "<none>".into())
                    };
                    row.extend([
                        not_ready.to_string(),
                        s.service.service_type.as_str().to_string(),
                        ip,
                        dns_column(s),
                        selector,
                    ]);
                }
                rows.push(row);
            }
            table(&rows);
        }
    }
    failed
}

/// The DNS column of `resolve -o wide`: the Service's name in the cluster
/// DNS, and the target of an ExternalName's CNAME.
fn dns_column(s: &engine::ResolvedService) -> String {
    let fqdn = engine::controllers::dns::service_fqdn(&s.service);
    match s.dns.iter().find(|r| r.rtype == "CNAME") {
        Some(c) => format!("{fqdn} CNAME {}", c.value),
        None => fqdn,
    }
}
