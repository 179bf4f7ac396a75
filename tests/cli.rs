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

/// `-n` takes what the API server takes as a namespace: a DNS label.
#[test]
fn a_namespace_that_is_not_a_dns_label_is_refused_before_reading() {
    for bad in ["Shop", "my_ns", "a.b", "x-"] {
        let (code, out, err) = svcmap(&["resolve", "-n", bad, "tests/fixtures/shop.yaml"], None);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(out.is_empty(), "{bad}: {out}");
        assert!(
            err.contains(&format!("\"{bad}\" is not a valid namespace name")),
            "{bad}: {err}"
        );
    }
    let service =
        "kind: Service\napiVersion: v1\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";
    let (code, out, err) = svcmap(&["resolve", "-n", "shop-1", "-"], Some(service));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("shop-1"), "{out}");
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

/// A fresh scratch directory under the target directory.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Hostile inputs: one clear line on stderr each, the documented exit code,
/// never a backtrace.
#[test]
fn bad_inputs_get_one_clear_line_and_the_documented_exit_code() {
    let dir = scratch("bad-inputs");
    let path = |f: &str| dir.join(f).display().to_string();
    std::fs::write(dir.join("binary.yaml"), b"kind: Pod\0\x01\x02").unwrap();
    std::fs::write(
        dir.join("latin1.yaml"),
        b"kind: Pod\nmetadata: {name: caf\xe9}\n",
    )
    .unwrap();
    std::fs::write(dir.join("empty.yaml"), b"").unwrap();
    std::fs::write(dir.join("comments.yaml"), b"# nothing here\n---\n").unwrap();
    std::fs::create_dir_all(dir.join("no-yaml")).unwrap();
    std::fs::write(dir.join("no-yaml/readme.txt"), b"hello").unwrap();
    // A 1.1 GB file that takes no disk space: refused before it is read.
    let big = std::fs::File::create(dir.join("huge.yaml")).unwrap();
    big.set_len(1100 * 1024 * 1024).unwrap();
    drop(big);
    let cases: [(&str, i32, &str); 7] = [
        ("binary.yaml", 2, "a binary file, not YAML or JSON"),
        ("latin1.yaml", 2, "latin1.yaml:2:21: not UTF-8 text"),
        ("empty.yaml", 0, "the input holds no Kubernetes object"),
        ("comments.yaml", 0, "the input holds no Kubernetes object"),
        (
            "no-yaml",
            2,
            "no .yaml, .yml or .json file in this directory",
        ),
        (
            "huge.yaml",
            2,
            "the inputs exceed 1024 MB, the most svcmap reads at once",
        ),
        ("missing.yaml", 2, "No such file or directory"),
    ];
    for (file, want, message) in cases {
        let (code, _, err) = svcmap(&["check", &path(file)], None);
        assert_eq!(code, want, "{file}: {err}");
        assert_eq!(err.lines().count(), 1, "{file}: one line: {err}");
        assert!(err.contains(message), "{file}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("backtrace"),
            "{err}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_directory_loop_is_said_once_and_each_file_read_once() {
    let dir = scratch("dir-loop");
    std::fs::create_dir_all(dir.join("apps/nested")).unwrap();
    std::fs::write(
        dir.join("apps/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata: {name: web, labels: {app: web}}\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("..", dir.join("apps/nested/up")).unwrap();
    let apps = dir.join("apps").display().to_string();
    let (code, out, err) = svcmap(&["select", "-l", "app=web", "-o", "name", &apps], None);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "pod/web\n", "read once, not once per loop");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("a directory loop"), "{err}");
}

/// `check` prints its findings on stdout, the summary last, so that
/// `svcmap check … | grep` works; nothing goes to stderr.
#[test]
fn check_findings_are_its_output() {
    let (code, out, err) = svcmap(&["check", "src/ui/examples/broken-routing.yaml"], None);
    assert_eq!(code, 1, "the example has errors: {err}");
    assert!(err.is_empty(), "{err}");
    let last = out.lines().last().unwrap_or("");
    assert!(last.ends_with("notes"), "the summary last: {last}");
    assert!(out.contains("warning[SVC002]"), "{out}");
}

/// (--min-severity, severities printed, label)
#[test]
fn check_min_severity_filters_what_is_printed_not_the_exit_code() {
    let input = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: [x]}}\n";
    let rows: [(&str, &[&str], &str); 3] = [
        ("info", &["info", "warning", "error"], "everything"),
        ("warning", &["warning", "error"], "no notes"),
        ("error", &["error"], "errors only"),
    ];
    for (min, want, label) in rows {
        let (code, out, _) = svcmap(&["check", "--min-severity", min, "-"], Some(input));
        assert_eq!(code, 1, "{label}: the error still fails the check");
        let got: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("-:"))
            .filter_map(|l| l.split(": ").nth(1))
            .map(|s| s.split('[').next().unwrap_or(""))
            .collect();
        assert_eq!(got, want, "{label}: {out}");
    }
}

/// OBJ005 across files: the first definition's file and line, in text and
/// as a SARIF related location.
#[test]
fn a_duplicate_names_the_file_and_line_of_the_first() {
    let dir = scratch("duplicates");
    let svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n";
    std::fs::write(dir.join("a.yaml"), format!("# first\n{svc}")).unwrap();
    std::fs::write(dir.join("b.yaml"), svc).unwrap();
    let a = dir.join("a.yaml").display().to_string();
    let b = dir.join("b.yaml").display().to_string();
    let (code, out, _) = svcmap(&["check", &a, &b], None);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!(
            "{b}:3:18: error[OBJ005]: service/default/web is defined twice (first at {a}:4:18)"
        )),
        "{out}"
    );
    let (_, sarif, _) = svcmap(&["check", "-o", "sarif", &a, &b], None);
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let dup = v["runs"][0]["results"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["ruleId"] == "OBJ005"))
        .expect("OBJ005 result");
    let related = &dup["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], a.as_str());
    assert_eq!(related["region"]["startLine"], 4);
    assert_eq!(
        dup["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        b.as_str()
    );
}

/// `-n` in every command: namespace-less objects go there, others are refused.
#[test]
fn namespace_flag_in_every_command() {
    let input = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{name: http, port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\n";
    let rows: [(&[&str], i32, &str, &str); 6] = [
        (
            &["resolve", "-n", "prod", "-"],
            0,
            "prod        web",
            "resolve",
        ),
        (
            &["select", "-n", "prod", "-l", "app=web", "-o", "name", "-"],
            0,
            "pod/web-1",
            "select",
        ),
        (
            &["select", "-n", "other", "-l", "app=web", "-o", "name", "-"],
            0,
            "",
            "select: only that namespace",
        ),
        (
            &["explain", "-n", "prod", "--service", "web", "-"],
            0,
            "Service prod/web",
            "explain: --service in -n",
        ),
        (
            &["dns", "--namespace", "prod", "-"],
            0,
            "web.prod.svc.cluster.local",
            "dns",
        ),
        (&["check", "-n", "prod", "-"], 0, "0 errors", "check"),
    ];
    for (args, want_code, want_out, label) in rows {
        let (code, out, err) = svcmap(args, Some(input));
        assert_eq!(code, want_code, "{label}: {err}");
        assert!(out.contains(want_out), "{label}: {out}");
    }
    let refused = "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\n";
    let (code, out, _) = svcmap(&["check", "-n", "prod", "-"], Some(refused));
    assert_eq!(code, 1);
    assert!(out.starts_with("-:3:32: error[NS001]: the namespace from the provided object \"shop\" does not match the namespace \"prod\""), "{out}");
}

/// `jq -c '.items[]'` piped in: one object per line, each read.
#[test]
fn a_json_stream_on_stdin() {
    let stream = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"selector\":{\"app\":\"web\"},\"ports\":[{\"port\":80}]}}\n{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"labels\":{\"app\":\"web\"}}}\n";
    let (code, out, err) = svcmap(
        &["select", "-l", "app=web", "-o", "name", "-"],
        Some(stream),
    );
    assert_eq!((code, out.as_str()), (0, "pod/web\n"), "{err}");
}

/// A reader that stops early (`svcmap resolve -o json | head`) ends svcmap
/// quietly with 141, as SIGPIPE ends other tools: no panic, no backtrace.
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_svcmap"))
        .args([
            "resolve",
            "-o",
            "json",
            "../shared/realworld/otel-demo.yaml",
            "../shared/realworld/sock-shop.yaml",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run svcmap");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read the first bytes");
    // The reader is gone now; the rest of the output (about 130 KB, twice what a pipe holds) has nowhere to go.
    let out = child.wait_with_output().expect("wait");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// `explain`'s neutral note is the last line of its Service's block, on
/// stdout with the rest (it used to be written ahead of the buffered lines).
#[test]
fn explain_prints_a_note_under_its_service() {
    let input = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-1, labels: {app: web}}\nspec: {containers: [{name: c}]}\nstatus: {phase: Running, podIP: 10.0.0.1, conditions: [{type: Ready, status: \"True\"}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web-2, namespace: other, labels: {app: web}}\nspec: {containers: [{name: c}]}\nstatus: {phase: Running, podIP: 10.0.0.2, conditions: [{type: Ready, status: \"True\"}]}\n";
    let (code, out, err) = svcmap(&["explain", "-"], Some(input));
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("Service default/web "), "{out}");
    assert!(lines[1].contains("default/web-1"), "{out}");
    assert!(
        lines[2].starts_with("  note: 1 pod in namespace other"),
        "{out}"
    );
}

/// `svcmap route -o json`: a list, one object per Service port, in the shape
/// of the issue (service, port, from, verdict, endpoints with pod, address,
/// used and reason).
#[test]
fn route_json_from_a_node_without_local_endpoint_is_dropped() {
    let (code, out, err) = svcmap(
        &[
            "route",
            "--from",
            "node/node-3",
            "--external",
            "-o",
            "json",
            "web:http",
            "tests/routing/local-policy.yaml",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let routes = v.as_array().expect("a list");
    assert_eq!(routes.len(), 1);
    let r = &routes[0];
    assert_eq!(r["service"], "default/web");
    assert_eq!(r["port"], "http");
    assert_eq!(r["from"], "node/node-3");
    assert_eq!(r["verdict"], "dropped");
    let eps = r["endpoints"].as_array().expect("endpoints");
    assert_eq!(eps.len(), 2);
    for e in eps {
        assert_eq!(e["used"], false);
        assert!(e["address"].as_str().unwrap().ends_with(":8080"), "{e}");
        assert!(
            e["pod"].as_str().unwrap().starts_with("default/web-"),
            "{e}"
        );
        assert!(
            e["reason"]
                .as_str()
                .unwrap()
                .contains("externalTrafficPolicy: Local"),
            "{e}"
        );
    }
    assert_eq!(r["health_check"]["status"], 503);
}

#[test]
fn route_text_from_a_pod_uses_its_node() {
    let (code, out, err) = svcmap(
        &[
            "route",
            "--from",
            "pod/default/web-1",
            "--external",
            "web",
            "tests/routing/local-policy.yaml",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("from pod/default/web-1 (node node-1"), "{out}");
    assert!(out.contains("reaches"), "{out}");
    assert!(out.contains("used    10.244."), "{out}");
    assert!(out.contains("skipped 10.244."), "{out}");
}

#[test]
fn route_rejects_unknown_vantage_points_and_ports() {
    let (code, _, err) = svcmap(
        &[
            "route",
            "--from",
            "node/nope",
            "web",
            "tests/routing/local-policy.yaml",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("no node `nope`"), "{err}");
    let (code, _, err) = svcmap(&["route", "web:9", "tests/routing/local-policy.yaml"], None);
    assert_eq!(code, 2);
    assert!(err.contains("has no port `9`"), "{err}");
}

#[test]
fn check_reports_services_dropping_traffic_on_some_nodes() {
    let (code, out, _) = svcmap(&["check", "tests/routing/local-policy.yaml"], None);
    assert_eq!(code, 0);
    assert!(out.contains("info[SVC008]"), "{out}");
    assert!(out.contains("arriving on node node-3"), "{out}");
    assert!(out.contains("info[SIM002]"), "{out}");
}

/// `svcmap trace -o json`: the shape (url, verdict, reason, hops of
/// kind/name/detail, backends of service/port/weight/pods), exit 0 when a
/// ready endpoint answers.
#[test]
fn trace_prints_the_hops_and_the_verdict_as_json() {
    let (code, out, err) = svcmap(
        &[
            "trace",
            "-o",
            "json",
            "http://shop.example.com/checkout",
            "src/ui/examples/weighted-canary.yaml",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["url"], "http://shop.example.com/checkout");
    assert_eq!(v["verdict"], "ok");
    assert!(v["reason"].is_string());
    let kinds: Vec<&str> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["Gateway", "Listener", "HTTPRoute", "Service", "Service"]
    );
    assert_eq!(v["hops"][2]["name"], "default/checkout");
    assert!(v["hops"][0]["detail"].is_string());
    let b = &v["backends"][0];
    assert_eq!(
        (
            b["service"].as_str(),
            b["port"].as_i64(),
            b["weight"].as_i64()
        ),
        (Some("default/checkout-v1"), Some(80), Some(90))
    );
    assert_eq!(b["pods"].as_array().unwrap().len(), 3);
    assert!(b["pods"][0]
        .as_str()
        .unwrap()
        .starts_with("default/checkout-v1-"));
}

/// `svcmap trace` in text: a 503 at the Ingress backend's wrong port, exit 1;
/// a URL nothing takes is `no-route`; `--gateway` names a Gateway of the input;
/// `-X` and `-H` reach the route matches.
#[test]
fn trace_says_where_a_request_breaks() {
    let (code, out, _) = svcmap(
        &[
            "trace",
            "https://shop.example.com/cart",
            "src/ui/examples/ingress-port-typo.yaml",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.contains("-> Ingress default/shop"), "{out}");
    assert!(out.lines().last().unwrap().starts_with("503: "), "{out}");
    let (code, out, _) = svcmap(
        &[
            "trace",
            "-o",
            "json",
            "http://nowhere.org/",
            "src/ui/examples/ingress-port-typo.yaml",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"verdict\": \"no-route\""), "{out}");
    let (code, _, err) = svcmap(
        &[
            "trace",
            "--gateway",
            "infra/nope",
            "http://a/",
            "src/ui/examples/route-reference-grant.yaml",
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("no Gateway infra/nope"), "{err}");
    let (code, out, _) = svcmap(
        &[
            "trace",
            "--gateway",
            "infra/public",
            "-X",
            "post",
            "-H",
            "Version: two",
            "http://across.com/",
            "tests/route-fixtures/matching-across-routes.yaml",
        ],
        None,
    );
    assert_eq!(code, 2, "{out}"); // the Gateway of that fixture is gateway-conformance-infra/same-namespace
    let (code, out, err) = svcmap(
        &[
            "-n",
            "gateway-conformance-infra",
            "trace",
            "--gateway",
            "same-namespace",
            "-H",
            "Version: two",
            "http://example.com/",
            "tests/route-fixtures/matching-across-routes.yaml",
        ],
        None,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("infra-backend-v2"), "{out}");
    let (code, _, err) = svcmap(
        &["trace", "ftp://x/", "src/ui/examples/weighted-canary.yaml"],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("scheme"), "{err}");
}

/// `svcmap check` reports routes and Ingresses that lead nowhere.
#[test]
fn check_reports_routes_that_lead_nowhere() {
    let (code, out, _) = svcmap(
        &[
            "check",
            "src/ui/examples/ingress-port-typo.yaml",
            "src/ui/examples/route-reference-grant.yaml",
        ],
        None,
    );
    assert_eq!(code, 1);
    assert!(out.contains("error[RTE002]"), "{out}");
    assert!(out.contains("error[RTE004]"), "{out}");
}
