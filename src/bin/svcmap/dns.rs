//! `svcmap dns`: the DNS records the cluster DNS serves for each Service.

use crate::input::{analyze, services_named, Inputs};
use crate::output::{print_value, report, table, DnsFormat};
use svcmap::engine;
use svcmap::engine::render::Doc;

/// A Service's DNS records as documents: service, name, type and value each.
pub fn docs(s: &engine::ResolvedService) -> Vec<Doc> {
    let service = format!("{}/{}", s.service.meta.namespace, s.service.meta.name);
    s.dns
        .iter()
        .map(|r| {
            Doc::map([
                ("service", Doc::from(&service)),
                ("name", Doc::from(&r.name)),
                ("type", Doc::from(r.rtype)),
                ("value", Doc::from(&r.value)),
            ])
        })
        .collect()
}

/// `svcmap dns`: every Service's DNS records (the playground's DNS tab).
pub fn run(inputs: &Inputs, service: Option<&str>, output: DnsFormat) -> Result<bool, String> {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let mut services = services_named(inputs, &a, service)?;
    services.sort_by(|x, y| {
        (&x.service.meta.namespace, &x.service.meta.name)
            .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
    });
    match output {
        DnsFormat::Json | DnsFormat::Yaml => {
            let docs = Doc::List(services.iter().flat_map(|s| docs(s)).collect());
            print_value(&docs, output == DnsFormat::Yaml);
        }
        DnsFormat::Table => {
            let mut rows = vec![["SERVICE", "TYPE", "NAME", "VALUE"]
                .map(String::from)
                .to_vec()];
            for s in &services {
                let service = format!("{}/{}", s.service.meta.namespace, s.service.meta.name);
                if s.dns.is_empty() {
                    rows.push(vec![
                        service.clone(),
                        "-".into(),
                        "<none>".into(),
                        String::new(),
                    ]);
                }
                for r in &s.dns {
                    rows.push(vec![
                        service.clone(),
                        r.rtype.to_string(),
                        r.name.clone(),
                        r.value.clone(),
                    ]);
                }
            }
            table(&rows);
        }
    }
    Ok(failed)
}
