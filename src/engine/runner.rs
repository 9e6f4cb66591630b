//! Runs that reuse the placed population.
//!
//! Placing a population costs far more than running a cascade on it (at a
//! million positions, about 15 times more), and most changes a reader makes
//! (the shock, the books, the flows) do not touch it. A [`Runner`] keeps the
//! random draws and the last placed population, and places again only when
//! a field marked `shapes_population` in [`FIELDS`] changed.

use super::cascade::{run, Run};
use super::params::{Model, Params, FIELDS};
use super::positions::{Population, PopulationDraws};

/// The values of every field that shapes the population, bit for bit: two
/// parameter sets with the same key place the same population.
pub fn population_key(params: &Params) -> Vec<u64> {
    FIELDS
        .iter()
        .filter(|f| f.shapes_population)
        .map(|f| (f.get)(params).to_bits())
        .collect()
}

/// Keeps the draws and the placed population between runs.
#[derive(Default)]
pub struct Runner {
    draws: Option<PopulationDraws>,
    placed: Option<(Vec<u64>, Population)>,
}

impl Runner {
    /// The population for `params`, drawn and placed only when a field that
    /// shapes it changed since the last call.
    pub fn population(&mut self, params: &Params) -> &Population {
        let key = population_key(params);
        if self.placed.as_ref().is_none_or(|(k, _)| *k != key) {
            let population = self.place(params);
            self.placed = Some((key, population));
        }
        &self.placed.as_ref().expect("placed just above").1
    }

    /// Runs `params` on the population it shapes.
    pub fn run(&mut self, params: &Params) -> Run {
        run(params, self.population(params))
    }

    fn place(&mut self, params: &Params) -> Population {
        if params.model == Model::Textbook {
            return Population::generate(params);
        }
        if !self.draws.as_ref().is_some_and(|d| d.matches(params)) {
            self.draws = Some(PopulationDraws::new(params.seed, params.positions));
        }
        Population::place(self.draws.as_ref().expect("draws were just made"), params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::FieldSpec;
    use crate::simulate;

    /// `base` with `field` moved to another allowed value.
    fn moved(base: &Params, field: &FieldSpec) -> Params {
        let mut changed = base.clone();
        let (min, max, _) = field.bounds();
        let value = if (field.get)(base) == max {
            min
        } else {
            max.min(2_000.0)
        };
        (field.set)(&mut changed, value);
        changed
    }

    fn small(model: Model) -> Params {
        Params {
            positions: 1_500,
            model,
            ..Params::default()
        }
    }

    #[test]
    fn fields_outside_the_key_leave_the_population_as_it_is() {
        for model in [Model::Market, Model::Textbook] {
            let base = small(model);
            let reference = Population::generate(&base);
            for f in FIELDS.iter().filter(|f| !f.shapes_population) {
                assert_eq!(
                    Population::generate(&moved(&base, f)),
                    reference,
                    "{} shapes the population but is not marked so",
                    f.key
                );
            }
        }
    }

    #[test]
    fn every_field_in_the_key_shapes_some_population() {
        for f in FIELDS.iter().filter(|f| f.shapes_population) {
            let shapes = [Model::Market, Model::Textbook].iter().any(|&model| {
                let base = small(model);
                let changed = moved(&base, f);
                changed.model != base.model
                    || Population::generate(&changed) != Population::generate(&base)
            });
            assert!(shapes, "{} is marked as shaping the population", f.key);
        }
    }

    #[test]
    fn reruns_on_a_kept_population_equal_fresh_runs() {
        let mut runner = Runner::default();
        let base = small(Model::Market);
        let changes: Vec<Params> = FIELDS
            .iter()
            .map(|f| moved(&base, f))
            .chain([base.clone()])
            .collect();
        for params in &changes {
            assert_eq!(
                runner.run(params).digest(),
                simulate(params).digest(),
                "{params:?}"
            );
        }
    }
}
