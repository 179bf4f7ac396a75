//! Tests of the graph layout.

use super::*;
use crate::engine::analysis::analyze;

const TEXT: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: other}\n";

#[test]
fn edges_connect_services_to_selected_pods() {
    let g = layout(&analyze(TEXT));
    let kinds: Vec<&str> = g.nodes.iter().map(|n| n.kind.as_str()).collect();
    assert_eq!(kinds.iter().filter(|k| **k == "pod").count(), 2);
    assert_eq!(kinds.iter().filter(|k| **k == "port").count(), 1);
    assert_eq!(g.edges.len(), 1);
    assert_eq!(g.edges[0].from, "default/web");
    assert_eq!(g.edges[0].to, "default/web-1");
    assert_eq!(g.edges[0].state, EndpointState::Ready);
    assert_eq!(g.edges[0].label, ":80");
    let port = g.nodes.iter().find(|n| n.kind == NodeKind::Port).unwrap();
    assert!(g.edges[0].x1 >= port.x + port.w - 0.5);
}

#[test]
fn services_without_pods_point_at_their_near_misses() {
    let g = layout(&analyze(include_str!(
        "../../../ui/examples/broken-routing.yaml"
    )));
    let near: Vec<(&str, &str)> = g
        .edges
        .iter()
        .filter(|e| e.state == EndpointState::NearMiss)
        .map(|e| (e.from.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(near.len(), 2, "{near:?}");
    assert!(near.iter().all(|(from, why)| *from == "default/checkout"
        && why.contains("app wants `chekout`, pod has `checkout`")));
}

#[test]
fn layout_is_stable_when_an_unrelated_line_changes() {
    let a = layout(&analyze(TEXT));
    let b = layout(&analyze(&TEXT.replace("name: other", "name: other2")));
    let pos =
        |g: &GraphLayout, name: &str| g.nodes.iter().find(|n| n.name == name).map(|n| (n.x, n.y));
    assert_eq!(pos(&a, "default/web"), pos(&b, "default/web"));
    assert_eq!(pos(&a, "default/web-1"), pos(&b, "default/web-1"));
}

#[test]
fn big_workloads_collapse_and_expand() {
    let text = format!("{TEXT}---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: big}}\nspec:\n  replicas: 70\n  selector: {{matchLabels: {{app: web}}}}\n  template:\n    metadata: {{labels: {{app: web}}}}\n    spec: {{containers: [{{name: c}}]}}\n");
    let a = analyze(&text);
    let g = layout(&a);
    let group = g
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::PodGroup)
        .expect("collapsed");
    assert_eq!(group.name, "default/deployment/big");
    assert_eq!(group.refs.len(), 70);
    let e = g.edges.iter().find(|e| e.to == group.name).unwrap();
    assert_eq!((e.count, e.state), (70, EndpointState::Ready));
    let mut opts = LayoutOptions::default();
    opts.expanded.insert(group.name.clone());
    let g = layout_with(&a, &opts);
    assert_eq!(
        g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count(),
        72
    );
    assert_eq!(g.edges.len(), 71);
}

#[test]
fn huge_manifests_are_drawn_within_a_pod_budget() {
    let a = analyze(&crate::synthetic::manifest(1000, 100, 2));
    let g = layout(&a);
    let pods = g.nodes.iter().filter(|n| n.kind == NodeKind::Pod).count();
    let groups = g
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::PodGroup)
        .count();
    assert!(pods <= 300, "{pods} pods drawn");
    assert!(groups > 0);
    let covered: usize = g
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Pod | NodeKind::PodGroup))
        .map(|n| n.refs.len())
        .sum();
    assert_eq!(
        covered,
        a.pods.len(),
        "every pod is drawn, alone or in a group"
    );
}

/// A pod box says readiness first, read from the status a cluster dump
/// carries (`kubectl get pods -o yaml`), with no diagnostic about it; a pod
/// without status is simulated running and ready.
#[test]
fn pod_boxes_say_readiness_first() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: crashing, labels: {app: web}}\nspec:\n  containers: [{name: app}, {name: proxy}]\nstatus:\n  phase: Running\n  podIP: 10.0.0.5\n  conditions:\n  - {type: Initialized, status: \"True\", lastProbeTime: null}\n  - {type: Ready, status: \"False\", reason: ContainersNotReady}\n  - {type: PodScheduled, status: \"True\"}\n  containerStatuses:\n  - name: app\n    ready: false\n    restartCount: 7\n    started: false\n    image: example/app:1\n    imageID: example/app@sha256:00\n    containerID: containerd://00\n    lastState: {terminated: {exitCode: 1, reason: Error, finishedAt: \"2026-01-01T00:00:00Z\"}}\n    state: {waiting: {reason: CrashLoopBackOff, message: back-off}}\n  - name: proxy\n    ready: true\n    restartCount: 0\n    started: true\n    state: {running: {startedAt: \"2026-01-01T00:00:00Z\"}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: simulated, labels: {app: web}}\nspec: {containers: [{name: app}]}\n";
    let a = analyze(text);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let g = layout(&a);
    let line = |name: &str| {
        g.nodes
            .iter()
            .find(|n| n.label == name)
            .map(|n| n.details[0].clone())
            .unwrap()
    };
    assert_eq!(line("crashing"), "1/2 CrashLoopBackOff · 10.0.0.5");
    assert!(
        line("simulated").starts_with("1/1 Ready · 10.244."),
        "{}",
        line("simulated")
    );
}

/// Edges meeting at one pod stack their labels: none is drawn on another.
#[test]
fn labels_of_edges_meeting_at_a_pod_do_not_overlap() {
    let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {selector: {app: web}, ports: [{port: 80, targetPort: 8080}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {selector: {app: web}, ports: [{port: 81, targetPort: 9090}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\nspec: {selector: {app: web, tier: bakc}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web, tier: back}}\n";
    let g = layout(&analyze(text));
    let labelled: Vec<&LayoutEdge> = g.edges.iter().filter(|e| !e.label.is_empty()).collect();
    assert_eq!(
        labelled.len(),
        3,
        "two edges and a near miss: {:?}",
        g.edges
    );
    for (i, e) in labelled.iter().enumerate() {
        assert!(e.label_y < e.y2, "above the end: {e:?}");
        for f in &labelled[i + 1..] {
            let same_end = (e.x2, e.y2) == (f.x2, f.y2);
            assert!(
                !same_end || (e.label_y - f.label_y).abs() >= 11.0,
                "{} and {} overlap",
                e.label,
                f.label
            );
        }
    }
}

/// Several namespaces wrap into columns side by side, the whole about as
/// wide as a screen; boxes never overlap and each namespace keeps its nodes
/// and edges inside its band.
#[test]
fn namespaces_wrap_into_columns() {
    let mut text = String::new();
    for i in 0..24 {
        let ns = format!("team-{}", i % 4);
        text.push_str(&format!("---\napiVersion: v1\nkind: Service\nmetadata: {{name: s{i}, namespace: {ns}}}\nspec: {{selector: {{app: a{i}}}, ports: [{{port: 80}}]}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, namespace: {ns}, labels: {{app: a{i}}}}}\n"));
    }
    let g = layout(&analyze(&text));
    let bands: Vec<&LayoutGroup> = g.groups.iter().filter(|b| b.kind == "namespace").collect();
    assert_eq!(bands.len(), 4);
    let columns: BTreeSet<i64> = bands.iter().map(|b| b.x as i64).collect();
    assert!(columns.len() >= 2, "wrapped: {bands:?}");
    let aspect = g.width / g.height;
    assert!(
        (0.8..=3.2).contains(&aspect),
        "about a screen's shape: {aspect}"
    );
    for (i, a) in bands.iter().enumerate() {
        assert!(
            a.x + a.w <= g.width + 0.5 && a.y + a.h <= g.height + 0.5,
            "{a:?} inside {}×{}",
            g.width,
            g.height
        );
        for b in &bands[i + 1..] {
            let apart =
                a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    let inside = |x: f64, y: f64, ns: &str| {
        let b = bands
            .iter()
            .find(|b| b.label == format!("namespace {ns}"))
            .unwrap();
        x >= b.x - 0.5 && x <= b.x + b.w + 0.5 && y >= b.y - 0.5 && y <= b.y + b.h + 0.5
    };
    for n in &g.nodes {
        let ns = n.name.split('/').next().unwrap();
        assert!(
            inside(n.x, n.y, ns) && inside(n.x + n.w, n.y + n.h, ns),
            "{n:?}"
        );
    }
    assert_eq!(g.edges.len(), 24);
    for e in &g.edges {
        let ns = e.from.split('/').next().unwrap();
        assert!(inside(e.x1, e.y1, ns) && inside(e.x2, e.y2, ns), "{e:?}");
    }
}

/// `services` Services in `namespaces` namespaces, each selecting the
/// `replicas` pods of a Deployment: written as a Deployment (svcmap simulates
/// its pods) or, `dump`, as `kubectl get services,pods -o yaml` prints them —
/// pods named `<replicaset>-<suffix>` with the ReplicaSet's
/// `pod-template-hash` and an `ownerReferences` entry naming it.
fn fleet(services: usize, replicas: usize, namespaces: usize, dump: bool) -> String {
    let mut out = String::new();
    for i in 0..services {
        let ns = format!("team-{}", i % namespaces);
        let app = format!("app-{i}");
        out.push_str(&format!("---\napiVersion: v1\nkind: Service\nmetadata: {{name: {app}, namespace: {ns}}}\nspec:\n  selector: {{app: {app}}}\n  ports: [{{name: http, port: 80, targetPort: http}}]\n"));
        if !dump {
            out.push_str(&format!("---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {app}, namespace: {ns}}}\nspec:\n  replicas: {replicas}\n  selector: {{matchLabels: {{app: {app}}}}}\n  template:\n    metadata: {{labels: {{app: {app}}}}}\n    spec: {{containers: [{{name: main, ports: [{{name: http, containerPort: 8080}}]}}]}}\n"));
            continue;
        }
        let hash = format!("{:x}c7d9", 0x5a0 + i);
        for r in 0..replicas {
            out.push_str(&format!("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {app}-{hash}-x{r:03}\n  namespace: {ns}\n  labels: {{app: {app}, pod-template-hash: {hash}}}\n  ownerReferences: [{{apiVersion: apps/v1, kind: ReplicaSet, name: {app}-{hash}, uid: u{i}, controller: true}}]\nspec: {{containers: [{{name: main, ports: [{{name: http, containerPort: 8080}}]}}]}}\nstatus:\n  phase: Running\n  podIP: 10.{}.{}.{}\n  conditions: [{{type: Ready, status: \"True\"}}]\n", i / 250, i % 250, r + 1));
        }
    }
    out
}

/// The scale at which the whole graph fits the graph's box of the playground
/// at 1440×900 (about 830×500 px), with the view's 8-unit margin.
fn fitted_scale(g: &GraphLayout) -> f64 {
    (830.0 / (g.width + 16.0)).min(500.0 / (g.height + 16.0))
}

#[test]
fn sixty_services_fit_a_screen_readably() {
    for (label, text, services, groups, pods) in [
        (
            "60 Deployments of 8 pods in 4 namespaces",
            fleet(60, 8, 4, false),
            60,
            60,
            0,
        ),
        (
            "the same as a dump of pods owned by ReplicaSets",
            fleet(60, 8, 4, true),
            60,
            60,
            0,
        ),
        (
            "60 Deployments of 9 pods in 3 namespaces",
            fleet(60, 9, 3, false),
            60,
            60,
            0,
        ),
        (
            "60 Deployments of 8 pods in 6 namespaces",
            fleet(60, 8, 6, false),
            60,
            60,
            0,
        ),
        (
            "3 Deployments of 3 pods: few pods, all drawn",
            fleet(3, 3, 1, false),
            3,
            0,
            9,
        ),
        (
            "12 Deployments of 5 pods: crowded, collapsed",
            fleet(12, 5, 2, false),
            12,
            12,
            0,
        ),
    ] {
        let a = analyze(&text);
        let g = layout(&a);
        let count = |k: NodeKind| g.nodes.iter().filter(|n| n.kind == k).count();
        assert_eq!(count(NodeKind::Service), services, "{label}");
        assert_eq!(count(NodeKind::PodGroup), groups, "{label}");
        assert_eq!(count(NodeKind::Pod), pods, "{label}");
        if groups > 0 {
            let first = g
                .nodes
                .iter()
                .find(|n| n.kind == NodeKind::PodGroup)
                .unwrap();
            assert_eq!(
                first.name, "team-0/deployment/app-0",
                "{label}: ReplicaSets fold into their Deployment"
            );
            let n = first.refs.len();
            assert_eq!(
                first.details,
                [format!("{n} pods · {n}/{n} ready")],
                "{label}"
            );
        }
        let scale = fitted_scale(&g);
        println!(
            "{label}: {:.0} × {:.0}, fitted at {scale:.3}",
            g.width, g.height
        );
        // Names are 13 px: at least 9 px on screen once fitted.
        if services == 60 {
            assert!(
                13.0 * scale >= 9.0,
                "{label}: names at {:.1} px",
                13.0 * scale
            );
        }
        assert_no_overlaps(&g, label);
    }
}

/// A box: x, y, width, height.
type Rect = (f64, f64, f64, f64);

/// Boxes (but a port chip in its own Service) never overlap, edge labels
/// never overlap each other, and everything is inside the graph's bounds.
fn assert_no_overlaps(g: &GraphLayout, label: &str) {
    let apart = |a: Rect, b: Rect| {
        a.0 + a.2 <= b.0 + 0.01
            || b.0 + b.2 <= a.0 + 0.01
            || a.1 + a.3 <= b.1 + 0.01
            || b.1 + b.3 <= a.1 + 0.01
    };
    let boxes: Vec<(&LayoutNode, Rect)> =
        g.nodes.iter().map(|n| (n, (n.x, n.y, n.w, n.h))).collect();
    for (i, (n, a)) in boxes.iter().enumerate() {
        assert!(
            a.0 >= -0.01
                && a.1 >= -0.01
                && a.0 + a.2 <= g.width + 0.01
                && a.1 + a.3 <= g.height + 0.01,
            "{label}: {} outside",
            n.name
        );
        for (m, b) in &boxes[i + 1..] {
            let own_chip = |p: &LayoutNode, s: &LayoutNode| {
                p.kind == NodeKind::Port
                    && s.kind == NodeKind::Service
                    && p.name.starts_with(&format!("{}:", s.name))
            };
            if own_chip(n, m) || own_chip(m, n) {
                continue;
            }
            assert!(apart(*a, *b), "{label}: {} overlaps {}", n.name, m.name);
        }
    }
    // Edge labels: 10 px monospace (6 px a character), 11 px high, ending 6
    // before the edge's end.
    let labels: Vec<Rect> = g
        .edges
        .iter()
        .filter(|e| !e.label.is_empty())
        .map(|e| {
            let w = e.label.chars().count() as f64 * 6.0;
            (e.x2 - 6.0 - w, e.label_y - 9.0, w, 11.0)
        })
        .collect();
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                apart(*a, *b),
                "{label}: edge labels {a:?} and {b:?} overlap"
            );
        }
    }
}

/// The filter takes namespaces and kinds out of the layout: they leave no
/// box, no edge and no room behind.
#[test]
fn the_filter_takes_items_out_of_the_layout() {
    let text = fleet(4, 2, 2, false);
    let a = analyze(&text);
    let ns = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    for (hidden, services, pods, edges, label) in [
        (GraphFilter::default(), 4, 8, 8, "everything"),
        (
            GraphFilter {
                namespaces: ns(&["team-1"]),
                ..GraphFilter::default()
            },
            2,
            4,
            4,
            "one namespace of two",
        ),
        (
            GraphFilter {
                services: true,
                ..GraphFilter::default()
            },
            0,
            8,
            0,
            "no Services: pods alone, no edges",
        ),
        (
            GraphFilter {
                pods: true,
                ..GraphFilter::default()
            },
            4,
            0,
            0,
            "no pods: Services alone",
        ),
        (
            GraphFilter {
                namespaces: ns(&["team-0", "team-1"]),
                ..GraphFilter::default()
            },
            0,
            0,
            0,
            "every namespace hidden",
        ),
    ] {
        let opts = LayoutOptions {
            hidden,
            ..LayoutOptions::default()
        };
        let g = layout_with(&a, &opts);
        let count = |k: NodeKind| g.nodes.iter().filter(|n| n.kind == k).count();
        assert_eq!(count(NodeKind::Service), services, "{label}");
        assert_eq!(count(NodeKind::Pod), pods, "{label}");
        assert_eq!(g.edges.len(), edges, "{label}");
        assert_eq!(g.hidden_services, 0, "{label}: filtered is not 'too many'");
        let bands = g.groups.iter().filter(|b| b.kind == "namespace").count();
        assert_eq!(
            bands,
            usize::from(services + pods > 0) * (2 - opts.hidden.namespaces.len()),
            "{label}"
        );
        assert_no_overlaps(&g, label);
    }
}

#[test]
fn pod_boxes_are_roomy_unless_the_input_is_crowded() {
    // (pods in the input, the width of their boxes)
    let rows = [(2, POD_W_ROOMY), (40, POD_W_ROOMY), (41, POD_W)];
    for (n, want) in rows {
        let mut text =
            String::from("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n");
        for i in 0..n {
            text.push_str(&format!(
                "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: web-{i}, labels: {{app: web}}}}\n"
            ));
        }
        let g = layout(&analyze(&text));
        assert_eq!(g.pod_w, want, "{n} pods");
        for p in g.nodes.iter().filter(|p| p.kind == NodeKind::Pod) {
            assert_eq!(p.w, want, "{n} pods: {}", p.name);
        }
    }
}
