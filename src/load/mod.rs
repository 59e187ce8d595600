//! Loading a site folder: `site.toml`, the markdown content with its containers, and the theme.
//! Every problem in every file is collected before giving up.

pub mod campaign;
pub mod config;
pub mod containers;
pub mod content;
pub mod frontmatter;
pub mod paths;
pub mod schedule;
pub mod site_files;
pub mod text_file;
pub mod theme;
