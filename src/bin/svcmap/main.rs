//! `svcmap`: the svcmap engine on the command line.
//!
//! Exit codes: 0 success; 1 the input has error-level diagnostics (output is
//! still printed for what resolved), or `trace` found no ready endpoint for the request, or `rollout` found a Service losing every
//! ready endpoint or a change the API server refuses (a changed `spec.selector`); 2 usage, unreadable, binary, non-UTF-8 or oversized input,
//! or a bad selector — always one line on stderr, never a backtrace.
//!
//! One file per command (`resolve.rs`, `select.rs`, `explain.rs`, `check.rs`,
//! `rollout.rs`, `dns.rs`, `route.rs`, `trace.rs`) over `input.rs` (files, directories,
//! stdin, `-n`)
//! and `output.rs` (buffered stdout, formats, tables); `cli.rs` is the command
//! line clap reads.

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

/// mimalloc rather than the system allocator: see the figures in `Cargo.toml`.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `print!` through [`output`].
macro_rules! out {
    ($($arg:tt)*) => { $crate::output::push(format_args!($($arg)*)) };
}

/// `println!` through [`output`].
macro_rules! outln {
    () => { $crate::output::push(format_args!("\n")) };
    ($($arg:tt)*) => {{ $crate::output::push(format_args!($($arg)*)); $crate::output::push(format_args!("\n")) }};
}

mod check;
mod cli;
mod dns;
mod explain;
mod input;
mod output;
mod resolve;
mod rollout;
mod route;
mod select;
mod trace;

fn main() -> ExitCode {
    let code = run();
    output::flush();
    code
}

/// Runs the command line; what it prints is buffered in [`output`].
fn run() -> ExitCode {
    let cli = Cli::parse();
    let fail = |e: String| {
        eprintln!("svcmap: {e}");
        ExitCode::from(2)
    };
    let ns = cli.namespace.as_deref();
    let read_inputs = |args: &[String]| input::read_inputs(args, ns);
    let failed = match &cli.command {
        Command::Resolve { output, inputs } => match read_inputs(inputs) {
            Ok(i) => resolve::run(&i, *output),
            Err(e) => return fail(e),
        },
        Command::Explain {
            service,
            output,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => match explain::run(&i, service.as_deref(), *output) {
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
                Ok(i) => match rollout::run(&i, before.as_ref(), deployment.as_deref(), *output) {
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
            Ok(i) => check::run(&i, *output, *min_severity),
            Err(e) => return fail(e),
        },
        Command::Dns {
            service,
            output,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => match dns::run(&i, service.as_deref(), *output) {
                Ok(f) => f,
                Err(e) => return fail(e),
            },
            Err(e) => return fail(e),
        },
        Command::Route {
            target,
            from,
            external,
            output,
            inputs,
        } => match read_inputs(inputs) {
            Ok(i) => match route::run(&i, target, from.as_deref(), *external, *output) {
                Ok(f) => f,
                Err(e) => return fail(e),
            },
            Err(e) => return fail(e),
        },
        Command::Trace {
            url,
            gateway,
            method,
            headers,
            output,
            inputs,
        } => {
            let req = match trace::request(url, method, headers) {
                Ok(r) => r,
                Err(e) => return fail(e),
            };
            match read_inputs(inputs) {
                Ok(i) => match trace::run(&i, &req, gateway.as_deref(), *output) {
                    Ok(f) => f,
                    Err(e) => return fail(e),
                },
                Err(e) => return fail(e),
            }
        }
        Command::Select {
            selector,
            output,
            inputs,
        } => {
            let sel = match select::parse_selector(selector) {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            match read_inputs(inputs) {
                Ok(i) => select::run(&i, &sel, ns, *output),
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
