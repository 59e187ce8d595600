//! Beacon builds accessible emergency-preparedness websites from markdown modules.
//!
//! Data flows one way: [`config`] and [`content`] are loaded, [`site::resolve`] builds the
//! immutable [`site::Site`], and [`render`] and [`sitemap`] turn it into files that [`output`]
//! writes. [`pipeline`] strings the stages together for `build` and `check`.

pub mod bidi;
pub mod check;
pub mod cli;
pub mod config;
pub mod containers;
pub mod content;
pub mod diagnostics;
pub mod frontmatter;
pub mod hash;
pub mod leaflet;
pub mod localize;
pub mod markdown;
pub mod outline;
pub mod output;
pub mod pipeline;
pub mod readability;
pub mod render;
pub mod scaffold;
pub mod site;
pub mod sitemap;
pub mod slug;
pub mod theme;
pub mod translate;
pub mod urls;
