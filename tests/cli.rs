//! The `svcmap` binary end to end: real files in, printed output and exit codes checked.

use std::io::Write;
use std::process::{Command, Stdio};

fn svcmap(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_svcmap"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run svcmap");
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(text.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn resolve_prints_a_kubectl_like_table() {
    let (code, out, err) = svcmap(&["resolve", "tests/fixtures/shop.yaml"], None);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("NAMESPACE"), "{out}");
    let cart = lines.iter().find(|l| l.contains("cart")).expect("cart row");
    assert!(cart.ends_with("<none>"), "{cart}");
    let checkout = lines
        .iter()
        .find(|l| l.contains("checkout"))
        .expect("checkout row");
    // Two simulated pods, each reached on the named port's number.
    assert_eq!(checkout.matches(":8080").count(), 2, "{checkout}");
    assert!(err.contains("SVC002"), "{err}");
}

#[test]
fn errors_exit_1_with_file_line_and_column() {
    let (code, _, err) = svcmap(&["resolve", "-"], Some("kind: Pod\nmetadata: [\n"));
    assert_eq!(code, 1);
    assert!(err.starts_with("-:"), "{err}");
    assert!(err.contains("error[YAML001]"), "{err}");
}

#[test]
fn unreadable_input_exits_2() {
    let (code, out, err) = svcmap(&["resolve", "no/such/file.yaml"], None);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("svcmap: no/such/file.yaml"), "{err}");
}

/// Golden tests: each row of `tests/golden/cases.txt` runs the CLI and
/// compares stdout, stderr and the exit code with the files beside it.
/// `UPDATE_GOLDEN=1 cargo test --test cli` rewrites them.
#[test]
fn golden_outputs() {
    let cases = std::fs::read_to_string("tests/golden/cases.txt").expect("cases.txt");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (name, args) = line.split_once(" | ").expect("name | args");
        let args: Vec<&str> = args.split(' ').collect();
        let (code, out, err) = svcmap(&args, None);
        let err = format!("exit {code}\n{err}");
        let (out_path, err_path) = (
            format!("tests/golden/{name}.out"),
            format!("tests/golden/{name}.err"),
        );
        if update {
            std::fs::write(&out_path, &out).expect("write");
            std::fs::write(&err_path, &err).expect("write");
            continue;
        }
        let want_out = std::fs::read_to_string(&out_path).unwrap_or_default();
        let want_err = std::fs::read_to_string(&err_path).unwrap_or_default();
        if out != want_out || err != want_err {
            failures.push(format!("{name}:\n--- stdout\n{out}\n--- want\n{want_out}\n--- stderr\n{err}\n--- want\n{want_err}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every diagnostic code has its entry in the catalogue, under its title.
#[test]
fn every_code_is_in_the_catalogue() {
    let doc = std::fs::read_to_string("docs/diagnostics.md").expect("docs/diagnostics.md");
    for code in svcmap::engine::DiagnosticCode::ALL {
        let heading = format!("## {} — {}", code.as_str(), code.title());
        assert!(doc.contains(&heading), "missing `{heading}`");
    }
}
