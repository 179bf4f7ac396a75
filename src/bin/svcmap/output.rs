//! What the commands print: standard output written in blocks of a megabyte
//! (a reader that goes away early, `svcmap resolve -o json | head`, ends the
//! program quietly, as SIGPIPE ends other tools: exit 141, instead of
//! `println!` panicking), the output formats, tables, documents, and the
//! diagnostics on stderr.

use crate::input::Inputs;
use clap::ValueEnum;
use std::cell::RefCell;
use std::io::Write;
use svcmap::engine::{render, Analysis, Severity};

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

/// `resolve -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ResolveFormat {
    Table,
    Wide,
    Json,
    Yaml,
}

/// `explain -o` and `rollout -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    Text,
    Json,
}

/// `check -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
}

/// `select -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SelectFormat {
    Name,
    Table,
    Json,
    Yaml,
}

/// `dns -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DnsFormat {
    Table,
    Json,
    Yaml,
}

/// `trace -o`.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Text,
    Json,
}

/// A document as YAML, or as indented JSON.
pub fn print_value(v: &render::Doc, yaml: bool) {
    if yaml {
        out!("{}", render::to_yaml(v));
    } else {
        print_json(v);
    }
}

/// A value as indented JSON.
pub fn print_json(v: &impl serde::Serialize) {
    outln!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Rows as a table, in columns three spaces apart, like `kubectl get`.
pub fn table(rows: &[Vec<String>]) {
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

/// Prints diagnostics (warnings and errors) to stderr; true when any is an error.
pub fn report(inputs: &Inputs, a: &Analysis) -> bool {
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
