//! The command line.

use crate::commands::build::{self, BuildOptions};
use crate::commands::translate as commands_translate;
use crate::commands::{check, scaffold, schedule, serve};
use crate::diagnostics::{ContentErrors, Diagnostics};
use anyhow::{Context as _, Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "beacon",
    version,
    about = "Builds an accessible emergency-preparedness website from markdown modules.",
    long_about = "Beacon turns markdown modules, risk pages and translations into an accessible static \
website.\n\nRun `beacon build` in a site folder to write the site to public/, and `beacon check` to find \
problems in the content before you publish."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website into the output folder (public/ by default).
    Build {
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Where to write the website; it is replaced only when the build succeeds.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Build the site as it should be on this date (YYYY-MM-DD); default today.
        // Parsed in `run`, so that a wrong date is an error like any other (exit code 1).
        #[arg(long)]
        date: Option<String>,
        /// Public address of the site, replacing base_url from site.toml (e.g. for a test server).
        #[arg(long)]
        base_url: Option<String>,
        /// Skip the printable leaflets, for a quick preview of the web pages.
        #[arg(long)]
        no_leaflets: bool,
        /// Where to keep rendered leaflets between builds [default: SITE/.beacon-cache/leaflets].
        #[arg(long)]
        cache_dir: Option<PathBuf>,
    },
    /// Serve the site on this computer while you edit it: pages rebuild and reload as you save.
    Serve {
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// The port to serve on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to serve on. Only this computer can see the site unless you give another
        /// address, such as 0.0.0.0 to show it to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Show the site as it should be on this date (YYYY-MM-DD); default today.
        #[arg(long)]
        date: Option<String>,
        /// Skip the printable leaflets (they are otherwise made in the background).
        #[arg(long)]
        no_leaflets: bool,
        /// Where to keep rendered leaflets [default: SITE/.beacon-cache/leaflets].
        #[arg(long)]
        cache_dir: Option<PathBuf>,
    },
    /// Check the content for problems: broken links, missing alt text, headings, reading age.
    Check {
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Fail on warnings as well as errors.
        #[arg(long)]
        strict: bool,
        /// Check the site as it is on this date (YYYY-MM-DD): which campaigns run and which
        /// pages are published or withdrawn; default today.
        #[arg(long)]
        date: Option<String>,
    },
    /// List the coming days on which the site changes by itself (campaigns start and end, modules
    /// and pages are published and expire).
    Schedule {
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// List the changes after this date (YYYY-MM-DD); default today.
        #[arg(long)]
        date: Option<String>,
        /// Also write them to this iCalendar file, to import into a calendar.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Create a new site in DIR that builds straight away.
    Init {
        /// Folder for the new site; it must not exist or must be empty.
        dir: PathBuf,
    },
    /// Work with translations (gettext PO files in translations/).
    Translate {
        #[command(subcommand)]
        what: TranslateCommand,
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".", global = true)]
        site: PathBuf,
    },
    /// Create new content from a template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum TranslateCommand {
    /// Write translations/beacon.pot: every text of the site that can be translated.
    Extract,
    /// Update every translations/LANG.po from the site's current text (like msgmerge).
    Update {
        /// A PO file from elsewhere (another project, an old site): its finished translations
        /// fill new entries of the same language as fuzzy suggestions. May be given more than once.
        #[arg(long = "compendium", value_name = "FILE")]
        compendia: Vec<std::path::PathBuf>,
        /// Confirm every copy of a sentence whose translation a translator confirmed in one
        /// place: same English, same translation, fuzzy only because it was filled in.
        #[arg(long)]
        finish_identical: bool,
    },
    /// Start a new language: translations/LANG.po and an entry in site.toml.
    Add {
        /// Language code, e.g. pl, gu, pa, ur, ar.
        lang: String,
    },
    /// Show how much of each language is translated, fuzzy or missing.
    Status {
        #[arg(long, value_enum, default_value = "text")]
        format: commands_translate::Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum NewCommand {
    /// Create content/modules/SLUG.md with every setting filled in.
    Module {
        /// The module's name in web addresses, e.g. coordinating-donations.
        slug: String,
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
    /// Create content/campaigns/SLUG.md with every setting filled in.
    Campaign {
        /// The campaign's name in web addresses, e.g. winter-ready-2027.
        slug: String,
        /// The site folder (the one with site.toml).
        #[arg(long, default_value = ".")]
        site: PathBuf,
    },
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build { site, out, date, base_url, no_leaflets, cache_dir } => {
            let date =
                date.as_deref().map(build::parse_date).transpose().map_err(|e| anyhow::anyhow!("--date: {e}"))?;
            let options = BuildOptions {
                site_dir: site,
                out_dir: out,
                date,
                base_url,
                no_leaflets,
                cache_dir,
                progress: true,
                cache_keeps_unused: crate::commands::build::CACHE_KEEPS_UNUSED,
            };
            let report = build::build(&options)?;
            print_diagnostics(&report.warnings);
            eprintln!(
                "Built {} pages, {} leaflets and {} booklets ({} PDFs rendered, {} from the cache) into {} in {:.2} s.",
                report.pages,
                report.leaflets - report.booklets,
                report.booklets,
                report.leaflets_rendered,
                report.leaflets - report.leaflets_rendered,
                report.out_dir.display(),
                report.seconds
            );
            if !report.warnings.is_empty() {
                eprintln!(
                    "{} warnings: run `beacon check` for advice on the content.",
                    report.warnings.warning_count()
                );
            }
            match &report.next_change {
                Some(change) => eprintln!("Next change: {change}. Build the site again on that day."),
                None => eprintln!(
                    "Nothing changes by itself later: no campaign starts or ends, no page is published or expires."
                ),
            }
            Ok(())
        }
        Command::Serve { site, port, bind, date, no_leaflets, cache_dir } => {
            let date = date_or_today(date)?;
            serve::serve(serve::ServeOptions { site_dir: site, bind, port, date, leaflets: !no_leaflets, cache_dir })
        }
        Command::Check { site, strict, date } => {
            let problems = check::check(&site, date_or_today(date)?);
            print_diagnostics(&problems);
            let (errors, warnings) = (problems.error_count(), problems.warning_count());
            eprintln!("{errors} errors, {warnings} warnings.");
            if errors > 0 || (strict && warnings > 0) {
                bail!("the check found problems");
            }
            Ok(())
        }
        Command::Init { dir } => {
            scaffold::init(&dir)?;
            eprintln!(
                "Created a new site in {}. Build it with:\n  beacon build --site {}",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        Command::Translate { what, site } => {
            match what {
                TranslateCommand::Extract => {
                    let count = commands_translate::extract(&site)?;
                    eprintln!("Wrote translations/beacon.pot with {count} entries.");
                }
                TranslateCommand::Update { compendia, finish_identical } => {
                    for file in commands_translate::update_with(&site, &compendia, finish_identical)? {
                        match file.finished_identical {
                            0 => eprintln!("Updated {}.", file.path),
                            n => eprintln!("Updated {}: {n} copies of confirmed sentences confirmed too.", file.path),
                        }
                    }
                }
                TranslateCommand::Add { lang } => eprintln!("{}", commands_translate::add(&site, &lang)?),
                TranslateCommand::Status { format } => print!("{}", commands_translate::status_report(&site, format)?),
            }
            Ok(())
        }
        Command::New { what: NewCommand::Module { slug, site } } => {
            let path = scaffold::new_module(&site, &slug, build::build_date_from_environment()?)?;
            eprintln!("Created {}.", path.display());
            Ok(())
        }
        Command::New { what: NewCommand::Campaign { slug, site } } => {
            let path = scaffold::new_campaign(&site, &slug, build::build_date_from_environment()?)?;
            eprintln!("Created {}. Set its dates, modules, risks and banner, then run `beacon check`.", path.display());
            Ok(())
        }
        Command::Schedule { site, date, ics } => {
            let date = date_or_today(date)?;
            let changes = schedule::changes(&site, date).map_err(ContentErrors)?;
            if changes.is_empty() {
                eprintln!(
                    "Nothing changes by itself after {date}: no campaign starts or ends, no page is published or expires."
                );
            }
            for change in &changes {
                println!("{change}");
            }
            if let Some(path) = ics {
                let calendar = schedule::ics(&site, &changes, date).map_err(ContentErrors)?;
                std::fs::write(&path, calendar).with_context(|| format!("cannot write {}", path.display()))?;
                eprintln!("Wrote {} changes to {}.", changes.len(), path.display());
            }
            Ok(())
        }
    }
}

/// A `--date` argument, or today (or `SOURCE_DATE_EPOCH`).
fn date_or_today(date: Option<String>) -> Result<time::Date> {
    match date {
        Some(date) => build::parse_date(&date).map_err(|e| anyhow::anyhow!("--date: {e}")),
        None => build::build_date_from_environment(),
    }
}

fn print_diagnostics(problems: &Diagnostics) {
    for problem in problems.iter() {
        eprintln!("{problem}");
    }
}
