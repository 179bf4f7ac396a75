//! One stable sort for the whole crate.
//!
//! The standard library's sort is generic over the element type and the
//! comparator, so every call site instantiates its own copy of the sorting
//! code (about 4 KB of WebAssembly each). These helpers sort a list of indices
//! through a `dyn` comparator instead — one copy of the sort in the binary —
//! and then move the elements into place. Same results as `slice::sort_by`:
//! stable, `O(n log n)`.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
pub fn sort_by<T>(v: &mut Vec<T>, mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let Ok(len) = u32::try_from(v.len()) else {
        // Over 4 billion elements: not reachable in this program; leave the
        // order as it is rather than fail.
        return;
    };
    let mut order: Vec<u32> = (0..len).collect();
    {
        let items: &[T] = v;
        sort_indices(&mut order, &mut |a, b| {
            cmp(&items[a as usize], &items[b as usize])
        });
    }
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.iter().filter_map(|&i| slots[i as usize].take()));
}

/// Sorts `v` stably by the key `f` returns, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` stably in its natural order, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// The one instantiation of the standard sort: indices, compared through a
/// trait object.
fn sort_indices(order: &mut [u32], cmp: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_stays_stable() {
        let mut seed = 7u64;
        for len in [0usize, 1, 2, 3, 10, 33, 500] {
            let data: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = data.clone();
            sort_by_key(&mut ours, |p| p.0);
            let mut std = data.clone();
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "len {len}");
            let mut natural = data.clone();
            sort(&mut natural);
            let mut expect = data;
            expect.sort();
            assert_eq!(natural, expect);
        }
    }

    #[test]
    fn moves_owned_values_without_losing_any() {
        let mut v: Vec<String> = ["pear", "apple", "fig", "apple"].map(String::from).to_vec();
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["pear", "fig", "apple", "apple"]);
    }
}
