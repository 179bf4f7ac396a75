//! The workload annotations that mark simulated pods not ready, terminating
//! or deleted (what-if changes of pods that have no text of their own).

use crate::engine::labels::Labels;

/// Workload annotation: simulated pods (by name) that are not ready.
pub const NOT_READY: &str = "svcmap.dev/not-ready";
/// Workload annotation: simulated pods (by name) being deleted.
pub const TERMINATING: &str = "svcmap.dev/terminating";
/// Workload annotation: simulated pods (by name) gone.
pub const DELETED: &str = "svcmap.dev/deleted";
/// The `deletionTimestamp` written for a terminating pod (any time works).
pub const DELETION_TIMESTAMP: &str = "2026-01-01T00:00:00Z";

/// The pod names an annotation lists.
pub fn listed(annotations: &Labels, key: &str) -> Vec<String> {
    annotations
        .get(key)
        .map(|v| {
            v.split([',', ' ', '\n'])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
