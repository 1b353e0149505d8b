//! Diagnostics (syntax errors and warnings) and the byte-offset to line/column map.

use crate::ast::Span;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The text is not valid CQL; the construct is not in the result.
    Error,
    /// The text is accepted but probably not what the author meant.
    Warning,
}

impl Severity {
    /// The UPPERCASE name used when diagnostics are stored (`ERROR`, `WARNING`).
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A problem found in CQL source text, with its position.
///
/// `line` and `column` are 1-based and point at `span.start`; the column counts Unicode
/// characters (not bytes). `Display` prints `LINE:COL: error: MESSAGE`; prefix the file name
/// to get the conventional `FILE:LINE:COL: ...` form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{line}:{column}: {severity}: {message}")]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The source range the diagnostic is about.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: u32,
    /// 1-based column (in characters) of `span.start`.
    pub column: u32,
    /// A sentence a measure author can act on, e.g. "expected ')' to close the call to
    /// 'Count' opened at 3:10".
    pub message: String,
}

impl Diagnostic {
    /// An error at `span`, positioned with `index`.
    pub fn error(index: &LineIndex, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(index, Severity::Error, span, message)
    }

    /// A warning at `span`, positioned with `index`.
    pub fn warning(index: &LineIndex, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(index, Severity::Warning, span, message)
    }

    /// A diagnostic of the given severity at `span`, positioned with `index`.
    pub fn new(
        index: &LineIndex,
        severity: Severity,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = index.line_col(span.start);
        Diagnostic {
            severity,
            span,
            line,
            column,
            message: message.into(),
        }
    }

    /// True for [`Severity::Error`].
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `FILE:LINE:COL: severity: message`, the form `workwell cql check` prints.
    pub fn render(&self, file: &str) -> String {
        format!("{file}:{self}")
    }
}

/// Maps byte offsets of one source text to 1-based lines and columns.
///
/// Lines end at `\n` (a preceding `\r` belongs to the line it ends). Columns count Unicode
/// scalar values from the start of the line, starting at 1. Building the index is one pass
/// over the text; each lookup is a binary search over line starts.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; the first entry is 0.
    line_starts: Vec<usize>,
    /// Copy of the text, needed to count characters within a line.
    text: String,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        LineIndex {
            line_starts,
            text: text.to_string(),
        }
    }

    /// The 1-based `(line, column)` of byte `offset`. Offsets past the end map to the end of
    /// the text; an offset inside a multi-byte character maps to that character.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[start..end].chars().count() + 1;
        (line as u32 + 1, column as u32)
    }

    /// The byte offset of 1-based `line` and `column`, if it lies inside the text.
    pub fn offset(&self, line: u32, column: u32) -> Option<usize> {
        let start = *self.line_starts.get((line as usize).checked_sub(1)?)?;
        let rest = &self.text[start..];
        let mut col = 1;
        for (i, c) in rest.char_indices() {
            if col == column {
                return Some(start + i);
            }
            if c == '\n' {
                return None;
            }
            col += 1;
        }
        (col == column).then_some(self.text.len())
    }

    /// Number of lines (a text without newline has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// `"LINE:COL"` of `offset`, as used inside messages ("opened at 3:10").
    pub fn position(&self, offset: usize) -> String {
        let (l, c) = self.line_col(offset);
        format!("{l}:{c}")
    }
}
