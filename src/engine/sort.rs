//! Sorting by integer keys for the population's large sorts (by
//! liquidation price, by auto-deleveraging rank, by trigger). At a million
//! positions it takes a few milliseconds where a comparison sort of the
//! positions took tens. Equal keys keep their order, so the result never
//! depends on the sort's internals and is the same on every target.
//!
//! Keys are first measured from the smallest, and only their top 32
//! varying bits are sorted, packed with each key's index into one `u64`:
//! three least-significant-digit radix passes of 11 bits over 8-byte items,
//! where all 64 bits beside a separate index would take six passes over
//! 16-byte items. Keys whose top bits tie (rare: a million liquidation
//! prices spread over 2^32 slots) are then put in order by their full key.

const DIGIT_BITS: u32 = 11;
const BUCKETS: usize = 1 << DIGIT_BITS;
/// How many of each key's varying bits the radix passes sort.
const PREFIX_BITS: u32 = 32;
const PASSES: usize = PREFIX_BITS.div_ceil(DIGIT_BITS) as usize;

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

/// The radix digit of a packed item (prefix in the high half) in `pass`.
fn digit(item: u64, pass: usize) -> usize {
    ((item >> (32 + pass * DIGIT_BITS as usize)) as usize) & (BUCKETS - 1)
}

/// How many items have each digit, for every pass, in one scan.
fn digit_counts(items: &[u64]) -> Vec<[u32; BUCKETS]> {
    let mut counts = vec![[0u32; BUCKETS]; PASSES];
    for &item in items {
        for (pass, count) in counts.iter_mut().enumerate() {
            count[digit(item, pass)] += 1;
        }
    }
    counts
}

/// Each key's top varying bits (at most [`PREFIX_BITS`]) in the high half
/// and its index in the low half, so items sort by prefix, then by index;
/// and whether the prefix dropped any bits (so that ties need a look at
/// the full keys).
fn packed_items(keys: &[u64]) -> (Vec<u64>, bool) {
    let low = keys.iter().copied().min().unwrap_or(0);
    let high = keys.iter().copied().max().unwrap_or(0);
    let varying_bits = u64::BITS - (high - low).leading_zeros();
    let shift = varying_bits.saturating_sub(PREFIX_BITS);
    let items = keys
        .iter()
        .zip(0u32..)
        .map(|(&key, index)| ((key - low) >> shift) << 32 | u64::from(index))
        .collect();
    (items, shift > 0)
}

/// Stable least-significant-digit radix sort of `items` on their prefix.
/// Passes in which every item has the same digit are skipped.
fn radix_by_prefix(mut items: Vec<u64>) -> Vec<u64> {
    let mut spare = vec![0u64; items.len()];
    for (pass, count) in digit_counts(&items).iter().enumerate() {
        if count.iter().any(|&c| c as usize == items.len()) {
            continue;
        }
        let mut next = [0u32; BUCKETS];
        let mut start = 0;
        for (slot, &c) in next.iter_mut().zip(count) {
            *slot = start;
            start += c;
        }
        for &item in &items {
            let slot = &mut next[digit(item, pass)];
            spare[*slot as usize] = item;
            *slot += 1;
        }
        std::mem::swap(&mut items, &mut spare);
    }
    items
}

/// Runs of items whose prefixes tie, put in order of their full keys
/// (stably: within a run the indices are still ascending).
fn order_ties(items: &mut [u64], keys: &[u64]) {
    let mut start = 0;
    while start < items.len() {
        let prefix = items[start] >> 32;
        let end = start
            + items[start..]
                .iter()
                .take_while(|&&item| item >> 32 == prefix)
                .count();
        if end - start > 1 {
            items[start..end].sort_by_key(|&item| keys[item as u32 as usize]);
        }
        start = end;
    }
}

/// Indices of `keys` in ascending order of key; equal keys keep their order.
pub fn order_by_key(keys: &[u64]) -> Vec<u32> {
    assert!(u32::try_from(keys.len()).is_ok(), "at most 2^32 keys");
    let (items, truncated) = packed_items(keys);
    let mut items = radix_by_prefix(items);
    if truncated {
        order_ties(&mut items, keys);
    }
    items.into_iter().map(|item| item as u32).collect()
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
    use crate::rng::Rng;

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

    #[test]
    fn keys_that_differ_only_below_the_sorted_bits_still_sort() {
        // Outliers stretch the keys' range over all 64 bits, so the radix
        // passes see only the top 32 and the values near 1 tie there; the
        // full keys must still decide, stably.
        let mut rng = Rng::new(6);
        let mut values: Vec<f64> = (0..20_000)
            .map(|_| 1.0 + (rng.uniform() * 300.0).floor() * f64::EPSILON)
            .collect();
        values.extend([1e300, -1e300, 0.0, f64::INFINITY]);
        let keys: Vec<u64> = values.iter().map(|&v| ascending_key(v)).collect();
        let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
        expected.sort_by_key(|&i| keys[i as usize]);
        assert_eq!(order_by_key(&keys), expected);
    }
}
