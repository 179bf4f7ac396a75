//! `svcmap`: the svcmap engine on the command line.
//!
//! Exit codes: 0 success; 1 the input has error-level diagnostics (output is
//! still printed for what resolved), or `rollout` found a Service losing every
//! ready endpoint or a change the API server refuses (a changed `spec.selector`); 2 usage, unreadable, binary, non-UTF-8 or oversized input,
//! or a bad selector — always one line on stderr, never a backtrace.

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use svcmap::engine::labels::{LabelSelector, Selector};
use svcmap::engine::render::Doc;
use svcmap::engine::{self, model::decode, render, yaml, Analysis, Severity};

/// Standard output, written in blocks of a megabyte: a reader that goes
/// away early (`svcmap resolve -o json | head`) ends the program quietly, as
/// SIGPIPE ends other tools (exit 141), instead of `println!` panicking.
mod stdout {
    use std::cell::RefCell;
    use std::io::Write;

    thread_local! {
        static BUFFER: RefCell<String> = const { RefCell::new(String::new()) };
    }

    /// Appends formatted text; writes the buffer out once it is large.
    pub fn push(args: std::fmt::Arguments<'_>) {
        BUFFER.with(|b| {
            let mut b = b.borrow_mut();
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(&mut *b, args);
            if b.len() >= 1 << 20 {
                write_out(&mut b);
            }
        });
    }

    /// Writes out what is buffered.
    pub fn flush() {
        BUFFER.with(|b| write_out(&mut b.borrow_mut()));
    }

    fn write_out(b: &mut String) {
        let mut out = std::io::stdout().lock();
        let result = out.write_all(b.as_bytes()).and_then(|()| out.flush());
        b.clear();
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(141),
            Err(e) => {
                eprintln!("svcmap: cannot write the output: {e}");
                std::process::exit(2);
            }
        }
    }
}

/// `print!` through [`stdout`].
macro_rules! out {
    ($($arg:tt)*) => { stdout::push(format_args!($($arg)*)) };
}

/// `println!` through [`stdout`].
macro_rules! outln {
    () => { stdout::push(format_args!("\n")) };
    ($($arg:tt)*) => {{ stdout::push(format_args!($($arg)*)); stdout::push(format_args!("\n")) }};
}

#[derive(Parser)]
#[command(
    name = "svcmap",
    version,
    about = "Which pods does each Kubernetes Service reach, and why"
)]
struct Cli {
    /// Apply the inputs in this namespace, as `kubectl apply -n` does: objects
    /// without a namespace go there, objects naming another one are refused
    /// (an error). Without it, they go to `default`. Cluster-scoped kinds have none.
    #[arg(short, long, global = true, value_parser = namespace_name)]
    namespace: Option<String>,
    #[command(subcommand)]
    command: Command,
}

/// `-n`: a namespace name, as the API server requires one.
fn namespace_name(s: &str) -> Result<String, String> {
    engine::model::scope::namespace_error(s).map_or_else(|| Ok(s.to_string()), Err)
}

#[derive(Subcommand)]
enum Command {
    /// Print the Endpoints and EndpointSlices the controllers would write (for a
    /// Service without selector: those written by hand, and the slices mirrored from them).
    Resolve {
        /// Output format: table and wide look like `kubectl get endpoints` (a Service
        /// without selector shows what kube-proxy reads in its EndpointSlices); json
        /// and yaml print a v1 List of Endpoints and EndpointSlice objects.
        #[arg(short, long, value_enum, default_value_t = ResolveFormat::Table)]
        output: ResolveFormat,
        /// Files, directories (recursively *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Explain each Service: its endpoints, and why other pods are not behind it.
    Explain {
        /// Only this Service (`namespace/name`, or `name` in the `-n` namespace, else `default`).
        #[arg(long)]
        service: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
        output: ExplainFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print every diagnostic of the inputs on stdout, the summary last; exit 1
    /// when any is an error (a CI gate).
    Check {
        /// Output format: text lines, JSON, or SARIF 2.1.0 for code-scanning tools.
        #[arg(short, long, value_enum, default_value_t = CheckFormat::Text)]
        output: CheckFormat,
        /// Print only diagnostics at least this severe (errors still set the exit code).
        #[arg(long, value_enum, default_value_t = MinSeverity::Info)]
        min_severity: MinSeverity,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Step through rollouts of Deployments, StatefulSets and DaemonSets: at every
    /// step, which pods exist and how many ready endpoints each Service has; exit 1
    /// when a Service loses them all.
    Rollout {
        /// Only this workload: `namespace/name` or `name` (a Deployment; namespace
        /// `default`), or `statefulset/…`, `daemonset/…`, `deployment/…` before it.
        #[arg(long, visible_alias = "deployment")]
        workload: Option<String>,
        /// The manifests before the change (a file, directory or `-`; repeatable):
        /// Deployments whose pod template differs roll out from that version to
        /// the one in INPUTS; a changed `spec.selector` is refused, as the API
        /// server refuses it (exit 1). Without it, each Deployment is restarted
        /// (`kubectl rollout restart`).
        #[arg(long = "from", value_name = "BEFORE")]
        from: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = ExplainFormat::Text)]
        output: ExplainFormat,
        /// Files, directories or `-` for stdin: the manifests after the change.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print the pods (workload pods included) a label selector matches, like
    /// `kubectl get pods -l` (with `-n`, only the pods of that namespace).
    Select {
        /// A selector (`tier in (web,api),!canary`) or a LabelSelector object in
        /// JSON/YAML flow form (`{"matchLabels": {"app": "web"}}`).
        #[arg(short = 'l', long = "selector")]
        selector: String,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = SelectFormat::Table)]
        output: SelectFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Print the DNS records the cluster DNS serves for each Service: A/AAAA
    /// of its cluster IPs, SRV per named port, per-pod names of headless
    /// Services, the CNAME of an ExternalName.
    Dns {
        /// Only this Service (`namespace/name`, or `name` in the `-n` namespace, else `default`).
        #[arg(long)]
        service: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = DnsFormat::Table)]
        output: DnsFormat,
        /// Files, directories or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ResolveFormat {
    Table,
    Wide,
    Json,
    Yaml,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SelectFormat {
    Name,
    Table,
    Json,
    Yaml,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DnsFormat {
    Table,
    Json,
    Yaml,
}

/// `check --min-severity`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
enum MinSeverity {
    Info,
    Warning,
    Error,
}

impl MinSeverity {
    /// Whether a diagnostic of `severity` is printed.
    fn shows(self, severity: Severity) -> bool {
        let rank = match severity {
            Severity::Info => MinSeverity::Info,
            Severity::Warning => MinSeverity::Warning,
            Severity::Error => MinSeverity::Error,
        };
        rank >= self
    }
}

/// The inputs joined into one text, with where each file starts.
struct Inputs {
    text: String,
    /// (first line in `text`, file name)
    files: Vec<(usize, String)>,
    /// The namespace they are applied in (`-n`).
    namespace: Option<String>,
}

impl Inputs {
    /// The file and the line in it of a line of the joined text.
    fn file_line(&self, line: usize) -> (&str, usize) {
        let i = self
            .files
            .partition_point(|(start, _)| *start <= line)
            .saturating_sub(1);
        match self.files.get(i) {
            Some((start, name)) => (name, line - start + 1),
            None => ("-", line),
        }
    }

    /// `file:line:col` for a position in the joined text.
    fn locate(&self, line: usize, column: usize) -> String {
        let (file, line) = self.file_line(line);
        format!("{file}:{line}:{column}")
    }

    /// `namespace/name` for a name given on the command line: as it is when
    /// it has a `/`, else in the `-n` namespace (or `default`).
    fn qualify(&self, name: &str) -> String {
        if name.contains('/') {
            name.to_string()
        } else {
            format!("{}/{name}", self.default_namespace())
        }
    }

    /// The namespace of namespace-less objects: `-n`, else `default`.
    fn default_namespace(&self) -> &str {
        self.namespace
            .as_deref()
            .unwrap_or(engine::model::scope::DEFAULT_NAMESPACE)
    }

    /// A diagnostic's message, with the engine's `line N` of its related
    /// location (the whole text's line) said as `file:line:col`.
    fn message(&self, d: &engine::Diagnostic) -> String {
        match &d.related {
            Some(r) => d.message.replace(
                &format!("line {}", r.span.start.line),
                &self.locate(r.span.start.line, r.span.start.column),
            ),
            None => d.message.clone(),
        }
    }
}

/// The most input read at once: bigger than any real cluster dump, small
/// enough that a wrong path (a disk image, a log) fails at once instead of
/// filling the memory.
const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The most backends (pods selected, summed over the Services) resolved.
const MAX_BACKENDS: usize = 500_000;

/// Adds `path` (a file, or a directory's YAML and JSON files, recursively,
/// following symbolic links) to `out`. `seen` holds the directories read, by
/// their real path, so a link back to one of them is said and not followed.
fn collect(
    path: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut Vec<PathBuf>,
    depth: usize,
) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let real = std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if seen.contains(&real) {
        eprintln!(
            "svcmap: {}: a directory loop (it leads back to {}); not read twice",
            path.display(),
            real.display()
        );
        return Ok(());
    }
    if depth > 64 {
        return Err(format!(
            "{}: directories nested more than 64 deep",
            path.display()
        ));
    }
    seen.push(real);
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    let before = out.len();
    for e in entries {
        if e.is_dir() {
            collect(&e, out, seen, depth + 1)?;
        } else if matches!(
            e.extension().and_then(|x| x.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(e);
        }
    }
    if depth == 0 && out.len() == before {
        return Err(format!(
            "{}: no .yaml, .yml or .json file in this directory",
            path.display()
        ));
    }
    Ok(())
}

fn read_inputs(args: &[String], namespace: Option<&str>) -> Result<Inputs, String> {
    let mut inputs = Inputs {
        text: String::new(),
        files: Vec::new(),
        namespace: namespace.map(String::from),
    };
    let mut add = |name: String, bytes: Vec<u8>| -> Result<(), String> {
        if bytes.contains(&0) {
            return Err(format!("{name}: a binary file, not YAML or JSON"));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let column =
                valid.len() - valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1) + 1;
            format!("{name}:{line}:{column}: not UTF-8 text (an invalid byte); save it as UTF-8")
        })?;
        if !inputs.text.is_empty() {
            if !inputs.text.ends_with('\n') {
                inputs.text.push('\n');
            }
            inputs.text.push_str("---\n");
        }
        let line = inputs.text.matches('\n').count() + 1;
        inputs.files.push((line, name));
        inputs.text.push_str(&text);
        Ok(())
    };
    let too_big = |name: &str| {
        format!(
            "{name}: the inputs exceed {} MB, the most svcmap reads at once; split them",
            MAX_INPUT_BYTES / (1024 * 1024)
        )
    };
    let mut total: u64 = 0;
    for a in args {
        if a == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(MAX_INPUT_BYTES + 1 - total)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("-: {e}"))?;
            total += bytes.len() as u64;
            if total > MAX_INPUT_BYTES {
                return Err(too_big("-"));
            }
            add("-".into(), bytes)?;
            continue;
        }
        let mut files = Vec::new();
        collect(Path::new(a), &mut files, &mut Vec::new(), 0)?;
        for f in files {
            let name = f.display().to_string();
            let size = std::fs::metadata(&f)
                .map_err(|e| format!("{name}: {e}"))?
                .len();
            total = total.saturating_add(size);
            if total > MAX_INPUT_BYTES {
                return Err(too_big(&name));
            }
            let bytes = std::fs::read(&f).map_err(|e| format!("{name}: {e}"))?;
            add(name, bytes)?;
        }
    }
    Ok(inputs)
}

/// The analysis of the inputs (all of them: the CLI has no typing to keep quick).
fn analyze(inputs: &Inputs) -> Analysis {
    let mut analyzer = engine::Analyzer::with_limits(MAX_INPUT_BYTES as usize + 1, MAX_BACKENDS);
    analyzer.set_namespace(inputs.namespace.clone());
    let a = analyzer.analyze(&inputs.text);
    if a.objects.is_empty() && a.diagnostics.is_empty() {
        eprintln!("svcmap: the input holds no Kubernetes object");
    }
    a
}

/// Prints diagnostics (warnings and errors) to stderr; true when any is an error.
fn report(inputs: &Inputs, a: &Analysis) -> bool {
    let mut failed = false;
    for d in &a.diagnostics {
        if d.severity == Severity::Info {
            continue;
        }
        failed |= d.severity == Severity::Error;
        let at = d
            .span
            .map(|s| format!("{}: ", inputs.locate(s.start.line, s.start.column)))
            .unwrap_or_default();
        eprintln!(
            "{at}{}[{}]: {}",
            d.severity.as_str(),
            d.code,
            inputs.message(d)
        );
        if let Some(h) = &d.help {
            eprintln!("  help: {h}");
        }
    }
    failed
}

/// The Services of `a`, or only the one `--service` names (its namespace
/// defaulting to `-n`); an error when there is no such Service.
fn services_named<'a>(
    inputs: &Inputs,
    a: &'a Analysis,
    service: Option<&str>,
) -> Result<Vec<&'a engine::ResolvedService>, String> {
    let wanted = service.map(|s| inputs.qualify(s));
    let services: Vec<_> = a
        .services
        .iter()
        .filter(|s| {
            wanted.as_deref().is_none_or(|w| {
                format!("{}/{}", s.service.meta.namespace, s.service.meta.name) == w
            })
        })
        .collect();
    match wanted {
        Some(w) if services.is_empty() => Err(format!("no Service {w} in the input")),
        _ => Ok(services),
    }
}

/// `svcmap explain`: for each Service, its endpoints and its near misses.
fn explain(inputs: &Inputs, service: Option<&str>, output: ExplainFormat) -> Result<bool, String> {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let services = services_named(inputs, &a, service)?;
    let pod_name = |i: usize| {
        format!(
            "{}/{}",
            a.pods[i].pod.meta.namespace, a.pods[i].pod.meta.name
        )
    };
    let index = engine::base::source::LineIndex::new(&inputs.text);
    // A fix as `file:line:col` of its edit and its title.
    let fix_at = |f: &engine::scenarios::explain::Fix| {
        let p = index.position(&inputs.text, f.edit.start);
        inputs.locate(p.line, p.column)
    };
    let fix_json = |f: &engine::scenarios::explain::Fix| serde_json::json!({"title": f.title, "at": fix_at(f), "start": f.edit.start, "end": f.edit.end, "insert": f.edit.insert});
    let mut json = Vec::new();
    for rs in services {
        let e = engine::scenarios::explain::explain(&a, rs);
        let port_fixes = engine::scenarios::explain::port_fixes(&inputs.text, &a, rs);
        if output == ExplainFormat::Json {
            let backends: Vec<Value> = rs
                .backends
                .iter()
                .map(|b| serde_json::json!({"pod": pod_name(b.pod), "state": b.state.as_str(), "reason": b.reason, "address": b.address}))
                .collect();
            let misses: Vec<Value> = e
                .near_misses
                .iter()
                .map(|m| {
                    let fixes: Vec<Value> = engine::scenarios::explain::near_miss_fixes(&inputs.text, &a, rs, m)
                        .iter()
                        .map(fix_json)
                        .collect();
                    serde_json::json!({"pod": pod_name(m.pod), "failing": m.failing, "otherNamespace": m.other_namespace, "keys": m.keys, "fixes": fixes})
                })
                .collect();
            let external: Vec<Value> = rs
                .external
                .iter()
                .map(|b| serde_json::json!({"address": b.address, "state": b.state.as_str(), "reason": b.reason, "slice": b.slice}))
                .collect();
            json.push(serde_json::json!({
                "service": e.service,
                "unmanaged": e.unmanaged,
                "backends": backends,
                "external": external,
                "nearMisses": misses,
                "workloadLabelHints": e.workload_label_hints,
                "mixedOwners": e.mixed_owners,
                "revisions": e.revisions,
                "shared": e.shared.as_ref().map(|d| serde_json::json!({"severity": d.severity.as_str(), "code": d.code.as_str(), "message": d.message})),
                "note": e.note,
                "ports": e.ports.iter().map(|p| serde_json::json!({
                    "port": p.port,
                    "resolved": p.resolved.iter().map(|(t, n)| serde_json::json!({"targetPort": t, "pods": n})).collect::<Vec<_>>(),
                    "unresolved": p.unresolved.iter().map(|(i, why)| serde_json::json!({"pod": pod_name(*i), "reason": why})).collect::<Vec<_>>(),
                    "unresolvedCount": p.unresolved_count,
                })).collect::<Vec<_>>(),
                "portFixes": port_fixes.iter().map(fix_json).collect::<Vec<_>>(),
            }));
            continue;
        }
        let line = rs.service.span.start.line;
        outln!("Service {} ({})", e.service, inputs.locate(line, 1));
        if let Some(u) = &e.unmanaged {
            outln!("  {u}");
        }
        for b in &rs.backends {
            outln!(
                "  {:<12} {} — {}",
                b.state.as_str(),
                pod_name(b.pod),
                b.reason
            );
        }
        for b in &rs.external {
            outln!("  {:<12} {} — {}", b.state.as_str(), b.address, b.reason);
        }
        if rs.backends.is_empty() && e.unmanaged.is_none() {
            outln!("  no pod is selected");
        }
        for p in e.ports.iter().filter(|p| p.unresolved_count > 0) {
            outln!(
                "  port {} does not resolve on {} of {} pods:",
                p.port,
                p.unresolved_count,
                rs.backends.len()
            );
            for (i, why) in &p.unresolved {
                outln!("      {} — {why}", pod_name(*i));
            }
            if p.unresolved_count > p.unresolved.len() {
                outln!(
                    "      … and {} more",
                    p.unresolved_count - p.unresolved.len()
                );
            }
        }
        for f in &port_fixes {
            outln!("  fix ({}): {}", fix_at(f), f.title);
        }
        for m in &e.near_misses {
            match &m.other_namespace {
                Some(ns) => outln!(
                    "  not selected: {} — its labels match, but it is in namespace {ns}, not {}",
                    pod_name(m.pod),
                    rs.service.meta.namespace
                ),
                None => {
                    outln!(
                        "  not selected: {} — {} of {} selector keys differ",
                        pod_name(m.pod),
                        m.failing,
                        m.keys.len()
                    );
                    for k in &m.keys {
                        let actual = k
                            .actual
                            .as_deref()
                            .map_or("(missing)".to_string(), |v| format!("{v:?}"));
                        let mark = if k.ok { "✓" } else { "✗" };
                        outln!(
                            "      {mark} {}: wanted {:?}, pod has {actual}",
                            k.key,
                            k.wanted
                        );
                        if let Some(h) = &k.hint {
                            outln!("        {h}");
                        }
                    }
                    for f in engine::scenarios::explain::near_miss_fixes(&inputs.text, &a, rs, m) {
                        outln!("      fix ({}): {}", fix_at(&f), f.title);
                    }
                }
            }
        }
        for w in &e.workload_label_hints {
            outln!("  hint: {w} carries the selected labels in metadata.labels, but its pods get spec.template.metadata.labels");
        }
        if let Some(d) = &e.shared {
            outln!("  {}[{}]: {}", d.severity.as_str(), d.code, d.message);
        }
        if let Some(n) = &e.note {
            println!("  note: {n}");
        }
    }
    if output == ExplainFormat::Json {
        print_json(&json);
    }
    Ok(failed)
}

/// `svcmap check`: the diagnostics at least `min` severe on stdout (they are
/// its output), the summary last; true when any diagnostic is an error.
fn check(inputs: &Inputs, output: CheckFormat, min: MinSeverity) -> bool {
    let mut a = analyze(inputs);
    let failed = a.has_errors();
    let count = |s: Severity| a.diagnostics.iter().filter(|d| d.severity == s).count();
    let counts = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    a.diagnostics.retain(|d| min.shows(d.severity));
    let hidden = counts.0 + counts.1 + counts.2 - a.diagnostics.len();
    match output {
        CheckFormat::Text => {
            for d in &a.diagnostics {
                let at = d
                    .span
                    .map(|s| format!("{}: ", inputs.locate(s.start.line, s.start.column)))
                    .unwrap_or_default();
                outln!(
                    "{at}{}[{}]: {}",
                    d.severity.as_str(),
                    d.code,
                    inputs.message(d)
                );
                if let Some(h) = &d.help {
                    outln!("  help: {h}");
                }
            }
            outln!(
                "{} errors, {} warnings, {} notes{}",
                counts.0,
                counts.1,
                counts.2,
                match hidden {
                    0 => String::new(),
                    n => format!(" ({n} below --min-severity not shown)"),
                }
            );
        }
        CheckFormat::Json => {
            let items: Vec<Value> = a
                .diagnostics
                .iter()
                .map(|d| {
                    let mut v = serde_json::json!({
                        "severity": d.severity.as_str(),
                        "code": d.code.as_str(),
                        "title": d.code.title(),
                        "message": inputs.message(d),
                        "help": d.help,
                        "object": d.object.as_ref().map(|o| o.to_string()),
                    });
                    if let Some(r) = &d.related {
                        let (file, line) = inputs.file_line(r.span.start.line);
                        v["related"] = serde_json::json!({"file": file, "line": line, "column": r.span.start.column, "message": r.message});
                    }
                    if let Some(s) = d.span {
                        let (file, line) = inputs.file_line(s.start.line);
                        let (_, end_line) = inputs.file_line(s.end.line);
                        v["file"] = serde_json::json!(file);
                        v["line"] = serde_json::json!(line);
                        v["column"] = serde_json::json!(s.start.column);
                        v["endLine"] = serde_json::json!(end_line);
                        v["endColumn"] = serde_json::json!(s.end.column);
                    }
                    v
                })
                .collect();
            print_json(&items);
        }
        CheckFormat::Sarif => print_json(&sarif(inputs, &a)),
    }
    failed
}

/// The diagnostics as a SARIF 2.1.0 log, one rule per diagnostic code.
fn sarif(inputs: &Inputs, a: &Analysis) -> Value {
    let rules: Vec<Value> = engine::DiagnosticCode::ALL
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.as_str(),
                "name": format!("{c:?}"),
                "shortDescription": {"text": c.title()},
            })
        })
        .collect();
    let results: Vec<Value> = a
        .diagnostics
        .iter()
        .map(|d| {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "note",
            };
            let mut text = inputs.message(d);
            if let Some(h) = &d.help {
                text.push_str(&format!(" ({h})"));
            }
            let mut r = serde_json::json!({
                "ruleId": d.code.as_str(),
                "level": level,
                "message": {"text": text},
            });
            if let Some(s) = d.span {
                let (file, line) = inputs.file_line(s.start.line);
                let (_, end_line) = inputs.file_line(s.end.line);
                r["locations"] = serde_json::json!([{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {
                            "startLine": line,
                            "startColumn": s.start.column,
                            "endLine": end_line.max(line),
                            "endColumn": s.end.column.max(1),
                        }
                    }
                }]);
            }
            if let Some(rel) = &d.related {
                let (file, line) = inputs.file_line(rel.span.start.line);
                let (_, end_line) = inputs.file_line(rel.span.end.line);
                r["relatedLocations"] = serde_json::json!([{
                    "id": 1,
                    "message": {"text": rel.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": {
                            "startLine": line,
                            "startColumn": rel.span.start.column,
                            "endLine": end_line.max(line),
                            "endColumn": rel.span.end.column.max(1),
                        }
                    }
                }]);
            }
            r
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "svcmap", "version": env!("CARGO_PKG_VERSION"), "rules": rules}},
            "results": results,
        }],
    })
}

/// `svcmap rollout`: every chosen Deployment's rollout, step by step, with
/// each Service's endpoints. True when the input has errors or a Service that
/// had ready endpoints loses them all at some step.
fn rollout(
    inputs: &Inputs,
    before: Option<&Inputs>,
    only: Option<&str>,
    output: ExplainFormat,
) -> Result<bool, String> {
    use engine::model::{Object, WorkloadKind};
    use engine::scenarios::rollout::{self, Phase};
    let a = analyze(inputs);
    let mut failed = report(inputs, &a);
    let old = before.map(analyze);
    // `[kind/][namespace/]name` → the key of `rollout::key_of`.
    let only = only.map(|w| {
        let parts: Vec<&str> = w.split('/').collect();
        let kind_of = |k: &str| match k.to_ascii_lowercase().as_str() {
            "statefulset" | "sts" => Some("StatefulSet"),
            "daemonset" | "ds" => Some("DaemonSet"),
            "deployment" | "deploy" => Some("Deployment"),
            _ => None,
        };
        match parts[..] {
            [k, ns, name] => rollout::key_of(kind_of(k).unwrap_or(k), ns, name),
            [k, name] if kind_of(k).is_some() => {
                rollout::key_of(kind_of(k).unwrap_or(k), inputs.default_namespace(), name)
            }
            [ns, name] => rollout::key_of("Deployment", ns, name),
            _ => rollout::key_of("Deployment", inputs.default_namespace(), w),
        }
    });
    let mut chosen = Vec::new();
    for o in &a.objects {
        let Object::Workload(w) = o else { continue };
        if !matches!(
            w.kind,
            WorkloadKind::Deployment | WorkloadKind::StatefulSet | WorkloadKind::DaemonSet
        ) {
            continue;
        }
        let key = rollout::key_of(w.kind.as_str(), &w.meta.namespace, &w.meta.name);
        if only.as_ref().is_some_and(|k| *k != key) {
            continue;
        }
        let named = format!("{} {}/{}", w.kind.as_str(), w.meta.namespace, w.meta.name);
        let from = match &old {
            None => w.clone(),
            Some(old) => match rollout::find_workload(old, &key) {
                Some(f) => f.clone(),
                None => {
                    eprintln!("svcmap: {named} is new: it is created, not rolled out");
                    continue;
                }
            },
        };
        let same = engine::sim::workloads::pod_template_hash(&from.template)
            == engine::sim::workloads::pod_template_hash(&w.template);
        // A changed selector is refused even when the template is the same.
        let refused = old.is_some() && rollout::selector_change(&from, w).is_some();
        if old.is_some() && same && only.is_none() && !refused {
            continue; // unchanged: nothing rolls out
        }
        chosen.push((named, from, w.clone()));
    }
    if let (Some(k), true) = (&only, chosen.is_empty()) {
        return Err(format!(
            "no Deployment, StatefulSet or DaemonSet {k} in the input"
        ));
    }
    if chosen.is_empty() {
        eprintln!("svcmap: no workload's pod template changed: nothing rolls out");
    }
    let phase = |p: Phase| match p {
        Phase::Starting => "starting",
        Phase::Ready => "ready",
        Phase::NotReady => "not-ready",
        Phase::Terminating => "terminating",
        Phase::Gone => "gone",
    };
    let mut json = Vec::new();
    for (key, from, to) in chosen {
        let r = match rollout::plan(&from, &to) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("svcmap: {e}");
                // The API server refuses the change: the manifests cannot be applied.
                failed |= matches!(e, rollout::RolloutError::SelectorChanged { .. });
                continue;
            }
        };
        let t = rollout::timeline(&a, &r);
        failed |= t.iter().any(|s| !s.outage().is_empty());
        let strategy = if r.recreate {
            "Recreate"
        } else {
            "RollingUpdate"
        };
        let deployment = to.kind == WorkloadKind::Deployment;
        let limits = match to.kind {
            WorkloadKind::StatefulSet => "one pod at a time from the highest ordinal".to_string(),
            _ => format!(
                "maxSurge {}, maxUnavailable {}",
                r.max_surge, r.max_unavailable
            ),
        };
        if output == ExplainFormat::Json {
            let steps: Vec<Value> = r
                .steps
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let (o, n) = s.replicas();
                    let pods: Vec<Value> = r
                        .old_pods
                        .iter()
                        .zip(&s.old)
                        .map(|(p, ph)| (p, ph, "old"))
                        .chain(r.new_pods.iter().zip(&s.new).map(|(p, ph)| (p, ph, "new")))
                        .filter(|(_, ph, _)| **ph != Phase::Gone)
                        .map(|(p, ph, rev)| serde_json::json!({"name": p.meta.name, "revision": rev, "phase": phase(*ph)}))
                        .collect();
                    serde_json::json!({"step": i, "title": s.title, "oldReplicas": o, "newReplicas": n, "pods": pods})
                })
                .collect();
            let services: Vec<Value> = t
                .iter()
                .map(|s| serde_json::json!({
                    "service": s.service,
                    "counts": s.counts.iter().map(|c| serde_json::json!({"ready": c.0, "notReady": c.1, "terminating": c.2})).collect::<Vec<_>>(),
                    "minReady": s.min_ready(),
                    "outageSteps": s.outage(),
                }))
                .collect();
            json.push(serde_json::json!({
                "kind": to.kind.as_str(),
                "name": format!("{}/{}", to.meta.namespace, to.meta.name),
                "restart": r.restart,
                "strategy": strategy,
                "replicas": r.replicas,
                "maxSurge": r.max_surge,
                "maxUnavailable": r.max_unavailable,
                "oldRevision": r.old_rs,
                "newRevision": r.new_rs,
                "truncated": r.truncated,
                "steps": steps,
                "services": services,
            }));
            continue;
        }
        outln!(
            "{key} ({}): {}, {strategy}, {} pods, {limits}",
            inputs.locate(to.span.start.line, 1),
            if r.restart {
                "restart (kubectl rollout restart)"
            } else {
                "template changed"
            },
            r.replicas,
        );
        outln!(
            "  {} {} → {}, {} steps{}",
            if deployment { "ReplicaSet" } else { "revision" },
            r.old_rs,
            r.new_rs,
            r.steps.len(),
            if r.truncated { " (cut short)" } else { "" }
        );
        let mut rows = vec![{
            let mut h = vec!["  STEP".to_string(), "OLD/NEW".into()];
            h.extend(t.iter().map(|s| format!("{} READY/NOT/TERM", s.service)));
            h.push("WHAT HAPPENS".into());
            h
        }];
        for (i, s) in r.steps.iter().enumerate() {
            let (o, n) = s.replicas();
            let mut row = vec![format!("  {i}"), format!("{o}/{n}")];
            row.extend(t.iter().map(|svc| {
                let (ready, not_ready, term) = svc.counts[i];
                format!("{ready}/{not_ready}/{term}")
            }));
            row.push(s.title.clone());
            rows.push(row);
        }
        table(&rows);
        for s in &t {
            let out = s.outage();
            if out.is_empty() {
                outln!(
                    "  Service {}: at least {} ready endpoint{} at every step",
                    s.service,
                    s.min_ready(),
                    if s.min_ready() == 1 { "" } else { "s" }
                );
            } else {
                let steps: Vec<String> = out.iter().map(usize::to_string).collect();
                outln!(
                    "  Service {}: NO ready endpoint at step{} {} — requests fail during this rollout",
                    s.service,
                    if out.len() == 1 { "" } else { "s" },
                    steps.join(", ")
                );
            }
        }
        if t.is_empty() {
            outln!("  no Service selects its pods");
        }
    }
    if output == ExplainFormat::Json {
        print_json(&json);
    }
    Ok(failed)
}

fn print_value(v: &render::Doc, yaml: bool) {
    if yaml {
        out!("{}", render::to_yaml(v));
    } else {
        print_json(v);
    }
}

fn print_json(v: &impl serde::Serialize) {
    outln!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

fn table(rows: &[Vec<String>]) {
    let cols = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for r in rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == cols {
                    cell.clone()
                } else {
                    format!("{cell:<w$}", w = widths[i])
                }
            })
            .collect();
        outln!("{}", line.join("   ").trim_end());
    }
}

fn resolve(inputs: &Inputs, output: ResolveFormat) -> bool {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    match output {
        ResolveFormat::Json | ResolveFormat::Yaml => {
            let mut items = Vec::new();
            // A Service without selector: its Endpoints as written, its slices
            // written by hand and those the mirroring controller writes.
            for s in a.services.iter() {
                if let Some(ep) = &s.endpoints {
                    items.push(render::endpoints_object(ep));
                }
                for slice in s.slices.iter() {
                    items.push(render::slice_object(slice, s));
                }
            }
            let mut list = render::list_object(items);
            // Beside the List's items (not a Kubernetes field): the DNS records.
            list.set(
                "dns",
                Doc::List(a.services.iter().flat_map(dns_docs).collect()),
            );
            print_value(&list, output == ResolveFormat::Yaml);
        }
        ResolveFormat::Table | ResolveFormat::Wide => {
            let wide = output == ResolveFormat::Wide;
            let mut rows = vec![vec![
                "NAMESPACE".to_string(),
                "NAME".into(),
                "ENDPOINTS".into(),
            ]];
            if wide {
                rows[0].extend(
                    ["NOT READY", "TYPE", "CLUSTER-IP", "DNS", "SELECTOR"].map(String::from),
                );
            }
            let mut services: Vec<_> = a.services.iter().collect();
            services.sort_by(|x, y| {
                (&x.service.meta.namespace, &x.service.meta.name)
                    .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
            });
            for s in services {
                let eps = match &s.endpoints {
                    Some(e) if s.managed => render::format_endpoints(e),
                    _ if !s.managed => render::format_backends(s),
                    _ => "<none>".to_string(),
                };
                let mut row = vec![
                    s.service.meta.namespace.clone(),
                    s.service.meta.name.clone(),
                    eps,
                ];
                if wide {
                    let not_ready: usize = if s.managed {
                        s.endpoints
                            .iter()
                            .flat_map(|e| &e.subsets)
                            .map(|x| x.not_ready_addresses.len())
                            .sum()
                    } else {
                        let pods = s.backends.iter().map(|b| b.state);
                        let external = s.external.iter().map(|b| b.state);
                        pods.chain(external)
                            .filter(|st| *st == engine::EndpointState::NotReady)
                            .count()
                    };
                    let selector = s.service.selector.as_ref().map_or_else(
                        || "<none>".to_string(),
                        |m| Selector::from_map(m).to_string(),
                    );
                    let ip = if s.service.is_headless() {
                        "None".to_string()
                    } else {
                        s.network
                            .cluster_ips
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "<none>".into())
                    };
                    row.extend([
                        not_ready.to_string(),
                        s.service.service_type.as_str().to_string(),
                        ip,
                        dns_column(s),
                        selector,
                    ]);
                }
                rows.push(row);
            }
            table(&rows);
        }
    }
    failed
}

/// The DNS column of `resolve -o wide`: the Service's name in the cluster
/// DNS, and the target of an ExternalName's CNAME.
fn dns_column(s: &engine::ResolvedService) -> String {
    let fqdn = engine::controllers::dns::service_fqdn(&s.service);
    match s.dns.iter().find(|r| r.rtype == "CNAME") {
        Some(c) => format!("{fqdn} CNAME {}", c.value),
        None => fqdn,
    }
}

/// A Service's DNS records as documents: service, name, type and value each.
fn dns_docs(s: &engine::ResolvedService) -> Vec<Doc> {
    let service = format!("{}/{}", s.service.meta.namespace, s.service.meta.name);
    s.dns
        .iter()
        .map(|r| {
            Doc::map([
                ("service", Doc::from(&service)),
                ("name", Doc::from(&r.name)),
                ("type", Doc::from(r.rtype)),
                ("value", Doc::from(&r.value)),
            ])
        })
        .collect()
}

/// `svcmap dns`: every Service's DNS records (the playground's DNS tab).
fn dns(inputs: &Inputs, service: Option<&str>, output: DnsFormat) -> Result<bool, String> {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let mut services = services_named(inputs, &a, service)?;
    services.sort_by(|x, y| {
        (&x.service.meta.namespace, &x.service.meta.name)
            .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
    });
    match output {
        DnsFormat::Json | DnsFormat::Yaml => {
            let docs = Doc::List(services.iter().flat_map(|s| dns_docs(s)).collect());
            print_value(&docs, output == DnsFormat::Yaml);
        }
        DnsFormat::Table => {
            let mut rows = vec![["SERVICE", "TYPE", "NAME", "VALUE"]
                .map(String::from)
                .to_vec()];
            for s in &services {
                let service = format!("{}/{}", s.service.meta.namespace, s.service.meta.name);
                if s.dns.is_empty() {
                    rows.push(vec![
                        service.clone(),
                        "-".into(),
                        "<none>".into(),
                        String::new(),
                    ]);
                }
                for r in &s.dns {
                    rows.push(vec![
                        service.clone(),
                        r.rtype.to_string(),
                        r.name.clone(),
                        r.value.clone(),
                    ]);
                }
            }
            table(&rows);
        }
    }
    Ok(failed)
}

/// Parses the `-l` argument: the string syntax, or a LabelSelector in flow form.
fn parse_selector(arg: &str) -> Result<Selector, String> {
    if arg.trim_start().starts_with('{') {
        let docs = yaml::parse_documents(arg);
        let doc = &docs[0];
        if let Some(d) = doc.diagnostics.first() {
            let col = d.span.map_or(1, |s| s.start.column);
            return Err(format!("invalid selector at column {col}: {}", d.message));
        }
        let Some(root) = &doc.root else {
            return Err("invalid selector: empty".into());
        };
        let mut diags = Vec::new();
        let mut dec = decode::Decoder {
            diags: &mut diags,
            object: None,
        };
        let ls = decode::decode_label_selector(&mut dec, root, "selector");
        if let Some(d) = diags.first() {
            let col = d.span.map_or(1, |s| s.start.column);
            return Err(format!("invalid selector at column {col}: {}", d.message));
        }
        return LabelSelector::to_selector(Some(&ls)).map_err(|e| format!("invalid selector: {e}"));
    }
    arg.parse::<Selector>().map_err(|e| {
        format!(
            "invalid selector at column {}: {}",
            e.column(arg),
            e.message
        )
    })
}

fn select(inputs: &Inputs, sel: &Selector, namespace: Option<&str>, output: SelectFormat) -> bool {
    let a = analyze(inputs);
    let failed = report(inputs, &a);
    let pods: Vec<_> = a
        .pods
        .iter()
        .filter(|p| namespace.is_none_or(|n| p.pod.meta.namespace == n))
        .filter(|p| sel.matches(&p.pod.meta.labels))
        .collect();
    match output {
        SelectFormat::Name => {
            for p in &pods {
                outln!("pod/{}", p.pod.meta.name);
            }
        }
        SelectFormat::Json | SelectFormat::Yaml => {
            let items = pods.iter().map(|p| render::pod_object(p)).collect();
            print_value(&render::list_object(items), output == SelectFormat::Yaml);
        }
        SelectFormat::Table => {
            if pods.is_empty() {
                eprintln!("No resources found");
            } else {
                let mut rows = vec!["NAMESPACE NAME READY STATUS IP NODE"
                    .split(' ')
                    .map(String::from)
                    .collect::<Vec<_>>()];
                for p in &pods {
                    let st = p.pod.status.clone().unwrap_or_default();
                    let ready = if st.ready == Some(true) { "1/1" } else { "0/1" };
                    let mut status = st.phase.unwrap_or_else(|| "Unknown".into());
                    if p.pod.meta.deletion_timestamp.is_some() {
                        status = "Terminating".into();
                    }
                    rows.push(vec![
                        p.pod.meta.namespace.clone(),
                        p.pod.meta.name.clone(),
                        ready.into(),
                        status,
                        st.pod_ips
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "<none>".into()),
                        p.pod
                            .spec
                            .node_name
                            .clone()
                            .unwrap_or_else(|| "<none>".into()),
                    ]);
                }
                table(&rows);
            }
        }
    }
    failed
}

fn main() -> ExitCode {
    let code = run();
    stdout::flush();
    code
}

/// Runs the command line; what it prints is buffered in [`stdout`].
fn run() -> ExitCode {
    let cli = Cli::parse();
    let fail = |e: String| {
        eprintln!("svcmap: {e}");
        ExitCode::from(2)
    };
    let ns = cli.namespace.as_deref();
    let read_inputs = |args: &[String]| read_inputs(args, ns);
    let failed = match &cli.command {
        Command::Resolve { output, inputs } => match read_inputs(inputs) {
            Ok(i) => resolve(&i, *output),
            Err(e) => return fail(e),
        },
        Command::Explain {
            service,
            output,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => match explain(&i, service.as_deref(), *output) {
                Ok(f) => f,
                Err(e) => return fail(e),
            },
            Err(e) => return fail(e),
        },
        Command::Rollout {
            workload: deployment,
            from,
            output,
            inputs,
        } => {
            let before = if from.is_empty() {
                None
            } else {
                match read_inputs(from) {
                    Ok(b) => Some(b),
                    Err(e) => return fail(e),
                }
            };
            match read_inputs(inputs) {
                Ok(i) => match rollout(&i, before.as_ref(), deployment.as_deref(), *output) {
                    Ok(f) => f,
                    Err(e) => return fail(e),
                },
                Err(e) => return fail(e),
            }
        }
        Command::Check {
            output,
            min_severity,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => check(&i, *output, *min_severity),
            Err(e) => return fail(e),
        },
        Command::Dns {
            service,
            output,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => match dns(&i, service.as_deref(), *output) {
                Ok(f) => f,
                Err(e) => return fail(e),
            },
            Err(e) => return fail(e),
        },
        Command::Select {
            selector,
            output,
            inputs,
        } => {
            let sel = match parse_selector(selector) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            match read_inputs(inputs) {
                Ok(i) => select(&i, &sel, ns, *output),
                Err(e) => return fail(e),
            }
        }
    };
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
