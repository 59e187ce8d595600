//! Problems found in a site's sources, each tied to a file and line and carrying advice on how to
//! fix it. Loading and checking collect every problem instead of stopping at the first, so that an
//! author sees the whole list at once.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site folder, so messages read the same on every machine.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    pub message: String,
    /// What the author should do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, file: file.as_ref().to_path_buf(), line, message: message.into(), help: None }
    }

    pub fn warning(file: impl AsRef<Path>, line: usize, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(file, line, message) }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: ")?;
        // A problem of no file in particular (a folder that cannot be written) has no place.
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}", self.file.display())?;
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// An ordered collection of diagnostics.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file, then line, then severity, so output is stable across runs and threads.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.severity, &a.message).cmp(&(&b.file, b.line, b.severity, &b.message)));
        self.0.dedup();
        self
    }

    /// Turns collected errors into a failure that prints every one of them.
    pub fn into_result(self) -> Result<Self, ContentErrors> {
        if self.has_errors() { Err(ContentErrors(self.sorted())) } else { Ok(self) }
    }
}

impl From<Diagnostic> for Diagnostics {
    /// A single problem, for the many places that stop at the first one.
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl Diagnostics {
    /// The problems behind a failure: each content problem with its file and line, or the
    /// failure as one problem of no file in particular.
    pub fn behind(error: &anyhow::Error) -> Diagnostics {
        match error.chain().find_map(|cause| cause.downcast_ref::<ContentErrors>()) {
            Some(ContentErrors(problems)) => problems.clone(),
            None => Diagnostics::from(Diagnostic::error("", 0, format!("{error:#}"))),
        }
    }
}

/// A single problem as a failure that prints it.
impl From<Diagnostic> for ContentErrors {
    fn from(diagnostic: Diagnostic) -> Self {
        ContentErrors(diagnostic.into())
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Self {
        Diagnostics(items.into_iter().collect())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The error a build returns when the content has problems: it lists all of them.
#[derive(Debug)]
pub struct ContentErrors(pub Diagnostics);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in self.0.iter().filter(|d| d.is_error()) {
            writeln!(f, "{diagnostic}")?;
        }
        let n = self.0.error_count();
        write!(f, "the site has {n} problem{} to fix before it can be built", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for ContentErrors {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_help() {
        let d =
            Diagnostic::error("content/modules/a.md", 12, "unknown risk \"flod\"").help("declared risks are: flood");
        assert_eq!(
            d.to_string(),
            "error: content/modules/a.md:12: unknown risk \"flod\"\n  help: declared risks are: flood"
        );
    }

    #[test]
    fn whole_file_problems_have_no_line() {
        let d = Diagnostic::warning("site.toml", 0, "no languages");
        assert_eq!(d.to_string(), "warning: site.toml: no languages");
    }

    #[test]
    fn warnings_alone_are_not_a_failure() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning("a.md", 1, "long sentences"));
        assert!(all.into_result().is_ok());
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error("b.md", 2, "x"));
        all.push(Diagnostic::error("a.md", 9, "y"));
        let err = all.into_result().unwrap_err().to_string();
        assert!(err.starts_with("error: a.md:9: y\nerror: b.md:2: x\n"), "{err}");
        assert!(err.ends_with("the site has 2 problems to fix before it can be built"));
    }
}
