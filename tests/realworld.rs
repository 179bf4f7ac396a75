//! What svcmap says about public manifests people really deploy (the sets in
//! `../shared/realworld/`, read in place, never copied): every Service's ready
//! endpoints and target ports, and no warning or error on any of them — they
//! are valid manifests that clusters accept.
//!
//! The expected rows were worked out by hand from the Kubernetes rules, not
//! copied from svcmap's output: a Service selects the pods whose template
//! labels hold its selector in its namespace (`labels.SelectorFromSet`);
//! each workload runs `spec.replicas` pods (default 1), a DaemonSet one per
//! node (three simulated nodes), a Job `min(parallelism, completions)`; every
//! simulated pod is ready; a numeric `targetPort` is used as it is, an absent
//! or zero one is the port (`SetDefaults_Service`), a named one is looked up
//! in the pod's container ports of the same protocol (`podutil.FindPort`).

use svcmap::engine::{analyze, Analysis, Severity};

/// Where the shared real-world manifests live, beside the checkout.
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/realworld/");

fn read(file: &str) -> String {
    let path = format!("{DIR}{file}");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the real-world set {path}: {e}"))
}

/// One line per Service: `ns/name: N ready; port->target …` (the target
/// port numbers its EndpointSlices carry for that Service port, `none` when
/// no pod resolves it), or `ns/name: no selector`.
fn summary(a: &Analysis) -> Vec<String> {
    a.services
        .iter()
        .map(|rs| {
            let s = &rs.service;
            let id = format!("{}/{}", s.meta.namespace, s.meta.name);
            if s.selector.is_none() {
                return format!("{id}: no selector");
            }
            let family = rs.slices.first().map(|sl| sl.address_type.clone());
            let ready: usize = rs
                .slices
                .iter()
                .filter(|sl| Some(&sl.address_type) == family.as_ref())
                .flat_map(|sl| &sl.endpoints)
                .filter(|e| e.conditions.ready)
                .count();
            let ports: Vec<String> = s
                .ports
                .iter()
                .map(|p| {
                    let mut targets: Vec<i64> = rs
                        .slices
                        .iter()
                        .flat_map(|sl| &sl.ports)
                        .filter(|sp| sp.name == p.name)
                        .map(|sp| sp.port)
                        .collect();
                    targets.sort_unstable();
                    targets.dedup();
                    let t = if targets.is_empty() {
                        "none".to_string()
                    } else {
                        targets
                            .iter()
                            .map(i64::to_string)
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    format!("{}->{t}", p.port)
                })
                .collect();
            format!("{id}: {ready} ready; {}", ports.join(" "))
        })
        .collect()
}

/// Warnings and errors, rendered for the failure message.
fn problems(a: &Analysis) -> Vec<String> {
    a.diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let at = d.span.map(|s| s.start.line).unwrap_or(0);
            format!(
                "line {at}: {}[{}] {}",
                d.severity.as_str(),
                d.code.as_str(),
                d.message
            )
        })
        .collect()
}

type Set = (&'static str, &'static [&'static str]);

const SETS: &[Set] = &[
    (
        "argocd-install.yaml",
        &[
            "default/argocd-applicationset-controller: 1 ready; 7000->7000 8080->8080",
            "default/argocd-dex-server: 1 ready; 5556->5556 5557->5557 5558->5558",
            "default/argocd-metrics: 1 ready; 8082->8082",
            "default/argocd-notifications-controller-metrics: 1 ready; 9001->9001",
            "default/argocd-redis: 1 ready; 6379->6379",
            "default/argocd-repo-server: 1 ready; 8081->8081 8084->8084",
            "default/argocd-server: 1 ready; 80->8080 443->8080",
            "default/argocd-server-metrics: 1 ready; 8083->8083",
        ],
    ),
    (
        "bookinfo.yaml",
        &[
            "default/details: 1 ready; 9080->9080",
            "default/ratings: 1 ready; 9080->9080",
            "default/reviews: 3 ready; 9080->9080",
            "default/productpage: 1 ready; 9080->9080",
        ],
    ),
    (
        "cassandra.yaml",
        &[
            "default/cassandra: 3 ready; 9042->9042",
        ],
    ),
    (
        "emojivoto.yaml",
        &[
            "emojivoto/web-svc: 1 ready; 80->8080",
            "emojivoto/emoji-svc: 1 ready; 8080->8080 8801->8801",
            "emojivoto/voting-svc: 1 ready; 8080->8080 8801->8801",
        ],
    ),
    (
        "guestbook.yaml",
        &[
            "default/redis-master: 1 ready; 6379->6379",
            "default/redis-replica: 2 ready; 6379->6379",
            "default/frontend: 3 ready; 80->80",
        ],
    ),
    (
        "ingress-nginx.yaml",
        &[
            "ingress-nginx/ingress-nginx-controller: 1 ready; 80->80 443->443",
            "ingress-nginx/ingress-nginx-controller-admission: 1 ready; 443->8443",
        ],
    ),
    (
        "k8s-docs-stateful.yaml",
        &[
            "default/mysql: 3 ready; 3306->3306",
            "default/mysql-read: 3 ready; 3306->3306",
            "default/zk-hs: 3 ready; 2888->2888 3888->3888",
            "default/zk-cs: 3 ready; 2181->2181",
            "default/nginx: 2 ready; 80->80",
            "default/wordpress-mysql: 1 ready; 3306->3306",
            "default/wordpress: 1 ready; 80->80",
        ],
    ),
    (
        "kube-prometheus.yaml",
        &[
            "monitoring/alertmanager-main: 0 ready; 9093->none 8080->none",
            "monitoring/blackbox-exporter: 1 ready; 9115->9115 19115->19115",
            "monitoring/grafana: 1 ready; 3000->3000",
            "monitoring/kube-state-metrics: 1 ready; 8443->8443 9443->9443",
            "monitoring/node-exporter: 3 ready; 9100->9100",
            "monitoring/prometheus-k8s: 0 ready; 9090->none 8080->none",
            "monitoring/prometheus-adapter: 2 ready; 443->6443",
            "monitoring/prometheus-operator: 1 ready; 8443->8443",
        ],
    ),
    (
        "metallb-native.yaml",
        &[
            "metallb-system/metallb-webhook-service: 1 ready; 443->9443",
        ],
    ),
    (
        "online-boutique.yaml",
        &[
            "default/frontend: 1 ready; 80->8080",
            "default/frontend-external: 1 ready; 80->8080",
            "default/adservice: 1 ready; 9555->9555",
            "default/currencyservice: 1 ready; 7000->7000",
            "default/cartservice: 1 ready; 7070->7070",
            "default/redis-cart: 1 ready; 6379->6379",
            "default/recommendationservice: 1 ready; 8080->8080",
            "default/checkoutservice: 1 ready; 5050->5050",
            "default/emailservice: 1 ready; 5000->8080",
            "default/paymentservice: 1 ready; 50051->50051",
            "default/shippingservice: 1 ready; 50051->50051",
            "default/productcatalogservice: 1 ready; 3550->3550",
        ],
    ),
    (
        "otel-demo.yaml",
        &[
            "otel-demo/grafana: 1 ready; 80->3000",
            "default/jaeger-agent: 1 ready; 5775->5775 5778->5778 6831->6831 6832->6832",
            "default/jaeger-collector: 1 ready; 9411->9411 14250->14250 14267->14267 14268->14268 4317->4317 4318->4318",
            "default/jaeger-query: 1 ready; 16686->16686 16685->16685",
            "default/opensearch: 1 ready; 9200->9200 9300->9300 9600->9600",
            "default/opensearch-headless: 1 ready; 9200->9200 9300->9300 9600->9600",
            "otel-demo/otel-collector: 1 ready; 6831->6831 14250->14250 14268->14268 8888->8888 4317->4317 4318->4318 9411->9411",
            "otel-demo/prometheus: 1 ready; 9090->9090",
            "default/ad: 1 ready; 8080->8080",
            "default/cart: 1 ready; 8080->8080",
            "default/checkout: 1 ready; 8080->8080",
            "default/currency: 1 ready; 8080->8080",
            "default/email: 1 ready; 8080->8080",
            "default/flagd: 1 ready; 8013->8013 8016->8016 4000->4000",
            "default/frontend: 1 ready; 8080->8080",
            "default/frontend-proxy: 1 ready; 8080->8080",
            "default/image-provider: 1 ready; 8081->8081",
            "default/kafka: 1 ready; 9092->9092 9093->9093",
            "default/load-generator: 1 ready; 8089->8089",
            "default/payment: 1 ready; 8080->8080",
            "default/postgresql: 1 ready; 5432->5432",
            "default/product-catalog: 1 ready; 8080->8080",
            "default/quote: 1 ready; 8080->8080",
            "default/recommendation: 1 ready; 8080->8080",
            "default/shipping: 1 ready; 8080->8080",
            "default/valkey-cart: 1 ready; 6379->6379",
        ],
    ),
    (
        "sock-shop.yaml",
        &[
            "sock-shop/carts: 1 ready; 80->80",
            "sock-shop/carts-db: 1 ready; 27017->27017",
            "sock-shop/catalogue: 1 ready; 80->80",
            "sock-shop/catalogue-db: 1 ready; 3306->3306",
            "sock-shop/front-end: 1 ready; 80->8079",
            "sock-shop/orders: 1 ready; 80->80",
            "sock-shop/orders-db: 1 ready; 27017->27017",
            "sock-shop/payment: 1 ready; 80->80",
            "sock-shop/queue-master: 1 ready; 80->80",
            "sock-shop/rabbitmq: 1 ready; 5672->5672 9090->9090",
            "sock-shop/session-db: 1 ready; 6379->6379",
            "sock-shop/shipping: 1 ready; 80->80",
            "sock-shop/user: 1 ready; 80->80",
            "sock-shop/user-db: 1 ready; 27017->27017",
        ],
    ),
];

#[test]
fn every_service_gets_the_endpoints_kubernetes_gives_it() {
    let mut failures = Vec::new();
    for (file, want) in SETS {
        let a = analyze(&read(file));
        let got = summary(&a);
        let want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!("{file}:\n  want {want:#?}\n  got  {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn valid_manifests_raise_no_warning_and_no_error() {
    let mut failures = Vec::new();
    for (file, _) in SETS {
        let p = problems(&analyze(&read(file)));
        if !p.is_empty() {
            failures.push(format!("{file}:\n  {}", p.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `repro/fields.yaml`: fields of the current API (`hostnameOverride`, a
/// sidecar's `restartPolicy`, `lifecycle.stopSignal`, `trafficDistribution`)
/// are known, not reported as unknown.
#[test]
fn fields_of_the_current_api_are_known() {
    let a = analyze(&read("repro/fields.yaml"));
    let loud: Vec<String> = a
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| d.message.clone())
        .collect();
    assert!(loud.is_empty(), "{loud:?}");
    assert_eq!(summary(&a), ["default/web: 1 ready; 80->8080"]);
}

/// `repro/tolerate.yaml`: the alpha `tolerate-unready-endpoints` annotation
/// is not read by today's controllers (`addEndpointSubset` and
/// `ShouldPodBeInEndpoints` take `publishNotReadyAddresses` alone): the pod
/// that is not ready stays not ready, and a note at the annotation says so.
#[test]
fn the_tolerate_unready_annotation_is_not_read_and_said_so() {
    let a = analyze(&read("repro/tolerate.yaml"));
    assert_eq!(summary(&a), ["default/db: 0 ready; 26257->26257"]);
    let notes: Vec<(&str, usize)> = a
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.span.map_or(0, |s| s.start.line)))
        .collect();
    assert_eq!(notes, [("SVC007", 6)]);
    assert_eq!(a.diagnostics[0].severity, Severity::Info);
}

/// No advice that would break a working cluster: on these sets every
/// Service that has ready endpoints gets no near miss and no one-click fix
/// (their ports all resolve, so no port fix either).
#[test]
fn no_fix_is_offered_to_a_service_that_works() {
    use svcmap::engine::scenarios::explain;
    let mut failures = Vec::new();
    for (file, _) in SETS {
        let text = read(file);
        let a = analyze(&text);
        for rs in a
            .services
            .iter()
            .filter(|rs| explain::has_ready_endpoints(rs))
        {
            let e = explain::explain(&a, rs);
            let fixes: usize = e
                .near_misses
                .iter()
                .map(|m| explain::near_miss_fixes(&text, &a, rs, m).len())
                .sum::<usize>()
                + explain::port_fixes(&text, &a, rs).len();
            if !e.near_misses.is_empty() || fixes > 0 {
                failures.push(format!(
                    "{file}: {}: {} near misses, {fixes} fixes",
                    e.service,
                    e.near_misses.len()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
