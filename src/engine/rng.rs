//! Seeded, portable random numbers.
//!
//! xoshiro256** (Blackman & Vigna, 2018) seeded through SplitMix64. Integer
//! arithmetic only, so the same seed gives the same stream on every target;
//! the float transforms use `libm` for the same reason.

/// Deterministic generator; never seeded from the clock.
#[derive(Clone, Debug)]
pub struct Rng {
    state: [u64; 4],
}

impl Rng {
    /// Expands a 64-bit seed into the 256-bit state with SplitMix64, as the
    /// xoshiro authors recommend.
    pub fn new(seed: u64) -> Self {
        let mut sm = seed;
        let mut next = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            state: [next(), next(), next(), next()],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.state;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Moves the stream on by 2^128 draws (the xoshiro authors' jump
    /// polynomial), so streams a jump apart never overlap: independent
    /// streams for pieces of work done side by side.
    pub fn jump(&mut self) {
        const JUMP: [u64; 4] = [
            0x180e_c6d3_3cfd_0aba,
            0xd5a6_1266_f0c9_392c,
            0xa958_2618_e03f_c9aa,
            0x39ab_dc45_29b1_661c,
        ];
        let mut jumped = [0u64; 4];
        for word in JUMP {
            for bit in 0..64 {
                if word >> bit & 1 == 1 {
                    for (j, s) in jumped.iter_mut().zip(self.state) {
                        *j ^= s;
                    }
                }
                self.next_u64();
            }
        }
        self.state = jumped;
    }

    /// Uniform in [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        unit_interval(self.next_u64())
    }

    /// Uniform in (0, 1], safe to take the logarithm of.
    pub fn uniform_open(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// Standard normal by Box-Muller (one of the pair is discarded to keep
    /// the stream position independent of call history).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }

    /// Two independent standard normals from one Box-Muller draw (cheaper
    /// than two calls to [`Rng::normal`] when generating many positions).
    pub fn normal_pair(&mut self) -> (f64, f64) {
        let open = self.uniform_open();
        box_muller(open, self.uniform())
    }

    /// Pareto with tail index `alpha` and scale `x_min` (heavy-tailed sizes).
    pub fn pareto(&mut self, x_min: f64, alpha: f64) -> f64 {
        x_min * libm::pow(self.uniform_open(), -1.0 / alpha)
    }
}

/// The uniform in [0, 1) that [`Rng::uniform`] makes of 64 random bits.
fn unit_interval(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Two standard normals from a uniform in (0, 1] and one in [0, 1)
/// (Box-Muller). Sine and cosine come from one `sincos` call, which shares
/// the argument reduction and gives the same bits as `sin` and `cos` apart
/// except below 2^-26, where `sin` returns its argument and `sincos` does
/// not; there (about one angle in 2^28) they are called apart.
pub fn box_muller(uniform_open: f64, uniform: f64) -> (f64, f64) {
    const TINY_ANGLE: f64 = 1.0 / (1u64 << 26) as f64;
    let radius = libm::sqrt(-2.0 * libm::log(uniform_open));
    let angle = 2.0 * core::f64::consts::PI * uniform;
    let (sin, cos) = if angle < TINY_ANGLE {
        (libm::sin(angle), libm::cos(angle))
    } else {
        libm::sincos(angle)
    };
    (radius * cos, radius * sin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_different_seed_differs() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..8).map(|_| r.next_u64()).collect()
        };
        let c: Vec<u64> = {
            let mut r = Rng::new(8);
            (0..8).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn a_jumped_stream_is_the_same_stream_further_on() {
        // Jumping is a power of the step, so the two commute, and the
        // jumped stream shares no draw with the start of the original.
        let mut stepped_then_jumped = Rng::new(4);
        stepped_then_jumped.next_u64();
        stepped_then_jumped.jump();
        let mut jumped_then_stepped = Rng::new(4);
        jumped_then_stepped.jump();
        jumped_then_stepped.next_u64();
        assert_eq!(stepped_then_jumped.state, jumped_then_stepped.state);
        let mut original = Rng::new(4);
        let start: std::collections::BTreeSet<u64> =
            (0..100_000).map(|_| original.next_u64()).collect();
        let mut jumped = Rng::new(4);
        jumped.jump();
        assert!((0..100_000).all(|_| !start.contains(&jumped.next_u64())));
    }

    #[test]
    fn uniform_and_normal_have_the_expected_moments() {
        let mut r = Rng::new(42);
        let n = 200_000;
        let (mut su, mut sn, mut sn2) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let u = r.uniform();
            assert!((0.0..1.0).contains(&u));
            su += u;
            let z = r.normal();
            sn += z;
            sn2 += z * z;
        }
        let nf = n as f64;
        assert!((su / nf - 0.5).abs() < 0.005);
        assert!((sn / nf).abs() < 0.01);
        assert!((sn2 / nf - 1.0).abs() < 0.02);
    }

    #[test]
    fn sincos_gives_the_bits_of_sin_and_cos_at_every_angle_it_is_used_for() {
        let mut r = Rng::new(9);
        let tiny = (0..60).map(|k| 2.0 * core::f64::consts::PI * libm::ldexp(1.0, -k));
        let uniforms = (0..200_000).map(|_| r.uniform());
        for u in tiny
            .map(|a| a / (2.0 * core::f64::consts::PI))
            .chain(uniforms)
        {
            let (x, y) = box_muller(0.5, u);
            let radius = libm::sqrt(-2.0 * libm::log(0.5));
            let angle = 2.0 * core::f64::consts::PI * u;
            assert_eq!(x.to_bits(), (radius * libm::cos(angle)).to_bits(), "{u}");
            assert_eq!(y.to_bits(), (radius * libm::sin(angle)).to_bits(), "{u}");
        }
    }

    #[test]
    fn pareto_respects_its_floor_and_median() {
        let mut r = Rng::new(3);
        let mut xs: Vec<f64> = (0..100_001).map(|_| r.pareto(1000.0, 1.5)).collect();
        assert!(xs.iter().all(|&x| x >= 1000.0));
        xs.sort_by(f64::total_cmp);
        // Median of Pareto(x_min, a) is x_min * 2^(1/a).
        let median = xs[50_000];
        let expected = 1000.0 * libm::pow(2.0, 1.0 / 1.5);
        assert!(
            (median / expected - 1.0).abs() < 0.02,
            "median {median} vs {expected}"
        );
    }
}
