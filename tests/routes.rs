//! Requests traced through Gateways, routes and Ingresses, against the
//! upstream conformance tables.

use svcmap::engine::analyze;
use svcmap::engine::routes::request::Request;
use svcmap::engine::routes::trace::Verdict;

/// Traces `url` through `text`: `Some(service)` when a backend answers, `None` for a 404 / no route.
fn answer(text: &str, url: &str) -> Result<Option<String>, String> {
    answer_with(text, url, &[])
}

/// [`answer`] with request headers.
fn answer_with(text: &str, url: &str, headers: &[(&str, &str)]) -> Result<Option<String>, String> {
    let a = analyze(text);
    let mut req = Request::parse(url)?;
    req.headers = headers
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let t = a.trace(&req, None);
    match t.verdict {
        Verdict::Ok => Ok(Some(t.backends[0].service.clone())),
        Verdict::NotFound | Verdict::NoRoute => Ok(None),
        Verdict::Unavailable => Err(format!("503: {}", t.reason)),
    }
}

/// kubernetes-sigs/gateway-api conformance/tests/httproute-hostname-intersection.go,
/// `HTTPRouteHostnameIntersection`: the subtests "HTTPRoutes that do intersect
/// with listener hostnames" (25 requests) and "HTTPRoutes that do not intersect
/// with listener hostnames" (2 requests): 27 rows.
#[test]
fn httproute_hostname_intersection_conformance() {
    let text = std::fs::read_to_string("tests/route-fixtures/hostname-intersection.yaml").unwrap();
    let rows: &[(&str, &str, Option<&str>)] = &[
        ("very.specific.com", "/s1", Some("infra-backend-v1")),
        ("very.specific.com:1234", "/s1", Some("infra-backend-v1")),
        ("non.matching.com", "/s1", None),
        ("foo.nonmatchingwildcard.io", "/s1", None),
        ("foo.wildcard.io", "/s1", None),
        ("very.specific.com", "/non-matching-prefix", None),
        ("foo.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("bar.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("foo.bar.wildcard.io", "/s2", Some("infra-backend-v2")),
        ("non.matching.com", "/s2", None),
        ("wildcard.io", "/s2", None),
        ("very.specific.com", "/s2", None),
        ("foo.wildcard.io", "/non-matching-prefix", None),
        ("very.specific.com", "/s3", Some("infra-backend-v3")),
        ("non.matching.com", "/s3", None),
        ("foo.specific.com", "/s3", None),
        ("foo.wildcard.io", "/s3", None),
        ("very.specific.com", "/non-matching-prefix", None),
        ("foo.anotherwildcard.io", "/s4", Some("infra-backend-v1")),
        ("bar.anotherwildcard.io", "/s4", Some("infra-backend-v1")),
        (
            "foo.bar.anotherwildcard.io",
            "/s4",
            Some("infra-backend-v1"),
        ),
        ("anotherwildcard.io", "/s4", None),
        ("foo.wildcard.io", "/s4", None),
        ("very.specific.com", "/s4", None),
        ("foo.anotherwildcard.io", "/non-matching-prefix", None),
        ("specific.but.wrong.com", "/s5", None),
        ("wildcard.io", "/s5", None),
    ];
    let mut passing = 0;
    for (host, path, want) in rows {
        let got = answer(&text, &format!("http://{host}{path}"));
        let want = want.map(|s| format!("gateway-conformance-infra/{s}"));
        assert_eq!(got, Ok(want), "{host}{path}");
        passing += 1;
    }
    assert_eq!(passing, 27);
    // The route without intersecting hostnames is not accepted: RTE003, NoMatchingListenerHostname.
    let a = analyze(&text);
    let not_accepted: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "RTE003")
        .collect();
    assert_eq!(not_accepted.len(), 1);
    assert!(not_accepted[0]
        .message
        .contains("NoMatchingListenerHostname"));
    assert_eq!(
        not_accepted[0].object.as_ref().unwrap().name,
        "no-intersecting-hosts"
    );
    // The subtest "HTTPRoutes have to be counted in AttachedRoutes only if they
    // are Accepted": listener-1 2, listener-2 1, listener-3 1 (3 rows).
    let table = svcmap::engine::routes::table::RoutingTable::new(&a.objects);
    let attached = |listener: usize| {
        table
            .parents
            .iter()
            .filter(|ps| {
                ps.iter().any(|p| {
                    p.result
                        .as_ref()
                        .is_ok_and(|at| at.iter().any(|x| x.listener == listener))
                })
            })
            .count()
    };
    assert_eq!([attached(0), attached(1), attached(2)], [2, 1, 1]);
}

/// kubernetes-sigs/gateway-api conformance/tests/httproute-matching-across-routes.go,
/// `HTTPRouteMatchingAcrossRoutes`: 8 rows.
#[test]
fn httproute_matching_across_routes_conformance() {
    let text = std::fs::read_to_string("tests/route-fixtures/matching-across-routes.yaml").unwrap();
    type Row<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], &'a str);
    let rows: &[Row] = &[
        ("example.com", "/", &[], "infra-backend-v1"),
        ("example.com", "/example", &[], "infra-backend-v1"),
        ("example.net", "/example", &[], "infra-backend-v1"),
        (
            "example.com",
            "/example",
            &[("Version", "one")],
            "infra-backend-v1",
        ),
        ("example.com", "/v2", &[], "infra-backend-v2"),
        ("example.net", "/v2", &[], "infra-backend-v1"),
        ("example.com", "/v2/example", &[], "infra-backend-v2"),
        (
            "example.com",
            "/",
            &[("Version", "two")],
            "infra-backend-v2",
        ),
    ];
    for (host, path, headers, want) in rows {
        let got = answer_with(&text, &format!("http://{host}{path}"), headers);
        assert_eq!(
            got,
            Ok(Some(format!("gateway-conformance-infra/{want}"))),
            "{host}{path} {headers:?}"
        );
    }
    assert!(analyze(&text)
        .diagnostics
        .iter()
        .all(|d| !d.code.as_str().starts_with("RTE")));
}

/// `ReferenceGrant` (apis/v1beta1/referencegrant_types.go): a backendRef to
/// another namespace is refused until a grant there names the route's kind
/// and namespace; a grant for another kind or namespace does not count.
#[test]
fn cross_namespace_backend_needs_a_reference_grant() {
    let base = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: web}\nspec: {gatewayClassName: x, listeners: [{name: http, protocol: HTTP, port: 80}]}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: web}\nspec: {parentRefs: [{name: gw}], rules: [{backendRefs: [{name: api, namespace: backend, port: 80}]}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: backend}\nspec: {selector: {app: api}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: api-1, namespace: backend, labels: {app: api}}\nspec: {containers: [{name: c, image: i}]}\n";
    let grant = |ns: &str, kind: &str| {
        format!("---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {{name: g, namespace: backend}}\nspec: {{from: [{{group: gateway.networking.k8s.io, kind: {kind}, namespace: {ns}}}], to: [{{group: \"\", kind: Service}}]}}\n")
    };
    let rows: &[(String, bool)] = &[
        (String::new(), false),
        (grant("web", "HTTPRoute"), true),
        (grant("other", "HTTPRoute"), false),
        (grant("web", "GRPCRoute"), false),
    ];
    for (extra, ok) in rows {
        let text = format!("{base}{extra}");
        let a = analyze(&text);
        let refused = a.diagnostics.iter().any(|d| d.code.as_str() == "RTE004");
        assert_eq!(refused, !ok, "{extra}");
        let t = a.trace(&Request::parse("http://any.host/").unwrap(), None);
        assert_eq!(t.verdict == Verdict::Ok, *ok, "{extra}: {}", t.reason);
    }
}

/// Ingress backends: a port by name, by number, a missing Service, a
/// `resource` backend, and the `defaultBackend` for what no rule takes.
#[test]
fn ingress_backends_and_default_backend() {
    let text = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  defaultBackend: {service: {name: web, port: {name: http}}}\n  rules:\n  - host: \"*.example.com\"\n    http:\n      paths:\n      - {path: /a, pathType: Exact, backend: {service: {name: web, port: {number: 80}}}}\n      - {path: /b, pathType: Prefix, backend: {service: {name: gone, port: {number: 80}}}}\n      - {path: /c, pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: Bucket, name: assets}}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{name: http, port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n";
    let a = analyze(text);
    let codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"RTE001"), "{codes:?}");
    assert!(codes.contains(&"RTE005"), "{codes:?}");
    let rows: &[(&str, Verdict, &str)] = &[
        ("http://x.example.com/a", Verdict::Ok, "default/web"),
        ("http://x.example.com/a/", Verdict::Ok, "default/web"), // Exact misses: defaultBackend
        (
            "http://x.example.com/b/c",
            Verdict::Unavailable,
            "default/gone",
        ),
        ("http://a.b.example.com/a", Verdict::Ok, "default/web"), // wildcard misses: defaultBackend
        ("http://other.org/", Verdict::Ok, "default/web"),
    ];
    for (url, verdict, service) in rows {
        let t = a.trace(&Request::parse(url).unwrap(), None);
        assert_eq!(t.verdict, *verdict, "{url}: {}", t.reason);
        assert_eq!(t.backends[0].service, *service, "{url}");
    }
    let t = a.trace(&Request::parse("http://x.example.com/c/d").unwrap(), None);
    assert!(
        t.hops[0].detail.contains("ImplementationSpecific"),
        "{:?}",
        t.hops
    );
}

/// Routing kinds are decoded: wrong types get a diagnostic at their field,
/// unknown fields a warning, and routers svcmap does not model one note per kind.
#[test]
fn routing_objects_decode_with_diagnostics_at_their_fields() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  parentRefs: [{name: gw, port: eighty}]\n  rules:\n  - backendRefs: [{name: web, port: 80, wieght: 5}]\n    matches: [{path: {type: Glob, value: /}}]\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules: [{host: 7, http: {paths: [{path: /, backend: {service: {name: web, port: {number: 80}}}}]}}]\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: a}\n---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: b}\n---\napiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: c}\n";
    let a = analyze(text);
    let at = |code: &str| -> Vec<(usize, usize)> {
        a.diagnostics
            .iter()
            .filter(|d| d.code.as_str() == code)
            .map(|d| {
                let s = d.span.unwrap();
                (s.start.line, s.start.column)
            })
            .collect()
    };
    assert_eq!(at("OBJ003"), [(5, 33), (14, 18)], "{:#?}", a.diagnostics);
    assert_eq!(at("OBJ004"), [(7, 41)]);
    let invalid: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "OBJ007")
        .collect();
    assert_eq!(invalid.len(), 1);
    assert!(invalid[0].message.contains("Glob"));
    // The Ingress path without pathType is refused, as the API server refuses it.
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.code.as_str() == "OBJ002" && d.message.contains("pathType")));
    let notes: Vec<_> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "OBJ006")
        .collect();
    assert_eq!(notes.len(), 2, "one note per kind: {notes:#?}");
    assert_eq!(
        a.objects
            .iter()
            .filter(|o| matches!(o, svcmap::engine::Object::Routing(_)))
            .count(),
        2
    );
}

/// A GRPCRoute's method match (`GRPCMethodMatch`, apis/v1/grpcroute_types.go):
/// service and method, either omitted to match any; a request is `/service/method`.
#[test]
fn grpc_route_method_matches() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec: {gatewayClassName: x, listeners: [{name: h, protocol: HTTP, port: 80}]}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n  - matches: [{method: {service: shop.Cart, method: Add}}]\n    backendRefs: [{name: add, port: 50051}]\n  - matches: [{method: {service: shop.Cart}}]\n    backendRefs: [{name: cart, port: 50051}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: add}\nspec: {selector: {app: add}, ports: [{port: 50051}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: cart}\nspec: {selector: {app: cart}, ports: [{port: 50051}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: add-1, labels: {app: add}}\nspec: {containers: [{name: c, image: i}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: cart-1, labels: {app: cart}}\nspec: {containers: [{name: c, image: i}]}\n";
    let rows = [
        ("/shop.Cart/Add", Some("default/add")),
        ("/shop.Cart/List", Some("default/cart")),
        ("/shop.Orders/List", None),
    ];
    for (path, want) in rows {
        let got = answer(text, &format!("http://grpc.example.com{path}"));
        assert_eq!(got, Ok(want.map(String::from)), "{path}");
    }
}
