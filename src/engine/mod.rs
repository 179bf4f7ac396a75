//! The svcmap engine: YAML text in, an [`Analysis`] out — which pods each
//! Service's endpoints resolve to, and every problem found on the way.
//!
//! Pure Rust, no browser types: the playground, the CLI and the tests all call
//! [`analyze`].
//!
//! ```
//! let a = svcmap::engine::analyze(
//!     "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n",
//! );
//! assert_eq!(a.services[0].backends.len(), 1);
//! assert_eq!(a.pods[a.services[0].backends[0].pod].pod.meta.name, "web-1");
//! ```

pub mod cron;
pub mod decode;
pub mod diagnostics;
pub mod dns;
pub mod edit;
pub mod endpoints;
pub mod explain;
pub mod fix_side;
pub mod graph;
pub mod jobs;
pub mod json;
pub mod labels;
pub mod mirroring;
pub mod model;
pub mod operators;
pub mod order;
pub mod removed_apis;
pub mod render;
pub mod resolve;
pub mod rollout;
pub mod scope;
pub mod services;
pub mod shared_selector;
pub mod source;
#[cfg(any(test, feature = "test-support"))]
#[doc(hidden)]
pub mod synthetic;
pub mod typo;
pub mod unmanaged;
pub mod validation;
pub mod whatif;
pub mod workloads;
pub mod yaml;

use decode::Decoder;
pub use diagnostics::{Diagnostic, DiagnosticCode, Severity};
pub use model::{Object, ObjectRef, Pod};
pub use resolve::{Backend, EndpointState};
use source::{Shift, Span};
use std::collections::HashMap;
use std::sync::Arc;
use workloads::SimPod;
use yaml::Node;

/// A Service with the pods it selects, its endpoints and how it is reached.
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedService {
    /// The Service as written.
    pub service: Arc<model::Service>,
    /// The selected pods (or, without a selector, the pods its hand-written
    /// endpoints point at), with their endpoint states.
    pub backends: Vec<Backend>,
    /// Without a selector: the addresses of its EndpointSlices that are not
    /// pods of the input, with their endpoint states.
    pub external: Vec<resolve::ExternalBackend>,
    /// Whether the controllers manage its endpoints (rules E2–E4a).
    pub managed: bool,
    /// Its v1 Endpoints: computed when managed, else the one in the input.
    pub endpoints: Option<Arc<endpoints::Endpoints>>,
    /// Its EndpointSlices: computed when managed, else those in the input.
    pub slices: Arc<Vec<endpoints::EndpointSlice>>,
    /// Cluster IPs, node ports, load balancer and every address it is reached on.
    pub network: services::ServiceNetwork,
    /// Its DNS records.
    pub dns: Vec<dns::DnsRecord>,
}

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

/// Top-level fields every object may have.
const TOP_FIELDS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "status"];

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
/// one are refused (an error each, and left out); see [`scope::applied_namespace`].
pub fn analyze_in_namespace(text: &str, namespace: &str) -> Analysis {
    let mut analyzer = Analyzer::default();
    analyzer.set_namespace(Some(namespace.to_string()));
    analyzer.analyze(text)
}

/// The objects and diagnostics read from one document, positions relative
/// to its first line, and the pods its workloads create (one list per
/// workload, in order; they carry no spans, so they are reused as they are).
#[derive(Debug)]
struct ParsedDocument {
    objects: Vec<Object>,
    diagnostics: Vec<Diagnostic>,
    workload_pods: Vec<Vec<SimPod>>,
}

/// Analyses text again and again (one call per keystroke), reusing the parse
/// of every document whose text did not change since the previous call.
#[derive(Debug, Default)]
pub struct Analyzer {
    cache: HashMap<String, CachedDocument, workloads::FastBuildHasher>,
    endpoints: EndpointsCache,
    /// Bytes analysed; `None`: [`MAX_ANALYZED_BYTES`].
    limit: Option<usize>,
    /// Backends resolved; `None`: [`MAX_BACKENDS`].
    max_backends: Option<usize>,
    /// The namespace applied (`kubectl apply -n`); `None`: `default`, and
    /// objects keep the namespace they name.
    namespace: Option<String>,
}

/// A document's parse, and where it was last placed in the text.
#[derive(Debug)]
struct CachedDocument {
    parsed: Arc<ParsedDocument>,
    placed: Option<Arc<PlacedDocument>>,
}

/// A document's objects, diagnostics and pods with positions in the whole
/// text, for a document starting at byte `offset` after `lines` lines.
#[derive(Debug)]
struct PlacedDocument {
    lines: usize,
    offset: usize,
    objects: Vec<Object>,
    diagnostics: Vec<Diagnostic>,
    pods: Vec<SimPod>,
}

impl PlacedDocument {
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
/// out, with a warning (a pasted cluster dump of many megabytes must not
/// freeze the page).
pub const MAX_ANALYZED_BYTES: usize = 4 * 1024 * 1024;

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
        Arc<endpoints::Endpoints>,
        Arc<Vec<endpoints::EndpointSlice>>,
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

    /// Sets the namespace the text is applied in, as `kubectl apply -n`:
    /// objects without a namespace go there, and an object naming another
    /// namespace is refused (an error, and left out). `None` (the default):
    /// objects without a namespace go to `default`, the others stay where they say.
    /// Cluster-scoped kinds never get one.
    pub fn set_namespace(&mut self, namespace: Option<String>) {
        if self.namespace != namespace {
            // Every parse depends on it: start afresh.
            self.cache.clear();
            self.endpoints.clear();
            self.namespace = namespace;
        }
    }

    /// The namespace set by [`Analyzer::set_namespace`].
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// Analyses `text`; the result equals [`analyze`]`(text)`, or
    /// [`analyze_in_namespace`] when a namespace is set.
    pub fn analyze(&mut self, text: &str) -> Analysis {
        let index = source::LineIndex::new(text);
        let mut diagnostics = Vec::new();
        let mut objects = Vec::new();
        let mut pods = Vec::new();
        let mut cache: HashMap<String, CachedDocument, workloads::FastBuildHasher> =
            HashMap::with_capacity_and_hasher(
                self.cache.len(),
                workloads::FastBuildHasher::default(),
            );
        let limit = self.limit.unwrap_or(MAX_ANALYZED_BYTES);
        for (start, end) in yaml::split_documents(text) {
            if start >= limit {
                // About the whole text (so listed first): no span.
                let line = index.position(text, start).line;
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticCode::YamlLimit,
                        format!(
                            "the text is {} bytes; svcmap analyses the documents that start in its first {} MB, so the documents from line {line} on are not analysed",
                            text.len(),
                            limit / (1024 * 1024)
                        ),
                        None,
                    )
                    .with_help("split the manifests and paste them part by part"),
                );
                break;
            }
            // A JSON value after another on its line is parsed with its line's columns.
            let (base, chunk) = yaml::document_source(text, &index, start, end);
            let chunk: &str = &chunk;
            // Reuse the previous analysis' key string and parse when the text is unchanged,
            // and its placed objects when the document has not moved either.
            let (key, mut entry) = match self.cache.remove_entry(chunk) {
                Some(entry) => entry,
                None => {
                    let parsed = match cache.get(chunk) {
                        Some(c) => Arc::clone(&c.parsed),
                        None => Arc::new(parse_document(chunk, self.namespace.as_deref())),
                    };
                    let entry = CachedDocument {
                        parsed,
                        placed: None,
                    };
                    (chunk.to_string(), entry)
                }
            };
            let lines = index.position(text, start).line - 1;
            let placed = match &entry.placed {
                Some(p) if p.lines == lines && p.offset == base => Arc::clone(p),
                _ => Arc::new(PlacedDocument::new(&entry.parsed, lines, base)),
            };
            objects.extend(placed.objects.iter().cloned());
            diagnostics.extend(placed.diagnostics.iter().cloned());
            pods.extend(placed.pods.iter().cloned());
            entry.placed = Some(placed);
            cache.insert(key, entry);
        }
        self.cache = cache;
        let max_backends = self.max_backends.unwrap_or(MAX_BACKENDS);
        finish(
            objects,
            pods,
            diagnostics,
            &mut self.endpoints,
            max_backends,
        )
    }
}

fn parse_document(chunk: &str, namespace: Option<&str>) -> ParsedDocument {
    let doc = yaml::parse_document(chunk);
    let mut diagnostics = doc.diagnostics;
    let mut objects = Vec::new();
    if let Some(root) = &doc.root {
        read_root(root, namespace, &mut objects, &mut diagnostics);
    }
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
    }
}

/// The analysis of `objects` with `pods` as every pod: resolution and the
/// Service checks run again (a rollout step replaces a Deployment's pods).
fn with_pods(objects: Vec<Object>, pods: Vec<SimPod>) -> Analysis {
    finish(
        objects,
        pods,
        Vec::new(),
        &mut EndpointsCache::default(),
        MAX_BACKENDS,
    )
}

/// Everything after reading: simulation, resolution and the semantic checks.
fn finish(
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
    // Simulated pods get IPv6 addresses too when a Service uses IPv6 (rule K3).
    let dual_stack = objects.iter().any(|o| match o {
        Object::Service(s) => s.families().iter().any(|f| f == "IPv6"),
        _ => false,
    });
    if !workloads::settle_ip_collisions(&mut pods, dual_stack) {
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
    let services = resolve_services(&objects, &pods, &mut diagnostics, cache, max_backends);
    order::sort_by_key(&mut diagnostics, |d| {
        d.span.map(|s| (s.start.offset, s.end.offset))
    });
    Analysis {
        objects,
        pods,
        services,
        diagnostics,
    }
}

/// Resolves every Service of `objects` against `pods`.
fn resolve_services(
    objects: &[Object],
    pods: &[SimPod],
    diagnostics: &mut Vec<Diagnostic>,
    cache: &mut EndpointsCache,
    max_backends: usize,
) -> Vec<ResolvedService> {
    let mut next_cache = EndpointsCache::default();
    // Backends resolved so far, and the Services left out past the budget.
    let mut total = 0usize;
    let mut skipped: Vec<&model::Service> = Vec::new();
    let index = resolve::PodIndex::new(pods);
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
                let key = endpoints::fingerprint(svc, &sel);
                let (eps, slices) = cache.remove(&key).unwrap_or_else(|| {
                    (
                        Arc::new(endpoints::build_endpoints(svc, &sel)),
                        Arc::new(endpoints::build_slices(svc, &sel)),
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

fn read_root(
    root: &Node,
    namespace: Option<&str>,
    objects: &mut Vec<Object>,
    diags: &mut Vec<Diagnostic>,
) {
    let kind = root.get("kind").and_then(Node::as_str).unwrap_or("");
    if kind == "List" || (kind.ends_with("List") && root.get("items").is_some()) {
        let mut d = Decoder {
            diags,
            object: None,
        };
        let f = d.fields(root, "", &["apiVersion", "kind", "items", "metadata"]);
        let items = d.list(
            f.iter()
                .find(|(k, _)| k.scalar_text() == Some("items"))
                .map(|(_, v)| v),
            "items",
        );
        for item in items {
            read_object(item, namespace, objects, diags);
        }
    } else {
        read_object(root, namespace, objects, diags);
    }
}

fn read_object(
    node: &Node,
    namespace: Option<&str>,
    objects: &mut Vec<Object>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut d = Decoder {
        diags,
        object: None,
    };
    if node.as_map().is_none() {
        if !node.is_null() {
            d.error(
                DiagnosticCode::NotAnObject,
                format!("a document must be a Kubernetes object (a mapping with apiVersion and kind), not a {}", node.type_name()),
                node,
            );
        }
        return;
    }
    let kind_node = node.get("kind");
    let Some(kind) = d.string(kind_node, "kind") else {
        if kind_node.is_none() {
            d.error(
                DiagnosticCode::MissingField,
                "object has no `kind`".into(),
                node,
            )
            .help = Some(
                "every object needs `apiVersion` and `kind`, e.g. `apiVersion: v1` and `kind: Pod`"
                    .into(),
            );
        }
        return;
    };
    let api_version = d
        .string(node.get("apiVersion"), "apiVersion")
        .unwrap_or_default();
    if node.get("apiVersion").is_none() {
        d.error(
            DiagnosticCode::MissingField,
            "object has no `apiVersion`".into(),
            node,
        );
    }
    let workload = model::WorkloadKind::from_kind(&kind);
    let cluster_scoped = scope::is_cluster_scoped(&api_version, &kind);
    let modelled = matches!(
        kind.as_str(),
        "Pod" | "Service" | "Namespace" | "Endpoints" | "EndpointSlice"
    ) || workload.is_some();
    let mut meta = decode::decode_meta(&mut d, node.get("metadata"), !cluster_scoped, "metadata");
    let written = node.get("metadata").and_then(|m| m.get("namespace"));
    match scope::applied_namespace(
        written.and_then(Node::as_str).unwrap_or(""),
        cluster_scoped,
        namespace,
    ) {
        Ok(ns) => meta.namespace = ns,
        Err(refused) => {
            d.object = Some(ObjectRef::new(&kind, &refused.written, &meta.name));
            let at = written.unwrap_or(node);
            d.error(DiagnosticCode::NamespaceMismatch, refused.message(), at)
                .help = Some(format!(
                "apply it with `-n {}`, or remove its `metadata.namespace` so that `-n {}` places it",
                refused.written, refused.applied
            ));
            return;
        }
    }
    d.object = Some(ObjectRef::new(&kind, &meta.namespace, &meta.name));
    if meta.name.is_empty() {
        d.error(
            DiagnosticCode::MissingField,
            format!("{kind} has no `metadata.name`"),
            node.get("metadata").unwrap_or(node),
        );
    }
    let span: Span = node.span;
    if let Some(r) = removed_apis::removed_api(&api_version, &kind) {
        // The API server does not serve it: the object is not created.
        let (message, help) = removed_apis::removed_api_message(r, &kind, node);
        d.error(
            DiagnosticCode::RemovedApiVersion,
            message,
            node.get("apiVersion").unwrap_or(node),
        )
        .help = Some(help);
        objects.push(Object::Other {
            api_version,
            kind,
            meta,
            operator_pods: None,
        });
        return;
    }
    let f = if kind == "Endpoints" {
        d.fields(node, "", &["apiVersion", "kind", "metadata", "subsets"])
    } else if kind == "EndpointSlice" {
        d.fields(
            node,
            "",
            &[
                "apiVersion",
                "kind",
                "metadata",
                "addressType",
                "endpoints",
                "ports",
            ],
        )
    } else if modelled {
        d.fields(node, "", TOP_FIELDS)
    } else {
        node.as_map().unwrap_or(&[])
    };
    let object = match (kind.as_str(), workload) {
        ("Pod", _) => Object::Pod(Arc::new(decode::decode_pod(&mut d, f, meta, span))),
        ("Service", _) => Object::Service(Arc::new(decode::decode_service(&mut d, f, meta, span))),
        ("Namespace", _) => Object::Namespace(meta),
        ("Endpoints", _) => {
            let value = decode::decode_endpoints(&mut d, f, &meta);
            Object::Endpoints { meta, value, span }
        }
        ("EndpointSlice", _) => {
            let value = decode::decode_endpoint_slice(&mut d, node, f, &meta);
            Object::EndpointSlice { meta, value, span }
        }
        (_, Some(w)) => {
            Object::Workload(Arc::new(decode::decode_workload(&mut d, w, f, meta, span)))
        }
        _ => {
            d.push_info_ignored(&kind, node);
            let operator_pods =
                operators::declared_pod_labels(&api_version, &kind, &meta.name, node.get("spec"));
            Object::Other {
                api_version,
                kind,
                meta,
                operator_pods,
            }
        }
    };
    objects.push(object);
}

impl Decoder<'_> {
    fn push_info_ignored(&mut self, kind: &str, node: &Node) {
        let span = node.get("kind").map_or(node.span, |k| k.span);
        self.diags.push(
            Diagnostic::new(
                Severity::Info,
                DiagnosticCode::IgnoredKind,
                format!("kind `{kind}` does not affect Service routing; it is listed and otherwise ignored"),
                Some(span),
            )
            .with_object(self.object.clone()),
        );
    }
}

/// One note per ignored kind instead of one per object: the first object's
/// note says how many of its kind there are ("ignored: 36 ConfigMap …"),
/// the others are dropped. Workload kinds' notes (a CronJob's) stay.
fn summarise_ignored_kinds(diags: &mut Vec<Diagnostic>) {
    let ignored_kind = |d: &Diagnostic| -> Option<String> {
        let o = d.object.as_ref()?;
        (d.code == DiagnosticCode::IgnoredKind && model::WorkloadKind::from_kind(&o.kind).is_none())
            .then(|| o.kind.clone())
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for kind in diags.iter().filter_map(ignored_kind) {
        *counts.entry(kind).or_default() += 1;
    }
    if counts.values().all(|&n| n == 1) {
        return;
    }
    diags.retain_mut(|d| {
        let Some(kind) = ignored_kind(d) else {
            return true;
        };
        match counts.get_mut(&kind) {
            Some(n) if *n > 1 => {
                d.message = format!(
                    "ignored: {n} {kind} — kind `{kind}` does not affect Service routing; these {n} objects (the first is here) are listed and otherwise ignored"
                );
                *n = 0; // the first one keeps the note
                true
            }
            Some(0) => false,
            _ => true,
        }
    });
}

/// Reports every object defined again (same kind, namespace and name);
/// returns the indices of those later definitions.
fn check_duplicates(
    objects: &[Object],
    diags: &mut Vec<Diagnostic>,
) -> std::collections::HashSet<usize> {
    let mut dups = std::collections::HashSet::new();
    let mut seen: HashMap<(&str, &str, &str), Option<Span>, workloads::FastBuildHasher> =
        HashMap::with_capacity_and_hasher(objects.len(), Default::default());
    for (i, o) in objects.iter().enumerate() {
        let m = o.meta();
        if m.name.is_empty() {
            continue;
        }
        let key = (o.kind(), m.namespace.as_str(), m.name.as_str());
        let here = m.name_span;
        if let Some(first) = seen.get(&key) {
            let r = o.object_ref();
            let line = first.map(|s| s.start.line).unwrap_or(0);
            let mut d = Diagnostic::new(
                Severity::Error,
                DiagnosticCode::DuplicateObject,
                format!("{r} is defined twice (first at line {line})"),
                here,
            )
            .with_object(Some(r));
            if let Some(first) = first {
                d = d.with_related(*first, "first defined here");
            }
            diags.push(d);
            dups.insert(i);
        } else {
            seen.insert(key, here);
        }
    }
    dups
}

fn service_diagnostics(
    svc: &model::Service,
    backends: &[Backend],
    pods: &[SimPod],
    objects: &[Object],
    diags: &mut Vec<Diagnostic>,
) {
    let r = ObjectRef::new("Service", &svc.meta.namespace, &svc.meta.name);
    let no_pods = svc.selector.is_some()
        && svc.service_type != model::ServiceType::ExternalName
        && backends.is_empty();
    // Pods an operator creates from a custom resource of the input: a note.
    let from_operator = no_pods
        .then(|| operators::pods_from_operator(svc, objects))
        .flatten();
    if let Some(cr) = from_operator {
        diags.push(
            Diagnostic::new(
                Severity::Info,
                DiagnosticCode::NoMatchingPods,
                format!(
                    "Service `{}` selects no pod of the input: its pods come from {} {}, created by its operator, not in the input",
                    svc.meta.name, cr.kind, cr.key()
                ),
                svc.selector_span,
            )
            .with_object(Some(r.clone())),
        );
    } else if no_pods {
        diags.push(
            Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::NoMatchingPods,
                format!(
                    "Service `{}` selects no pod in namespace `{}`",
                    svc.meta.name, svc.meta.namespace
                ),
                svc.selector_span,
            )
            .with_object(Some(r.clone()))
            .with_help("compare the selector with the pods' labels (and namespaces)"),
        );
    }
    diags.extend(shared_selector::shared_selector_diagnostic(
        svc, backends, pods,
    ));
    for p in &svc.ports {
        if let model::IntOrString::Str(name) = &p.target_port {
            // A name the API server rejects is reported as such, not looked up.
            if !validation::port_name_errors(name).is_empty() {
                continue;
            }
            let missing: Vec<&str> = backends
                .iter()
                .filter(|b| {
                    b.ports
                        .iter()
                        .any(|rp| rp.name == p.name && rp.target.is_none())
                })
                .map(|b| pods[b.pod].pod.meta.name.as_str())
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Severity::Warning,
                        DiagnosticCode::PortNotFound,
                        format!(
                            "target port `{name}` ({}) is not a named container port of {} selected pod(s): {}",
                            p.protocol,
                            missing.len(),
                            missing.iter().take(3).copied().collect::<Vec<_>>().join(", ")
                        ),
                        Some(p.span),
                    )
                    .with_object(Some(r.clone())),
                );
            }
        }
    }
}
