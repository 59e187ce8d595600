//! The command line and the commands that string the stages together.

pub mod build;
pub mod check;
pub mod cli;
pub mod scaffold;
pub mod schedule;
pub mod serve;
pub mod translate;
