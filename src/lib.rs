//! topolint: a static linter that keeps configuration pointed at load
//! balancers, not at the database and Redis nodes behind them.
//!
//! The pipeline runs one way: [`walk`] finds files and [`prefilter`] drops
//! those that cannot hold a finding, [`scan`] reads each by its kind into
//! references, [`rules`] judge references into findings, [`suppress`] hides
//! the legitimate ones (saying why), and [`report`] prints findings.
//! [`check`] runs one file through those stages; [`scope`] narrows a run to
//! the staged content or the lines a change touches.

pub mod address;
pub mod atomic;
pub mod check;
pub mod discover;
pub mod finding;
pub mod fix;
pub mod git;
pub mod literal;
pub mod pack;
pub mod prefilter;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod scope;
pub mod suppress;
#[cfg(test)]
mod testing;
pub mod walk;

pub use check::{CheckOptions, LineFilter, check, check_source};
pub use finding::{Finding, Report, fingerprint};
