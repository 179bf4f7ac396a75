//! The generated views as text: the Endpoints and EndpointSlices YAML, the
//! DNS records and the `kubectl get endpoints -o wide` table. One function per
//! view feeds both what the tab shows and what Copy and Download give.

use crate::engine::{render, Analysis, EndpointState};

/// The generated v1 Endpoints (or, with `slices`, the EndpointSlices) as a
/// YAML `List`: a selector-less Service's as written, and the slices mirrored
/// from its Endpoints.
pub fn endpoints_yaml(a: &Analysis, slices: bool) -> String {
    let mut items = Vec::new();
    for s in a.services.iter() {
        if slices {
            items.extend(s.slices.iter().map(|x| render::slice_object(x, s)));
        } else if let Some(ep) = &s.endpoints {
            items.push(render::endpoints_object(ep));
        }
    }
    render::to_yaml(&render::list_object(items))
}

/// The DNS table's headings.
pub const DNS_HEAD: &[&str] = &["Name", "Type", "Value"];

/// The DNS records of every Service: name, type, value.
pub fn dns_rows(a: &Analysis) -> Vec<Vec<String>> {
    a.services
        .iter()
        .flat_map(|s| s.dns.iter())
        .map(|r| vec![r.name.clone(), r.rtype.to_string(), r.value.clone()])
        .collect()
}

/// The `kubectl get endpoints -o wide` table's headings.
pub const KUBECTL_HEAD: &[&str] = &["NAMESPACE", "NAME", "ENDPOINTS", "NOT READY"];

/// `kubectl get endpoints -o wide`, one row per Service in namespace and name
/// order, with the not-ready count.
pub fn kubectl_rows(a: &Analysis) -> Vec<Vec<String>> {
    let mut services: Vec<_> = a.services.iter().collect();
    crate::engine::base::order::sort_by(&mut services, |x, y| {
        (&x.service.meta.namespace, &x.service.meta.name)
            .cmp(&(&y.service.meta.namespace, &y.service.meta.name))
    });
    services
        .into_iter()
        .map(|s| {
            let eps = match &s.endpoints {
                Some(e) if s.managed => render::format_endpoints(e),
                _ if !s.managed => render::format_backends(s),
                _ => "<none>".to_string(),
            };
            let not_ready = s
                .backends
                .iter()
                .map(|b| b.state)
                .chain(s.external.iter().map(|b| b.state))
                .filter(|st| *st == EndpointState::NotReady)
                .count();
            vec![
                s.service.meta.namespace.clone(),
                s.service.meta.name.clone(),
                eps,
                not_ready.to_string(),
            ]
        })
        .collect()
}

/// A table as plain text, the way kubectl prints one: each column as wide as
/// its widest cell plus three spaces, the last one unpadded, a line per row.
pub fn table_text(head: &[&str], rows: &[Vec<String>]) -> String {
    let width = |i: usize| {
        rows.iter()
            .filter_map(|r| r.get(i))
            .map(|c| c.chars().count())
            .chain(head.get(i).map(|h| h.chars().count()))
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..head.len()).map(width).collect();
    let mut out = String::new();
    let heads = head.iter().map(|h| h.to_string()).collect::<Vec<_>>();
    for row in std::iter::once(&heads).chain(rows) {
        let last = row.len().saturating_sub(1);
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < last {
                let pad = widths.get(i).copied().unwrap_or(0) - cell.chars().count() + 3;
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_laid_out_as_kubectl_prints_it() {
        let rows = vec![
            vec![
                "default".to_string(),
                "web".to_string(),
                "10.0.0.1:80".to_string(),
            ],
            vec![
                "kube-system".to_string(),
                "dns".to_string(),
                "<none>".to_string(),
            ],
        ];
        type Row<'a> = (&'a [&'a str], &'a [Vec<String>], &'a str, &'a str);
        let cases: Vec<Row> = vec![
            (&["A", "B"], &[], "A   B\n", "headings only"),
            (
                &["NAMESPACE", "NAME", "ENDPOINTS"],
                &rows,
                "NAMESPACE     NAME   ENDPOINTS\ndefault       web    10.0.0.1:80\nkube-system   dns    <none>\n",
                "columns as wide as their widest cell plus three",
            ),
        ];
        for (head, rows, want, label) in cases {
            assert_eq!(table_text(head, rows), want, "{label}");
        }
    }
}
