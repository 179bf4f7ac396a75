//! `svcmap`: the svcmap engine on the command line.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use svcmap::engine::{self, EndpointState, Severity};

#[derive(Parser)]
#[command(
    name = "svcmap",
    version,
    about = "Which pods does each Kubernetes Service reach, and why"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the endpoints each Service resolves to.
    Resolve {
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Table)]
        output: Format,
        /// Files, directories (recursively *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        inputs: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Like `kubectl get endpoints`.
    Table,
    /// JSON.
    Json,
}

/// One input file's text and the name used in diagnostics.
struct Input {
    name: String,
    text: String,
}

fn collect(path: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    if depth > 64 {
        return Ok(());
    }
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            if e.is_dir() && !e.is_symlink() {
                collect(&e, out, depth + 1)?;
            } else if matches!(
                e.extension().and_then(|x| x.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(e);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn read_inputs(args: &[String]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for a in args {
        if a == "-" {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("-: {e}"))?;
            let text =
                String::from_utf8(bytes).map_err(|_| "-: input is not UTF-8 text".to_string())?;
            inputs.push(Input {
                name: "-".into(),
                text,
            });
            continue;
        }
        let mut files = Vec::new();
        collect(Path::new(a), &mut files, 0).map_err(|e| format!("{a}: {e}"))?;
        for f in files {
            let bytes = std::fs::read(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            let text =
                String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", f.display()))?;
            inputs.push(Input {
                name: f.display().to_string(),
                text,
            });
        }
    }
    Ok(inputs)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Resolve { output, inputs } => {
            let inputs = match read_inputs(&inputs) {
                Ok(i) => i,
                Err(e) => {
                    eprintln!("svcmap: {e}");
                    return ExitCode::from(2);
                }
            };
            let mut failed = false;
            let mut rows = Vec::new();
            for input in &inputs {
                let a = engine::analyze(&input.text);
                for d in &a.diagnostics {
                    if d.severity == Severity::Info {
                        continue;
                    }
                    failed |= d.severity == Severity::Error;
                    let at = d
                        .span
                        .map(|s| format!(":{}:{}", s.start.line, s.start.column))
                        .unwrap_or_default();
                    eprintln!(
                        "{}{at}: {}[{}]: {}",
                        input.name,
                        d.severity.as_str(),
                        d.code,
                        d.message
                    );
                }
                for s in &a.services {
                    let mut addrs: Vec<String> = Vec::new();
                    for b in s
                        .backends
                        .iter()
                        .filter(|b| b.state == EndpointState::Ready)
                    {
                        let ip = b.address.clone().unwrap_or_default();
                        for p in &b.ports {
                            if let Some(t) = p.target {
                                addrs.push(format!("{ip}:{t}"));
                            }
                        }
                        if b.ports.is_empty() {
                            addrs.push(ip);
                        }
                    }
                    rows.push((
                        s.service.meta.namespace.clone(),
                        s.service.meta.name.clone(),
                        addrs,
                        s.backends.clone(),
                    ));
                }
            }
            match output {
                Format::Table => {
                    println!("{:<16} {:<24} ENDPOINTS", "NAMESPACE", "NAME");
                    for (ns, name, addrs, _) in &rows {
                        let shown = if addrs.is_empty() {
                            "<none>".to_string()
                        } else if addrs.len() > 3 {
                            format!("{} + {} more...", addrs[..3].join(","), addrs.len() - 3)
                        } else {
                            addrs.join(",")
                        };
                        println!("{ns:<16} {name:<24} {shown}");
                    }
                }
                Format::Json => {
                    let items: Vec<serde_json::Value> = rows
                        .iter()
                        .map(|(ns, name, addrs, backends)| {
                            serde_json::json!({"namespace": ns, "name": name, "endpoints": addrs, "backends": backends})
                        })
                        .collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&items).unwrap_or_default()
                    );
                }
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
