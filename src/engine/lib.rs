//! The cascade engine: plain Rust, no web dependency, deterministic on every
//! target. Nothing in here may import the UI.

pub mod cascade;
pub mod correlation;
pub mod decimal;
pub mod describe;
pub mod ensemble;
pub mod export;
pub mod flat;
pub mod flows;
pub mod fnv;
pub mod i18n;
pub mod lessons;
pub mod link;
pub mod liquidation_map;
pub mod market;
pub mod parallel;
pub mod params;
pub mod positions;
pub mod presets;
pub mod rng;
pub mod runner;
pub mod sort;
pub mod survival;
pub mod sweep;
pub mod venues;
pub mod ziggurat;

pub use cascade::{run, simulate, Run, Step, Summary};
pub use params::Params;
