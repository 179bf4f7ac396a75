//! Scenarios over an analysis: why a Service reaches (or misses) each pod
//! and the fixes, what-if edits of pods and workloads, and rollouts step by
//! step. Uses the analysis and below.

pub mod assist;
pub mod explain;
pub mod fix_side;
pub mod rollout;
pub mod route_fixes;
pub mod typo;
pub mod whatif;
