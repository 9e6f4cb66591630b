//! Sorting by integer keys: a least-significant-digit radix sort, 11 bits a
//! pass, for the population's large sorts (by liquidation price, by
//! auto-deleveraging rank, by trigger). At a million positions it takes a
//! few milliseconds where a comparison sort of the positions took tens.
//! Equal keys keep their order, so the result never depends on the sort's
//! internals and is the same on every target.

const DIGIT_BITS: u32 = 11;
const BUCKETS: usize = 1 << DIGIT_BITS;
const PASSES: usize = 64_usize.div_ceil(DIGIT_BITS as usize);

/// A key whose unsigned order is `f64::total_cmp`'s order: flip every bit of
/// a negative number, only the sign bit of a positive one.
pub fn ascending_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

/// A key that puts the largest value first.
pub fn descending_key(value: f64) -> u64 {
    !ascending_key(value)
}

fn digit(key: u64, pass: usize) -> usize {
    ((key >> (pass * DIGIT_BITS as usize)) as usize) & (BUCKETS - 1)
}

/// How many keys have each digit, for every pass, in one scan.
fn digit_counts(keys: &[u64]) -> Vec<[u32; BUCKETS]> {
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &key in keys {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(key, pass)] += 1;
        }
    }
    counts
}

/// Indices of `keys` in ascending order of key; equal keys keep their order.
/// Passes in which every key has the same digit (the sign and exponent of
/// prices of one asset, mostly) are skipped.
pub fn order_by_key(keys: &[u64]) -> Vec<u32> {
    assert!(u32::try_from(keys.len()).is_ok(), "at most 2^32 keys");
    let mut items: Vec<(u64, u32)> = keys.iter().zip(0..).map(|(&k, i)| (k, i)).collect();
    let mut spare = items.clone();
    for (pass, count) in digit_counts(keys).iter().enumerate() {
        if count.iter().any(|&c| c as usize == keys.len()) {
            continue;
        }
        let mut next = [0u32; BUCKETS];
        let mut start = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = start;
            start += c;
        }
        for &item in &items {
            let slot = &mut next[digit(item.0, pass)];
            spare[*slot as usize] = item;
            *slot += 1;
        }
        std::mem::swap(&mut items, &mut spare);
    }
    items.into_iter().map(|(_, index)| index).collect()
}

/// `items` in ascending order of `key`; equal keys keep their order.
pub fn sorted_by_key<T: Clone>(items: &[T], key: impl Fn(&T) -> u64) -> Vec<T> {
    let keys: Vec<u64> = items.iter().map(key).collect();
    order_by_key(&keys)
        .into_iter()
        .map(|i| items[i as usize].clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    #[test]
    fn float_keys_follow_total_order() {
        let values = [-3.5, -0.0, 0.0, 1e-300, 2.0, 7e10, f64::INFINITY, -1e300];
        let mut by_key = values.to_vec();
        by_key.sort_by_key(|&v| ascending_key(v));
        let mut by_cmp = values.to_vec();
        by_cmp.sort_by(f64::total_cmp);
        assert_eq!(by_key, by_cmp);
        by_key.sort_by_key(|&v| descending_key(v));
        by_cmp.reverse();
        assert_eq!(by_key, by_cmp);
    }

    #[test]
    fn radix_order_equals_a_stable_comparison_sort() {
        let mut rng = Rng::new(5);
        for n in [0, 1, 2, 1_000, 50_000] {
            // Prices near one value (shared high digits), with repeats.
            let values: Vec<f64> = (0..n)
                .map(|_| 60_000.0 + (rng.uniform() * 4_000.0).round() / 8.0)
                .collect();
            let sorted = sorted_by_key(&values, |&v| descending_key(v));
            let mut expected = values.clone();
            expected.sort_by(|a, b| b.total_cmp(a));
            assert_eq!(sorted, expected);
            let keys: Vec<u64> = values.iter().map(|&v| ascending_key(v)).collect();
            let order = order_by_key(&keys);
            assert!(order.windows(2).all(|w| {
                let (a, b) = (keys[w[0] as usize], keys[w[1] as usize]);
                a < b || (a == b && w[0] < w[1])
            }));
        }
    }
}
