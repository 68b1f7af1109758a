//! Measuring the rules: on the project's annotated corpus ([`corpus`], `copydesk eval`) and on
//! public annotated data read where it lies ([`real`], `copydesk eval --real DIR`).

pub mod corpus;
pub mod real;

pub use corpus::{Artifact, Counts, Report, evaluate, kind_of_rule};
