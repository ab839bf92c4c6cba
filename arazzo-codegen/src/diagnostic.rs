//! Diagnostics that point into the YAML or JSON file a problem comes from.
//!
//! Every error of this crate is a [`Diagnostic`]: a message, the file, the line and
//! column, and the JSON pointer of the offending node. They render like rustc's own
//! messages (`--> workflows/x.yml:12:7` and the offending line), so that a
//! `compile_error!` carrying one reads like any other compiler error.

use std::fmt;
use std::sync::Arc;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The document works, but probably not as its author meant.
    Warning,
    /// The document cannot be compiled.
    Error,
}

/// A file that was read, kept for positions and snippets.
#[derive(Debug)]
pub struct SourceFile {
    /// The absolute path that was read.
    pub path: std::path::PathBuf,
    /// The path shown to people: relative to the workspace root where possible.
    pub display: String,
    /// The whole text.
    pub text: String,
}

impl SourceFile {
    /// The text of line `line` (1-based), without its line break.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        // Lines end at `\r\n`, `\n` or a lone `\r`, as YAML (and the positions) count them.
        if line == 0 {
            return None;
        }
        let mut rest = self.text.as_str();
        for _ in 1..line {
            let end = rest.find(['\r', '\n'])?;
            let skip = if rest[end..].starts_with("\r\n") { 2 } else { 1 };
            rest = &rest[end + skip..];
        }
        Some(rest.find(['\r', '\n']).map_or(rest, |end| &rest[..end]))
    }
}

/// A problem found in a workflow or an OpenAPI description.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short stable code, e.g. `unknown-operation`.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file it is in, when it is in one.
    pub file: Option<Arc<SourceFile>>,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// How many characters to underline.
    pub width: usize,
    /// JSON pointer of the offending node (`""` for the whole document).
    pub pointer: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with no position (e.g. a file that cannot be read and has no referrer).
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: None,
            line: 0,
            column: 0,
            width: 1,
            pointer: String::new(),
            help: None,
        }
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns an error into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, or the empty string without a file.
    pub fn location(&self) -> String {
        match &self.file {
            Some(f) => format!("{}:{}:{}", f.display, self.line, self.column),
            None => String::new(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.severity == Severity::Warning {
            write!(f, "warning: ")?;
        }
        write!(f, "{}", self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at #{})", self.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n   = help: {help}")?;
        }
        let Some(file) = &self.file else {
            return Ok(());
        };
        write!(f, "\n  --> {}:{}:{}", file.display, self.line, self.column)?;
        if let Some(text) = file.line_text(self.line) {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let caret_pad: String =
                text.chars().take(self.column.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            write!(f, "\n {pad} |\n {number} | {text}\n {pad} | {caret_pad}{}", "^".repeat(self.width.max(1)))?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// All diagnostics of one run, errors and warnings.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Whether any of them is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// The errors, in file order.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    /// Sorts by file, line and column, and drops exact repeats.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let fa = a.file.as_ref().map(|f| f.display.clone());
            let fb = b.file.as_ref().map(|f| f.display.clone());
            (fa, a.line, a.column, &a.message).cmp(&(fb, b.line, b.column, &b.message))
        });
        // One diagnostic per node and kind: a workflow-level parameter checked against
        // every step's operation is reported once.
        let mut seen = std::collections::HashSet::new();
        self.0.retain(|d| {
            let file = d.file.as_ref().map(|f| f.display.clone());
            seen.insert((file, d.line, d.column, d.pointer.clone(), d.code))
        });
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
