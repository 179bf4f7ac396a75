//! Whether two label keys, label values or port names differ by a likely typo.

/// The optimal-string-alignment distance between `a` and `b`: insertions,
/// deletions, substitutions and transpositions of two adjacent characters
/// (`wbe` → `web`, `bakcend` → `backend`) each count one.
pub fn typo_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back, one back, current.
    let mut two: Vec<usize> = vec![0; b.len() + 1];
    let mut one: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (one[j - 1] + cost).min(one[j] + 1).min(cur[j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two[j - 2] + 1);
            }
            cur[j] = d;
        }
        two = std::mem::replace(&mut one, cur);
    }
    one[b.len()]
}

/// Whether `a` and `b` (two label keys, two label values or two port names)
/// differ only by what a slip of the keyboard makes: letter case
/// (`Frontend`/`frontend`; labels are case-sensitive, so they do not match),
/// or one edit for words of up to four characters and two for longer ones
/// (`ap`/`app`, `chekout`/`checkout`, `htpp`/`http`). Words that differ only
/// in their digits (`v1`/`v2`, `redis-0`/`redis-1`) name versions or
/// ordinals on purpose and are not typos.
pub fn likely_typo(a: &str, b: &str) -> bool {
    if a == b || a.is_empty() || b.is_empty() {
        return false;
    }
    let (la, lb) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    if la == lb {
        return true;
    }
    let letters = |s: &str| -> String { s.chars().filter(|c| !c.is_ascii_digit()).collect() };
    if letters(&la) == letters(&lb) {
        return false;
    }
    let shorter = la.chars().count().min(lb.chars().count());
    let limit = if shorter <= 4 { 1 } else { 2 };
    typo_distance(&la, &lb) <= limit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typo_distance_counts_a_transposition_once() {
        let rows = [
            ("web", "web", 0, "equal"),
            ("wbe", "web", 1, "two letters swapped"),
            ("bakcend", "backend", 1, "two letters swapped inside"),
            ("ap", "app", 1, "one letter missing"),
            ("chekout", "checkout", 1, "one letter missing inside"),
            ("apj", "api", 1, "one letter replaced"),
            ("", "abc", 3, "empty"),
            (
                "kitten",
                "sitting",
                3,
                "the textbook example: two replaced, one inserted",
            ),
            (
                "ca",
                "abc",
                3,
                "no edit of a transposed pair (OSA, unlike Damerau's 2)",
            ),
        ];
        for (a, b, want, label) in rows {
            assert_eq!(typo_distance(a, b), want, "{label}: {a} / {b}");
            assert_eq!(typo_distance(b, a), want, "{label} (swapped): {b} / {a}");
        }
    }

    #[test]
    fn likely_typos_and_deliberate_differences() {
        let rows = [
            ("Tier", "tier", true, "case only"),
            ("Frontend", "frontend", true, "case of a value"),
            ("ap", "app", true, "short key, one letter"),
            ("bakcend", "backend", true, "swapped letters"),
            ("htpp", "http", true, "port name, swapped letters"),
            (
                "chekout-api",
                "checkout-api",
                true,
                "long value, one letter",
            ),
            ("apj", "api", true, "one letter of three"),
            ("v1", "v2", false, "versions differ in a digit"),
            ("redis-0", "redis-1", false, "ordinals"),
            ("reviews-v1", "reviews-v3", false, "versioned names"),
            ("master", "replica", false, "different roles"),
            (
                "controller",
                "admission-webhook",
                false,
                "different components",
            ),
            ("grafana", "prometheus", false, "different applications"),
            ("db", "ui", false, "two short words"),
            ("web", "web", false, "equal is no typo"),
            ("", "a", false, "empty"),
        ];
        for (a, b, want, label) in rows {
            assert_eq!(likely_typo(a, b), want, "{label}: {a} / {b}");
            assert_eq!(likely_typo(b, a), want, "{label} (swapped): {b} / {a}");
        }
    }
}
