//! `beacon serve`: the site built in memory and served on this computer, made again as files
//! change, with open pages reloaded.

pub mod files;
pub mod session;
