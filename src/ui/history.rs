//! Replacing the whole text (an example, Back and Forward, an earlier text)
//! never loses the text replaced: the replacement is an edit (Ctrl+Z brings
//! the text back), a new history entry (Back returns to it), and the user's
//! own texts it replaces are kept as "earlier texts" in local storage, listed
//! in the examples menu, across reloads.

use super::{browser, examples, startup, AppState};
use leptos::prelude::*;

/// How many earlier texts are kept.
pub const EARLIER_MAX: usize = 5;
/// Local-storage key prefix of the earlier texts (`svcmap.earlier.0` is the newest).
const EARLIER_KEY: &str = "svcmap.earlier";

/// Whether `text` is one of the examples, unchanged (reachable by its link:
/// never worth keeping, never autosaved).
pub fn is_example(text: &str) -> bool {
    examples::EXAMPLES.iter().any(|e| e.yaml == text)
}

/// `list` with `text` first: blank texts and unchanged examples are not
/// kept, a text already there moves to the front, and at most
/// [`EARLIER_MAX`] are kept (the oldest goes).
pub fn remember(list: &[String], text: &str) -> Vec<String> {
    if text.trim().is_empty() || is_example(text) {
        return list.to_vec();
    }
    std::iter::once(text.to_string())
        .chain(list.iter().filter(|t| *t != text).cloned())
        .take(EARLIER_MAX)
        .collect()
}

/// The menu label of an earlier text: the first object name in it (else its
/// first line) and its line count.
pub fn label(text: &str) -> String {
    let first = text
        .lines()
        .find_map(name_in)
        .or_else(|| text.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or_default();
    let mut name: String = first.chars().take(30).collect();
    if first.chars().nth(30).is_some() {
        name.push('…');
    }
    let lines = text.lines().count();
    format!("{name} · {lines} line{}", if lines == 1 { "" } else { "s" })
}

/// The value of a `name:` key on this line, block (`  name: web`) or flow
/// style (`metadata: {name: web}`).
fn name_in(line: &str) -> Option<&str> {
    let at = line.match_indices("name:").find(|(i, _)| {
        line[..*i]
            .chars()
            .next_back()
            .is_none_or(|c| c == ' ' || c == '{' || c == ',')
    })?;
    let value = line[at.0 + 5..]
        .split([',', '}', ']', '#'])
        .next()?
        .trim()
        .trim_matches(|c| c == '"' || c == '\'');
    (!value.is_empty()).then_some(value)
}

/// The earlier texts in local storage, newest first.
pub fn load_earlier() -> Vec<String> {
    (0..EARLIER_MAX)
        .filter_map(|i| browser::load(&format!("{EARLIER_KEY}.{i}")))
        .collect()
}

/// Keeps `text` among the earlier texts (memory and local storage).
pub fn keep(state: AppState, text: &str) {
    let list = state.earlier.with_untracked(|l| remember(l, text));
    if state.earlier.with_untracked(|l| *l != list) {
        store(&list);
        state.earlier.set(list);
    }
}

fn store(list: &[String]) {
    for i in 0..EARLIER_MAX {
        let key = format!("{EARLIER_KEY}.{i}");
        match list.get(i) {
            Some(t) => browser::save(&key, t),
            None => browser::remove(&key),
        }
    }
}

/// Replaces the text shown with `text` as an undoable edit, keeping the text
/// replaced when it is the user's own.
fn replace(state: AppState, text: String) {
    let current = state.source.get_untracked();
    if current == text {
        return;
    }
    keep(state, &current);
    state.loaded.set_value(true);
    state.selected.set(None);
    state.load_text.set(Some(text));
}

/// Opens `text` as a new history entry named `fragment` ("" for none): Back
/// returns to the text shown now. Says so when that text was the user's own.
pub fn open(state: AppState, text: String, fragment: &str, what: &str) {
    let current = state.source.get_untracked();
    if current == text {
        browser::set_fragment(fragment);
        return;
    }
    browser::keep_in_history(&current);
    browser::push_fragment(fragment);
    if !current.trim().is_empty() && !is_example(&current) {
        state.notice.set(Some(format!(
            "Opened {what}. Your text is kept: Back or Ctrl+Z in the editor returns to it, and the Examples menu lists it under \u{201c}Your earlier texts\u{201d}."
        )));
    }
    replace(state, text);
}

/// Opens an example (the examples menu).
pub fn open_example(state: AppState, e: &examples::Example) {
    open(
        state,
        e.yaml.to_string(),
        &format!("example/{}", e.id),
        &format!("the example \u{201c}{}\u{201d}", e.title),
    );
}

/// Opens the earlier text at `index` (the examples menu); it leaves the list,
/// as the autosave now holds it, and the text it replaces joins it.
pub fn open_earlier(state: AppState, index: usize) {
    let Some(text) = state.earlier.with_untracked(|l| l.get(index).cloned()) else {
        return;
    };
    let rest: Vec<String> = state.earlier.with_untracked(|l| {
        l.iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, t)| t.clone())
            .collect()
    });
    store(&rest);
    state.earlier.set(rest);
    state.notice.set(None);
    open(state, text, "", "");
}

/// Back or Forward reached an entry: show the text it keeps, else what its
/// URL names (a link, an example, or the autosaved text).
pub fn on_history(state: AppState, kept: Option<String>) {
    let text = kept.unwrap_or_else(|| {
        startup::choose(&browser::fragment(), browser::load(browser::TEXT_KEY)).text
    });
    replace(state, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earlier_texts_keep_the_users_own_newest_first() {
        let own = |s: &str| s.to_string();
        let rows: &[(&[&str], &str, &[&str], &str)] = &[
            (&[], "a: 1\n", &["a: 1\n"], "a first text is kept"),
            (&["a: 1\n"], "b: 2\n", &["b: 2\n", "a: 1\n"], "newest first"),
            (
                &["a: 1\n", "b: 2\n"],
                "b: 2\n",
                &["b: 2\n", "a: 1\n"],
                "a text kept again moves to the front, once",
            ),
            (&["a: 1\n"], "  \n", &["a: 1\n"], "a blank text is not kept"),
            (
                &["a: 1\n"],
                examples::default_text(),
                &["a: 1\n"],
                "an unchanged example is not kept",
            ),
            (
                &["1", "2", "3", "4", "5"],
                "6",
                &["6", "1", "2", "3", "4"],
                "the oldest goes past the limit",
            ),
        ];
        for (list, text, expected, label) in rows {
            let list: Vec<String> = list.iter().map(|s| own(s)).collect();
            let expected: Vec<String> = expected.iter().map(|s| own(s)).collect();
            assert_eq!(remember(&list, text), expected, "{label}");
        }
    }

    #[test]
    fn an_edited_example_is_the_users_own() {
        let edited = examples::default_text().replace("replicas: 3", "replicas: 4");
        assert_ne!(edited, examples::default_text());
        assert!(!is_example(&edited));
        assert!(examples::EXAMPLES.iter().all(|e| is_example(e.yaml)));
    }

    #[test]
    fn labels_name_the_first_object_and_count_lines() {
        let rows = [
            (
                "apiVersion: v1\nkind: Service\nmetadata:\n  name: \"web\"\n",
                "web · 4 lines",
                "the first name, unquoted",
            ),
            (
                "kind: Service\nmetadata: {name: mine, labels: {app: x}}\n",
                "mine · 2 lines",
                "a flow-style name",
            ),
            (
                "metadata:\n  generateName: job-\n  name: 'web' # the name\n",
                "web · 3 lines",
                "not generateName; quotes and comment dropped",
            ),
            ("# notes\n", "# notes · 1 line", "no name: the first line"),
            ("", " · 0 lines", "empty"),
            (
                "name: a-very-long-name-that-goes-on-and-on-and-on\n",
                "a-very-long-name-that-goes-on-… · 1 line",
                "long names are cut",
            ),
        ];
        for (text, expected, row) in rows {
            assert_eq!(label(text), expected, "{row}");
        }
    }
}
