//! A run and its liquidation map as one flat array of numbers, to hand a
//! scene from the page's engine worker to the page without text: the array
//! travels as a `Float64Array` whose buffer is transferred, not copied, and
//! reading it back is a walk over at most a few hundred thousand numbers
//! (its length follows the run's minutes, never the number of positions).
//!
//! Every number keeps its bits, so the run read back has the same digest as
//! the one written. The parameters are not written: the reader already has
//! them (it asked for the run), and the textbook's closed forms follow from
//! them.

use super::cascade::{AssetStep, AssetSummary, LoopAmounts, Run, Step, Summary, Theory};
use super::correlation::Matrix;
use super::liquidation_map::{LiquidationMap, MapBin};
use super::market::{ASSETS, ASSET_COUNT};
use super::params::Params;

/// Appends `run` to `out`.
pub fn write_run(run: &Run, out: &mut Vec<f64>) {
    out.push(run.steps.len() as f64);
    for step in &run.steps {
        out.push(f64::from(step.minute));
        out.extend(step.values());
        for asset in &step.assets {
            out.push(asset.mark);
            out.extend(asset.values());
        }
    }
    for asset in &run.assets {
        out.extend([
            asset.reference_price,
            asset.max_drawdown_pct,
            asset.final_return_pct,
            asset.liquidated_usd,
        ]);
    }
    out.extend(summary_values(&run.summary));
    for matrix in [&run.correlation_before, &run.correlation_during] {
        out.extend(matrix.iter().flatten());
    }
}

/// Appends `map` to `out`.
pub fn write_map(map: &LiquidationMap, out: &mut Vec<f64>) {
    out.extend([
        map.asset as f64,
        map.reference_price,
        map.bin_pct,
        map.bins.len() as f64,
    ]);
    for bin in &map.bins {
        out.push(bin.fall_pct);
        out.extend(bin.usd_by_leverage);
    }
}

/// Reads numbers in order; running out is an error, not a panic.
pub struct Reader<'a> {
    values: &'a [f64],
}

impl<'a> Reader<'a> {
    pub fn new(values: &'a [f64]) -> Self {
        Reader { values }
    }

    /// True once every number has been read.
    pub fn is_done(&self) -> bool {
        self.values.is_empty()
    }

    fn take<const N: usize>(&mut self) -> Result<[f64; N], String> {
        let Some((head, rest)) = self.values.split_first_chunk::<N>() else {
            return Err("the packed run ended early".to_string());
        };
        self.values = rest;
        Ok(*head)
    }

    fn one(&mut self) -> Result<f64, String> {
        Ok(self.take::<1>()?[0])
    }

    /// A count written as a number, refused past `max`.
    fn count(&mut self, max: usize) -> Result<usize, String> {
        let n = self.one()?;
        if n >= 0.0 && n <= max as f64 && n.fract() == 0.0 {
            Ok(n as usize)
        } else {
            Err(format!("the packed run has a count of {n}, over {max}"))
        }
    }
}

/// Reads back a run written by [`write_run`] for `params`.
pub fn read_run(params: &Params, reader: &mut Reader) -> Result<Run, String> {
    let step_count = reader.count(super::cascade::MAX_STEPS as usize)?;
    let mut steps = Vec::with_capacity(step_count);
    for _ in 0..step_count {
        steps.push(read_step(reader)?);
    }
    let mut assets = Vec::with_capacity(ASSET_COUNT);
    for spec in &ASSETS {
        let [reference_price, max_drawdown_pct, final_return_pct, liquidated_usd] =
            reader.take()?;
        assets.push(AssetSummary {
            name: spec.name,
            reference_price,
            max_drawdown_pct,
            final_return_pct,
            liquidated_usd,
        });
    }
    let summary = summary_from(reader.take()?);
    Ok(Run {
        params: params.clone(),
        steps,
        assets,
        summary,
        correlation_before: read_matrix(reader)?,
        correlation_during: read_matrix(reader)?,
        theory: Theory::of_run(params),
    })
}

/// Reads back a map written by [`write_map`].
pub fn read_map(reader: &mut Reader) -> Result<LiquidationMap, String> {
    let asset = reader.count(ASSET_COUNT - 1)?;
    let [reference_price, bin_pct] = reader.take()?;
    let bin_count = reader.count(100_000)?;
    let mut bins = Vec::with_capacity(bin_count);
    for _ in 0..bin_count {
        let [fall_pct, a, b, c, d, e] = reader.take()?;
        bins.push(MapBin {
            fall_pct,
            usd_by_leverage: [a, b, c, d, e],
        });
    }
    Ok(LiquidationMap {
        asset,
        reference_price,
        bin_pct,
        bins,
    })
}

fn read_step(reader: &mut Reader) -> Result<Step, String> {
    let minute = reader.count(u32::MAX as usize)? as u32;
    let [insurance_fund_usd, adl_usd, funding_rate_pct_per_hour, stress, margin_add_pct, price_fall_pct, losses_usd, margin_shortfall_usd, forced_sales_usd, impact_pct] =
        reader.take()?;
    let mut assets = Vec::with_capacity(ASSET_COUNT);
    for _ in 0..ASSET_COUNT {
        let [mark, price, return_pct, long_liquidated_usd, short_liquidated_usd, accounts_liquidated, large_liquidations, depth_usd_per_pct, correlation_with_btc] =
            reader.take()?;
        assets.push(AssetStep {
            price,
            mark,
            return_pct,
            long_liquidated_usd,
            short_liquidated_usd,
            accounts_liquidated,
            large_liquidations,
            depth_usd_per_pct,
            correlation_with_btc,
        });
    }
    Ok(Step {
        minute,
        assets,
        insurance_fund_usd,
        adl_usd,
        funding_rate_pct_per_hour,
        stress,
        margin_add_pct,
        spiral: LoopAmounts {
            price_fall_pct,
            losses_usd,
            margin_shortfall_usd,
            forced_sales_usd,
            impact_pct,
        },
    })
}

fn read_matrix(reader: &mut Reader) -> Result<Matrix, String> {
    let mut matrix = [[0.0; ASSET_COUNT]; ASSET_COUNT];
    for row in &mut matrix {
        *row = reader.take()?;
    }
    Ok(matrix)
}

fn summary_values(s: &Summary) -> [f64; 19] {
    [
        s.shock_pct,
        s.btc_drawdown_pct,
        s.eth_drawdown_pct,
        s.total_liquidated_usd,
        s.long_liquidated_usd,
        s.short_liquidated_usd,
        s.accounts_liquidated,
        s.large_liquidations,
        s.adl_usd,
        s.insurance_fund_end_usd,
        s.amplification,
        s.btc_drawdown_without_spiral_pct,
        f64::from(s.rounds),
        f64::from(s.steps),
        f64::from(u8::from(s.runaway)),
        s.open_interest_usd,
        s.liquidated_open_interest_usd,
        s.mean_correlation_before,
        s.mean_correlation_during,
    ]
}

fn summary_from(v: [f64; 19]) -> Summary {
    Summary {
        shock_pct: v[0],
        btc_drawdown_pct: v[1],
        eth_drawdown_pct: v[2],
        total_liquidated_usd: v[3],
        long_liquidated_usd: v[4],
        short_liquidated_usd: v[5],
        accounts_liquidated: v[6],
        large_liquidations: v[7],
        adl_usd: v[8],
        insurance_fund_end_usd: v[9],
        amplification: v[10],
        btc_drawdown_without_spiral_pct: v[11],
        rounds: v[12] as u32,
        steps: v[13] as u32,
        runaway: v[14] != 0.0,
        open_interest_usd: v[15],
        liquidated_open_interest_usd: v[16],
        mean_correlation_before: v[17],
        mean_correlation_during: v[18],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link;
    use crate::positions::Population;
    use crate::{run, simulate};

    fn round_trip(query: &str) {
        let params = link::decode(query).params;
        let population = Population::generate(&params);
        let original = run(&params, &population);
        let map = LiquidationMap::of(&population, 0, 0.5, 15.0, 45.0);
        let mut packed = Vec::new();
        write_run(&original, &mut packed);
        write_map(&map, &mut packed);
        let mut reader = Reader::new(&packed);
        let back = read_run(&params, &mut reader).unwrap();
        assert_eq!(read_map(&mut reader).unwrap(), map, "{query}");
        assert!(reader.is_done(), "{query}: numbers left over");
        assert_eq!(back, original, "{query}");
        assert_eq!(back.digest(), original.digest(), "{query}");
    }

    #[test]
    fn runs_and_maps_come_back_bit_for_bit() {
        for query in [
            "v=1",
            "v=1&preset=oct-2025",
            "v=1&preset=textbook&impact=sqrt",
            "v=1&preset=textbook&liq=0.5",
            "v=1&shock=30&lev=80&liq=0.2&n=5000&weekend=1",
        ] {
            round_trip(query);
        }
    }

    #[test]
    fn the_packed_size_follows_the_minutes_not_the_positions() {
        let packed_len = |n: &str| {
            let run = simulate(&link::decode(&format!("v=1&n={n}")).params);
            let mut packed = Vec::new();
            write_run(&run, &mut packed);
            (packed.len(), run.steps.len())
        };
        let (small, small_steps) = packed_len("2000");
        let (large, large_steps) = packed_len("200000");
        let per_step = 1 + 10 + ASSET_COUNT * 9;
        assert_eq!(
            small - small_steps * per_step,
            large - large_steps * per_step
        );
    }

    #[test]
    fn a_cut_or_corrupt_array_is_an_error() {
        let params = Params::default();
        let mut packed = Vec::new();
        write_run(&simulate(&params), &mut packed);
        let cut = &packed[..packed.len() - 1];
        assert!(read_run(&params, &mut Reader::new(cut)).is_err());
        packed[0] = 1e9;
        assert!(read_run(&params, &mut Reader::new(&packed)).is_err());
        assert!(read_map(&mut Reader::new(&[0.0, 1.0])).is_err());
    }
}
