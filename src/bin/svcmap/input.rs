//! What the commands read: files, directories and stdin joined into one text
//! (with where each file starts, to say `file:line:col`), the `-n` namespace,
//! and their analysis.

use std::io::Read;
use std::path::{Path, PathBuf};
use svcmap::engine::{self, Analysis};

/// The inputs joined into one text, with where each file starts.
pub struct Inputs {
    /// The files' text, joined by `---` lines.
    pub text: String,
    /// (first line in `text`, file name)
    files: Vec<(usize, String)>,
    /// The namespace they are applied in (`-n`).
    namespace: Option<String>,
}

impl Inputs {
    /// The file and the line in it of a line of the joined text.
    pub fn file_line(&self, line: usize) -> (&str, usize) {
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
    pub fn locate(&self, line: usize, column: usize) -> String {
        let (file, line) = self.file_line(line);
        format!("{file}:{line}:{column}")
    }

    /// `namespace/name` for a name given on the command line: as it is when
    /// it has a `/`, else in the `-n` namespace (or `default`).
    pub fn qualify(&self, name: &str) -> String {
        if name.contains('/') {
            name.to_string()
        } else {
            format!("{}/{name}", self.default_namespace())
        }
    }

    /// The namespace of namespace-less objects: `-n`, else `default`.
    pub fn default_namespace(&self) -> &str {
        self.namespace
            .as_deref()
            .unwrap_or(engine::model::scope::DEFAULT_NAMESPACE)
    }

    /// A diagnostic's message, with the engine's `line N` of its related
    /// location (the whole text's line) said as `file:line:col`.
    pub fn message(&self, d: &engine::Diagnostic) -> String {
        match &d.related {
            Some(r) => d.message.replace(
                &format!("line {}", r.span.start.line),
                &self.locate(r.span.start.line, r.span.start.column),
            ),
            None => d.message.clone(),
        }
    }
}

/// The most input read at once: bigger than any real cluster dump (a
/// 150 000-pod `kubectl get -o json` dump is under 800 MB), small enough that
/// a wrong path (a disk image, a log) fails at once instead of filling the
/// memory. Below it, [`check_memory`] refuses what would not fit.
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024 * 1024;

/// The peak memory of a run per byte of input, measured on kubectl-shaped
/// dumps (`scripts/bench-dump.sh`; peak / input: YAML 5.9 at 20 000 pods,
/// 5.3 at 150 000; JSON 3.3 and 2.9) and rounded up: the input itself, its
/// line index, the objects decoded and the endpoints resolved.
pub const PEAK_PER_INPUT_BYTE: u64 = 6;

/// Refuses an input of `bytes` when the memory a run needs
/// ([`PEAK_PER_INPUT_BYTE`] times it) exceeds what the system has available
/// (`MemAvailable` of `/proc/meminfo`; where that is unknown, nothing is refused).
pub fn check_memory(bytes: u64) -> Result<(), String> {
    let need = bytes.saturating_mul(PEAK_PER_INPUT_BYTE);
    match available_memory() {
        Some(free) if need > free => Err(format!(
            "the inputs are {} MB; reading them needs about {} MB of memory and {} MB are available; split them or free memory",
            bytes / (1024 * 1024),
            need / (1024 * 1024),
            free / (1024 * 1024)
        )),
        _ => Ok(()),
    }
}

/// Bytes of memory available to a new allocation, if the system says.
fn available_memory() -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The most backends (pods selected, summed over the Services) resolved.
pub const MAX_BACKENDS: usize = 500_000;

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

/// Reads the files, directories and stdin (`-`) the arguments name, joined
/// into one text, to apply in `namespace` (`-n`).
pub fn read_inputs(args: &[String], namespace: Option<&str>) -> Result<Inputs, String> {
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
        if inputs.text.is_empty() {
            // One file (a dump): its text as it is, not a copy.
            inputs.text = text;
        } else {
            inputs.text.push_str(&text);
        }
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
            check_memory(total)?;
            add("-".into(), bytes)?;
            continue;
        }
        let mut files = Vec::new();
        collect(Path::new(a), &mut files, &mut Vec::new(), 0)?;
        let mut sizes = 0u64;
        for f in &files {
            sizes = sizes.saturating_add(std::fs::metadata(f).map_or(0, |m| m.len()));
        }
        if total.saturating_add(sizes) <= MAX_INPUT_BYTES {
            check_memory(total + sizes)?;
        }
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
pub fn analyze(inputs: &Inputs) -> Analysis {
    let mut analyzer = engine::Analyzer::one_shot(MAX_INPUT_BYTES as usize + 1, MAX_BACKENDS);
    analyzer.set_namespace(inputs.namespace.clone());
    let a = analyzer.analyze(&inputs.text);
    if a.objects.is_empty() && a.diagnostics.is_empty() {
        eprintln!("svcmap: the input holds no Kubernetes object");
    }
    a
}

/// The Services of `a`, or only the one `--service` names (its namespace
/// defaulting to `-n`); an error when there is no such Service.
pub fn services_named<'a>(
    inputs: &Inputs,
    a: &'a Analysis,
    service: Option<&str>,
) -> Result<Vec<&'a engine::ResolvedService>, String> {
    let wanted = service.map(|s| inputs.qualify(s));
    let services: Vec<_> = a
        .services
        .iter()
        .filter(|s| wanted.as_deref().is_none_or(|w| s.service.meta.key() == w))
        .collect();
    match wanted {
        Some(w) if services.is_empty() => Err(format!("no Service {w} in the input")),
        _ => Ok(services),
    }
}
