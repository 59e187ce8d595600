//! Beacon builds accessible emergency-preparedness websites from markdown modules.
//!
//! The folders follow the stages data flows through, and each imports only from the stages
//! before it:
//!
//! - [`text`]: text utilities that know nothing of sites (anchors, bidi runs, URLs, hashing);
//! - [`diagnostics`]: problems with their file and line;
//! - [`load`]: reading a site folder (settings, content, containers, theme);
//! - [`i18n`]: PO files and each document's text in each language;
//! - [`site`]: the immutable resolved [`site::Site`], every page with its [`site::document`],
//!   and the analysis `check` and `build` share;
//! - [`html`] and [`leaflet`]: the two writers of the document model;
//! - [`output`]: writing the built site safely;
//! - [`progress`]: progress bars for long stages on a terminal, summary lines elsewhere;
//! - [`commands`]: the command line and the commands that string the stages together;
//! - [`fuzzing`]: the checks the fuzz targets (and their regression tests) run on one input.

#[cfg(feature = "pdf")]
pub mod commands;
pub mod diagnostics;
pub mod fuzzing;
pub mod html;
pub mod i18n;
pub mod leaflet;
pub mod load;
pub mod output;
pub mod progress;
pub mod site;
pub mod text;
