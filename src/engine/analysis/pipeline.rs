//! The analysis pipeline: text split into documents, each read (and cached
//! while it does not change), pods simulated, Services resolved, checks run.

use super::checks::{check_duplicates, service_diagnostics, summarise_ignored_kinds};
use super::job::Step;
use super::reading::{read_item, read_root};
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::object_ref::ObjectRef;
use crate::engine::base::order;
use crate::engine::base::source::Shift;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::controllers::{dns, endpoints, resolve, services, unmanaged};
use crate::engine::model::{self, Object, Pod};
use crate::engine::sim::nodes::ClusterNodes;
use crate::engine::sim::workloads::{self, SimPod};
use crate::engine::yaml;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything svcmap knows about one input text.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// The objects read from the text, in order.
    pub objects: Vec<Object>,
    /// Every pod: written ones and those simulated from workloads, with status.
    pub pods: Vec<SimPod>,
    /// Every Service, with its backends.
    pub services: Vec<ResolvedService>,
    /// Every problem found, in text order.
    pub diagnostics: Vec<Diagnostic>,
    /// The cluster's nodes: the input's, or the simulated ones.
    pub nodes: ClusterNodes,
}

impl Analysis {
    /// Where an address of a Service leads: the `ip:port` of every ready
    /// endpoint of the Service port named `port_name` (for a selector-less
    /// Service, the ready addresses of its EndpointSlices, as kube-proxy reads them).
    pub fn endpoints_behind(&self, service: &ResolvedService, port_name: &str) -> Vec<String> {
        if !service.managed {
            return unmanaged::ready_targets(service, port_name);
        }
        let Some(ep) = &service.endpoints else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for subset in &ep.subsets {
            for port in subset.ports.iter().filter(|p| p.name == port_name) {
                for a in &subset.addresses {
                    out.push(resolve::host_port(&a.ip, port.port));
                }
            }
        }
        out
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Analyses a whole input text. Never panics; never stops at the first problem.
/// Documents starting beyond [`MAX_ANALYZED_BYTES`] are left out, with a warning.
pub fn analyze(text: &str) -> Analysis {
    Analyzer::default().analyze(text)
}

/// [`analyze`] with other limits: `bytes` of text analysed and `backends`
/// (pods selected, summed over the Services) resolved. The CLI reads big
/// cluster dumps; the browser keeps typing quick with the defaults.
pub fn analyze_with_limits(text: &str, bytes: usize, backends: usize) -> Analysis {
    Analyzer::with_limits(bytes, backends).analyze(text)
}

/// [`analyze`] as `kubectl apply -n namespace` applies the text: objects
/// without a namespace are put in `namespace`, and objects naming another
/// one are refused (an error each, and left out); see [`crate::engine::model::scope::applied_namespace`].
pub fn analyze_in_namespace(text: &str, namespace: &str) -> Analysis {
    let mut analyzer = Analyzer::default();
    analyzer.set_namespace(Some(namespace.to_string()));
    analyzer.analyze(text)
}

/// The objects and diagnostics read from one document (or List item),
/// positions relative to its first line, and the pods its workloads create
/// (one list per workload, in order; they carry no spans, so they are reused
/// as they are).
#[derive(Debug)]
pub(super) struct ParsedDocument {
    objects: Vec<Object>,
    diagnostics: Vec<Diagnostic>,
    workload_pods: Vec<Vec<SimPod>>,
    /// For a List item: whether it parsed alone as it does inside its List
    /// (no syntax error, no alias).
    pub(super) alone: bool,
}

/// Parses, keyed by the text of their document (or List item).
pub(super) type DocumentCache = HashMap<String, CachedDocument, rustc_hash::FxBuildHasher>;

/// Analyses text again and again (one call per keystroke), reusing the parse
/// of every document, and of every item of a `kind: List` document, whose
/// text did not change since the previous call.
#[derive(Debug, Default)]
pub struct Analyzer {
    pub(super) cache: DocumentCache,
    /// The items of List documents read item by item.
    pub(super) items: DocumentCache,
    pub(super) endpoints: EndpointsCache,
    /// Bytes analysed; `None`: [`MAX_ANALYZED_BYTES`].
    pub(super) limit: Option<usize>,
    /// Backends resolved; `None`: [`MAX_BACKENDS`].
    pub(super) max_backends: Option<usize>,
    /// The namespace applied (`kubectl apply -n`); `None`: `default`, and
    /// objects keep the namespace they name.
    pub(super) namespace: Option<String>,
    /// Whether List documents are read whole rather than item by item.
    pub(super) whole_lists: bool,
    /// Whether it keeps nothing for a next analysis (see [`Analyzer::one_shot`]).
    pub(super) one_shot: bool,
}

/// A document's parse, and where it was last placed in the text.
#[derive(Debug)]
pub(super) struct CachedDocument {
    pub(super) parsed: Arc<ParsedDocument>,
    placed: Option<Arc<PlacedDocument>>,
}

impl CachedDocument {
    pub(super) fn new(parsed: Arc<ParsedDocument>) -> CachedDocument {
        CachedDocument {
            parsed,
            placed: None,
        }
    }

    /// Its objects, diagnostics and pods for a document starting at byte
    /// `offset` after `lines` lines (reused when it has not moved).
    pub(super) fn place(&mut self, lines: usize, offset: usize) -> Arc<PlacedDocument> {
        let placed = match &self.placed {
            Some(p) if p.lines == lines && p.offset == offset => Arc::clone(p),
            _ => Arc::new(PlacedDocument::new(&self.parsed, lines, offset)),
        };
        self.placed = Some(Arc::clone(&placed));
        placed
    }
}

/// A document's objects, diagnostics and pods with positions in the whole
/// text, for a document starting at byte `offset` after `lines` lines.
#[derive(Debug)]
pub(super) struct PlacedDocument {
    lines: usize,
    offset: usize,
    pub(super) objects: Vec<Object>,
    pub(super) diagnostics: Vec<Diagnostic>,
    pub(super) pods: Vec<SimPod>,
}

impl PlacedDocument {
    /// [`PlacedDocument::new`] of a parse nothing else holds: moved, not copied.
    pub(super) fn owned(parsed: ParsedDocument, lines: usize, offset: usize) -> PlacedDocument {
        let mut placed = PlacedDocument {
            lines,
            offset,
            objects: Vec::with_capacity(parsed.objects.len()),
            diagnostics: parsed.diagnostics,
            pods: Vec::new(),
        };
        placed.diagnostics.shift(lines, offset);
        let mut workload_pods = parsed.workload_pods.into_iter();
        for mut o in parsed.objects {
            o.shift(lines, offset);
            match &o {
                Object::Pod(p) => placed.pods.push(SimPod::new(Pod::clone(p), false)),
                Object::Workload(_) => placed
                    .pods
                    .extend(workload_pods.next().into_iter().flatten()),
                _ => {}
            }
            placed.objects.push(o);
        }
        placed
    }

    fn new(parsed: &ParsedDocument, lines: usize, offset: usize) -> PlacedDocument {
        let mut placed = PlacedDocument {
            lines,
            offset,
            objects: Vec::with_capacity(parsed.objects.len()),
            diagnostics: Vec::with_capacity(parsed.diagnostics.len()),
            pods: Vec::new(),
        };
        let mut workload_pods = parsed.workload_pods.iter();
        for o in &parsed.objects {
            let mut o = o.clone();
            o.shift(lines, offset);
            match &o {
                Object::Pod(p) => placed.pods.push(SimPod::new(Pod::clone(p), false)),
                Object::Workload(_) => placed
                    .pods
                    .extend(workload_pods.next().into_iter().flatten().cloned()),
                _ => {}
            }
            placed.objects.push(o);
        }
        for d in &parsed.diagnostics {
            let mut d = d.clone();
            d.shift(lines, offset);
            placed.diagnostics.push(d);
        }
        placed
    }
}

/// The text analysed: documents that start beyond this many bytes are left
/// out, with a warning. As much as the playground opens at once (a text
/// grown past it paste after paste is cut); the page reads it in slices.
pub const MAX_ANALYZED_BYTES: usize = 64 * 1024 * 1024;

/// The most backends (pods selected, summed over all Services) resolved:
/// a few hundred kilobytes of text can make thousands of Services select the
/// same thousands of pods, millions of endpoints that would exhaust the
/// page's memory. Services past the budget are left unresolved, with a warning.
pub const MAX_BACKENDS: usize = 50_000;

/// Endpoints and slices of each Service, keyed by a fingerprint of the Service
/// and its selected pods: a Service whose inputs did not change keeps them.
type EndpointsCache = HashMap<
    u64,
    (
        Arc<crate::engine::model::endpoints::Endpoints>,
        Arc<Vec<crate::engine::model::endpoints::EndpointSlice>>,
    ),
>;

impl Analyzer {
    /// An analyzer with other limits (see [`analyze_with_limits`]).
    pub fn with_limits(bytes: usize, backends: usize) -> Analyzer {
        Analyzer {
            limit: Some(bytes),
            max_backends: Some(backends),
            ..Analyzer::default()
        }
    }

    /// An analyzer for one text, with other limits (see
    /// [`analyze_with_limits`]): it keeps no parse for a next analysis, so
    /// each document or List item is read, decoded and its tree dropped at
    /// once, and its objects are moved rather than copied. The result is the
    /// same; what a command-line run wants (less memory, less time).
    pub fn one_shot(bytes: usize, backends: usize) -> Analyzer {
        Analyzer {
            one_shot: true,
            ..Analyzer::with_limits(bytes, backends)
        }
    }

    /// An analyzer that reads every `kind: List` document whole rather than
    /// item by item: slower on large Lists, the same result (the reference
    /// the item-by-item reading is tested against).
    pub fn reading_lists_whole() -> Analyzer {
        Analyzer {
            whole_lists: true,
            ..Analyzer::default()
        }
    }

    /// Sets the namespace the text is applied in, as `kubectl apply -n`:
    /// objects without a namespace go there, and an object naming another
    /// namespace is refused (an error, and left out). `None` (the default):
    /// objects without a namespace go to `default`, the others stay where they say.
    /// Cluster-scoped kinds never get one.
    pub fn set_namespace(&mut self, namespace: Option<String>) {
        if self.namespace != namespace {
            // Every parse depends on it: start afresh.
            self.cache.clear();
            self.items.clear();
            self.endpoints.clear();
            self.namespace = namespace;
        }
    }

    /// The namespace set by [`Analyzer::set_namespace`].
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// Analyses `text`; the result equals [`analyze`]`(text)`, or
    /// [`analyze_in_namespace`] when a namespace is set. The same as
    /// [`Analyzer::start`] with its steps run to the end.
    pub fn analyze(&mut self, text: &str) -> Analysis {
        let mut job = std::mem::take(self).start(text);
        let analysis = loop {
            if let Step::Done(analysis) = job.step(usize::MAX) {
                break analysis;
            }
        };
        *self = job.into_analyzer();
        analysis
    }
}

/// Reads one document: its objects, then the pods of its workloads.
pub(super) fn parse_document(chunk: &str, namespace: Option<&str>) -> ParsedDocument {
    let doc = yaml::parse_document(chunk);
    let mut diagnostics = doc.diagnostics;
    let mut objects = Vec::new();
    if let Some(root) = &doc.root {
        read_root(root, namespace, &mut objects, &mut diagnostics);
    }
    with_workload_pods(objects, diagnostics, true)
}

/// Reads one item of a List document, from its text with its `-` blanked
/// ([`yaml::item_source`]).
pub(super) fn parse_item(source: &str, namespace: Option<&str>) -> ParsedDocument {
    // Inside its List the item sits two collections deep (the List, its items).
    let (doc, aliased) = yaml::parse_nested(source, 2);
    let failed = doc.root.is_none() && !doc.diagnostics.is_empty();
    let mut diagnostics = doc.diagnostics;
    let mut objects = Vec::new();
    if let Some(root) = &doc.root {
        read_item(root, namespace, &mut objects, &mut diagnostics);
    }
    with_workload_pods(objects, diagnostics, !failed && !aliased)
}

/// Reads one item of a JSON List document ([`yaml::split_json_list_items`]):
/// an item that is not strict JSON is not `alone`, and the List is read whole.
pub(super) fn parse_json_item(source: &str, namespace: Option<&str>) -> ParsedDocument {
    let Some(doc) = yaml::parse_json_document(source, 2) else {
        return with_workload_pods(Vec::new(), Vec::new(), false);
    };
    let mut diagnostics = doc.diagnostics;
    let mut objects = Vec::new();
    if let Some(root) = &doc.root {
        read_item(root, namespace, &mut objects, &mut diagnostics);
    }
    with_workload_pods(objects, diagnostics, true)
}

fn with_workload_pods(
    objects: Vec<Object>,
    mut diagnostics: Vec<Diagnostic>,
    alone: bool,
) -> ParsedDocument {
    let workload_pods = objects
        .iter()
        .filter_map(|o| match o {
            Object::Workload(w) => Some(
                workloads::expand_workload(w, &mut diagnostics)
                    .into_iter()
                    .map(|p| SimPod::new(p, true))
                    .collect(),
            ),
            _ => None,
        })
        .collect();
    ParsedDocument {
        objects,
        diagnostics,
        workload_pods,
        alone,
    }
}

/// The analysis of `objects` with `pods` as every pod: resolution and the
/// Service checks run again (a rollout step replaces a Deployment's pods).
pub(crate) fn with_pods(objects: Vec<Object>, pods: Vec<SimPod>) -> Analysis {
    finish(
        objects,
        pods,
        Vec::new(),
        &mut EndpointsCache::default(),
        MAX_BACKENDS,
    )
}

/// Everything after reading: simulation, resolution and the semantic checks.
pub(super) fn finish(
    objects: Vec<Object>,
    mut pods: Vec<SimPod>,
    mut diagnostics: Vec<Diagnostic>,
    cache: &mut EndpointsCache,
    max_backends: usize,
) -> Analysis {
    // A second object of the same kind, namespace and name is reported and
    // left out, as the API server would refuse it (and so would its pods).
    let duplicates = check_duplicates(&objects, &mut diagnostics);
    summarise_ignored_kinds(&mut diagnostics);
    let objects: Vec<Object> = if duplicates.is_empty() {
        objects
    } else {
        objects
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !duplicates.contains(i))
            .map(|(_, o)| o)
            .collect()
    };
    if !duplicates.is_empty() {
        let mut seen = std::collections::HashSet::with_capacity(pods.len());
        pods.retain(|p| seen.insert((p.pod.meta.namespace.clone(), p.pod.meta.name.clone())));
    }
    // A dump's workloads have acted: their written pods stand for them.
    super::adopted::drop_pods_of_acted_workloads(&objects, &mut pods);
    // Simulated pods get IPv6 addresses too when a Service uses IPv6 (`settle_ip_collisions`).
    let dual_stack = objects.iter().any(|o| match o {
        Object::Service(s) => s.families().iter().any(|f| f == "IPv6"),
        _ => false,
    });
    if !crate::engine::sim::workloads::settle_ip_collisions(&mut pods, dual_stack) {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            DiagnosticCode::YamlLimit,
            format!(
                "{} pods are simulated, more than the 65 024 addresses of the simulated pod network 10.244.0.0/16: some simulated pod IPs repeat",
                pods.iter().filter(|p| p.simulated_status).count()
            ),
            None,
        ));
    }
    let nodes = ClusterNodes::from_objects(&objects);
    let services = resolve_services(
        &objects,
        &pods,
        &nodes,
        &mut diagnostics,
        cache,
        max_backends,
    );
    super::route::routing_diagnostics(&services, &nodes, &mut diagnostics);
    diagnostics.extend(crate::engine::routes::checks::route_diagnostics(
        &objects, &services,
    ));
    order::sort_by_key(&mut diagnostics, |d| {
        d.span.map(|s| (s.start.offset, s.end.offset))
    });
    Analysis {
        objects,
        pods,
        services,
        diagnostics,
        nodes,
    }
}

/// Resolves every Service of `objects` against `pods`.
fn resolve_services(
    objects: &[Object],
    pods: &[SimPod],
    nodes: &ClusterNodes,
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut EndpointsCache,
    max_backends: usize,
) -> Vec<ResolvedService> {
    let mut next_cache = EndpointsCache::default();
    // Backends resolved so far, and the Services left out past the budget.
    let mut total = 0usize;
    let mut skipped: Vec<&model::Service> = Vec::new();
    let index = resolve::PodIndex::new(pods);
    // Slices name their endpoints' zones: they depend on the nodes too.
    let node_key = nodes.fingerprint();
    let svcs: Vec<&Arc<model::Service>> = objects
        .iter()
        .filter_map(|o| match o {
            Object::Service(s) => Some(s),
            _ => None,
        })
        .collect();
    let plain: Vec<&model::Service> = svcs.iter().map(|s| s.as_ref()).collect();
    let networks = services::allocate(&plain);
    let resolved = svcs
        .into_iter()
        .zip(networks)
        .map(|(svc, network)| {
            let managed = resolve::has_managed_endpoints(svc);
            let selected = if managed {
                index.select(svc)
            } else {
                Vec::new()
            };
            let over = total.saturating_add(selected.len()) > max_backends;
            let mut external = Vec::new();
            let (backends, eps, slices) = if managed && over {
                skipped.push(svc);
                (Vec::new(), None, Arc::new(Vec::new()))
            } else if managed {
                total += selected.len();
                let backends = resolve::classify_selected(svc, pods, &selected);
                let sel: Vec<&SimPod> = selected.iter().map(|&i| &pods[i]).collect();
                let key = endpoints::fingerprint(svc, &sel) ^ node_key;
                let (eps, slices) = cache.remove(&key).unwrap_or_else(|| {
                    (
                        Arc::new(endpoints::build_endpoints(svc, &sel)),
                        Arc::new(endpoints::build_slices(svc, &sel, nodes)),
                    )
                });
                next_cache.insert(key, (eps.clone(), slices.clone()));
                service_diagnostics(svc, &backends, pods, objects, diagnostics);
                (backends, Some(eps), slices)
            } else {
                let u = unmanaged::unmanaged_endpoints(svc, objects, pods, diagnostics);
                external = u.external;
                (u.backends, u.endpoints.map(Arc::new), Arc::new(u.slices))
            };
            let dns = dns::service_records(svc, &network.cluster_ips, &slices);
            ResolvedService {
                service: Arc::clone(svc),
                backends,
                external,
                managed,
                endpoints: eps,
                slices,
                network,
                dns,
            }
        })
        .collect::<Vec<_>>();
    *cache = next_cache;
    if let Some(first) = skipped.first() {
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::YamlLimit,
                format!(
                    "the Services select more than {max_backends} pods in all, the most svcmap resolves: `{}`{} left unresolved (no endpoints computed)",
                    first.meta.name,
                    match skipped.len() {
                        1 => " is".to_string(),
                        n => format!(" and {} more Services are", n - 1),
                    }
                ),
                first.meta.name_span,
            )
            .with_object(Some(ObjectRef::new(
                "Service",
                &first.meta.namespace,
                &first.meta.name,
            )))
            .with_help("split the input, or use the CLI, which resolves up to 500 000"),
        );
    }
    resolved
}
