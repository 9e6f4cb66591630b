//! Normal and exponential draws by the ziggurat method (Marsaglia & Tsang,
//! "The Ziggurat Method for Generating Random Variables", 2000; 256 layers
//! and the base strip's layout after Doornik, "An Improved Ziggurat Method",
//! 2005).
//!
//! The density is covered by 256 layers of equal area. A draw picks a layer
//! and a point in it from one 64-bit number; about 99 draws in 100 fall
//! inside the density and cost a multiplication and a comparison, where
//! Box-Muller and the inverse transform cost a logarithm and a sine or a
//! power every time. The rest are decided with the density itself (one
//! exponential) or, in the base layer, drawn from the tail exactly. The
//! draws follow the normal and exponential laws exactly (up to rounding);
//! only the mapping from random bits to numbers differs. Tables are built
//! with `libm` and every step is plain arithmetic, so the same bits give
//! the same numbers on every target. (`rand_distr` has a ziggurat too, but
//! its slow path takes exp and ln through `num-traits`, which uses the
//! platform's when any crate in the build enables its `std` feature: glibc
//! natively and not in wasm, so the bits could differ.)

use std::sync::OnceLock;

use super::rng::Rng;

const LAYERS: usize = 256;

/// The tables for one density: layer edges `x` (from `x[0]`, the base
/// strip's width, down to `x[256] = 0`) and the density at each edge.
struct Table {
    x: [f64; LAYERS + 1],
    f: [f64; LAYERS + 1],
    /// Where the tail starts (`x[1]`).
    tail_start: f64,
}

impl Table {
    /// Layers of area `area` under the decreasing `density` (inverse
    /// `inverse`), the lowest starting at `tail_start`: each layer's edge
    /// follows from the one below, `f(x[i+1]) = f(x[i]) + area / x[i]`.
    fn new(
        tail_start: f64,
        area: f64,
        density: impl Fn(f64) -> f64,
        inverse: impl Fn(f64) -> f64,
    ) -> Self {
        let mut x = [0.0; LAYERS + 1];
        x[0] = area / density(tail_start);
        x[1] = tail_start;
        for i in 2..LAYERS {
            x[i] = inverse(area / x[i - 1] + density(x[i - 1]));
        }
        x[LAYERS] = 0.0;
        let f = x.map(density);
        Table { x, f, tail_start }
    }

    /// Whether a point in layer `layer` where the density is `density`,
    /// outside the part of the layer wholly under it, is under it after all.
    fn under_density(&self, layer: usize, density: f64, rng: &mut Rng) -> bool {
        let (low, high) = (self.f[layer], self.f[layer + 1]);
        high + (low - high) * rng.uniform() < density
    }
}

/// Both tables, built once.
pub struct Ziggurat {
    normal: Table,
    exponential: Table,
}

/// Right edge of the lowest layer for the normal density `exp(-x^2/2)` with
/// 256 layers (Doornik 2005; NumPy uses the same).
const NORMAL_TAIL_START: f64 = 3.654_152_885_361_009;
/// The same for the exponential density `exp(-x)` (Marsaglia & Tsang 2000).
const EXPONENTIAL_TAIL_START: f64 = 7.697_117_470_131_05;

impl Ziggurat {
    /// The shared tables (a few hundred `libm` calls, once per process).
    pub fn get() -> &'static Ziggurat {
        static TABLES: OnceLock<Ziggurat> = OnceLock::new();
        TABLES.get_or_init(Ziggurat::build)
    }

    fn build() -> Self {
        let r = NORMAL_TAIL_START;
        // Each layer's area: the base strip's rectangle plus the tail,
        // integral of exp(-x^2/2) from r on = sqrt(pi/2) erfc(r/sqrt 2).
        let normal_area = r * libm::exp(-r * r / 2.0)
            + libm::sqrt(core::f64::consts::FRAC_PI_2) * libm::erfc(r / core::f64::consts::SQRT_2);
        let normal = Table::new(
            r,
            normal_area,
            |x| libm::exp(-x * x / 2.0),
            |y| libm::sqrt(-2.0 * libm::log(y)),
        );
        let r = EXPONENTIAL_TAIL_START;
        let exponential = Table::new(
            r,
            (r + 1.0) * libm::exp(-r),
            |x| libm::exp(-x),
            |y| -libm::log(y),
        );
        Ziggurat {
            normal,
            exponential,
        }
    }

    /// A standard normal draw.
    pub fn normal(&self, rng: &mut Rng) -> f64 {
        let t = &self.normal;
        loop {
            let bits = rng.next_u64();
            let layer = (bits & 0xff) as usize;
            // The top 53 bits, uniform in [-1, 1); exact in binary.
            let u = (bits >> 11) as f64 * (1.0 / (1u64 << 52) as f64) - 1.0;
            let x = u * t.x[layer];
            if x.abs() < t.x[layer + 1] {
                return x;
            }
            if layer == 0 {
                return libm::copysign(normal_tail(t.tail_start, rng), u);
            }
            if t.under_density(layer, libm::exp(-x * x / 2.0), rng) {
                return x;
            }
        }
    }

    /// An exponential draw with mean 1.
    pub fn exponential(&self, rng: &mut Rng) -> f64 {
        let t = &self.exponential;
        loop {
            let bits = rng.next_u64();
            let layer = (bits & 0xff) as usize;
            let u = (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            let x = u * t.x[layer];
            if x < t.x[layer + 1] {
                return x;
            }
            if layer == 0 {
                // The exponential forgets: past r it is r plus a fresh draw.
                return t.tail_start - libm::log(rng.uniform_open());
            }
            if t.under_density(layer, libm::exp(-x), rng) {
                return x;
            }
        }
    }
}

/// The normal's tail beyond `r` (Marsaglia 1964, as in Marsaglia & Tsang).
fn normal_tail(r: f64, rng: &mut Rng) -> f64 {
    loop {
        let beyond = -libm::log(rng.uniform_open()) / r;
        let height = -libm::log(rng.uniform_open());
        if 2.0 * height > beyond * beyond {
            return r + beyond;
        }
    }
}

/// Goodness-of-fit checks for the tests of the engine's random draws.
#[cfg(test)]
pub(crate) mod fit {
    /// Kolmogorov-Smirnov distance between the sample and `cdf`.
    pub fn ks_distance(mut sample: Vec<f64>, cdf: impl Fn(f64) -> f64) -> f64 {
        sample.sort_by(f64::total_cmp);
        let n = sample.len() as f64;
        sample
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let c = cdf(x);
                (c - i as f64 / n).abs().max((c - (i + 1) as f64 / n).abs())
            })
            .fold(0.0, f64::max)
    }

    /// The critical distance at the 0.1% level for `n` draws.
    pub fn ks_critical(n: usize) -> f64 {
        1.95 / (n as f64).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::fit::{ks_critical, ks_distance};
    use super::*;

    #[test]
    fn the_layers_close_at_the_peak() {
        // The top layer, from x[255] to 0, has the same area as the others
        // only if the tail start was right: a check on the constants.
        for (t, peak) in [
            (&Ziggurat::get().normal, 1.0),
            (&Ziggurat::get().exponential, 1.0),
        ] {
            let area = t.x[0] * t.f[1];
            let top = t.x[LAYERS - 1] * (peak - t.f[LAYERS - 1]);
            assert!((top / area - 1.0).abs() < 1e-9, "{top} vs {area}");
            assert!(t.x.windows(2).all(|w| w[0] > w[1]));
        }
    }

    #[test]
    fn normal_draws_follow_the_normal_law() {
        let z = Ziggurat::get();
        let mut rng = Rng::new(11);
        let n = 400_000;
        let sample: Vec<f64> = (0..n).map(|_| z.normal(&mut rng)).collect();
        let cdf = |x: f64| 0.5 * libm::erfc(-x / core::f64::consts::SQRT_2);
        let d = ks_distance(sample.clone(), cdf);
        assert!(d < ks_critical(n), "KS distance {d}");
        // The tail beyond the base layer (0.026% each side) is drawn too,
        // and at its rate: expect 103 beyond 3.654 in either direction.
        let beyond = sample
            .iter()
            .filter(|x| x.abs() > NORMAL_TAIL_START)
            .count();
        let expected = n as f64 * 2.0 * (1.0 - cdf(NORMAL_TAIL_START));
        assert!(
            (beyond as f64 - expected).abs() < 4.0 * expected.sqrt(),
            "{beyond} beyond the tail start, expected {expected:.0}"
        );
        assert!(sample.iter().any(|&x| x < -NORMAL_TAIL_START));
    }

    #[test]
    fn exponential_draws_follow_the_exponential_law() {
        let z = Ziggurat::get();
        let mut rng = Rng::new(12);
        let n = 400_000;
        let sample: Vec<f64> = (0..n).map(|_| z.exponential(&mut rng)).collect();
        assert!(sample.iter().all(|&x| x >= 0.0));
        let d = ks_distance(sample.clone(), |x| -libm::expm1(-x));
        assert!(d < ks_critical(n), "KS distance {d}");
        let mean = sample.iter().sum::<f64>() / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean {mean}");
        let beyond = sample
            .iter()
            .filter(|&&x| x > EXPONENTIAL_TAIL_START)
            .count();
        let expected = n as f64 * libm::exp(-EXPONENTIAL_TAIL_START);
        assert!(
            (beyond as f64 - expected).abs() < 4.0 * expected.sqrt() + 1.0,
            "{beyond} beyond the tail start, expected {expected:.0}"
        );
    }
}
