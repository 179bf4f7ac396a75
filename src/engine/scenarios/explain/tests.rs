//! Tests of explanations and fixes.

use super::*;
use crate::engine::analysis::analyze;

fn explanation(text: &str, svc: &str) -> (Analysis, ServiceExplanation) {
    let a = analyze(text);
    let rs = a
        .services
        .iter()
        .find(|s| s.service.meta.name == svc)
        .expect("service")
        .clone();
    let e = explain(&a, &rs);
    (a, e)
}

const PODS: &str = "---\napiVersion: v1\nkind: Pod\nmetadata: {name: typo, labels: {app: checkout-api, tier: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: far, labels: {app: other, tier: db}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: keytypo, labels: {ap: chekout-api, tier: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: elsewhere, namespace: prod, labels: {app: chekout-api, tier: web}}\n";

#[test]
fn near_misses_are_ranked_with_key_by_key_verdicts_and_typo_hints() {
    let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: api}}\nspec: {{selector: {{app: chekout-api, tier: web}}, ports: [{{port: 80}}]}}\n{PODS}");
    let (a, e) = explanation(&text, "api");
    let names: Vec<&str> = e
        .near_misses
        .iter()
        .map(|m| a.pods[m.pod].pod.meta.name.as_str())
        .collect();
    assert_eq!(names, vec!["typo", "keytypo", "elsewhere"]);
    let typo = &e.near_misses[0];
    assert_eq!(typo.failing, 1);
    let app = typo.keys.iter().find(|k| k.key == "app").unwrap();
    assert_eq!(
        (app.ok, app.actual.as_deref()),
        (false, Some("checkout-api"))
    );
    assert!(app
        .hint
        .as_deref()
        .unwrap()
        .contains("did you mean `checkout-api`?"));
    assert!(typo.keys.iter().find(|k| k.key == "tier").unwrap().ok);
    let keytypo = &e.near_misses[1];
    assert!(keytypo.keys[0]
        .hint
        .as_deref()
        .unwrap()
        .contains("`ap: chekout-api`"));
    assert_eq!(e.near_misses[2].other_namespace.as_deref(), Some("prod"));
}

#[test]
fn fixes_of_the_broken_routing_example_make_the_pods_endpoints() {
    let text = include_str!("../../../ui/examples/broken-routing.yaml");
    let a = analyze(text);
    let checkout = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "checkout")
        .unwrap();
    assert!(checkout.backends.is_empty());
    let e = explain(&a, checkout);
    let fixes = near_miss_fixes(text, &a, checkout, &e.near_misses[0]);
    // The template label is the Deployment's selector too: only the
    // Service's selector may change.
    assert_eq!(fixes.len(), 1, "{fixes:?}");
    assert_eq!(
        fixes[0].title,
        "Change the Service's selector `app` to `checkout`"
    );
    let fixed = analyze(&fixes[0].edit.apply(text));
    let checkout = fixed
        .services
        .iter()
        .find(|s| s.service.meta.name == "checkout")
        .unwrap();
    assert_eq!(checkout.backends.len(), 2);
    // The cart Service's named target port `web` is not on its pods.
    let cart = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "cart")
        .unwrap();
    assert!(!cart.backends.is_empty());
    let pf = port_fixes(text, &a, cart);
    assert_eq!(pf.len(), 1, "{pf:?}");
    assert!(
        pf[0]
            .title
            .starts_with("Point port 80 at the pods' port `http`"),
        "{}",
        pf[0].title
    );
    let a3 = analyze(&pf[0].edit.apply(text));
    let cart3 = a3
        .services
        .iter()
        .find(|s| s.service.meta.name == "cart")
        .unwrap();
    assert!(cart3
        .backends
        .iter()
        .all(|b| b.ports.iter().all(|p| p.target == Some(8080))));
}

#[test]
fn port_verdicts_say_why_a_named_port_does_not_resolve() {
    let pod = |name: &str, spec: &str| {
        format!("---\napiVersion: v1\nkind: Pod\nmetadata: {{name: {name}, labels: {{app: web}}}}\nspec: {spec}\n")
    };
    let text = format!(
            "apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80, targetPort: http}}]}}\n{}{}{}{}{}",
            pod("ok", "{containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}"),
            pod("udp", "{containers: [{name: c, ports: [{name: http, containerPort: 8080, protocol: UDP}]}]}"),
            pod("init", "{initContainers: [{name: setup, ports: [{name: http, containerPort: 8080}]}], containers: [{name: c}]}"),
            pod("sidecar", "{initContainers: [{name: proxy, restartPolicy: Always, ports: [{name: http, containerPort: 15001}]}], containers: [{name: c}]}"),
            pod("other", "{containers: [{name: c, ports: [{name: web, containerPort: 9000}, {containerPort: 9090}]}]}"),
        );
    let (a, e) = explanation(&text, "web");
    let v = &e.ports[0];
    assert_eq!(v.port, "80/TCP → http");
    assert_eq!(v.resolved, vec![(8080, 1), (15001, 1)]);
    assert_eq!(v.unresolved_count, 3);
    let why = |name: &str| {
        v.unresolved
            .iter()
            .find(|(p, _)| a.pods[*p].pod.meta.name == name)
            .map(|(_, w)| w.as_str())
            .unwrap()
    };
    assert!(
        why("udp").contains("8080/UDP, but the Service port is TCP"),
        "{}",
        why("udp")
    );
    assert!(
        why("init").contains("init container `setup`, which is not a sidecar"),
        "{}",
        why("init")
    );
    assert_eq!(
        why("other"),
        "no container port is named `http`; the pod's ports: web=9000/TCP, 9090/TCP"
    );
}

#[test]
fn pods_of_several_revisions_are_named() {
    let rs = |hash: &str| {
        format!("---\napiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {{name: web-{hash}}}\nspec:\n  selector: {{matchLabels: {{app: web, pod-template-hash: {hash}}}}}\n  template:\n    metadata: {{labels: {{app: web, pod-template-hash: {hash}}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
    };
    let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n{}{}", rs("aaaa"), rs("bbbb"));
    let (_, e) = explanation(&text, "web");
    assert_eq!(e.revisions, vec!["aaaa", "bbbb"]);
    // ReplicaSets `web-<pod-template-hash>` are revisions of one
    // Deployment `web`: one workload, a rollout in progress.
    assert!(e.mixed_owners.is_empty(), "{:?}", e.mixed_owners);
    let shared = e.shared.unwrap();
    assert_eq!(shared.severity, crate::engine::Severity::Info);
    assert!(
        shared.message.contains("a rollout in progress"),
        "{}",
        shared.message
    );
}

#[test]
fn a_missing_label_is_added_to_the_pod_template() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web, tier: front}, ports: [{port: 80}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata:\n      labels:\n        app: web\n    spec: {containers: [{name: c}]}\n";
    let a = analyze(text);
    let e = explain(&a, &a.services[0]);
    let fixes = near_miss_fixes(text, &a, &a.services[0], &e.near_misses[0]);
    let add = fixes
        .iter()
        .find(|f| f.title.starts_with("Add label"))
        .unwrap();
    assert_eq!(
        add.title,
        "Add label `tier: front` on the pod template of deployment/web"
    );
    let fixed = analyze(&add.edit.apply(text));
    assert_eq!(fixed.services[0].backends.len(), 1);
}

#[test]
fn labels_on_the_workload_instead_of_the_template() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, labels: {app: web}}\nspec:\n  selector: {matchLabels: {run: web}}\n  template:\n    metadata: {labels: {run: web}}\n    spec: {containers: [{name: c}]}\n";
    let (_, e) = explanation(text, "web");
    assert_eq!(e.workload_label_hints, vec!["deployment/web"]);
}

#[test]
fn services_spanning_several_workloads_and_unmanaged_ones() {
    let deploy = |n: &str| {
        format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {n}}}\nspec:\n  selector: {{matchLabels: {{app: web, v: {n}}}}}\n  template:\n    metadata: {{labels: {{app: web, v: {n}}}}}\n    spec: {{containers: [{{name: c}}]}}\n")
    };
    let text = format!("apiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec: {{selector: {{app: web}}, ports: [{{port: 80}}]}}\n{}{}---\napiVersion: v1\nkind: Service\nmetadata: {{name: ext}}\nspec: {{type: ExternalName, externalName: x.example}}\n", deploy("v1"), deploy("v2"));
    let (a, e) = explanation(&text, "web");
    assert_eq!(e.mixed_owners, vec!["deployment/v1", "deployment/v2"]);
    // Two Deployments of one `app`: the canary pattern, a note; and no
    // "several revisions", which is about the ReplicaSets of one Deployment.
    assert!(e.revisions.is_empty(), "{:?}", e.revisions);
    assert_eq!(
        e.shared.map(|d| d.severity),
        Some(crate::engine::Severity::Info)
    );
    let ext = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "ext")
        .unwrap();
    let said = explain(&a, ext).unmanaged.unwrap();
    assert!(said.contains("ExternalName"), "{said}");
    assert!(
        said.contains("ext.default.svc.cluster.local is a CNAME to x.example"),
        "{said}"
    );
}

/// The first Service named `s`, the fixes of its nearest miss (or of its
/// ports), and the analysis of the text each fix makes.
fn fixes_of(text: &str) -> Vec<(String, Analysis)> {
    let a = analyze(text);
    let rs = a
        .services
        .iter()
        .find(|s| s.service.meta.name == "s")
        .expect("service s");
    let e = explain(&a, rs);
    let mut fixes = port_fixes(text, &a, rs);
    if let Some(m) = e.near_misses.first() {
        fixes.extend(near_miss_fixes(text, &a, rs, m));
    }
    fixes
        .into_iter()
        .map(|f| (f.title.clone(), analyze(&f.edit.apply(text))))
        .collect()
}

/// Ready endpoints of Service `name`, and whether every port resolves on each.
fn ready(a: &Analysis, name: &str) -> (usize, bool) {
    let s = a
        .services
        .iter()
        .find(|s| s.service.meta.name == name)
        .expect("service");
    let ready = s
        .backends
        .iter()
        .filter(|b| b.state == EndpointState::Ready)
        .count();
    let resolved = s
        .backends
        .iter()
        .all(|b| b.ports.iter().all(|p| p.target.is_some()));
    (ready, resolved)
}

fn deploy(name: &str, selector: &str, labels: &str, ports: &str) -> String {
    format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  selector: {{matchLabels: {selector}}}\n  template:\n    metadata:\n      labels: {labels}\n    spec:\n      containers:\n        - name: c\n          ports: {ports}\n")
}

fn service(name: &str, selector: &str, ports: &str) -> String {
    format!("apiVersion: v1\nkind: Service\nmetadata: {{name: {name}}}\nspec:\n  selector: {selector}\n  ports: {ports}\n")
}

const P80: &str = "[{containerPort: 80}]";
const SP80: &str = "[{port: 80}]";

#[test]
fn the_first_fix_edits_the_side_that_holds_the_typo() {
    // (input, the first fix's title, label). Every fix offered must make
    // the Service reach the pod with every port resolved.
    let rows: Vec<(String, &str, &str)> = vec![
        (
            format!(
                "{}{}{}",
                service("s", "{app: shop, tier: backend}", SP80),
                deploy("api", "{app: shop}", "{app: shop, tier: bakcend}", P80),
                deploy(
                    "worker",
                    "{app: worker}",
                    "{app: worker, tier: backend}",
                    P80
                ),
            ),
            "Set label `tier: backend` on the pod template of deployment/api",
            "the pod's value is the typo: another workload has tier: backend",
        ),
        (
            format!(
                "{}{}",
                service("s", "{app: shop, tier: bakcend}", SP80),
                deploy("api", "{app: shop}", "{app: shop, tier: backend}", P80),
            ),
            "Change the Service's selector `tier` to `backend`",
            "the Service's value is the typo",
        ),
        (
            format!(
                "{}{}",
                service("s", "{app: web}", SP80),
                deploy("web", "{ap: web}", "{ap: web}", P80),
            ),
            "Add label `app: web` on the pod template of deployment/web (it has `ap: web`)",
            "the pod's key is the typo: `app` is a documented key",
        ),
        (
            format!(
                "{}{}",
                service("s", "{ap: web, Tier: Frontend}", SP80),
                deploy("web", "{app: web}", "{app: web, tier: frontend}", P80),
            ),
            "Change the Service's selector to `{app: web, tier: frontend}`",
            "every key of the Service differs by a typo or by case",
        ),
        (
            format!(
                "{}{}",
                service(
                    "s",
                    "{app: web}",
                    "[{name: http, port: 80, targetPort: http}]"
                ),
                deploy(
                    "web",
                    "{app: web}",
                    "{app: web}",
                    "[{name: htpp, containerPort: 8080}]"
                ),
            ),
            "Rename port `htpp` to `http` in the pod template of deployment/web",
            "the pod's port name is the typo: the Service port is named http too",
        ),
        (
            format!(
                "{}{}",
                service(
                    "s",
                    "{app: web}",
                    "[{name: web, port: 80, targetPort: htpp}]"
                ),
                deploy(
                    "web",
                    "{app: web}",
                    "{app: web}",
                    "[{name: http, containerPort: 8080}]"
                ),
            ),
            "Point port 80 at the pods' port `http` (targetPort `htpp` is not a port of theirs)",
            "the Service's targetPort is the typo",
        ),
    ];
    for (text, first, label) in rows {
        let fixes = fixes_of(&text);
        assert!(!fixes.is_empty(), "{label}: no fix");
        assert_eq!(fixes[0].0, first, "{label}");
        for (title, fixed) in &fixes {
            assert_eq!(
                ready(fixed, "s"),
                (1, true),
                "{label}: `{title}` does not route"
            );
        }
    }
}

#[test]
fn a_near_miss_across_case_and_typos_of_every_key() {
    let text = format!(
        "{}{}",
        service("s", "{ap: web, Tier: Frontend}", SP80),
        deploy("web", "{app: web}", "{app: web, tier: frontend}", P80),
    );
    let (_, e) = explanation(&text, "s");
    assert_eq!(e.near_misses.len(), 1);
    let m = &e.near_misses[0];
    assert_eq!(m.failing, 2);
    let similar: Vec<Option<(String, String)>> = m.keys.iter().map(|k| k.similar.clone()).collect();
    assert_eq!(
        similar,
        vec![
            Some(("tier".into(), "frontend".into())),
            Some(("app".into(), "web".into())),
        ]
    );
    // Unrelated labels are no near miss, however many keys.
    let text = format!(
        "{}{}",
        service("s", "{ap: web, Tier: Frontend}", SP80),
        deploy("db", "{app: db}", "{app: db, tier: data}", P80),
    );
    assert!(explanation(&text, "s").1.near_misses.is_empty());
}

#[test]
fn a_working_service_gets_no_fix_and_at_most_one_neutral_note() {
    // (input, the Service's note: None, or words it holds; label).
    // Services other than the one named get no note.
    type Row<'a> = (String, (&'a str, Option<&'a str>), &'a str);
    let rows: Vec<Row<'_>> = vec![
        (
            include_str!("../../../../tests/fixtures/shop.yaml").to_string(),
            ("", None),
            "a healthy shop",
        ),
        (
            format!(
                "{}{}{}",
                service("s", "{app: redis, role: master}", SP80),
                deploy(
                    "master",
                    "{app: redis, role: master}",
                    "{app: redis, role: master}",
                    P80
                ),
                deploy(
                    "replica",
                    "{app: redis, role: replica}",
                    "{app: redis, role: replica}",
                    P80
                ),
            ),
            ("s", None),
            "the replicas of another role: no near miss, no fix, no note",
        ),
        (
            include_str!("../../../ui/examples/namespaces.yaml").to_string(),
            (
                "checkout",
                Some(
                    "2 pods in namespace staging carry the selector's labels but are not selected",
                ),
            ),
            "pods of another namespace with the same labels",
        ),
        (
            format!(
                "{}{}{}",
                service("s", "{app: web, tier: backend}", SP80),
                deploy("web", "{app: web}", "{app: web, tier: backend}", P80),
                deploy("web2", "{app: web}", "{app: web, tier: bakcend}", P80),
            ),
            (
                "s",
                Some("tier wants `backend`, pod has `bakcend` (a likely typo"),
            ),
            "another workload with a likely typo",
        ),
    ];
    for (text, (name, note), label) in rows {
        let a = analyze(&text);
        for rs in &a.services {
            if !has_ready_endpoints(rs) {
                continue;
            }
            let e = explain(&a, rs);
            assert!(e.near_misses.is_empty(), "{label}: near misses");
            assert!(port_fixes(&text, &a, rs).is_empty(), "{label}: port fixes");
            let want = note.filter(|_| rs.service.meta.name == name);
            match (&e.note, want) {
                (None, None) => {}
                (Some(got), Some(want)) => assert!(got.contains(want), "{label}: {got}"),
                (got, want) => panic!("{label}: note {got:?}, expected {want:?}"),
            }
        }
    }
}

#[test]
fn a_port_fix_never_breaks_the_pods_where_the_port_resolves() {
    // web-a names its port http, web-b does not: pointing the Service at
    // web-b's port would break web-a; only web-b's typo is fixed.
    let text = format!(
        "{}{}{}",
        service(
            "s",
            "{app: web}",
            "[{name: http, port: 80, targetPort: http}]"
        ),
        deploy(
            "web-a",
            "{app: web, v: a}",
            "{app: web, v: a}",
            "[{name: http, containerPort: 8080}]"
        ),
        deploy(
            "web-b",
            "{app: web, v: b}",
            "{app: web, v: b}",
            "[{name: htpp, containerPort: 8080}]"
        ),
    );
    let fixes = fixes_of(&text);
    let titles: Vec<&str> = fixes.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Rename port `htpp` to `http` in the pod template of deployment/web-b"]
    );
    assert_eq!(ready(&fixes[0].1, "s"), (2, true));
}

#[test]
fn a_pod_side_fix_never_takes_a_pod_from_another_service() {
    // `s` has no pod; the replica's pods are `replica`'s. Setting
    // `role: master` on them would take them from `replica`.
    let text = format!(
        "{}---\n{}{}",
        service("s", "{app: redis, role: master}", SP80),
        service("replica", "{app: redis, role: replica}", SP80),
        deploy(
            "redis-replica",
            "{app: redis}",
            "{app: redis, role: replica}",
            P80
        ),
    );
    let a = analyze(&text);
    let rs = &a.services[0];
    let e = explain(&a, rs);
    let fixes = near_miss_fixes(&text, &a, rs, &e.near_misses[0]);
    let titles: Vec<&str> = fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        titles,
        vec!["Change the Service's selector `role` to `replica`"]
    );
}
