//! What the analysed input holds that completion and hover offer: label
//! keys and values, namespaces, the object under the cursor.

use crate::engine::analysis::Analysis;
use crate::engine::controllers::resolved::ResolvedService;
use crate::engine::labels::Labels;
use crate::engine::model::{Object, Workload};
use crate::engine::yaml::cursor::Cursor;
use std::collections::BTreeMap;

/// Label keys (or, with `key`, the values of that key) in the input, with
/// how many objects carry each: the pods' first when `pods_first` (a
/// selector selects pods), then the other objects' labels.
pub(super) fn labels_in_input(
    a: &Analysis,
    key: Option<&str>,
    pods_first: bool,
) -> Vec<(String, usize, bool)> {
    fn words<'a>(labels: &'a Labels, key: Option<&str>, into: &mut BTreeMap<&'a str, usize>) {
        for (k, v) in labels {
            let word = match key {
                None => k,
                Some(want) if want == k => v,
                Some(_) => continue,
            };
            *into.entry(word.as_str()).or_insert(0) += 1;
        }
    }
    let mut pod_words = BTreeMap::new();
    let mut other_words = BTreeMap::new();
    for p in &a.pods {
        words(&p.pod.meta.labels, key, &mut pod_words);
    }
    for o in &a.objects {
        if !matches!(o, Object::Pod(_)) {
            words(&o.meta().labels, key, &mut other_words);
        }
        if let Object::Workload(w) = o {
            words(&w.template.meta.labels, key, &mut other_words);
        }
    }
    let mut out: Vec<(String, usize, bool)> = Vec::new();
    let (first, second, first_pods) = if pods_first {
        (pod_words, other_words, true)
    } else {
        // Labels in general: the written objects' first.
        (other_words, pod_words, false)
    };
    for (w, n) in &first {
        out.push((w.to_string(), *n, first_pods));
    }
    for (w, n) in second {
        if !first.contains_key(w) {
            out.push((w.to_string(), n, !first_pods));
        }
    }
    out
}

/// The namespaces the input names (`default` included), sorted.
pub(super) fn namespaces_in_input(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = vec!["default".into()];
    for o in &a.objects {
        let name = match o {
            Object::Namespace(m) => &m.name,
            _ => &o.meta().namespace,
        };
        if !name.is_empty() && !out.contains(name) {
            out.push(name.clone());
        }
    }
    out.sort();
    out
}

/// Whether an analysed object is the one the cursor is in (same name; same
/// namespace when the text writes one).
fn is_cursor_object(c: &Cursor, name: &str, namespace: &str) -> bool {
    c.name.as_deref() == Some(name)
        && c.namespace
            .as_deref()
            .is_none_or(|ns| ns == namespace || namespace.is_empty())
}

/// The analysed Service the cursor is in.
pub(super) fn cursor_service<'a>(a: &'a Analysis, c: &Cursor) -> Option<&'a ResolvedService> {
    let mut found = a
        .services
        .iter()
        .filter(|s| is_cursor_object(c, &s.service.meta.name, &s.service.meta.namespace));
    let first = found.next()?;
    // Unnamed namespace: the Service in `default` if several share the name.
    Some(
        std::iter::once(first)
            .chain(found)
            .find(|s| c.namespace.is_some() || s.service.meta.namespace == "default")
            .unwrap_or(first),
    )
}

/// The analysed workload the cursor is in.
pub(super) fn cursor_workload<'a>(a: &'a Analysis, c: &Cursor) -> Option<&'a Workload> {
    a.objects.iter().find_map(|o| match o {
        Object::Workload(w)
            if Some(w.kind.as_str()) == c.kind.as_deref()
                && is_cursor_object(c, &w.meta.name, &w.meta.namespace) =>
        {
            Some(w.as_ref())
        }
        _ => None,
    })
}
