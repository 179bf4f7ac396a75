//! One-click fixes for route and Ingress backends naming a port their
//! Service does not have, when the port meant is certain.

use crate::engine::analysis::Analysis;
use crate::engine::routes::backends::{
    resolve_ingress_backend, resolve_route_backend, service_index, BackendProblem, ResolvedBackend,
};
use crate::engine::routes::table::RoutingTable;
use crate::engine::scenarios::explain::Fix;
use crate::engine::yaml::edit::TextEdit;

/// The fix of one backend: its port value replaced by the Service port
/// surely meant ([`crate::engine::routes::service_port::certain_port`]), a
/// number for a number, a name for a name.
fn fix_of(b: &ResolvedBackend, from: &str) -> Option<Fix> {
    let Some(BackendProblem::PortNotFound {
        written,
        certain: Some((number, name)),
        ..
    }) = &b.problem
    else {
        return None;
    };
    let span = b.port_span?;
    let insert = if written.parse::<i64>().is_ok() {
        number.to_string()
    } else if !name.is_empty() {
        crate::engine::yaml::quote::quote(name)
    } else {
        return None;
    };
    Some(Fix {
        title: format!(
            "Send {from} to port {insert} of Service {}/{} (it has no port `{written}`)",
            b.namespace, b.name
        ),
        edit: TextEdit {
            start: span.start.offset,
            end: span.end.offset,
            insert,
        },
    })
}

/// The certain fixes of every route and Ingress backend of `a` whose port
/// is not its Service's (diagnostic RTE002).
pub fn route_port_fixes(a: &Analysis) -> Vec<Fix> {
    let table = RoutingTable::new(&a.objects);
    let index = service_index(&a.services);
    let mut out = Vec::new();
    for route in &table.routes {
        let from = format!("{} {}", route.kind.as_str(), route.meta.name);
        for rule in &route.rules {
            for b in &rule.backends {
                let r = resolve_route_backend(route, b, &a.services, &index, &table.grants);
                out.extend(fix_of(&r, &from));
            }
        }
    }
    for ing in &table.ingresses {
        let from = format!("Ingress {}", ing.meta.name);
        let backends = ing.default_backend.iter().chain(
            ing.rules
                .iter()
                .flat_map(|r| r.paths.iter().map(|p| &p.backend)),
        );
        for b in backends {
            let r = resolve_ingress_backend(&ing.meta.namespace, b, &a.services, &index);
            out.extend(fix_of(&r, &from));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::analysis::analyze;

    #[test]
    fn certain_port_fixes() {
        let svc = "---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9000}]}\n";
        let rows: &[(&str, Option<&str>)] = &[
            // A targetPort written where the Service port belongs: the port in front of it.
            ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {defaultBackend: {service: {name: web, port: {number: 8080}}}}\n", Some("80")),
            ("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {rules: [{backendRefs: [{name: web, port: 8080}]}]}\n", Some("80")),
            // Not certain: two ports, neither behind 7000.
            ("apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec: {rules: [{backendRefs: [{name: web, port: 7000}]}]}\n", None),
            // A name that is not a port's: not certain either.
            ("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec: {defaultBackend: {service: {name: web, port: {name: htp}}}}\n", None),
        ];
        for (front, want) in rows {
            let text = format!("{front}{svc}");
            let a = analyze(&text);
            let fixes = route_port_fixes(&a);
            assert_eq!(
                fixes.first().map(|f| f.edit.insert.as_str()),
                *want,
                "{front}"
            );
            if let Some(f) = fixes.first() {
                let fixed = analyze(&f.edit.apply(&text));
                assert!(
                    fixed
                        .diagnostics
                        .iter()
                        .all(|d| d.code.as_str() != "RTE002"),
                    "{front}"
                );
            }
        }
    }
}
