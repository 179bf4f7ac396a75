//! Job pods as Kubernetes makes them: the labels the API server adds, how many pods the Job controller runs at once, Indexed Jobs' names and hostnames, and the Job a CronJob starts.

use crate::engine::labels::Labels;

/// The label the API server puts on a Job's pods, with the Job's name.
pub const JOB_NAME_LABEL: &str = "batch.kubernetes.io/job-name";
/// The older, unprefixed form of [`JOB_NAME_LABEL`], still added.
pub const LEGACY_JOB_NAME_LABEL: &str = "job-name";
/// The label the API server puts on a Job's pods, with the Job's uid.
pub const CONTROLLER_UID_LABEL: &str = "batch.kubernetes.io/controller-uid";
/// The older, unprefixed form of [`CONTROLLER_UID_LABEL`], still added.
pub const LEGACY_CONTROLLER_UID_LABEL: &str = "controller-uid";
/// The label and annotation of an Indexed Job's pod with its completion index.
pub const COMPLETION_INDEX: &str = "batch.kubernetes.io/job-completion-index";

/// The longest `generateName` prefix: a name is at most 63 characters and
/// the API server appends 5 random ones (`names.MaxGeneratedNameLength`).
const MAX_GENERATED_NAME_LENGTH: usize = 58;

/// Adds the labels that let a Job find its pods to its pod template, unless
/// the template already has them: `job-name` and
/// `batch.kubernetes.io/job-name` with the Job's name, `controller-uid` and
/// `batch.kubernetes.io/controller-uid` with its uid. Returns the selector
/// labels added (`batch.kubernetes.io/controller-uid` unless already in
/// `selector`). The API server does this on create unless
/// `manualSelector: true`.
///
/// Mirrors `generateSelector` in `pkg/registry/batch/job/strategy.go`.
pub fn generate_selector(job_name: &str, uid: &str, template: &mut Labels, selector: &mut Labels) {
    for key in [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL] {
        template
            .entry(key.to_string())
            .or_insert_with(|| job_name.to_string());
    }
    for key in [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL] {
        template
            .entry(key.to_string())
            .or_insert_with(|| uid.to_string());
    }
    selector
        .entry(CONTROLLER_UID_LABEL.to_string())
        .or_insert_with(|| uid.to_string());
}

/// How many pods a Job runs when it starts (no pod has finished yet):
/// `parallelism`, but never more than the `completions` still to do; none
/// while suspended. Unset `parallelism` is 1; unset `completions` (a work
/// queue) bounds nothing, except that both unset make a one-pod Job.
///
/// Mirrors `manageJob`'s `wantActive` in `pkg/controller/job/job_controller.go`
/// with `SetDefaults_Job` in `pkg/apis/batch/v1/defaults.go`.
pub fn active_pods(parallelism: Option<i64>, completions: Option<i64>, suspend: bool) -> i64 {
    if suspend {
        return 0;
    }
    let parallelism = parallelism.unwrap_or(1);
    let want = match completions {
        None => parallelism,
        Some(c) => c.min(parallelism),
    };
    want.max(0)
}

/// The completion indexes an Indexed Job's first pods get: the `count`
/// lowest indexes below `completions` (none has a pod or has succeeded yet).
///
/// Mirrors `firstPendingIndexes` in `pkg/controller/job/indexed_job_utils.go`
/// with no active and no succeeded index.
pub fn first_pending_indexes(count: i64, completions: i64) -> std::ops::Range<i64> {
    0..count.min(completions).max(0)
}

/// The `generateName` of an Indexed Job's pod: `<job>-<index>-`, the Job's
/// name cut so that the prefix fits the generated-name limit.
///
/// Mirrors `podGenerateNameWithIndex` in `pkg/controller/job/indexed_job_utils.go`.
pub fn pod_generate_name_with_index(job_name: &str, index: i64) -> String {
    let append = format!("-{index}-");
    let prefix = format!("{job_name}{append}");
    if prefix.len() <= MAX_GENERATED_NAME_LENGTH {
        return prefix;
    }
    let keep = MAX_GENERATED_NAME_LENGTH.saturating_sub(append.len());
    let mut cut = keep.min(job_name.len());
    while !job_name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{append}", &job_name[..cut])
}

/// The hostname of an Indexed Job's pod: `<job>-<index>`, so that with a
/// `subdomain` it has a stable DNS name.
///
/// Mirrors `manageJob` in `pkg/controller/job/job_controller.go`
/// (`template.Spec.Hostname = fmt.Sprintf("%s-%d", job.Name, completionIndex)`).
pub fn indexed_hostname(job_name: &str, index: i64) -> String {
    format!("{job_name}-{index}")
}

/// The name of the Job a CronJob starts for a scheduled time:
/// `<cronjob>-<minutes since the Unix epoch>`.
///
/// Mirrors `getJobName` and `getTimeHashInMinutes` in
/// `pkg/controller/cronjob/utils.go`.
pub fn cronjob_job_name(cronjob: &str, scheduled_unix_seconds: i64) -> String {
    format!("{cronjob}-{}", scheduled_unix_seconds.div_euclid(60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// `generateSelector`: each of the four labels is added unless the
    /// template has it; the selector gets `batch.kubernetes.io/controller-uid`.
    #[test]
    fn generate_selector_table() {
        let all = |name: &str, uid: &str| {
            labels(&[
                ("job-name", name),
                ("batch.kubernetes.io/job-name", name),
                ("controller-uid", uid),
                ("batch.kubernetes.io/controller-uid", uid),
            ])
        };
        let rows: Vec<(Labels, Labels, Labels, Labels, &str)> = vec![
            (
                Labels::new(),
                Labels::new(),
                all("pi", "1a2b3c"),
                labels(&[("batch.kubernetes.io/controller-uid", "1a2b3c")]),
                "empty template: all four labels, selector on the uid",
            ),
            (
                labels(&[("app", "workers")]),
                Labels::new(),
                {
                    let mut l = all("pi", "1a2b3c");
                    l.insert("app".into(), "workers".into());
                    l
                },
                labels(&[("batch.kubernetes.io/controller-uid", "1a2b3c")]),
                "the template's own labels stay",
            ),
            (
                labels(&[("job-name", "other")]),
                Labels::new(),
                {
                    let mut l = all("pi", "1a2b3c");
                    l.insert("job-name".into(), "other".into());
                    l
                },
                labels(&[("batch.kubernetes.io/controller-uid", "1a2b3c")]),
                "a label already written is not overwritten (validation judges it)",
            ),
            (
                Labels::new(),
                labels(&[("batch.kubernetes.io/controller-uid", "wrong")]),
                all("pi", "1a2b3c"),
                labels(&[("batch.kubernetes.io/controller-uid", "wrong")]),
                "a selector's controller-uid is kept (validation rejects a wrong one)",
            ),
        ];
        for (mut template, mut selector, want_template, want_selector, label) in rows {
            generate_selector("pi", "1a2b3c", &mut template, &mut selector);
            assert_eq!(template, want_template, "{label}: template");
            assert_eq!(selector, want_selector, "{label}: selector");
        }
    }

    /// `TestControllerSyncJob` rows for a Job that starts (no pod yet), and
    /// `SetDefaults_Job`.
    #[test]
    fn active_pods_table() {
        let rows = [
            (Some(2), Some(5), false, 2, "job start"),
            (Some(2), None, false, 2, "WQ job start"),
            (Some(5), Some(2), false, 2, "never more than completions"),
            (Some(0), Some(5), false, 0, "parallelism 0 runs nothing"),
            (None, None, false, 1, "both unset default to 1"),
            (None, Some(4), false, 1, "parallelism defaults to 1"),
            (Some(3), None, true, 0, "suspended"),
            (Some(2), Some(0), false, 0, "zero completions"),
        ];
        for (parallelism, completions, suspend, want, label) in rows {
            assert_eq!(
                active_pods(parallelism, completions, suspend),
                want,
                "{label}"
            );
        }
    }

    /// `TestFirstPendingIndexes`, the rows without active or succeeded pods.
    #[test]
    fn first_pending_indexes_table() {
        let rows = [
            (3, 5, vec![0, 1, 2], "cnt greater than completions"),
            (5, 3, vec![0, 1, 2], "count bounded by completions"),
            (0, 5, vec![], "nothing to create"),
        ];
        for (count, completions, want, label) in rows {
            let got: Vec<i64> = first_pending_indexes(count, completions).collect();
            assert_eq!(got, want, "{label}");
        }
    }

    /// `TestPodGenerateNameWithIndex` in `indexed_job_utils_test.go`.
    #[test]
    fn pod_generate_name_with_index_table() {
        let rows = [
            ("indexed-job", 1, "indexed-job-1-", "short job name"),
            (
                "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo",
                1,
                "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-",
                "job name exceeds MaxGeneneratedNameLength",
            ),
            (
                "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo",
                1,
                "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-",
                "job name with index suffix exceeds MaxGeneratedNameLength",
            ),
        ];
        for (job, index, want, label) in rows {
            assert_eq!(pod_generate_name_with_index(job, index), want, "{label}");
        }
    }

    #[test]
    fn indexed_hostname_and_cronjob_job_name_table() {
        let rows = [
            (
                indexed_hostname("example-job", 0),
                "example-job-0",
                "index 0",
            ),
            (
                indexed_hostname("example-job", 2),
                "example-job-2",
                "index 2",
            ),
            // 2026-01-01T00:00:00Z is 1 767 225 600 s after the epoch.
            (
                cronjob_job_name("report", 1_767_225_600),
                "report-29453760",
                "minutes since the epoch",
            ),
            (
                cronjob_job_name("report", 1_767_225_659),
                "report-29453760",
                "seconds are dropped",
            ),
        ];
        for (got, want, label) in rows {
            assert_eq!(got, want, "{label}");
        }
    }
}
