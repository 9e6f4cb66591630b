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

/// A corner legend sits this far (px) from the plot's edges.
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

/// The first corner where a legend of `size` (px) covers none of `marks`,
/// if there is one; a chart without one puts its legend above the plot
/// (see [`LegendMetrics::rows`]) rather than over its lines or squashing
/// them under a raised top.
pub(crate) fn free_corner(marks: &[Mark<'_>], plot: Plot, size: (f64, f64)) -> Option<Corner> {
    Corner::PREFERRED.into_iter().find(|&corner| {
        let (xs, ys) = plot.legend_box(corner, size);
        marks
            .iter()
            .filter_map(|m| m.span_over(xs))
            .all(|(lo, hi)| hi <= ys.0 || lo >= ys.1)
    })
}

/// A legend's measures in px, all in proportion to its font's size, so the
/// swatches and the gaps grow with the text (20 px on a projector).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LegendMetrics {
    /// The swatch's length before each label.
    pub(crate) swatch: f64,
    /// Between a swatch and its label.
    pub(crate) swatch_gap: f64,
    /// Between one entry and the next in a row.
    pub(crate) entry_gap: f64,
    /// One row of entries.
    pub(crate) line_height: f64,
    /// Inside a corner legend's frame, and under a band of rows.
    pub(crate) padding: f64,
}

impl LegendMetrics {
    pub(crate) fn for_font(font_px: f64) -> Self {
        LegendMetrics {
            swatch: 1.3 * font_px,
            swatch_gap: 0.4 * font_px,
            entry_gap: 1.1 * font_px,
            line_height: 1.35 * font_px,
            padding: 0.5 * font_px,
        }
    }

    /// An entry's width: its swatch, the gap and its label of `text` px.
    fn entry(&self, text: f64) -> f64 {
        self.swatch + self.swatch_gap + text
    }

    /// A corner legend's size: one entry a line, the widest setting the
    /// width, inside its padding.
    pub(crate) fn column_size(&self, text_widths: &[f64]) -> (f64, f64) {
        let widest = text_widths.iter().copied().fold(0.0, f64::max);
        (
            self.entry(widest) + 2.0 * self.padding,
            text_widths.len() as f64 * self.line_height + 2.0 * self.padding,
        )
    }

    /// Entries with labels of `text_widths` px laid out in rows across
    /// `width` px, in order, as few rows as fit and as even as they can
    /// be (three and three rather than five and one); an entry wider than
    /// `width` gets a row of its own.
    pub(crate) fn rows(&self, text_widths: &[f64], width: f64) -> LegendRows {
        let count = self.fill_rows(text_widths, width).len();
        // The narrowest width that still takes `count` rows evens them out.
        let (mut narrow, mut wide) = (0.0, width);
        for _ in 0..24 {
            let middle = (narrow + wide) / 2.0;
            if self.fill_rows(text_widths, middle).len() > count {
                narrow = middle;
            } else {
                wide = middle;
            }
        }
        let rows = self.fill_rows(text_widths, wide);
        let height = if rows.is_empty() {
            0.0
        } else {
            rows.len() as f64 * self.line_height + self.padding
        };
        LegendRows { rows, height }
    }

    /// Each row filled as far as `width` allows before the next begins.
    fn fill_rows(&self, text_widths: &[f64], width: f64) -> Vec<LegendRow> {
        let mut rows: Vec<LegendRow> = Vec::new();
        for (index, &text) in text_widths.iter().enumerate() {
            let entry = self.entry(text);
            match rows.last_mut() {
                Some(row) if row.width + self.entry_gap + entry <= width => {
                    row.entries.push((index, row.width + self.entry_gap));
                    row.width += self.entry_gap + entry;
                }
                _ => rows.push(LegendRow {
                    entries: vec![(index, 0.0)],
                    width: entry,
                }),
            }
        }
        rows
    }
}

/// One row of a legend above the plot.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegendRow {
    /// Each entry's index and its x from the row's start, px.
    pub(crate) entries: Vec<(usize, f64)>,
    /// From the first entry's swatch to the last entry's label's end, px.
    pub(crate) width: f64,
}

/// A legend laid out in rows, and the height of the band it takes above
/// the plot (its rows and the padding under them), px.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegendRows {
    pub(crate) rows: Vec<LegendRow>,
    pub(crate) height: f64,
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
        let corner = free_corner(&[Mark::line(&recovered)], PLOT, size);
        assert_eq!(corner, Some(Corner::LowerRight));
        // A run-away that stays at the bottom: the top right is free.
        let stuck = wick(-15.0, -15.0);
        let corner = free_corner(&[Mark::line(&stuck)], PLOT, size);
        assert_eq!(corner, Some(Corner::UpperRight));
        // Cumulative liquidations, filled, rise to the top right.
        let cumulative: Vec<(f64, f64)> = (0..=60)
            .map(|m| (f64::from(m), -16.0 + f64::from(m) / 4.0))
            .collect();
        let corner = free_corner(&[Mark::area(&cumulative, -16.0)], PLOT, size);
        assert_eq!(corner, Some(Corner::UpperLeft));
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
        assert!(covers_in(&marks, plot, Corner::LowerLeft, size));
        match free_corner(&marks, plot, size) {
            Some(corner) => assert!(!covers_in(&marks, plot, corner, size), "{corner:?}"),
            None => assert!(Corner::PREFERRED
                .iter()
                .all(|&c| covers_in(&marks, plot, c, size))),
        }
    }

    /// Whether any mark reaches into a legend of `size` in `corner`.
    fn covers_in(marks: &[Mark<'_>], plot: Plot, corner: Corner, size: (f64, f64)) -> bool {
        let (xs, ys) = plot.legend_box(corner, size);
        marks
            .iter()
            .filter_map(|m| m.span_over(xs))
            .any(|(lo, hi)| hi > ys.0 && lo < ys.1)
    }

    /// A fan with a reported low across the whole width and a recovery in
    /// every corner (the Spanish fan's case): no corner is free, so the
    /// legend goes above the plot and the plot keeps its value range.
    #[test]
    fn with_no_free_corner_there_is_no_corner() {
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
            assert!(
                covers_in(&marks, PLOT, corner, size),
                "{corner:?} is taken here"
            );
        }
        assert_eq!(free_corner(&marks, PLOT, size), None);
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
        let corner = free_corner(&[band], PLOT, size);
        assert_eq!(corner, Some(Corner::UpperRight));
        let band = Mark {
            points: &upper,
            fill: Fill::Band(&lower),
        };
        assert!(!covers_in(&[band], PLOT, Corner::UpperRight, size));
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

    /// The prices chart's six assets, at about 16 px text: "ALTS", "GOLD"
    /// are the widest labels.
    const SIX_ASSETS: [f64; 6] = [30.0, 30.0, 30.0, 38.0, 40.0, 22.0];

    #[test]
    fn six_assets_take_one_row_on_a_wide_chart_and_two_on_a_phone() {
        let metrics = LegendMetrics::for_font(16.0);
        let wide = metrics.rows(&SIX_ASSETS, 600.0);
        assert_eq!(wide.rows.len(), 1);
        assert_eq!(wide.height, metrics.line_height + metrics.padding);
        let phone = metrics.rows(&SIX_ASSETS, 300.0);
        assert_eq!(phone.rows.len(), 2, "{phone:?}");
        assert_eq!(phone.height, 2.0 * metrics.line_height + metrics.padding);
        let order: Vec<usize> = phone
            .rows
            .iter()
            .flat_map(|r| r.entries.iter().map(|e| e.0))
            .collect();
        assert_eq!(order, [0, 1, 2, 3, 4, 5], "in the series' order");
        let lengths: Vec<usize> = phone.rows.iter().map(|r| r.entries.len()).collect();
        assert_eq!(lengths, [3, 3], "rows as even as they can be");
    }

    #[test]
    fn every_row_fits_its_width_and_no_entries_overlap() {
        for font in [13.0, 16.0, 20.6, 27.0] {
            let metrics = LegendMetrics::for_font(font);
            let texts: Vec<f64> = SIX_ASSETS.iter().map(|w| w * font / 16.0).collect();
            for width in [180.0, 250.0, 330.0, 480.0, 900.0] {
                let layout = metrics.rows(&texts, width);
                for row in &layout.rows {
                    assert!(row.width <= width, "{font} px in {width} px: {row:?}");
                    for pair in row.entries.windows(2) {
                        let end = pair[0].1 + metrics.entry(texts[pair[0].0]);
                        assert!(end + metrics.entry_gap <= pair[1].1 + 1e-9, "{row:?}");
                    }
                    let (last, x) = *row.entries.last().expect("no empty row");
                    assert!((x + metrics.entry(texts[last]) - row.width).abs() < 1e-9);
                }
            }
        }
    }

    #[test]
    fn a_label_wider_than_the_chart_gets_a_row_of_its_own() {
        let metrics = LegendMetrics::for_font(20.0);
        let layout = metrics.rows(&[30.0, 400.0, 30.0], 300.0);
        assert_eq!(layout.rows.len(), 3);
        assert_eq!(metrics.rows(&[], 300.0).height, 0.0, "no legend, no band");
    }

    #[test]
    fn the_legend_grows_with_its_text() {
        let (small, large) = (LegendMetrics::for_font(13.0), LegendMetrics::for_font(20.0));
        assert!(large.swatch > small.swatch && large.line_height > small.line_height);
        let texts = [40.0, 60.0];
        let (w, h) = small.column_size(&texts);
        assert_eq!(
            w,
            small.swatch + small.swatch_gap + 60.0 + 2.0 * small.padding
        );
        assert_eq!(h, 2.0 * small.line_height + 2.0 * small.padding);
        assert!(large.column_size(&texts).1 > h);
    }
}
