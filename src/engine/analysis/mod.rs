//! The analysis: the [`Analysis`]/[`Analyzer`] pipeline from text to
//! resolved Services, and the checks run over them. Uses the controllers
//! and below.

pub mod adopted;
mod checks;
mod job;
mod pipeline;
mod reading;
pub mod route;
pub mod shared_selector;
mod trace;
pub mod vantage;

pub use job::{Job, Step};
pub(crate) use pipeline::with_pods;
pub use pipeline::{
    analyze, analyze_in_namespace, analyze_with_limits, Analysis, Analyzer, MAX_ANALYZED_BYTES,
    MAX_BACKENDS,
};
