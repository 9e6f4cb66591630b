//! Work spread over every core natively (rayon) and done in order in wasm.
//! Each piece of work writes only its own result, so the results are the
//! same bits on any number of threads and on every target.

/// Calls `work(chunk_index, chunk)` for `items` cut into chunks of `size`.
#[cfg(not(target_arch = "wasm32"))]
pub fn for_each_chunk<T: Send>(
    items: &mut [T],
    size: usize,
    work: impl Fn(usize, &mut [T]) + Sync + Send,
) {
    use rayon::prelude::*;
    items
        .par_chunks_mut(size)
        .enumerate()
        .for_each(|(index, chunk)| work(index, chunk));
}

#[cfg(target_arch = "wasm32")]
pub fn for_each_chunk<T: Send>(
    items: &mut [T],
    size: usize,
    work: impl Fn(usize, &mut [T]) + Sync + Send,
) {
    for (index, chunk) in items.chunks_mut(size).enumerate() {
        work(index, chunk);
    }
}

/// `work` applied to each item, results in the items' order.
#[cfg(not(target_arch = "wasm32"))]
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    items.par_iter().map(work).collect()
}

#[cfg(target_arch = "wasm32")]
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync + Send) -> Vec<R> {
    items.iter().map(work).collect()
}

/// Both results, computed side by side where there are threads.
#[cfg(not(target_arch = "wasm32"))]
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    rayon::join(a, b)
}

#[cfg(target_arch = "wasm32")]
pub fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    (a(), b())
}
