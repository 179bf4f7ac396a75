//! Rollout simulation end to end: a Deployment and its Service as text in,
//! the steps, each step's endpoints and the timeline checked.

use svcmap::engine::scenarios::rollout::{self, Phase};
use svcmap::engine::{analyze, Analysis, EndpointState};

fn manifest(replicas: u32, strategy: &str, labels: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  replicas: {replicas}\n{strategy}  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {labels}}}\n    spec:\n      containers: [{{name: web, image: web:1, ports: [{{containerPort: 8080}}]}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: web}}\nspec:\n  selector: {{app: web}}\n  ports: [{{port: 80, targetPort: 8080}}]\n"
    )
}

fn deployment(a: &Analysis) -> std::sync::Arc<svcmap::engine::model::Workload> {
    rollout::find_workload(a, "default/web")
        .expect("the Deployment")
        .clone()
}

fn states(a: &Analysis) -> (usize, usize, usize) {
    let s = &a.services[0];
    let n = |st| s.backends.iter().filter(|b| b.state == st).count();
    (
        n(EndpointState::Ready),
        n(EndpointState::NotReady),
        n(EndpointState::Terminating),
    )
}

#[test]
fn a_restart_keeps_availability_within_max_unavailable_and_pods_within_max_surge() {
    let a = analyze(&manifest(4, "", "{app: web}"));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = deployment(&a);
    let r = rollout::plan(&w, &w).expect("a rollout");
    assert!(r.restart);
    // Defaults for 4 replicas: maxSurge ceil(1) = 1, maxUnavailable floor(1) = 1.
    assert_eq!((r.max_surge, r.max_unavailable), (1, 1));
    assert!(!r.truncated);
    assert_ne!(r.old_rs, r.new_rs);
    for (i, step) in r.steps.iter().enumerate() {
        let (old, new) = step.replicas();
        assert!(
            old + new <= 5,
            "step {i}: {old} + {new} pods > replicas + maxSurge"
        );
        let view = rollout::apply(&a, &r, i);
        let (ready, _, _) = states(&view);
        assert!(ready >= 3, "step {i} ({}): {ready} ready", step.title);
    }
    // Before: the text's pods, all ready; after: every pod new and ready.
    let first = rollout::apply(&a, &r, 0);
    assert_eq!(states(&first), (4, 0, 0));
    let names = |x: &Analysis| {
        x.pods
            .iter()
            .map(|p| p.pod.meta.name.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&first), names(&a));
    let last = rollout::apply(&a, &r, r.steps.len() - 1);
    assert_eq!(states(&last), (4, 0, 0));
    assert!(last
        .pods
        .iter()
        .all(|p| p.pod.meta.name.starts_with(&format!("{}-", r.new_rs))));
    assert!(r.steps.last().unwrap().title.contains("complete"));
    // A step in the middle shows new pods starting and old ones terminating.
    let mid = r
        .steps
        .iter()
        .position(|s| s.new.contains(&Phase::Starting) && s.old.contains(&Phase::Terminating))
        .expect("a step with starting and terminating pods");
    let view = rollout::apply(&a, &r, mid);
    let (_, not_ready, terminating) = states(&view);
    assert!(not_ready > 0 && terminating > 0, "{:?}", states(&view));
    // v1 Endpoints leave terminating pods out; EndpointSlices keep them as terminating.
    let svc = &view.services[0];
    let eps = svc.endpoints.as_ref().expect("endpoints");
    let listed: usize = eps
        .subsets
        .iter()
        .map(|s| s.addresses.len() + s.not_ready_addresses.len())
        .sum();
    assert_eq!(listed, svc.backends.len() - terminating);
    let sliced = svc
        .slices
        .iter()
        .flat_map(|s| &s.endpoints)
        .filter(|e| e.conditions.terminating)
        .count();
    assert_eq!(sliced, terminating);
    // The timeline says the same and finds no outage.
    let t = rollout::timeline(&a, &r);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].service, "default/web");
    assert_eq!(t[0].counts.len(), r.steps.len());
    assert_eq!(t[0].counts[mid], states(&view));
    assert!(t[0].outage().is_empty());
    assert_eq!(t[0].min_ready(), 3);
}

#[test]
fn recreate_drops_every_endpoint_before_new_pods_start() {
    let a = analyze(&manifest(3, "  strategy: {type: Recreate}\n", "{app: web}"));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = deployment(&a);
    let r = rollout::plan(&w, &w).expect("a rollout");
    assert!(r.recreate);
    let t = rollout::timeline(&a, &r);
    // Before; all terminating; all gone; new starting; new ready.
    let ready: Vec<usize> = t[0].counts.iter().map(|c| c.0).collect();
    assert_eq!(ready, vec![3, 0, 0, 0, 3], "{:?}", t[0].counts);
    assert_eq!(t[0].counts[1], (0, 0, 3));
    assert_eq!(t[0].counts[3], (0, 3, 0));
    assert_eq!(t[0].outage(), vec![1, 2, 3]);
}

#[test]
fn a_template_whose_labels_leave_the_service_drains_it() {
    // The Service selects `track: blue`; the Deployment's own selector
    // (`app: web`, immutable) keeps matching the new template.
    let blue = |labels: &str| {
        manifest(2, "", labels).replacen(
            "  selector: {app: web}\n",
            "  selector: {app: web, track: blue}\n",
            1,
        )
    };
    let before = analyze(&blue("{app: web, track: blue}"));
    assert!(before.diagnostics.is_empty(), "{:?}", before.diagnostics);
    // The new template's pods carry `track: green`: the Service no longer selects them.
    let after = analyze(&blue("{app: web, track: green}"));
    assert!(after
        .diagnostics
        .iter()
        .any(|d| d.code.to_string() == "SVC002"));
    let r = rollout::plan(&deployment(&before), &deployment(&after)).expect("a rollout");
    assert!(!r.restart);
    let t = rollout::timeline(&after, &r);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].counts[0].0, 2, "ready before: {:?}", t[0].counts);
    assert_eq!(t[0].counts.last().unwrap().0, 0);
    assert!(!t[0].outage().is_empty());
}

/// `spec.selector` is immutable in apps/v1 (`ValidateUpdate` of the
/// Deployment, DaemonSet and ReplicaSet strategies, `ValidateStatefulSetUpdate`):
/// an update that changes it is refused, with that reason, whatever the template does.
#[test]
fn a_changed_selector_is_refused() {
    let with_selector = |sel: &str, labels: &str| {
        manifest(2, "", labels).replacen(
            "selector: {matchLabels: {app: web}}",
            &format!("selector: {sel}"),
            1,
        )
    };
    let base = with_selector("{matchLabels: {app: web}}", "{app: web, v: a}");
    // (after, refused, label)
    let rows = [
        (base.clone(), false, "same selector (a restart)"),
        (
            with_selector("{matchLabels: {app: web}}", "{app: web, v: b}"),
            false,
            "template labels change, selector the same",
        ),
        (
            with_selector("{matchLabels: {app: web, v: a}}", "{app: web, v: a}"),
            true,
            "a label added to matchLabels, template the same",
        ),
        (
            with_selector("{matchLabels: {app: web2}}", "{app: web2}"),
            true,
            "selector and template relabelled together",
        ),
        (
            with_selector(
                "{matchLabels: {app: web}, matchExpressions: [{key: v, operator: Exists}]}",
                "{app: web, v: a}",
            ),
            true,
            "an expression added",
        ),
    ];
    let from = deployment(&analyze(&base));
    for (after, refused, label) in rows {
        let a = analyze(&after);
        assert!(!a.has_errors(), "{label}: {:?}", a.diagnostics);
        let to = deployment(&a);
        match rollout::plan(&from, &to) {
            Ok(_) => assert!(!refused, "{label}: rolled out"),
            Err(e) => {
                assert!(refused, "{label}: {e}");
                let msg = e.to_string();
                assert!(msg.contains("`spec.selector` changed"), "{label}: {msg}");
                assert!(msg.contains("immutable in apps/v1"), "{label}: {msg}");
                assert!(msg.contains("(app=web → "), "{label}: {msg}");
            }
        }
        assert_eq!(
            rollout::selector_change(&from, &to).is_some(),
            refused,
            "{label}"
        );
    }
}

#[test]
fn max_surge_zero_never_adds_pods_and_a_paused_deployment_does_not_roll() {
    let text = manifest(
        3,
        "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 1}}\n",
        "{app: web}",
    );
    let a = analyze(&text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let r = rollout::plan(&deployment(&a), &deployment(&a)).expect("a rollout");
    assert_eq!((r.max_surge, r.max_unavailable), (0, 1));
    assert!(r.steps.iter().all(|s| {
        let (o, n) = s.replicas();
        o + n <= 3
    }));
    let paused = analyze(&text.replace("  replicas: 3\n", "  replicas: 3\n  paused: true\n"));
    assert!(paused.diagnostics.is_empty(), "{:?}", paused.diagnostics);
    let err = rollout::plan(&deployment(&paused), &deployment(&paused)).unwrap_err();
    assert!(err.to_string().contains("paused"), "{err}");
}

#[test]
fn invalid_strategies_are_reported_where_written() {
    for (strategy, message) in [
        (
            "  strategy: {type: BlueGreen}\n",
            "must be RollingUpdate or Recreate",
        ),
        (
            "  strategy: {type: Recreate, rollingUpdate: {maxSurge: 1}}\n",
            "may not be specified when `type` is Recreate",
        ),
        (
            "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 0}}\n",
            "may not be 0 when `maxSurge` is 0",
        ),
        (
            "  strategy: {rollingUpdate: {maxSurge: \"5\"}}\n",
            "must be an integer or a percentage",
        ),
        (
            "  strategy: {rollingUpdate: {maxUnavailable: 150%}}\n",
            "must not be greater than 100%",
        ),
        (
            "  strategy: {rollingUpdate: {maxSurge: -1}}\n",
            "must be greater than or equal to 0",
        ),
        (
            "  strategy: {rollingUpdate: {maxSurg: 1}}\n",
            "unknown field",
        ),
    ] {
        let a = analyze(&manifest(3, strategy, "{app: web}"));
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.message.contains(message))
            .unwrap_or_else(|| panic!("{strategy}: {:?}", a.diagnostics));
        let span = d.span.expect("a position");
        assert_eq!(span.start.line, 6, "{strategy}: {d:?}");
    }
}

#[test]
fn a_thousand_replicas_replaced_one_by_one_stop_at_the_step_cap() {
    let text = manifest(
        1000,
        "  strategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n",
        "{app: web}",
    );
    let a = analyze(&text);
    let r = rollout::plan(&deployment(&a), &deployment(&a)).expect("a rollout");
    assert!(r.truncated);
    assert_eq!(r.steps.len(), rollout::MAX_STEPS);
}

#[test]
fn a_pod_marked_not_ready_is_replaced_first() {
    let text = manifest(3, "", "{app: web}");
    let a = analyze(&text);
    let name = a.pods[1].pod.meta.name.clone();
    let marked = text.replacen(
        "metadata: {name: web}",
        &format!("metadata: {{name: web, annotations: {{svcmap.dev/not-ready: {name}}}}}"),
        1,
    );
    let a = analyze(&marked);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let r = rollout::plan(&deployment(&a), &deployment(&a)).expect("a rollout");
    assert_eq!(
        r.steps[0].old,
        vec![Phase::Ready, Phase::NotReady, Phase::Ready]
    );
    assert_eq!(states(&rollout::apply(&a, &r, 0)), (2, 1, 0));
    // The first old pod the controller removes is the unhealthy one.
    let first = r
        .steps
        .iter()
        .find(|s| s.old.contains(&Phase::Terminating))
        .expect("old pods go");
    assert_eq!(
        first.old,
        vec![Phase::Ready, Phase::Terminating, Phase::Ready],
        "{}",
        first.title
    );
}

#[test]
fn any_template_change_is_a_new_revision_but_formatting_is_not() {
    let hash = |text: &str| {
        let a = analyze(text);
        svcmap::engine::sim::workloads::pod_template_hash(&deployment(&a).template)
    };
    let base = manifest(2, "", "{app: web}");
    let image = base.replace("image: web:1", "image: web:2");
    assert_ne!(hash(&base), hash(&image), "an image change rolls out");
    // Comments, quoting and key order are not changes.
    let restyled = base
        .replace("image: web:1", "image: \"web:1\"")
        .replace(
            "containers: [{name: web, image: \"web:1\"",
            "containers: [{image: \"web:1\", name: web",
        )
        .replace("    spec:\n", "    spec: # the pod\n");
    assert_ne!(restyled, base);
    assert_eq!(hash(&base), hash(&restyled));
    let a = analyze(&image);
    let before = analyze(&base);
    let r = rollout::plan(&deployment(&before), &deployment(&a)).expect("a rollout");
    assert!(!r.restart);
}

/// The timeline counts what the analysis of each step holds, whatever the
/// Services make of the pods (ports that do not resolve, not-ready pods
/// published, other pods, several Services, IPv6).
#[test]
fn the_timeline_equals_the_analysis_of_every_step() {
    let extra = "---\napiVersion: v1\nkind: Service\nmetadata: {name: published}\nspec:\n  selector: {app: web}\n  publishNotReadyAddresses: true\n  ports: [{port: 80, targetPort: 8080}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: named}\nspec:\n  selector: {app: web}\n  ports: [{port: 81, targetPort: missing}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: v6}\nspec:\n  selector: {app: web}\n  ipFamilies: [IPv6]\n  ipFamilyPolicy: SingleStack\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other, labels: {app: web}}\nstatus: {phase: Running, podIP: 10.1.2.3, conditions: [{type: Ready, status: \"False\"}]}\n";
    for (before, after) in [
        (manifest(4, "", "{app: web}"), None),
        (
            manifest(3, "  strategy: {type: Recreate}\n", "{app: web}"),
            None,
        ),
        (
            manifest(
                5,
                "  strategy: {rollingUpdate: {maxSurge: 0, maxUnavailable: 2}}\n",
                "{app: web}",
            ),
            None,
        ),
        (
            manifest(2, "", "{app: web}"),
            Some(manifest(2, "", "{app: web2}")),
        ),
    ] {
        let before = format!("{before}{extra}");
        let after = after.map_or_else(|| before.clone(), |a| format!("{a}{extra}"));
        let (a0, a1) = (analyze(&before), analyze(&after));
        let r = rollout::plan(&deployment(&a0), &deployment(&a1)).expect("a rollout");
        let t = assert_timeline_matches(&a1, &r);
        assert!(
            t.len() >= 4,
            "{:?}",
            t.iter().map(|s| &s.service).collect::<Vec<_>>()
        );
    }
}

fn stateful(replicas: u32, strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  replicas: {replicas}\n  serviceName: db\n{strategy}  selector: {{matchLabels: {{app: db}}}}\n  template:\n    metadata: {{labels: {{app: db}}}}\n    spec:\n      containers: [{{name: db, image: db:1, ports: [{{containerPort: 5432}}]}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: db}}\nspec:\n  selector: {{app: db}}\n  ports: [{{port: 5432}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: db-0}}\nspec:\n  selector: {{statefulset.kubernetes.io/pod-name: db-0}}\n  ports: [{{port: 5432}}]\n"
    )
}

fn daemon(strategy: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: agent}}\nspec:\n{strategy}  selector: {{matchLabels: {{app: agent}}}}\n  template:\n    metadata: {{labels: {{app: agent}}}}\n    spec:\n      containers: [{{name: a, image: agent:1, ports: [{{containerPort: 9100}}]}}]\n---\napiVersion: v1\nkind: Service\nmetadata: {{name: agent}}\nspec:\n  selector: {{app: agent}}\n  ports: [{{port: 9100}}]\n"
    )
}

fn workload(a: &Analysis, key: &str) -> std::sync::Arc<svcmap::engine::model::Workload> {
    rollout::find_workload(a, key)
        .expect("the workload")
        .clone()
}

/// `timeline` against the analysis of every step.
fn assert_timeline_matches(a: &Analysis, r: &rollout::Rollout) -> Vec<rollout::ServiceTimeline> {
    let t = rollout::timeline(a, r);
    for i in 0..r.steps.len() {
        let step = rollout::apply(a, r, i);
        for st in &t {
            let svc = step
                .services
                .iter()
                .find(|s| {
                    format!("{}/{}", s.service.meta.namespace, s.service.meta.name) == st.service
                })
                .expect("the Service");
            let n = |x| svc.backends.iter().filter(|b| b.state == x).count();
            assert_eq!(
                st.counts[i],
                (
                    n(EndpointState::Ready),
                    n(EndpointState::NotReady),
                    n(EndpointState::Terminating)
                ),
                "{} at step {i} ({})",
                st.service,
                r.steps[i].title
            );
        }
    }
    t
}

#[test]
fn a_statefulset_replaces_one_pod_at_a_time_from_the_highest_ordinal() {
    let a = analyze(&stateful(3, ""));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = workload(&a, "statefulset/default/db");
    let r = rollout::plan(&w, &w).expect("a rollout");
    let deleted: Vec<&str> = r
        .steps
        .iter()
        .filter_map(|s| s.title.strip_prefix("The controller deletes "))
        .map(|t| t.split(' ').next().unwrap_or(""))
        .collect();
    assert_eq!(deleted, ["db-2", "db-1", "db-0"]);
    assert!(r.steps.last().unwrap().title.contains("complete"));
    // Never more than one pod in flight; the same names come back.
    for s in &r.steps {
        let down = (0..3)
            .filter(|&i| s.old[i] != Phase::Ready && s.new[i] != Phase::Ready)
            .count();
        assert!(down <= 1, "{}", s.title);
    }
    let last = rollout::apply(&a, &r, r.steps.len() - 1);
    let names: Vec<&str> = last.pods.iter().map(|p| p.pod.meta.name.as_str()).collect();
    assert_eq!(names, ["db-0", "db-1", "db-2"]);
    let t = assert_timeline_matches(&a, &r);
    let db0 = t
        .iter()
        .find(|s| s.service == "default/db-0")
        .expect("db-0's Service");
    // The Service of one pod is down while that pod is replaced.
    assert!(!db0.outage().is_empty());
    let db = t
        .iter()
        .find(|s| s.service == "default/db")
        .expect("db's Service");
    assert_eq!(db.min_ready(), 2);
}

#[test]
fn a_partition_keeps_lower_ordinals_and_on_delete_does_not_roll() {
    let a = analyze(&stateful(
        3,
        "  updateStrategy: {rollingUpdate: {partition: 2}}\n",
    ));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = workload(&a, "statefulset/default/db");
    let r = rollout::plan(&w, &w).expect("a rollout");
    let last = r.steps.last().unwrap();
    assert_eq!(last.old[..2], [Phase::Ready, Phase::Ready]);
    assert_eq!((last.old[2], last.new[2]), (Phase::Gone, Phase::Ready));
    assert!(last.title.contains("complete"), "{}", last.title);
    assert_timeline_matches(&a, &r);
    let a = analyze(&stateful(3, "  updateStrategy: {type: OnDelete}\n"));
    let w = workload(&a, "statefulset/default/db");
    assert!(rollout::plan(&w, &w)
        .unwrap_err()
        .to_string()
        .contains("OnDelete"));
    let a = analyze(&stateful(
        3,
        "  updateStrategy: {rollingUpdate: {partition: -1}}\n",
    ));
    assert!(a.diagnostics.iter().any(|d| d
        .message
        .contains("partition` must be greater than or equal to 0")));
}

#[test]
fn a_daemonset_replaces_one_node_at_a_time_or_surges_first() {
    let a = analyze(&daemon(""));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = workload(&a, "daemonset/default/agent");
    let r = rollout::plan(&w, &w).expect("a rollout");
    assert_eq!((r.max_surge, r.max_unavailable), (0, 1));
    let t = assert_timeline_matches(&a, &r);
    assert_eq!(t[0].min_ready(), 2, "{:?}", t[0].counts);
    assert!(r.steps.last().unwrap().title.contains("complete"));
    let a = analyze(&daemon(
        "  updateStrategy: {rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}\n",
    ));
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let w = workload(&a, "daemonset/default/agent");
    let r = rollout::plan(&w, &w).expect("a rollout");
    assert_eq!((r.max_surge, r.max_unavailable), (1, 0));
    let t = assert_timeline_matches(&a, &r);
    assert_eq!(
        t[0].min_ready(),
        3,
        "surge first: never below 3 ready: {:?}",
        t[0].counts
    );
    assert!(r.steps.last().unwrap().title.contains("complete"));
}
