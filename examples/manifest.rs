//! Prints a generated manifest (`svcmap::synthetic::manifest`) to time
//! the CLI on a large input:
//! `cargo run --release --example manifest -- 5000 500 3 > big.yaml`
//! (pods, Services, namespaces; these are the defaults). With `--dump`, a
//! cluster dump instead, as `kubectl get svc,pods -o yaml` prints one: the
//! Services (their `targetPort` a number: the listed pods carry no container
//! ports) and every pod the workloads run, as Pod objects in a `v1` List.

use std::io::Write;
use svcmap::engine::{analyze, render};
use svcmap::synthetic;

fn main() {
    let dump = std::env::args().any(|a| a == "--dump");
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| a != "--dump")
        .map(|a| a.parse().unwrap_or(0))
        .collect();
    let arg = |i: usize, default: usize| args.get(i).copied().unwrap_or(default);
    let mut text = synthetic::manifest(arg(0, 5000), arg(1, 500), arg(2, 3));
    if dump {
        let pods = analyze(&text).pods.iter().map(render::pod_object).collect();
        let services: Vec<String> = text
            .split("---\n")
            .filter(|d| d.contains("kind: Service\n"))
            .map(|d| d.replace("targetPort: http", "targetPort: 8080"))
            .collect();
        text = format!(
            "{}---\n{}",
            services.join("---\n"),
            render::to_yaml(&render::list_object(pods))
        );
    }
    let _ = std::io::stdout().write_all(text.as_bytes());
}
