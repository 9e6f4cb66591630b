//! The cascade engine: plain Rust, no web dependency, deterministic on every
//! target. Nothing in here may import the UI.

pub mod cascade;
pub mod link;
pub mod market;
pub mod params;
pub mod positions;
pub mod rng;

pub use cascade::{simulate, CascadeRun, Round, Summary};
pub use params::Params;
