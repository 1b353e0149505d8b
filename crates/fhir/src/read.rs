//! Reading files, folders, NDJSON lines, Bundles and single resources.

use crate::json_pos::{offset_in, LineIndex};
use crate::reference::{patient_id_with, FullUrls};
use crate::{Error, Origin, Problems, Resource, Result};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// How a text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// FHIR Bulk Data: one resource (or Bundle) per line; blank lines are skipped.
    Ndjson,
    /// One JSON value: a Bundle or a single resource.
    Json,
}

/// Bundle types whose entries are resources to import.
const ACCEPTED_BUNDLE_TYPES: &[&str] = &[
    "collection",
    "transaction",
    "batch",
    "searchset",
    "document",
];

/// Reads every resource from the given files and folders, in path order (folders walked
/// recursively; `*.ndjson` as NDJSON, `*.json` as JSON; other files in folders skipped).
///
/// Reading goes on past a bad line, resource or file, so every problem is reported at once.
///
/// Errors: [`Error::Io`] for unreadable paths, [`Error::NoInput`] for a folder without any
/// input file, [`Error::Invalid`] (`FILE:LINE: ...`) for a bad line or resource, and
/// [`Error::Many`] when there is more than one problem (up to [`crate::MAX_REPORTED`] listed).
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<Resource>> {
    read_paths_cancellable(paths, &AtomicBool::new(false))
}

/// NDJSON lines read between two looks at the cancel flag.
const CANCEL_CHECK_LINES: usize = 1024;

/// [`read_paths`] that stops soon after `cancel` is set (Ctrl-C during an import, QA G16):
/// the flag is looked at before each file and every [`CANCEL_CHECK_LINES`] NDJSON lines.
///
/// Errors: as [`read_paths`]; [`Error::Cancelled`] when cancelled (whatever else was found).
pub fn read_paths_cancellable(paths: &[PathBuf], cancel: &AtomicBool) -> Result<Vec<Resource>> {
    let cancelled = || cancel.load(Ordering::SeqCst);
    let mut problems = Problems::default();
    let mut files = Vec::new();
    for path in paths {
        let before = files.len();
        match collect_files(path, true, &mut files) {
            Ok(()) if files.len() == before => problems.push(Error::NoInput(path.clone())),
            Ok(()) => {}
            Err(e) => problems.push(e),
        }
    }
    let mut out = Vec::new();
    for file in files {
        if cancelled() {
            return Err(Error::Cancelled);
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(error) => {
                problems.push(Error::Io {
                    path: file.clone(),
                    error,
                });
                continue;
            }
        };
        let name = file.display().to_string();
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let good = &err.as_bytes()[..err.utf8_error().valid_up_to()];
                let line = good.iter().filter(|b| **b == b'\n').count() + 1;
                problems.push(invalid(&name, line, "the file is not UTF-8 text".into()));
                continue;
            }
        };
        let kind = if has_ext(&file, "ndjson") {
            SourceKind::Ndjson
        } else {
            SourceKind::Json
        };
        match read_text(&name, &text, kind, cancel) {
            Ok(r) => out.extend(r),
            Err(e) => problems.push(e),
        }
    }
    if cancelled() {
        return Err(Error::Cancelled);
    }
    problems.into_result(out)
}

fn has_ext(path: &Path, ext: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

fn collect_files(path: &Path, explicit: bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let io = |error| Error::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_file() {
        if explicit || has_ext(path, "ndjson") || has_ext(path, "json") {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    let mut children: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()
        .map_err(io)?;
    children.sort();
    for child in children {
        // Symlinked folders are not followed, so a link loop cannot make the walk endless.
        let link = std::fs::symlink_metadata(&child).map_err(io)?;
        if link.file_type().is_symlink() && child.is_dir() {
            continue;
        }
        collect_files(&child, false, out)?;
    }
    Ok(())
}

/// Reads the resources in one text. `file` names it in errors and [`Origin`]s.
///
/// A `.json` text that holds several JSON values one per line is read as NDJSON. Every bad
/// line or Bundle entry is reported ([`Error::Many`] when there are several).
pub fn read_str(file: &str, text: &str, kind: SourceKind) -> Result<Vec<Resource>> {
    read_text(file, text, kind, &AtomicBool::new(false))
}

/// [`read_str`] whose NDJSON reading stops early when `cancel` is set (the caller reports the
/// cancel).
fn read_text(
    file: &str,
    text: &str,
    kind: SourceKind,
    cancel: &AtomicBool,
) -> Result<Vec<Resource>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut problems = Problems::default();
    match kind {
        SourceKind::Ndjson => read_ndjson(file, text, &mut out, &mut problems, cancel),
        SourceKind::Json => match serde_json::from_str::<&RawValue>(text) {
            Ok(raw) => {
                let lines = LineIndex::new(text);
                let ctx = Ctx {
                    file,
                    text,
                    lines: &lines,
                    first_line: 1,
                };
                if let Err(e) = ctx.value(raw, 0, &mut out) {
                    problems.push(e);
                }
            }
            Err(err) if err.to_string().starts_with("trailing characters") => {
                read_ndjson(file, text, &mut out, &mut problems, cancel)
            }
            Err(err) => problems.push(syntax(file, err.line(), &err)),
        },
    }
    problems.into_result(out)
}

/// Reads every line; a bad line is recorded and reading goes on with the next one.
fn read_ndjson(
    file: &str,
    text: &str,
    out: &mut Vec<Resource>,
    problems: &mut Problems,
    cancel: &AtomicBool,
) {
    for (i, line) in text.lines().enumerate() {
        if i % CANCEL_CHECK_LINES == 0 && cancel.load(Ordering::SeqCst) {
            return;
        }
        let line_no = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let raw: &RawValue = match serde_json::from_str(line) {
            Ok(raw) => raw,
            Err(err) => {
                problems.push(syntax(file, line_no, &err));
                continue;
            }
        };
        let lines = LineIndex::new(line);
        let ctx = Ctx {
            file,
            text: line,
            lines: &lines,
            first_line: line_no,
        };
        if let Err(e) = ctx.value(raw, 0, out) {
            problems.push(e);
        }
    }
}

fn invalid(file: &str, line: usize, message: String) -> Error {
    Error::Invalid {
        file: file.to_owned(),
        line,
        message,
    }
}

fn syntax(file: &str, line: usize, err: &serde_json::Error) -> Error {
    let text = err.to_string();
    let what = text.split(" at line ").next().unwrap_or(&text);
    invalid(
        file,
        line,
        format!("malformed JSON: {what} (column {})", err.column()),
    )
}

/// One text being read: its name, content and line index.
struct Ctx<'t> {
    file: &'t str,
    text: &'t str,
    lines: &'t LineIndex,
    /// Line number of the text's first line in its file (NDJSON lines are read one by one).
    first_line: usize,
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "resourceType")]
    resource_type: Option<Value>,
    #[serde(rename = "type")]
    bundle_type: Option<Value>,
    #[serde(borrow, default)]
    entry: Option<Vec<&'a RawValue>>,
}

#[derive(Deserialize)]
struct EntryHead<'a> {
    #[serde(rename = "fullUrl")]
    full_url: Option<String>,
    #[serde(borrow)]
    resource: Option<&'a RawValue>,
    search: Option<Value>,
    request: Option<Value>,
}

impl Ctx<'_> {
    fn line(&self, raw: &RawValue) -> usize {
        self.first_line - 1 + self.lines.line_of(offset_in(self.text, raw.get()))
    }

    fn err(&self, raw: &RawValue, message: String) -> Error {
        invalid(self.file, self.line(raw), message)
    }

    /// Reads one top-level value (a Bundle or a resource); `depth` counts nested Bundles.
    fn value(&self, raw: &RawValue, depth: usize, out: &mut Vec<Resource>) -> Result<()> {
        if !raw.get().starts_with('{') {
            return Err(self.err(
                raw,
                "expected a FHIR resource or Bundle (a JSON object)".into(),
            ));
        }
        let head: Head = serde_json::from_str(raw.get())
            .map_err(|e| self.err(raw, format!("unreadable resource: {e}")))?;
        let resource_type = resource_type(&head.resource_type).map_err(|m| self.err(raw, m))?;
        if resource_type != "Bundle" {
            let json: Value = serde_json::from_str(raw.get())
                .map_err(|e| self.err(raw, format!("unreadable resource: {e}")))?;
            out.push(self.resource(raw, resource_type.to_owned(), json, &FullUrls::new())?);
            return Ok(());
        }
        if depth > 0 {
            return Err(self.err(raw, "a Bundle inside a Bundle is not supported".into()));
        }
        let bundle_type = match head.bundle_type.as_ref() {
            Some(Value::String(t)) => t.as_str(),
            Some(_) => return Err(self.err(raw, "Bundle.type must be a string".into())),
            None => return Err(self.err(raw, "Bundle has no type".into())),
        };
        if !ACCEPTED_BUNDLE_TYPES.contains(&bundle_type) {
            return Err(self.err(
                raw,
                format!(
                    "Bundle type \"{bundle_type}\" is not accepted (expected one of {})",
                    ACCEPTED_BUNDLE_TYPES.join(", ")
                ),
            ));
        }
        self.bundle(head.entry.unwrap_or_default(), out)
    }

    /// Reads every entry; a bad entry is recorded and the others are still read.
    fn bundle(&self, entries: Vec<&RawValue>, out: &mut Vec<Resource>) -> Result<()> {
        let mut urls = FullUrls::new();
        let mut pending = Vec::new();
        let mut problems = Problems::default();
        for (i, entry) in entries.into_iter().enumerate() {
            match self.entry(i + 1, entry, &mut urls) {
                Ok(Some(p)) => pending.push(p),
                Ok(None) => {}
                Err(e) => problems.push(e),
            }
        }
        for (raw, rtype, json) in pending {
            match self.resource(raw, rtype, json, &urls) {
                Ok(r) => out.push(r),
                Err(e) => problems.push(e),
            }
        }
        problems.into_result(())
    }

    /// One Bundle entry (number `n`, 1-based): its resource with type and JSON, or `None`
    /// for a search outcome entry. Records the entry's fullUrl in `urls`.
    fn entry<'r>(
        &self,
        n: usize,
        entry: &'r RawValue,
        urls: &mut FullUrls,
    ) -> Result<Option<(&'r RawValue, String, Value)>> {
        if !entry.get().starts_with('{') {
            return Err(self.err(entry, format!("Bundle entry {n} is not a JSON object")));
        }
        let head: EntryHead = serde_json::from_str(entry.get())
            .map_err(|e| self.err(entry, format!("Bundle entry {n} is unreadable: {e}")))?;
        let mode = head
            .search
            .as_ref()
            .and_then(|s| s.get("mode"))
            .and_then(Value::as_str);
        if mode == Some("outcome") {
            return Ok(None); // an OperationOutcome about the search, not data
        }
        let Some(resource) = head.resource else {
            let method = head
                .request
                .as_ref()
                .and_then(|r| r.get("method"))
                .and_then(Value::as_str);
            let message = match method {
                Some(m) => format!("Bundle entry {n} is a {m} request without a resource; only resources are imported"),
                None => format!("Bundle entry {n} has no resource"),
            };
            return Err(self.err(entry, message));
        };
        if !resource.get().starts_with('{') {
            return Err(self.err(
                resource,
                format!("Bundle entry {n}: resource is not a JSON object"),
            ));
        }
        let unreadable = |e: serde_json::Error| {
            self.err(
                resource,
                format!("Bundle entry {n}: unreadable resource: {e}"),
            )
        };
        let rhead: Head = serde_json::from_str(resource.get()).map_err(unreadable)?;
        let rtype = resource_type(&rhead.resource_type)
            .map_err(|m| self.err(resource, format!("Bundle entry {n}: {m}")))?
            .to_owned();
        if rtype == "Bundle" {
            return Err(self.err(
                resource,
                format!("Bundle entry {n}: a Bundle inside a Bundle is not supported"),
            ));
        }
        let json: Value = serde_json::from_str(resource.get()).map_err(unreadable)?;
        let id = json.get("id").and_then(Value::as_str).map(str::to_owned);
        if let (Some(url), Some(id)) = (head.full_url, id) {
            urls.insert(url, (rtype.clone(), id));
        }
        Ok(Some((resource, rtype, json)))
    }

    fn resource(
        &self,
        raw: &RawValue,
        resource_type: String,
        json: Value,
        urls: &FullUrls,
    ) -> Result<Resource> {
        let id = match json.get("id") {
            Some(Value::String(id)) if valid_id(id) => id.clone(),
            Some(Value::String(id)) => {
                return Err(self.err(
                    raw,
                    format!(
                    "{resource_type}.id \"{id}\" is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .)"
                ),
                ))
            }
            Some(_) => return Err(self.err(raw, format!("{resource_type}.id must be a string"))),
            None => return Err(self.err(raw, format!("{resource_type} resource has no id"))),
        };
        if let Some(problem) = crate::dates::first_invalid(&json) {
            return Err(self.err(raw, format!("{resource_type}/{id}: {problem}")));
        }
        let patient_id = patient_id_with(&json, urls);
        Ok(Resource {
            resource_type,
            id,
            patient_id,
            json,
            origin: Origin {
                file: self.file.to_owned(),
                line: self.line(raw),
            },
        })
    }
}

fn resource_type(value: &Option<Value>) -> std::result::Result<&str, String> {
    match value {
        None => Err("missing resourceType".into()),
        Some(Value::String(t)) => {
            let ok = t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && t.chars().all(|c| c.is_ascii_alphanumeric());
            if ok {
                Ok(t.as_str())
            } else {
                Err(format!(
                    "resourceType \"{t}\" is not a FHIR resource type name"
                ))
            }
        }
        Some(_) => Err("resourceType must be a string".into()),
    }
}

/// FHIR R4 id: `[A-Za-z0-9\-\.]{1,64}`.
fn valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
}
