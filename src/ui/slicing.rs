//! The analysis of a large text in slices of a few milliseconds, between which the page takes input and paints.
//!
//! Small texts are analysed at once, in the reactive graph (a keystroke's
//! analysis is a few milliseconds). A text of [`SLICE_ABOVE`] bytes or more
//! runs as an [`engine::Job`]: a slice reads for about [`SLICE_MS`] and then
//! yields to the browser (a zero-delay timeout); a newer text cancels it. The
//! views keep the last result meanwhile, marked "analysing… NN%".
//!
//! Why not a Web Worker: it would have to send the whole analysis back and
//! the page decode it, which blocks as long as the reading it spares; see
//! the measured figures in `engine::analysis::job`.

use super::{flag, text, use_app_state};
use crate::engine::{self, Analysis, Analyzer, Job, Step};
use leptos::prelude::*;
use std::sync::Arc;

/// Texts at least this long (bytes) are analysed in slices.
pub const SLICE_ABOVE: usize = 200_000;
/// About how long a slice reads before it yields (milliseconds): a key
/// pressed meanwhile waits for the slice's end. 8 ms measured a keystroke →
/// character median of 20.5 ms on the 5 MB dump (longest task 64 ms), 5 ms
/// 18.8 and 19.3 ms (longest 53 and 0 ms), the graph still updated in
/// 519-619 ms (`bigdump.test.mjs`).
pub const SLICE_MS: f64 = 5.0;
/// Bytes read between two looks at the clock.
const STEP_BYTES: usize = 16 * 1024;

/// The analyzer, and the job it runs (which holds it meanwhile).
#[derive(Default)]
struct Driver {
    idle: Analyzer,
    job: Option<Job<'static>>,
}

impl Driver {
    /// The analyzer, cancelling the job it runs.
    fn analyzer(&mut self) -> &mut Analyzer {
        if let Some(job) = self.job.take() {
            self.idle = job.into_analyzer();
        }
        &mut self.idle
    }
}

/// The state of the analysis of large texts (cheap to copy).
#[derive(Clone, Copy)]
pub struct Analyses {
    driver: StoredValue<Driver, LocalStorage>,
    /// The text and namespace the last job ran (or runs) on.
    key: StoredValue<Option<(Option<String>, String)>, LocalStorage>,
    /// Counts the jobs started: a slice of an older one stops.
    generation: StoredValue<u64>,
    /// The last analysis a job finished.
    last: StoredValue<Option<Arc<Analysis>>, LocalStorage>,
    /// Bumped when a job finishes.
    pub done: RwSignal<u64>,
    /// The share of the text read by the running job; `None` when none runs.
    pub progress: RwSignal<Option<f64>>,
}

impl Analyses {
    /// No analysis yet.
    pub fn new() -> Analyses {
        Analyses {
            driver: StoredValue::new_local(Driver::default()),
            key: StoredValue::new_local(None),
            generation: StoredValue::new(0),
            last: StoredValue::new_local(None),
            done: RwSignal::new(0),
            progress: RwSignal::new(None),
        }
    }

    /// Analyses `text` at once (a running job is cancelled).
    pub fn analyze_now(self, namespace: Option<String>, text: &str) -> Analysis {
        self.generation.update_value(|g| *g += 1);
        self.key.set_value(None);
        if self.progress.get_untracked().is_some() {
            self.progress.set(None);
        }
        self.driver
            .try_update_value(|d| {
                let analyzer = d.analyzer();
                analyzer.set_namespace(namespace);
                analyzer.analyze(text)
            })
            .unwrap_or_else(|| engine::analyze(text))
    }

    /// The last analysis a job finished, if any.
    pub fn last(self) -> Option<Arc<Analysis>> {
        self.last.get_value()
    }

    /// Starts a job on `text` unless one runs (or ran) on it already.
    pub fn ensure(self, namespace: Option<String>, text: &str) {
        let same = self.key.with_value(|k| {
            k.as_ref()
                .is_some_and(|(n, t)| *n == namespace && t.as_str() == text)
        });
        if same {
            return;
        }
        self.key
            .set_value(Some((namespace.clone(), text.to_string())));
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let owned = text.to_string();
        self.driver.update_value(|d| {
            let analyzer = d.analyzer();
            analyzer.set_namespace(namespace);
            d.job = Some(std::mem::take(analyzer).start(owned));
        });
        self.progress.set(Some(0.0));
        self.schedule(generation);
    }

    /// Runs a slice of job `generation` after the browser had its turn.
    fn schedule(self, generation: u64) {
        set_timeout(
            move || self.slice(generation),
            std::time::Duration::from_millis(0),
        );
    }

    /// Reads for about [`SLICE_MS`]; then yields, or hands the result over.
    fn slice(self, generation: u64) {
        if self.generation.try_get_value() != Some(generation) {
            return; // cancelled by a newer text, or the page is gone
        }
        let t0 = web_sys::js_sys::Date::now();
        let outcome = self.driver.try_update_value(|d| {
            let job = d.job.as_mut()?;
            loop {
                match job.step(STEP_BYTES) {
                    Step::Done(a) => {
                        d.analyzer(); // the job is over: the analyzer is idle again
                        return Some(Ok(a));
                    }
                    Step::Working { progress } => {
                        if web_sys::js_sys::Date::now() - t0 >= SLICE_MS {
                            return Some(Err(progress));
                        }
                    }
                }
            }
        });
        match outcome.flatten() {
            Some(Ok(a)) => {
                self.last.set_value(Some(Arc::new(a)));
                self.progress.set(None);
                self.done.update(|n| *n += 1);
            }
            Some(Err(progress)) => {
                // Whole percents: the mark changes at most a hundred times.
                let shown = (progress * 100.0).floor() / 100.0;
                if self.progress.get_untracked() != Some(shown) {
                    self.progress.set(Some(shown));
                }
                self.schedule(generation);
            }
            None => {}
        }
    }
}

impl Default for Analyses {
    fn default() -> Analyses {
        Analyses::new()
    }
}

/// The quiet mark in the graph toolbar while a large text is read:
/// "analysing… NN%". It always takes its place (empty when idle), so its
/// coming and going never moves the toolbar.
#[component]
pub fn AnalysingMark() -> impl IntoView {
    let state = use_app_state();
    let progress = state.analyses.progress;
    let label = text(move || match progress.get() {
        // Whole percents in integers: no float formatter in the WebAssembly.
        Some(p) => format!("analysing… {}%", (p * 100.0) as u32),
        None => String::new(),
    });
    view! {
        <span
            class="analysing"
            class:is-on=flag(move || progress.with(Option::is_some))
            data-testid="analysing"
            role="status"
        >
            {label}
        </span>
    }
}
