//! `svcmap select`: the pods a label selector matches, like `kubectl get pods -l`.

use crate::input::{analyze, Inputs};
use crate::output::{print_value, report, table, SelectFormat};
use svcmap::engine::labels::{LabelSelector, Selector};
use svcmap::engine::{model::decode, render, yaml};

/// Parses the `-l` argument: the string syntax, or a LabelSelector in flow form.
pub fn parse_selector(arg: &str) -> Result<Selector, String> {
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

/// `svcmap select`: the pods `sel` matches (in `namespace` only, with `-n`);
/// true when the input has errors.
pub fn run(inputs: &Inputs, sel: &Selector, namespace: Option<&str>, output: SelectFormat) -> bool {
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
