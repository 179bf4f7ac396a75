//! Placing the graph: each namespace a region of rows (a Service, its ports, the pods it reaches first), regions packed to a screen's shape, and the edges between them.

use super::{
    pod_details, service_details, target_label, Anchor, GraphLayout, LayoutEdge, LayoutGroup,
    LayoutNode, LayoutOptions, NodeKind, EDGE_GAP, GAP, GROUP_H, HEADER_H, MAX_EDGES,
    MAX_NEAR_MISS_SERVICES, MAX_SERVICES, PAD, POD_H, POD_W, POD_W_ROOMY, PORT_CHAR_W, PORT_H,
    ROW_GAP, SERVICE_NAME_H, SERVICE_W,
};
use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolve::EndpointState;
use rustc_hash::FxBuildHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What one row holds right of its Service: pods, drawn one by one or as one
/// collapsed node, or an external address.
enum Unit<'a> {
    /// A collapsed workload (or a namespace's standalone pods): one node.
    Collapsed {
        /// Node name: `namespace/kind/name`.
        name: String,
        /// What the workload is, `Deployment web`, or `pods`.
        owner: String,
        /// The pods.
        pods: Vec<usize>,
    },
    /// Pods drawn one by one, in a dashed workload box when `workload` is set.
    Pods {
        /// The box's label, `deployment/web · 3 pods`.
        workload: Option<String>,
        /// The pods.
        pods: Vec<usize>,
    },
    /// An address behind a selector-less Service.
    Address(&'a str),
}

impl Unit<'_> {
    /// Height in the row.
    fn height(&self) -> f64 {
        match self {
            Unit::Collapsed { .. } | Unit::Address(_) => POD_H,
            Unit::Pods { workload, pods } => {
                let n = pods.len() as f64;
                let head = if workload.is_some() {
                    GROUP_H + 4.0
                } else {
                    0.0
                };
                head + n * POD_H + (n - 1.0).max(0.0) * GAP
            }
        }
    }
}

/// A Service (or nothing, for pods no Service claims) and the units drawn
/// beside it.
struct Row<'a> {
    service: Option<usize>,
    units: Vec<Unit<'a>>,
}

/// The chips of a Service's ports inside its box: (label, x offset, y offset, width).
fn port_chips(ports: &[crate::engine::model::ServicePort]) -> Vec<(String, f64, f64, f64)> {
    let mut out = Vec::with_capacity(ports.len());
    let (mut x, mut y) = (6.0, SERVICE_NAME_H);
    for p in ports {
        let proto = if p.protocol.as_str() == "TCP" {
            String::new()
        } else {
            format!("/{}", p.protocol)
        };
        let label = format!("{}{proto}→{}", p.port, p.target_port);
        let w = (label.chars().count() as f64 * PORT_CHAR_W + 8.0).min(SERVICE_W - 12.0);
        if x > 6.0 && x + w > SERVICE_W - 6.0 {
            x = 6.0;
            y += PORT_H + 2.0;
        }
        out.push((label, x, y, w));
        x += w + 4.0;
    }
    out
}

/// Height of a Service's box: its name and its port chips (or one detail line).
fn service_height(ports: &[crate::engine::model::ServicePort]) -> f64 {
    match port_chips(ports).last() {
        Some((_, _, y, _)) => y + PORT_H + 2.0,
        None => POD_H,
    }
}

impl Row<'_> {
    fn height(&self, a: &Analysis) -> f64 {
        let svc = self
            .service
            .map_or(0.0, |i| service_height(&a.services[i].service.ports));
        let units: f64 = self.units.iter().map(|u| u.height() + GAP).sum::<f64>() - GAP;
        svc.max(units)
    }
}

/// A namespace's rows and their heights.
struct Region<'a> {
    ns: &'a str,
    rows: Vec<Row<'a>>,
    heights: Vec<f64>,
}

/// Where everything goes for one column height: each region's rows'
/// places, the boxes of its parts (a namespace continued in the next column
/// has a box in each), and the bounds.
struct Packing {
    rows: Vec<Vec<(f64, f64)>>,
    boxes: Vec<Vec<(f64, f64, f64, f64)>>,
    width: f64,
    height: f64,
}

/// Flows the regions' rows, in order, into columns at most `limit` tall,
/// as a newspaper does; a namespace starts with its header, and starts a
/// new box where it continues in the next column.
fn pack(regions: &[Region<'_>], limit: f64, column_w: f64) -> Packing {
    let mut out = Packing {
        rows: Vec::with_capacity(regions.len()),
        boxes: Vec::with_capacity(regions.len()),
        width: 0.0,
        height: 0.0,
    };
    let (mut col, mut y) = (0.0_f64, 0.0_f64);
    for r in regions {
        let mut places = Vec::with_capacity(r.rows.len());
        let mut boxes = Vec::new();
        // The top of the open box.
        let mut open: Option<f64> = None;
        for &h in &r.heights {
            let need = h + if open.is_none() { HEADER_H } else { 0.0 };
            if y > 0.0 && y + need > limit {
                if let Some(top) = open.take() {
                    boxes.push((
                        col * (column_w + GAP),
                        top,
                        column_w,
                        y - ROW_GAP + PAD - top,
                    ));
                }
                col += 1.0;
                y = 0.0;
            }
            if open.is_none() {
                open = Some(y);
                y += HEADER_H;
            }
            places.push((col * (column_w + GAP) + PAD, y));
            y += h + ROW_GAP;
        }
        if let Some(top) = open {
            boxes.push((
                col * (column_w + GAP),
                top,
                column_w,
                y - ROW_GAP + PAD - top,
            ));
            y += PAD - ROW_GAP + GAP;
        }
        for b in &boxes {
            out.height = out.height.max(b.1 + b.3);
        }
        out.rows.push(places);
        out.boxes.push(boxes);
    }
    out.width = (col + 1.0) * (column_w + GAP) - GAP;
    out
}

/// The packing that shows the graph largest on a [`WRAP_ASPECT`] screen:
/// tries column heights from the tallest row up to everything in one column.
fn best_packing(regions: &[Region<'_>], column_w: f64) -> Packing {
    let tallest = regions
        .iter()
        .flat_map(|r| &r.heights)
        .fold(POD_H, |m, h| m.max(*h))
        + HEADER_H
        + PAD;
    let score = |p: &Packing| (p.width / WRAP_ASPECT).max(p.height);
    let mut best = pack(regions, f64::INFINITY, column_w);
    let longest = best.height;
    let mut limit = tallest;
    while limit < longest {
        let p = pack(regions, limit, column_w);
        if score(&p) < score(&best) - 0.5 {
            best = p;
        }
        limit *= 1.04;
    }
    best
}

/// The workload a pod is drawn under: the one that created a simulated pod,
/// or the Deployment a written pod's ReplicaSet belongs to (read from its
/// `pod-template-hash`, as a `kubectl get pods -o yaml` dump shows it); its
/// group name is `namespace/kind/name`.
pub(super) fn pod_group(a: &Analysis, i: usize) -> Option<(String, String)> {
    let pod = &a.pods[i].pod;
    let (kind, name) = match crate::engine::analysis::shared_selector::pod_workload(pod) {
        Some(w) => (w.kind, w.name),
        None => {
            let o = pod.owner.as_ref()?;
            (o.kind.to_ascii_lowercase(), o.name.clone())
        }
    };
    let label = format!("{kind}/{name}");
    Some((format!("{}/{kind}/{name}", pod.meta.namespace), label))
}

/// Lays out the Services, their ports and the pods of an analysis: each
/// namespace is a region of rows — a Service, then the pods it is the first
/// (by name) to select — flowed into sub-columns, and the regions are packed
/// into a grid about as wide as a screen.
pub fn layout_with<'a>(a: &'a Analysis, opts: &LayoutOptions) -> GraphLayout {
    let mut out = GraphLayout {
        // Compact boxes where many pods must fit a screen; room for whole
        // names (`web-7d9f8b6c5d-x2x4q`, `1/1 Ready · 10.244.123.201`) otherwise.
        pod_w: if a.pods.len() > opts.crowded_pods {
            POD_W
        } else {
            POD_W_ROOMY
        },
        ..GraphLayout::default()
    };
    let mut namespaces: BTreeMap<&str, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let hide = &opts.hidden;
    let shown = |ns: &str| !hide.namespaces.contains(ns);
    for (i, s) in a.services.iter().enumerate() {
        let ns = s.service.meta.namespace.as_str();
        if !hide.services && shown(ns) {
            namespaces.entry(ns).or_default().0.push(i);
        }
    }
    for (i, p) in a.pods.iter().enumerate() {
        let ns = p.pod.meta.namespace.as_str();
        if !hide.pods && shown(ns) {
            namespaces.entry(ns).or_default().1.push(i);
        }
    }
    let groups: Vec<Option<(String, String)>> =
        (0..a.pods.len()).map(|i| pod_group(a, i)).collect();
    let collapsed = collapsed_workloads(a, &groups, opts);
    let mut drawn_services = 0;
    let mut regions = Vec::new();
    // Each pod's unit, by pod index (`usize::MAX`: none yet).
    let mut unit_of = vec![usize::MAX; a.pods.len()];
    for (ns, (mut svcs, mut pods)) in namespaces {
        crate::engine::base::order::sort_by(&mut svcs, |&p, &q| {
            a.services[p]
                .service
                .meta
                .name
                .cmp(&a.services[q].service.meta.name)
        });
        crate::engine::base::order::sort_by(&mut pods, |&p, &q| {
            let key = |i: usize| (&groups[i], a.pods[i].pod.meta.name.as_str());
            key(p).cmp(&key(q))
        });
        // The units: runs of pods of one workload, then addresses.
        let mut units: Vec<Option<Unit<'a>>> = Vec::new();
        let mut k = 0;
        while k < pods.len() {
            let group = &groups[pods[k]];
            let mut end = k + 1;
            while end < pods.len() && groups[pods[end]] == *group {
                end += 1;
            }
            let run = pods[k..end].to_vec();
            let name = match group {
                Some((name, _)) => name.clone(),
                None => standalone_group(ns),
            };
            let mut push = |u: Unit<'a>, run: &[usize]| {
                for &i in run {
                    unit_of[i] = units.len();
                }
                units.push(Some(u));
            };
            if collapsed.contains(&name) {
                let owner = match group {
                    Some((_, label)) => label.clone(),
                    None => "pods".into(),
                };
                push(
                    Unit::Collapsed {
                        name,
                        owner,
                        pods: run.clone(),
                    },
                    &run,
                );
            } else if let Some((_, label)) = group.as_ref().filter(|_| run.len() > 1) {
                push(
                    Unit::Pods {
                        workload: Some(format!("{label} · {} pods", run.len())),
                        pods: run.clone(),
                    },
                    &run,
                );
            } else {
                // Pods of no workload (or one alone): a unit each, so each
                // goes next to the Service selecting it.
                for &i in &run {
                    push(
                        Unit::Pods {
                            workload: None,
                            pods: vec![i],
                        },
                        &[i],
                    );
                }
            }
            k = end;
        }
        let mut address_unit: BTreeMap<&str, usize> = BTreeMap::new();
        for &i in svcs.iter().filter(|_| !hide.addresses) {
            for b in &a.services[i].external {
                address_unit.entry(b.address.as_str()).or_insert_with(|| {
                    units.push(Some(Unit::Address(&b.address)));
                    units.len() - 1
                });
            }
        }
        // Each Service's row takes the units it is the first to reach.
        let mut rows = Vec::new();
        for &i in &svcs {
            if drawn_services >= MAX_SERVICES {
                out.hidden_services += 1;
                continue;
            }
            drawn_services += 1;
            let s = &a.services[i];
            let mut row = Row {
                service: Some(i),
                units: Vec::new(),
            };
            let reached = s
                .backends
                .iter()
                .filter_map(|b| unit_of.get(b.pod).copied().filter(|&u| u != usize::MAX))
                .chain(
                    s.external
                        .iter()
                        .filter_map(|b| address_unit.get(b.address.as_str()).copied()),
                );
            for u in reached {
                if let Some(unit) = units[u].take() {
                    row.units.push(unit);
                }
            }
            rows.push(row);
        }
        rows.extend(units.into_iter().flatten().map(|u| Row {
            service: None,
            units: vec![u],
        }));
        let heights = rows.iter().map(|r| r.height(a)).collect();
        regions.push(Region { ns, rows, heights });
    }
    let packing = best_packing(&regions, SERVICE_W + EDGE_GAP + out.pod_w + 2.0 * PAD);
    // pod index -> its node: (name, anchor point, whether it is a collapsed group)
    let mut pod_anchor: BTreeMap<usize, Anchor> = BTreeMap::new();
    let mut svc_anchor: BTreeMap<usize, (f64, f64)> = BTreeMap::new();
    // (namespace, address) -> its node's name and anchor point.
    let mut address_anchor: BTreeMap<(&str, &str), (String, f64, f64)> = BTreeMap::new();
    for (r, region) in regions.iter().enumerate() {
        for &(x, y, w, h) in &packing.boxes[r] {
            out.groups.push(LayoutGroup {
                label: format!("namespace {}", region.ns),
                kind: "namespace",
                x,
                y,
                w,
                h,
            });
        }
        for (row, &(rx, ry)) in region.rows.iter().zip(&packing.rows[r]) {
            if let Some(i) = row.service {
                let (ax, ay) = place_service(a, i, rx, ry, &mut out);
                svc_anchor.insert(i, (ax, ay));
            }
            let ux = rx + SERVICE_W + EDGE_GAP;
            let mut uy = ry;
            for unit in &row.units {
                match unit {
                    Unit::Collapsed { name, owner, pods } => {
                        place_group(
                            a,
                            name.clone(),
                            owner,
                            pods,
                            (ux, uy),
                            &mut out,
                            &mut pod_anchor,
                        );
                    }
                    Unit::Pods { workload, pods } => {
                        let mut py = uy;
                        if let Some(label) = workload {
                            out.groups.push(LayoutGroup {
                                label: label.clone(),
                                kind: "workload",
                                x: ux - 4.0,
                                y: uy,
                                w: out.pod_w + 8.0,
                                h: unit.height(),
                            });
                            py += GROUP_H;
                        }
                        for &i in pods {
                            py = place_pod(a, i, ux, py, &mut out, &mut pod_anchor);
                        }
                    }
                    Unit::Address(ip) => {
                        let name = address_node_name(region.ns, ip);
                        out.nodes
                            .push(address_node(a, region.ns, ip, &name, ux, uy));
                        address_anchor.insert((region.ns, ip), (name, ux, uy + POD_H / 2.0));
                    }
                }
                uy += unit.height() + GAP;
            }
        }
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
    out.width = packing.width.max(1.0);
    out.height = packing.height.max(1.0);
    out
}

/// Draws Service `i` at (`x`, `y`) with its port chips inside its box;
/// returns where its edges start.
fn place_service(a: &Analysis, i: usize, x: f64, y: f64, out: &mut GraphLayout) -> (f64, f64) {
    let s = &a.services[i];
    let (lines, tooltip, simulated) = service_details(a, i);
    let ports = &s.service.ports;
    let h = service_height(ports);
    let name = s.service.meta.key();
    // With ports, the chips say them and the tooltip the rest; without,
    // one line of details.
    let details = if ports.is_empty() {
        lines.into_iter().take(1).collect()
    } else {
        Vec::new()
    };
    out.nodes.push(LayoutNode {
        kind: NodeKind::Service,
        name: name.clone(),
        label: s.service.meta.name.clone(),
        details,
        tooltip,
        x,
        y,
        w: SERVICE_W,
        h,
        simulated,
        refs: vec![i],
    });
    for ((label, cx, cy, w), p) in port_chips(ports).into_iter().zip(ports) {
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
            x: x + cx,
            y: y + cy,
            w,
            h: PORT_H,
            simulated: false,
            refs: vec![i],
        });
    }
    // Edges leave at the height of the port chips: below the middle of a
    // pod's box, so that no edge is a flat line.
    (x + SERVICE_W, y + h - 7.0)
}

/// The shape the graph is packed to, width over height: the graph's pane
/// on a wide screen (about 830 × 500 px at 1440 × 900).
const WRAP_ASPECT: f64 = 5.0 / 3.0;

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

/// Draws the pods `run` of `owner` (`deployment/web`, or `pods`) as one
/// collapsed node named `group` at `(x, y)`: how many, how many ready.
pub(super) fn place_group(
    a: &Analysis,
    group: String,
    owner: &str,
    run: &[usize],
    (x, y): (f64, f64),
    out: &mut GraphLayout,
    pod_anchor: &mut BTreeMap<usize, Anchor>,
) {
    for &i in run {
        pod_anchor.insert(i, (group.clone(), x, y + POD_H / 2.0, true));
    }
    let ready = run
        .iter()
        .filter(|&&i| crate::engine::controllers::readiness::is_pod_ready(&a.pods[i].pod))
        .count();
    let n = run.len();
    let label = owner.rsplit('/').next().unwrap_or(owner).to_string();
    let tooltip = if owner == "pods" {
        format!("{n} pods that no workload owns, {ready} ready\ncollapsed: click to expand")
    } else {
        format!("{owner}: {n} pods, {ready} ready\ncollapsed: click to expand")
    };
    out.nodes.push(LayoutNode {
        kind: NodeKind::PodGroup,
        name: group,
        label,
        details: vec![format!("{n} pods · {ready}/{n} ready")],
        tooltip,
        x,
        y,
        w: out.pod_w,
        h: POD_H,
        simulated: true,
        refs: run.to_vec(),
    });
}

/// The group name ending of a namespace's pods that no workload owns.
pub(super) const STANDALONE: &str = "//standalone";

/// The group of a namespace's standalone pods (`<ns>//standalone`).
pub(super) fn standalone_group(ns: &str) -> String {
    format!("{ns}{STANDALONE}")
}

/// The workloads (`namespace/kind/name`, as [`pod_group`] names them)
/// drawn as one node: those over `collapse_over` pods — over
/// `crowded_collapse_over` once the input has more than `crowded_pods` pods —
/// then the largest others until at most `max_pods` pods are drawn one by
/// one; never one the user expanded.
pub(super) fn collapsed_workloads(
    a: &Analysis,
    groups: &[Option<(String, String)>],
    opts: &LayoutOptions,
) -> BTreeSet<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut drawn = 0;
    for (p, g) in a.pods.iter().zip(groups) {
        match g {
            Some((name, _)) => *sizes.entry(name.clone()).or_default() += 1,
            None => {
                *sizes
                    .entry(standalone_group(&p.pod.meta.namespace))
                    .or_default() += 1
            }
        }
    }
    let collapse_over = if a.pods.len() > opts.crowded_pods {
        opts.collapse_over.min(opts.crowded_collapse_over)
    } else {
        opts.collapse_over
    };
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
        } else if n > collapse_over {
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
        w: POD_W,
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
        w: out.pod_w,
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
