//! Where a chart's legend goes, kept apart from the drawing so it can be
//! tested natively (`src/lib.rs` compiles this file on its own for `cargo
//! test`; in wasm it is `web::chart_layout`). No web types here.

/// A corner of a chart's plot, for its legend.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Corner {
    UpperRight,
    LowerRight,
    UpperLeft,
    LowerLeft,
}

impl Corner {
    /// The order corners are tried in: the right first, where a legend is
    /// looked for, and the top before the bottom on each side.
    const PREFERRED: [Corner; 4] = [
        Corner::UpperRight,
        Corner::LowerRight,
        Corner::UpperLeft,
        Corner::LowerLeft,
    ];

    fn upper(self) -> bool {
        matches!(self, Corner::UpperRight | Corner::UpperLeft)
    }

    fn right(self) -> bool {
        matches!(self, Corner::UpperRight | Corner::LowerRight)
    }
}

/// What a filled mark covers beside its line.
#[derive(Clone, Copy)]
pub(crate) enum Fill<'a> {
    /// A line alone.
    Nothing,
    /// Everything between the line and a value (an area over zero, a bar).
    Down(f64),
    /// Everything between the line and a lower line (a 10-90% band).
    Band(&'a [(f64, f64)]),
}

/// Something a chart draws, as (x, y) points joined by straight lines,
/// and what it fills.
pub(crate) struct Mark<'a> {
    pub(crate) points: &'a [(f64, f64)],
    pub(crate) fill: Fill<'a>,
}

/// Marks as the tests write them.
#[cfg(test)]
impl<'a> Mark<'a> {
    pub(crate) fn line(points: &'a [(f64, f64)]) -> Self {
        Mark {
            points,
            fill: Fill::Nothing,
        }
    }

    pub(crate) fn area(points: &'a [(f64, f64)], base: f64) -> Self {
        Mark {
            points,
            fill: Fill::Down(base),
        }
    }
}

impl Mark<'_> {
    /// The lowest and highest value the mark covers for x in `xs`, if it
    /// reaches into them: exact for straight segments, whose extremes over
    /// an interval are at its ends.
    fn span_over(&self, xs: (f64, f64)) -> Option<(f64, f64)> {
        let line = line_span(self.points, xs);
        match self.fill {
            Fill::Nothing => line,
            Fill::Down(base) => line.map(|(lo, hi)| (lo.min(base), hi.max(base))),
            // Pointwise between the two lines, so over an interval from
            // the lower line's lowest to the upper line's highest.
            Fill::Band(lower) => match (line, line_span(lower, xs)) {
                (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
                (a, b) => a.or(b),
            },
        }
    }
}

/// The lowest and highest value of a polyline for x in `xs`, if it
/// reaches into them: exact for straight segments, whose extremes over an
/// interval are at its ends; a vertical segment covers its whole height.
fn line_span(points: &[(f64, f64)], xs: (f64, f64)) -> Option<(f64, f64)> {
    let mut span: Option<(f64, f64)> = None;
    let width = if points.len() == 1 { 1 } else { 2 };
    for pair in points.windows(width) {
        let (a, b) = (pair[0], pair[pair.len() - 1]);
        let (from, to) = (a.0.min(b.0).max(xs.0), a.0.max(b.0).min(xs.1));
        if from > to {
            continue;
        }
        let (lo, hi) = if (b.0 - a.0).abs() < f64::EPSILON {
            (a.1.min(b.1), a.1.max(b.1))
        } else {
            let y = |x: f64| a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0);
            (y(from).min(y(to)), y(from).max(y(to)))
        };
        span = Some(span.map_or((lo, hi), |(l, h)| (l.min(lo), h.max(hi))));
    }
    span
}

/// A chart's plot: its value ranges and its size in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Plot {
    pub(crate) x: (f64, f64),
    pub(crate) y: (f64, f64),
    pub(crate) size_px: (f64, f64),
}

/// Where a legend goes: a corner, and the value range the plot then
/// shows (widened upwards when no corner was free).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LegendPlace {
    pub(crate) corner: Corner,
    pub(crate) y: (f64, f64),
}

/// Plotters draws a corner legend this far (px) from the plot's edges.
pub(crate) const LEGEND_INSET_PX: f64 = 5.0;
/// Room kept free between a legend and the nearest line, px.
const CLEARANCE_PX: f64 = 4.0;

impl Plot {
    /// The values a legend of `size` (px) in `corner` covers: x from, to;
    /// y from, to.
    fn legend_box(&self, corner: Corner, size: (f64, f64)) -> ((f64, f64), (f64, f64)) {
        let (w, h) = self.size_px;
        let reach = (
            LEGEND_INSET_PX + size.0 + CLEARANCE_PX,
            LEGEND_INSET_PX + size.1 + CLEARANCE_PX,
        );
        let (x_px, y_px) = (
            if corner.right() {
                (w - reach.0, w)
            } else {
                (0.0, reach.0)
            },
            if corner.upper() {
                (0.0, reach.1)
            } else {
                (h - reach.1, h)
            },
        );
        let x_at = |px: f64| self.x.0 + (self.x.1 - self.x.0) * px / w;
        let y_at = |px: f64| self.y.1 - (self.y.1 - self.y.0) * px / h;
        ((x_at(x_px.0), x_at(x_px.1)), (y_at(y_px.1), y_at(y_px.0)))
    }
}

/// Where a legend of `size` (px) covers none of `marks`: the first free
/// corner; when every corner covers something (a legend as tall as half a
/// phone's chart), the plot's top is raised until the legend fits above
/// the marks in an upper corner, the one that needs less room.
pub(crate) fn place_legend(marks: &[Mark<'_>], plot: Plot, size: (f64, f64)) -> LegendPlace {
    let spans = |xs: (f64, f64)| marks.iter().filter_map(move |m| m.span_over(xs));
    for corner in Corner::PREFERRED {
        let (xs, ys) = plot.legend_box(corner, size);
        if spans(xs).all(|(lo, hi)| hi <= ys.0 || lo >= ys.1) {
            return LegendPlace { corner, y: plot.y };
        }
    }
    // The legend's share of the plot's height, from the top.
    let share = ((LEGEND_INSET_PX + size.1 + CLEARANCE_PX) / plot.size_px.1).min(0.9);
    let (bottom, top) = plot.y;
    [Corner::UpperRight, Corner::UpperLeft]
        .into_iter()
        .map(|corner| {
            let (xs, _) = plot.legend_box(corner, size);
            let highest = spans(xs).map(|(_, hi)| hi).fold(bottom, f64::max);
            // The top that puts `highest` just under the legend.
            let raised = ((highest - share * bottom) / (1.0 - share)).max(top);
            LegendPlace {
                corner,
                y: (bottom, raised),
            }
        })
        .min_by(|a, b| a.y.1.total_cmp(&b.y.1))
        .expect("two corners were tried")
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

    const PLOT: Plot = Plot {
        x: (0.0, 60.0),
        y: (-16.0, 0.0),
        size_px: (600.0, 300.0),
    };

    #[test]
    fn the_legend_goes_where_the_lines_are_not() {
        let size = (150.0, 80.0);
        // A fall that recovers to -3%: the top right is taken.
        let recovered = wick(-15.0, -3.0);
        let place = place_legend(&[Mark::line(&recovered)], PLOT, size);
        assert_eq!(place.corner, Corner::LowerRight);
        assert_eq!(place.y, PLOT.y, "a free corner keeps the scale");
        // A run-away that stays at the bottom: the top right is free.
        let stuck = wick(-15.0, -15.0);
        let place = place_legend(&[Mark::line(&stuck)], PLOT, size);
        assert_eq!(place.corner, Corner::UpperRight);
        // Cumulative liquidations, filled, rise to the top right.
        let cumulative: Vec<(f64, f64)> = (0..=60)
            .map(|m| (f64::from(m), -16.0 + f64::from(m) / 4.0))
            .collect();
        let place = place_legend(&[Mark::area(&cumulative, -16.0)], PLOT, size);
        assert_eq!(place.corner, Corner::UpperLeft);
    }

    /// Oct-2025's alts fall furthest in the first minutes, down the left
    /// edge: the old lower-left legend sat on their deepest minutes.
    #[test]
    fn an_early_deep_fall_keeps_the_legend_off_its_low() {
        let alts: Vec<(f64, f64)> = (0..=35)
            .map(|m| {
                let m = f64::from(m);
                (
                    m,
                    if m <= 3.0 {
                        -15.0 * m / 3.0
                    } else {
                        -15.0 + (m - 3.0) * 0.2
                    },
                )
            })
            .collect();
        let btc = wick(-12.0, -6.0);
        let marks = [Mark::line(&alts), Mark::line(&btc)];
        let plot = Plot {
            x: (0.0, 35.0),
            ..PLOT
        };
        let size = (120.0, 110.0);
        let place = place_legend(&marks, plot, size);
        assert!(!covers_in(&marks, plot, place, size), "{place:?}");
    }

    /// Whether any mark reaches into the legend placed at `place`.
    fn covers_in(marks: &[Mark<'_>], plot: Plot, place: LegendPlace, size: (f64, f64)) -> bool {
        let plot = Plot { y: place.y, ..plot };
        let (xs, ys) = plot.legend_box(place.corner, size);
        marks
            .iter()
            .filter_map(|m| m.span_over(xs))
            .any(|(lo, hi)| hi > ys.0 && lo < ys.1)
    }

    /// A fan with a reported low across the whole width and a recovery in
    /// every corner (the Spanish fan's case): no corner is free, so the
    /// plot makes room above the lines rather than covering them.
    #[test]
    fn with_no_free_corner_the_plot_makes_room_above_the_lines() {
        let run = wick(-15.0, -1.0);
        let reported: Vec<(f64, f64)> = (0..=60).map(|m| (f64::from(m), -14.7)).collect();
        let band: Vec<(f64, f64)> = (0..=60).map(|m| (f64::from(m), -8.0)).collect();
        let marks = [
            Mark::line(&run),
            Mark::line(&reported),
            Mark::area(&band, -13.0),
        ];
        let size = (260.0, 120.0);
        for corner in Corner::PREFERRED {
            let corner_only = LegendPlace { corner, y: PLOT.y };
            assert!(
                covers_in(&marks, PLOT, corner_only, size),
                "{corner:?} is taken here"
            );
        }
        let place = place_legend(&marks, PLOT, size);
        assert!(place.corner == Corner::UpperRight || place.corner == Corner::UpperLeft);
        assert!(place.y.1 > PLOT.y.1, "the top is raised: {place:?}");
        assert_eq!(place.y.0, PLOT.y.0, "the bottom stays");
        assert!(!covers_in(&marks, PLOT, place, size), "{place:?}");
    }

    #[test]
    fn a_band_covers_what_lies_between_its_lines() {
        let upper = [(0.0, -3.0), (60.0, -3.0)];
        let lower = [(0.0, -10.0), (60.0, -10.0)];
        let band = Mark {
            points: &upper,
            fill: Fill::Band(&lower),
        };
        assert_eq!(band.span_over((10.0, 20.0)), Some((-10.0, -3.0)));
        let size = (60.0, 30.0);
        let place = place_legend(&[band], PLOT, size);
        assert!(!covers_in(
            &[Mark {
                points: &upper,
                fill: Fill::Band(&lower)
            }],
            PLOT,
            place,
            size
        ));
        assert_eq!(place.corner, Corner::UpperRight);
    }

    #[test]
    fn a_vertical_line_and_a_single_point_are_marks_too() {
        let marker = [(30.0, -16.0), (30.0, 0.0)];
        let span = Mark::line(&marker).span_over((20.0, 40.0));
        assert_eq!(span, Some((-16.0, 0.0)));
        assert_eq!(Mark::line(&marker).span_over((31.0, 40.0)), None);
        let point = [(5.0, -3.0)];
        assert_eq!(
            Mark::line(&point).span_over((0.0, 10.0)),
            Some((-3.0, -3.0))
        );
    }
}
