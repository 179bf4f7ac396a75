//! An analysis done in steps: the reading of changed documents and List items
//! a few bytes at a time, so that a page can paint and take input in between.
//!
//! Why the browser runs it in slices on its own thread rather than in a Web
//! Worker: a Worker would have to send the whole [`Analysis`] back (objects,
//! pods, Services with their endpoints, diagnostics), which needs a decoder
//! for every model type and a format, and the decoding of thousands of pods
//! would itself block the page. Measured natively on a 5.2 MB cluster dump of
//! 2 500 pods and 250 Services (`cargo run --release --example bigdump --
//! 2500 250 3`): the JSON of its objects, pods and diagnostics alone (no
//! endpoints) is 6.3 MB, 46-58 ms to write and 133-155 ms to parse back
//! (untyped, before any decoding into the model), while the whole incremental
//! re-analysis after a keystroke takes about 45 ms (29 ms reading, 16 ms
//! resolving and checking) — and in slices none of it blocks.

use super::pipeline::{
    finish, parse_document, parse_item, parse_json_item, Analysis, Analyzer, CachedDocument,
    DocumentCache, PlacedDocument, MAX_ANALYZED_BYTES, MAX_BACKENDS,
};
use super::reading::is_plain_list_frame;
use crate::engine::base::diagnostics::{Diagnostic, DiagnosticCode, Severity};
use crate::engine::base::source::LineIndex;
use crate::engine::model::Object;
use crate::engine::sim::workloads::SimPod;
use crate::engine::yaml::{self, ListItems};
use std::borrow::Cow;
use std::sync::Arc;

/// Where a [`Job`] stands after a step.
#[derive(Debug)]
pub enum Step {
    /// More to do; `progress` is the share of the text read so far (0 to 1).
    Working {
        /// The share of the text read (0.0 to 1.0).
        progress: f64,
    },
    /// The analysis, equal to [`Analyzer::analyze`] of the text.
    Done(Analysis),
}

/// Reading unchanged text costs this fraction of reading changed text, in
/// the budget of a step (a cache look-up hashes it).
const UNCHANGED_COST: usize = 32;

/// A List document being read item by item.
struct ListInProgress {
    /// The document's byte range in the text.
    start: usize,
    end: usize,
    /// Lines of the text before the document.
    lines: usize,
    split: ListItems,
    /// Whether it is a JSON List ([`yaml::split_json_list_items`]).
    json: bool,
    /// The next item to read.
    next: usize,
    /// The items read, placed in the whole text.
    placed: Vec<Arc<PlacedDocument>>,
}

/// An analysis of one text in steps (see [`Analyzer::start`]). Dropping it
/// cancels it; [`Job::into_analyzer`] gives back the analyzer, its cache
/// holding what was read so far.
pub struct Job<'t> {
    analyzer: Analyzer,
    text: Cow<'t, str>,
    /// The text's lines and documents, found by the first step (not by
    /// [`Analyzer::start`], which a page calls between two keystrokes).
    index: LineIndex,
    documents: Vec<(usize, usize)>,
    indexed: bool,
    /// The next document to read.
    next: usize,
    list: Option<ListInProgress>,
    cache: DocumentCache,
    items: DocumentCache,
    objects: Vec<Object>,
    pods: Vec<SimPod>,
    diagnostics: Vec<Diagnostic>,
    /// Bytes of the text read so far.
    read: usize,
    /// Whether every document is read (the next step finishes).
    read_all: bool,
}

impl std::fmt::Debug for Job<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("bytes", &self.text.len())
            .field("read", &self.read)
            .finish()
    }
}

impl Analyzer {
    /// Starts an analysis of `text` to run in steps ([`Job::step`]); its end
    /// result equals [`Analyzer::analyze`]. The job holds the analyzer until
    /// [`Job::into_analyzer`].
    pub fn start<'t>(self, text: impl Into<Cow<'t, str>>) -> Job<'t> {
        Job {
            cache: DocumentCache::with_capacity_and_hasher(
                self.cache.len(),
                rustc_hash::FxBuildHasher,
            ),
            items: DocumentCache::with_capacity_and_hasher(
                self.items.len(),
                rustc_hash::FxBuildHasher,
            ),
            analyzer: self,
            text: text.into(),
            index: LineIndex::new(""),
            documents: Vec::new(),
            indexed: false,
            next: 0,
            list: None,
            objects: Vec::new(),
            pods: Vec::new(),
            diagnostics: Vec::new(),
            read: 0,
            read_all: false,
        }
    }
}

impl Job<'_> {
    /// Reads about `budget` bytes of changed text (unchanged text costs
    /// 1/32 of its size), at least one document or List item; once all is
    /// read, the next step resolves and checks everything and is
    /// [`Step::Done`]. A step after `Done` starts nothing new: it is `Done` again.
    pub fn step(&mut self, budget: usize) -> Step {
        if self.read_all {
            return Step::Done(self.finish());
        }
        let mut spent = 0;
        if !self.indexed {
            self.index = LineIndex::new(&self.text);
            self.documents = yaml::split_documents(&self.text);
            self.indexed = true;
            spent = self.text.len() / UNCHANGED_COST;
        }
        while spent < budget.max(1) {
            if self.list.is_some() {
                spent += self.read_list_item();
                continue;
            }
            let Some(&(start, end)) = self.documents.get(self.next) else {
                self.read_all = true;
                break;
            };
            self.next += 1;
            spent += self.read_document(start, end);
        }
        if self.read_all && spent == 0 {
            return Step::Done(self.finish());
        }
        Step::Working {
            progress: self.read as f64 / self.text.len().max(1) as f64,
        }
    }

    /// Gives back the analyzer; after [`Step::Done`] its cache is this text's,
    /// before it, the previous text's plus what this job read.
    pub fn into_analyzer(mut self) -> Analyzer {
        if !self.read_all {
            // Cancelled: keep both, the next text most likely shares much with either.
            self.cache.extend(self.analyzer.cache.drain());
            self.items.extend(self.analyzer.items.drain());
        }
        self.analyzer.cache = self.cache;
        self.analyzer.items = self.items;
        self.analyzer
    }

    fn finish(&mut self) -> Analysis {
        let max_backends = self.analyzer.max_backends.unwrap_or(MAX_BACKENDS);
        finish(
            std::mem::take(&mut self.objects),
            std::mem::take(&mut self.pods),
            std::mem::take(&mut self.diagnostics),
            &mut self.analyzer.endpoints,
            max_backends,
        )
    }

    /// Adds a placed document's objects: moved when nothing else holds it.
    fn place(&mut self, placed: Arc<PlacedDocument>) {
        match Arc::try_unwrap(placed) {
            Ok(p) => {
                self.objects.extend(p.objects);
                self.diagnostics.extend(p.diagnostics);
                self.pods.extend(p.pods);
            }
            Err(placed) => {
                self.objects.extend(placed.objects.iter().cloned());
                self.diagnostics.extend(placed.diagnostics.iter().cloned());
                self.pods.extend(placed.pods.iter().cloned());
            }
        }
    }

    /// Reads the document `text[start..end]`, or begins reading it item by
    /// item when it is a List; returns the cost spent.
    fn read_document(&mut self, start: usize, end: usize) -> usize {
        let text: &str = &self.text;
        let limit = self.analyzer.limit.unwrap_or(MAX_ANALYZED_BYTES);
        if start >= limit {
            // About the whole text (so listed first): no span.
            let line = self.index.position(text, start).line;
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::YamlLimit,
                    format!(
                        "the text is {} bytes; svcmap analyses the documents that start in its first {} MB, so the documents from line {line} on are not analysed",
                        text.len(),
                        limit / (1024 * 1024)
                    ),
                    None,
                )
                .with_help("split the manifests and paste them part by part"),
            );
            self.next = self.documents.len();
            self.read = text.len();
            return 1;
        }
        let (base, chunk) = yaml::document_source(text, &self.index, start, end);
        let lines = self.index.position(text, start).line - 1;
        if base == start && !self.analyzer.whole_lists && !self.analyzer.cache.contains_key(&*chunk)
        {
            let json = yaml::looks_like_json(&chunk);
            let split = if json {
                yaml::split_json_list_items(&chunk)
                    .filter(|s| yaml::parse_json_document(&s.frame, 0).is_some())
            } else {
                yaml::split_list_items(&chunk)
            };
            if let Some(split) = split.filter(|s| is_plain_list_frame(&s.frame)) {
                self.list = Some(ListInProgress {
                    start,
                    end,
                    lines,
                    placed: Vec::with_capacity(split.items.len()),
                    split,
                    json,
                    next: 0,
                });
                return 1;
            }
        }
        let cost = self.read_whole(start, end);
        self.read = end;
        cost
    }

    /// Reads the document `text[start..end]` whole; returns the cost spent.
    fn read_whole(&mut self, start: usize, end: usize) -> usize {
        let text: &str = &self.text;
        // A JSON value after another on its line is parsed with its line's columns.
        let (base, chunk) = yaml::document_source(text, &self.index, start, end);
        let chunk: &str = &chunk;
        let namespace = self.analyzer.namespace.as_deref();
        let lines = self.index.position(text, start).line - 1;
        if self.analyzer.one_shot {
            let placed = PlacedDocument::owned(parse_document(chunk, namespace), lines, base);
            let cost = chunk.len();
            self.place(Arc::new(placed));
            return cost;
        }
        let mut cost = chunk.len() / UNCHANGED_COST;
        // Reuse the previous analysis' key string and parse when the text is unchanged,
        // and its placed objects when the document has not moved either.
        let (key, mut entry) = match self.analyzer.cache.remove_entry(chunk) {
            Some(entry) => entry,
            None => {
                let parsed = match self.cache.get(chunk) {
                    Some(c) => Arc::clone(&c.parsed),
                    None => {
                        cost = chunk.len();
                        Arc::new(parse_document(chunk, namespace))
                    }
                };
                (chunk.to_string(), CachedDocument::new(parsed))
            }
        };
        let placed = entry.place(lines, base);
        self.place(placed);
        self.cache.insert(key, entry);
        cost
    }

    /// Reads the next item of the List in progress; when it was the last,
    /// places them all. An item that does not read alone as it does in the
    /// List (a syntax error, an alias) makes the List read whole.
    fn read_list_item(&mut self) -> usize {
        let Some(list) = self.list.as_mut() else {
            return 0;
        };
        let text: &str = &self.text;
        let doc = &text[list.start..list.end];
        let Some(&item) = list.split.items.get(list.next) else {
            let list = self.list.take();
            self.read = list.as_ref().map_or(self.read, |l| l.end);
            for placed in list.into_iter().flat_map(|l| l.placed) {
                self.place(placed);
            }
            return 1;
        };
        list.next += 1;
        // A JSON item is read from its line's start (see `json_item_source`).
        let (first, source) = if list.json {
            yaml::json_item_source(doc, item)
        } else {
            (item.start, Cow::Borrowed(&doc[item.start..item.end]))
        };
        let raw = &doc[first..item.end];
        let namespace = self.analyzer.namespace.as_deref();
        let parse = |source: &str| {
            if list.json {
                parse_json_item(source, namespace)
            } else {
                parse_item(&yaml::item_source(doc, item, list.split.indent), namespace)
            }
        };
        let (lines, offset) = (list.lines + item.line, list.start + first);
        let mut cost = raw.len() / UNCHANGED_COST;
        let alone = if self.analyzer.one_shot {
            cost = raw.len();
            let parsed = parse(&source);
            let alone = parsed.alone;
            list.placed
                .push(Arc::new(PlacedDocument::owned(parsed, lines, offset)));
            alone
        } else {
            let (key, mut entry) = match self.analyzer.items.remove_entry(raw) {
                Some(entry) => entry,
                None => {
                    let parsed = match self.items.get(raw) {
                        Some(c) => Arc::clone(&c.parsed),
                        None => {
                            cost = raw.len();
                            Arc::new(parse(&source))
                        }
                    };
                    (raw.to_string(), CachedDocument::new(parsed))
                }
            };
            let alone = entry.parsed.alone;
            list.placed.push(entry.place(lines, offset));
            self.items.insert(key, entry);
            alone
        };
        self.read = list.start + item.end;
        if !alone {
            let (start, end) = (list.start, list.end);
            self.list = None;
            cost += self.read_whole(start, end);
            self.read = end;
        }
        cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_is_read_item_by_item_and_an_edit_reads_one_item_again() {
        let list = |name: &str| {
            format!("apiVersion: v1\nitems:\n- kind: Pod\n  apiVersion: v1\n  metadata: {{name: a}}\n- kind: Pod\n  apiVersion: v1\n  metadata: {{name: {name}}}\n- kind: Service\n  apiVersion: v1\n  metadata: {{name: c}}\nkind: List\n")
        };
        let mut analyzer = Analyzer::default();
        analyzer.analyze(&list("b"));
        assert_eq!((analyzer.items.len(), analyzer.cache.len()), (3, 0));
        let job = analyzer.start(list("bb"));
        let mut job = job;
        // The frame; then the first item (unchanged: cheap) and the second (read again).
        assert!(matches!(job.step(1), Step::Working { .. }));
        let Step::Working { progress } = job.step(10) else {
            panic!("not done yet");
        };
        assert!(progress > 0.3 && progress < 0.8, "{progress}");
        let a = loop {
            if let Step::Done(a) = job.step(1) {
                break a;
            }
        };
        assert_eq!(a.objects.len(), 3);
        let analyzer = job.into_analyzer();
        assert_eq!(analyzer.items.len(), 3);
        let whole = Analyzer::reading_lists_whole().analyze(&list("bb"));
        assert_eq!(a, whole);
    }
}
