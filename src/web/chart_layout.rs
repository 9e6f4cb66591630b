//! Where a chart's legend goes, kept apart from the drawing so it can be
//! tested natively (`src/lib.rs` compiles this file on its own for `cargo
//! test`; in wasm it is `web::chart_layout`). No web types here.

/// A right-hand corner of a chart's plot, for its legend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Corner {
    UpperRight,
    LowerRight,
}

/// The right-hand corner the lines cross less, for a legend about a third
/// of the plot high and up to three fifths of it wide (Chinese labels): in the upper right it hid the
/// run's own line in the fan of outcomes and in Compare, where the price
/// recovers towards the top right after the wick. `series` are the drawn
/// points, `x` and `y` the plot's ranges.
pub(crate) fn legend_corner(series: &[&[(f64, f64)]], x: (f64, f64), y: (f64, f64)) -> Corner {
    let (mut upper, mut lower) = (0usize, 0usize);
    for &(px, py) in series.iter().flat_map(|s| s.iter()) {
        let (fx, fy) = ((px - x.0) / (x.1 - x.0), (py - y.0) / (y.1 - y.0));
        if fx < 0.4 {
            continue;
        }
        if fy > 0.62 {
            upper += 1;
        } else if fy < 0.38 {
            lower += 1;
        }
    }
    if lower < upper {
        Corner::LowerRight
    } else {
        Corner::UpperRight
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A price path in % by minute: a fall to `low` by minute 10, then a
    /// rebound to `end` by minute 20, where it stays until minute 60.
    fn wick(low: f64, end: f64) -> Vec<(f64, f64)> {
        (0..=60)
            .map(|m| {
                let m = f64::from(m);
                let y = if m <= 10.0 {
                    low * m / 10.0
                } else {
                    low + (end - low) * ((m - 10.0) / 10.0).min(1.0)
                };
                (m, y)
            })
            .collect()
    }

    #[test]
    fn the_legend_goes_where_the_lines_are_not() {
        let (x, y) = ((0.0, 60.0), (-16.0, 0.0));
        // A fall that recovers to -5%: the top right is taken.
        let recovered = wick(-15.0, -5.0);
        assert_eq!(legend_corner(&[&recovered], x, y), Corner::LowerRight);
        // A run-away that stays at the bottom: the bottom right is taken.
        let stuck = wick(-15.0, -15.0);
        assert_eq!(legend_corner(&[&stuck], x, y), Corner::UpperRight);
        // Cumulative liquidations rise to the top right.
        let cumulative: Vec<(f64, f64)> = (0..=60)
            .map(|m| (f64::from(m), -16.0 + f64::from(m) / 4.0))
            .collect();
        assert_eq!(legend_corner(&[&cumulative], x, y), Corner::LowerRight);
        // A reported low drawn across the bottom outweighs a recovery.
        let reported: Vec<(f64, f64)> = (0..=60).map(|m| (f64::from(m), -14.7)).collect();
        let short: Vec<(f64, f64)> = recovered.iter().copied().filter(|p| p.0 > 50.0).collect();
        assert_eq!(
            legend_corner(&[&short, &reported], x, y),
            Corner::UpperRight
        );
    }
}
