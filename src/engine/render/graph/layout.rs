//! Placing the graph: Services, ports, pods and addresses in columns, groups by namespace and workload, and the edges between them.

use super::{
    pod_details, service_details, target_label, Anchor, GraphLayout, LayoutEdge, LayoutGroup,
    LayoutNode, LayoutOptions, NodeKind, COLUMN_GAP, GAP, GROUP_H, HEADER_H, MAX_EDGES,
    MAX_NEAR_MISS_SERVICES, MAX_SERVICES, NODE_W, POD_H, PORT_H, PORT_W,
};
use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolve::EndpointState;
use rustc_hash::FxBuildHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Lays out the Services, their ports and the pods of an analysis.
pub fn layout_with(a: &Analysis, opts: &LayoutOptions) -> GraphLayout {
    let mut out = GraphLayout::default();
    let mut namespaces: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    // The external addresses of each namespace's Services, by address.
    let mut addresses: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (i, s) in a.services.iter().enumerate() {
        namespaces
            .entry(&s.service.meta.namespace)
            .or_default()
            .0
            .push(i);
        for b in &s.external {
            addresses
                .entry(&s.service.meta.namespace)
                .or_default()
                .insert(&b.address);
        }
    }
    for (i, p) in a.pods.iter().enumerate() {
        namespaces
            .entry(&p.pod.meta.namespace)
            .or_default()
            .1
            .push(i);
    }
    let collapsed = collapsed_workloads(a, opts);
    let port_x = GAP + NODE_W + 10.0;
    let pod_x = port_x + PORT_W + COLUMN_GAP;
    let width = pod_x + NODE_W + 2.0 * GAP;
    let mut y = 0.0;
    // pod index -> its node: (name, anchor point, whether it is a collapsed group)
    let mut pod_anchor: BTreeMap<usize, Anchor> = BTreeMap::new();
    let mut svc_anchor: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    // (namespace, address) -> its node's name and anchor point.
    let mut address_anchor: BTreeMap<(&str, &str), (String, f64, f64)> = BTreeMap::new();
    // Each namespace's band, (top, bottom), as first placed in one column.
    let mut bands: Vec<(f64, f64)> = Vec::new();
    for (ns, (mut svcs, mut pods)) in namespaces {
        let top = y;
        y += HEADER_H;
        crate::engine::base::order::sort_by(&mut svcs, |&p, &q| {
            a.services[p]
                .service
                .meta
                .name
                .cmp(&a.services[q].service.meta.name)
        });
        crate::engine::base::order::sort_by(&mut pods, |&p, &q| {
            let key = |i: usize| {
                let pod = &a.pods[i].pod;
                (
                    pod.owner
                        .as_ref()
                        .map(|o| (o.kind.as_str(), o.name.as_str())),
                    pod.meta.name.as_str(),
                )
            };
            key(p).cmp(&key(q))
        });
        // Services and their port chips.
        let mut sy = y;
        for &i in &svcs {
            if svc_anchor.len() >= MAX_SERVICES {
                out.hidden_services += 1;
                continue;
            }
            let s = &a.services[i];
            let (details, tooltip, simulated) = service_details(a, i);
            let ports = &s.service.ports;
            let h =
                (22.0 + 15.0 * details.len() as f64).max(ports.len() as f64 * (PORT_H + 4.0) + 4.0);
            let name = s.service.meta.key();
            out.nodes.push(LayoutNode {
                kind: NodeKind::Service,
                name: name.clone(),
                label: s.service.meta.name.clone(),
                details,
                tooltip,
                x: GAP,
                y: sy,
                w: NODE_W,
                h,
                simulated,
                refs: vec![i],
            });
            for (k, p) in ports.iter().enumerate() {
                let label = format!("{}/{} → {}", p.port, p.protocol, p.target_port);
                out.nodes.push(LayoutNode {
                    kind: NodeKind::Port,
                    name: format!("{name}:{}", p.port),
                    label,
                    details: Vec::new(),
                    tooltip: format!(
                        "port {}{}/{} → targetPort {}",
                        if p.name.is_empty() {
                            String::new()
                        } else {
                            format!("\u{201c}{}\u{201d} ", p.name)
                        },
                        p.port,
                        p.protocol,
                        p.target_port
                    ),
                    x: port_x,
                    y: sy + 4.0 + k as f64 * (PORT_H + 4.0),
                    w: PORT_W,
                    h: PORT_H,
                    simulated: false,
                    refs: vec![i],
                });
            }
            let anchor_x = if ports.is_empty() {
                GAP + NODE_W
            } else {
                port_x + PORT_W
            };
            svc_anchor.insert(i, (anchor_x, sy + h / 2.0));
            sy += h + GAP;
        }
        // Pods, grouped by owner; big groups collapsed.
        let mut py = y;
        let mut k = 0;
        while k < pods.len() {
            let owner = a.pods[pods[k]].pod.owner.clone();
            let mut end = k + 1;
            while end < pods.len() && a.pods[pods[end]].pod.owner == owner {
                end += 1;
            }
            let run = &pods[k..end];
            match &owner {
                Some(o) => {
                    let group = format!("{ns}/{}/{}", o.kind.to_ascii_lowercase(), o.name);
                    let label = format!(
                        "{}/{} · {} pods",
                        o.kind.to_ascii_lowercase(),
                        o.name,
                        run.len()
                    );
                    py += GROUP_H;
                    let start = py;
                    if collapsed.contains(&group) {
                        let (label, tooltip) = (
                            format!("{} × {}", o.name, run.len()),
                            format!("{} pods of {} {}", run.len(), o.kind, o.name),
                        );
                        py = place_group(
                            group,
                            label,
                            tooltip,
                            run,
                            (pod_x, py),
                            &mut out,
                            &mut pod_anchor,
                        );
                    } else {
                        for &i in run {
                            py = place_pod(a, i, pod_x, py, &mut out, &mut pod_anchor);
                        }
                    }
                    out.groups.push(LayoutGroup {
                        label,
                        kind: "workload",
                        x: pod_x - 6.0,
                        y: start - GROUP_H,
                        w: NODE_W + 12.0,
                        h: py - GAP + 6.0 - (start - GROUP_H),
                    });
                }
                None if collapsed.contains(&standalone_group(ns)) => {
                    let (label, tooltip) = (
                        format!("{} pods", run.len()),
                        format!("{} pods that no workload owns", run.len()),
                    );
                    py = place_group(
                        standalone_group(ns),
                        label,
                        tooltip,
                        run,
                        (pod_x, py),
                        &mut out,
                        &mut pod_anchor,
                    );
                }
                None => {
                    for &i in run {
                        py = place_pod(a, i, pod_x, py, &mut out, &mut pod_anchor);
                    }
                }
            }
            k = end;
        }
        for ip in addresses.get(ns).into_iter().flatten() {
            let name = address_node_name(ns, ip);
            out.nodes.push(address_node(a, ns, ip, &name, pod_x, py));
            address_anchor.insert((ns, ip), (name, pod_x, py + POD_H / 2.0));
            py += POD_H + GAP;
        }
        y = sy.max(py) + GAP;
        out.groups.push(LayoutGroup {
            label: format!("namespace {ns}"),
            kind: "namespace",
            x: 0.0,
            y: top,
            w: width,
            h: y - top,
        });
        bands.push((top, y));
        y += GAP;
    }
    // Edges: one per (Service, pod); pods of a collapsed group share one edge per state.
    for (i, s) in a.services.iter().enumerate() {
        let Some(&(x1, y1)) = svc_anchor.get(&i) else {
            continue;
        };
        let from = s.service.meta.key();
        let mut grouped: BTreeMap<(String, EndpointState), (usize, f64, f64)> = BTreeMap::new();
        for b in &s.backends {
            let Some((to, x2, y2, is_group)) = pod_anchor.get(&b.pod) else {
                continue;
            };
            if *is_group {
                let e = grouped
                    .entry((to.clone(), b.state))
                    .or_insert((0, *x2, *y2));
                e.0 += 1;
                continue;
            }
            push_edge(&mut out, || LayoutEdge {
                from: from.clone(),
                to: to.clone(),
                state: b.state,
                reason: b.reason.to_string(),
                label: target_label(&b.ports),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
                label_y: 0.0,
            });
        }
        for b in &s.external {
            let Some((to, x2, y2)) =
                address_anchor.get(&(s.service.meta.namespace.as_str(), b.address.as_str()))
            else {
                continue;
            };
            push_edge(&mut out, || LayoutEdge {
                from: from.clone(),
                to: to.clone(),
                state: b.state,
                reason: b.reason.to_string(),
                label: target_label(&b.ports),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
                label_y: 0.0,
            });
        }
        for ((to, state), (count, x2, y2)) in grouped {
            out.edges.push(LayoutEdge {
                from: from.clone(),
                to,
                state,
                reason: format!("{count} pods {}", state.as_str()),
                label: format!("×{count}"),
                count,
                x1,
                y1,
                x2,
                y2,
                label_y: 0.0,
            });
        }
    }
    near_miss_edges(a, &svc_anchor, &pod_anchor, &mut out);
    stack_edge_labels(&mut out.edges);
    crate::engine::base::order::sort_by_key(&mut out.groups, |g| g.kind != "namespace");
    out.width = width;
    out.height = y.max(1.0);
    wrap_bands(&mut out, &bands);
    out
}

/// The shape a graph of several namespaces is wrapped to, width over height:
/// a wide screen's.
const WRAP_ASPECT: f64 = 16.0 / 10.0;

/// Wraps the namespace bands, placed in one column, into columns side by
/// side (in order, top to bottom then left to right) so that the whole is
/// about [`WRAP_ASPECT`] — or as tall as the tallest band. Everything in a
/// band moves with it: edges never leave their namespace.
fn wrap_bands(out: &mut GraphLayout, bands: &[(f64, f64)]) {
    if bands.len() < 2 {
        return;
    }
    let column_w = out.width + 2.0 * GAP;
    let tallest = bands.iter().map(|(t, b)| b - t).fold(0.0, f64::max);
    let total: f64 = bands.iter().map(|(t, b)| b - t + GAP).sum();
    let limit = tallest.max((total * column_w / WRAP_ASPECT).sqrt());
    // Each band's move, (dx, dy).
    let mut moves = Vec::with_capacity(bands.len());
    let (mut col, mut cy, mut height) = (0.0_f64, 0.0_f64, 0.0_f64);
    for (top, bottom) in bands {
        let h = bottom - top;
        if cy > 0.0 && cy + h > limit {
            col += 1.0;
            cy = 0.0;
        }
        moves.push((col * column_w, cy - top));
        cy += h + 2.0 * GAP;
        height = height.max(cy);
    }
    let band_of = |y: f64| {
        let i = bands.partition_point(|(top, _)| *top <= y + 0.5);
        moves[i.saturating_sub(1)]
    };
    for n in &mut out.nodes {
        let (dx, dy) = band_of(n.y);
        n.x += dx;
        n.y += dy;
    }
    for g in &mut out.groups {
        let (dx, dy) = band_of(g.y);
        g.x += dx;
        g.y += dy;
    }
    for e in &mut out.edges {
        let (dx, dy) = band_of(e.y1);
        e.x1 += dx;
        e.x2 += dx;
        e.y1 += dy;
        e.y2 += dy;
        e.label_y += dy;
    }
    out.width = column_w * (col + 1.0) - 2.0 * GAP;
    out.height = (height - 2.0 * GAP).max(1.0);
}

/// Line height of edge labels.
const EDGE_LABEL_H: f64 = 11.0;

/// Places each edge's label just above its end; the labels of edges ending
/// at the same point go one above the other, in edge order.
fn stack_edge_labels(edges: &mut [LayoutEdge]) {
    let mut at: HashMap<(i64, i64), f64, FxBuildHasher> = HashMap::default();
    for e in edges.iter_mut() {
        if e.label.is_empty() {
            e.label_y = e.y2 - 5.0;
            continue;
        }
        let key = ((e.x2 * 100.0) as i64, (e.y2 * 100.0) as i64);
        let k = at.entry(key).or_insert(0.0);
        e.label_y = e.y2 - 5.0 - EDGE_LABEL_H * *k;
        *k += 1.0;
    }
}

/// Most near-miss edges drawn per Service.
pub const MAX_NEAR_MISS_EDGES: usize = 3;

/// For each Service without a ready endpoint, dotted edges to the pods of its
/// namespace it nearly selects (at most [`MAX_NEAR_MISS_EDGES`], nearest
/// first), each saying which keys fail.
pub(super) fn near_miss_edges(
    a: &Analysis,
    svc_anchor: &BTreeMap<usize, (f64, f64)>,
    pod_anchor: &BTreeMap<usize, Anchor>,
    out: &mut GraphLayout,
) {
    let without_pods = a.services.iter().enumerate().filter(|(_, s)| {
        s.service.selector.is_some() && !crate::engine::scenarios::explain::has_ready_endpoints(s)
    });
    for (i, s) in without_pods.take(MAX_NEAR_MISS_SERVICES) {
        let Some(&(x1, y1)) = svc_anchor.get(&i) else {
            continue;
        };
        let e = crate::engine::scenarios::explain::explain(a, s);
        let mut drawn = BTreeSet::new();
        for m in e.near_misses.iter().filter(|m| m.other_namespace.is_none()) {
            let Some((to, x2, y2, _)) = pod_anchor.get(&m.pod) else {
                continue;
            };
            if drawn.len() == MAX_NEAR_MISS_EDGES || !drawn.insert(to.clone()) {
                continue;
            }
            out.edges.push(LayoutEdge {
                from: s.service.meta.key(),
                to: to.clone(),
                state: EndpointState::NearMiss,
                reason: format!("not selected, nearly: {}", m.failing_keys()),
                label: "near miss".into(),
                count: 1,
                x1,
                y1,
                x2: *x2,
                y2: *y2,
                label_y: 0.0,
            });
        }
    }
}

/// The workloads (`namespace/kind/name`) drawn as one node: those over
/// `collapse_over` pods, then the largest others until at most `max_pods`
/// pods are drawn one by one — never one the user expanded.
/// Draws the pods `run` as one collapsed node named `group` at `(x, y)`;
/// returns the next free y.
pub(super) fn place_group(
    group: String,
    label: String,
    tooltip: String,
    run: &[usize],
    (x, y): (f64, f64),
    out: &mut GraphLayout,
    pod_anchor: &mut BTreeMap<usize, Anchor>,
) -> f64 {
    for &i in run {
        pod_anchor.insert(i, (group.clone(), x, y + POD_H / 2.0, true));
    }
    out.nodes.push(LayoutNode {
        kind: NodeKind::PodGroup,
        name: group,
        label,
        details: vec!["collapsed · click to expand".into()],
        tooltip: format!("{tooltip} (collapsed)"),
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: true,
        refs: run.to_vec(),
    });
    y + POD_H + GAP
}

/// The group name ending of a namespace's pods that no workload owns.
pub(super) const STANDALONE: &str = "//standalone";

/// The group of a namespace's standalone pods (`<ns>//standalone`).
pub(super) fn standalone_group(ns: &str) -> String {
    format!("{ns}{STANDALONE}")
}

pub(super) fn collapsed_workloads(a: &Analysis, opts: &LayoutOptions) -> BTreeSet<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut drawn = 0;
    for p in &a.pods {
        match &p.pod.owner {
            Some(o) => {
                *sizes
                    .entry(format!(
                        "{}/{}/{}",
                        p.pod.meta.namespace,
                        o.kind.to_ascii_lowercase(),
                        o.name
                    ))
                    .or_default() += 1
            }
            None => {
                *sizes
                    .entry(standalone_group(&p.pod.meta.namespace))
                    .or_default() += 1
            }
        }
    }
    let mut out = BTreeSet::new();
    // A namespace's standalone pods collapse only past `max_pods` (pods are
    // usually few and each one matters).
    sizes.retain(|name, n| {
        if name.ends_with(STANDALONE) && !opts.expanded.contains(name) {
            if *n > opts.max_pods {
                out.insert(name.clone());
            } else {
                drawn += *n;
            }
            return false;
        }
        true
    });
    let mut open: Vec<(usize, String)> = Vec::new();
    for (name, n) in sizes {
        if opts.expanded.contains(&name) {
            drawn += n;
        } else if n > opts.collapse_over {
            out.insert(name);
        } else {
            drawn += n;
            open.push((n, name));
        }
    }
    // Largest first; ties by name, so the choice is stable.
    crate::engine::base::order::sort_by(&mut open, |x, y| {
        y.0.cmp(&x.0).then_with(|| x.1.cmp(&y.1))
    });
    for (n, name) in open {
        if drawn <= opts.max_pods {
            break;
        }
        if n > 1 {
            drawn -= n;
            out.insert(name);
        }
    }
    out
}

/// The node name of an external address: `namespace/address:<ip>` (an IP is
/// also a valid pod name, so the `address:` keeps the two apart).
pub fn address_node_name(ns: &str, ip: &str) -> String {
    format!("{ns}/address:{ip}")
}

/// The node of an external address of a namespace's Services.
pub(super) fn address_node(
    a: &Analysis,
    ns: &str,
    ip: &str,
    name: &str,
    x: f64,
    y: f64,
) -> LayoutNode {
    let mut tip = format!("Address {ip}\nnot a pod of the input: read from EndpointSlices\n");
    for s in a.services.iter().filter(|s| s.service.meta.namespace == ns) {
        for b in s.external.iter().filter(|b| b.address == ip) {
            tip.push_str(&format!(
                "Service {}: {} ({})\n",
                s.service.meta.name,
                b.state.as_str(),
                b.slice
            ));
        }
    }
    LayoutNode {
        kind: NodeKind::Address,
        name: name.to_string(),
        label: ip.to_string(),
        details: vec!["external address".into()],
        tooltip: tip.trim_end().to_string(),
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: false,
        refs: Vec::new(),
    }
}

pub(super) fn place_pod(
    a: &Analysis,
    i: usize,
    x: f64,
    y: f64,
    out: &mut GraphLayout,
    anchors: &mut BTreeMap<usize, Anchor>,
) -> f64 {
    let sim = &a.pods[i];
    let (details, tooltip) = pod_details(a, i);
    let name = sim.pod.meta.key();
    out.nodes.push(LayoutNode {
        kind: NodeKind::Pod,
        name: name.clone(),
        label: sim.pod.meta.name.clone(),
        details,
        tooltip,
        x,
        y,
        w: NODE_W,
        h: POD_H,
        simulated: sim.simulated_status,
        refs: vec![i],
    });
    anchors.insert(i, (name, x, y + POD_H / 2.0, false));
    y + POD_H + GAP
}

/// Adds a (Service, backend) edge, or counts it in `hidden_edges` once the
/// layout holds [`MAX_EDGES`] (without building it: a dump can have tens of
/// thousands past the cap).
fn push_edge(out: &mut GraphLayout, edge: impl FnOnce() -> LayoutEdge) {
    if out.edges.len() >= MAX_EDGES {
        out.hidden_edges += 1;
    } else {
        out.edges.push(edge());
    }
}
