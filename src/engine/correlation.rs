//! Realized correlations of the simulated returns.
//!
//! Returns are a common factor times beta plus idiosyncratic noise; stress
//! raises the factor's weight and forced selling hits every asset at once,
//! so correlations computed from the engine's own returns rise in a crash.

use super::market::ASSET_COUNT;

pub type Matrix = [[f64; ASSET_COUNT]; ASSET_COUNT];

/// Pearson correlation matrix of a series of per-step return vectors.
/// A pair with no variation has correlation 0 (not NaN); the diagonal is 1.
pub fn correlation_matrix(returns: &[[f64; ASSET_COUNT]]) -> Matrix {
    let n = returns.len() as f64;
    let mut mean = [0.0; ASSET_COUNT];
    for r in returns {
        for (m, x) in mean.iter_mut().zip(r) {
            *m += x / n.max(1.0);
        }
    }
    let mut cov = [[0.0; ASSET_COUNT]; ASSET_COUNT];
    for r in returns {
        for i in 0..ASSET_COUNT {
            for j in 0..ASSET_COUNT {
                cov[i][j] += (r[i] - mean[i]) * (r[j] - mean[j]);
            }
        }
    }
    normalise(&cov)
}

fn normalise(cov: &Matrix) -> Matrix {
    let mut out = [[0.0; ASSET_COUNT]; ASSET_COUNT];
    for i in 0..ASSET_COUNT {
        for j in 0..ASSET_COUNT {
            out[i][j] = if i == j {
                1.0
            } else {
                let denominator = libm::sqrt(cov[i][i] * cov[j][j]);
                if denominator > 1e-300 {
                    (cov[i][j] / denominator).clamp(-1.0, 1.0)
                } else {
                    0.0
                }
            };
        }
    }
    out
}

/// Exponentially weighted correlation, updated once per step: the
/// "correlation right now" shown while a cascade unfolds.
#[derive(Clone, Debug)]
pub struct RollingCorrelation {
    decay: f64,
    cov: Matrix,
}

impl RollingCorrelation {
    /// `half_life` in steps.
    pub fn new(half_life: f64) -> Self {
        RollingCorrelation {
            decay: libm::pow(0.5, 1.0 / half_life),
            cov: [[0.0; ASSET_COUNT]; ASSET_COUNT],
        }
    }

    /// Adds one step's returns (treated as zero-mean at this horizon).
    pub fn update(&mut self, r: &[f64; ASSET_COUNT]) {
        for i in 0..ASSET_COUNT {
            for j in 0..ASSET_COUNT {
                self.cov[i][j] = self.decay * self.cov[i][j] + (1.0 - self.decay) * r[i] * r[j];
            }
        }
    }

    /// Each asset's current correlation with asset `with`.
    pub fn with(&self, with: usize) -> [f64; ASSET_COUNT] {
        let m = normalise(&self.cov);
        m[with]
    }
}

/// Mean of the off-diagonal entries: one number for "how together".
pub fn mean_off_diagonal(m: &Matrix) -> f64 {
    let mut sum = 0.0;
    for (i, row) in m.iter().enumerate() {
        for (j, value) in row.iter().enumerate() {
            if i != j {
                sum += value;
            }
        }
    }
    sum / (ASSET_COUNT * (ASSET_COUNT - 1)) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfectly_comoving_series_correlate_at_one_and_opposites_at_minus_one() {
        let returns: Vec<[f64; ASSET_COUNT]> = (0..50)
            .map(|t| {
                let x = ((t * 7919) % 13) as f64 - 6.0;
                [x, 2.0 * x, -x, x, 0.5 * x, 3.0 * x]
            })
            .collect();
        let m = correlation_matrix(&returns);
        assert!((m[0][1] - 1.0).abs() < 1e-12);
        assert!((m[0][2] + 1.0).abs() < 1e-12);
        assert_eq!(m[3][3], 1.0);
    }

    #[test]
    fn constant_series_give_zero_not_nan() {
        let m = correlation_matrix(&[[0.0; ASSET_COUNT]; 10]);
        assert!(m.iter().flatten().all(|x| x.is_finite()));
        assert_eq!(m[0][1], 0.0);
        assert_eq!(correlation_matrix(&[]), m);
    }

    #[test]
    fn rolling_correlation_follows_a_change_of_regime() {
        let mut rolling = RollingCorrelation::new(5.0);
        for t in 0..100 {
            let a = if t % 2 == 0 { 1.0 } else { -1.0 };
            let b = if t % 3 == 0 { 1.0 } else { -1.0 };
            rolling.update(&[a, b, b, b, b, b]);
        }
        let before = rolling.with(0)[1];
        for t in 0..40 {
            let a = if t % 2 == 0 { 1.0 } else { -1.0 };
            rolling.update(&[a, a, a, a, a, a]);
        }
        assert!(rolling.with(0)[1] > 0.95 && before < 0.5, "{before}");
    }
}
