//! CSV exports of runs, outcomes, cases and audit events (contract "CSV export columns";
//! DOMAIN.md section 7).
//!
//! * Columns are exactly the contract's, in its order ([`RUNS_COLUMNS`], [`OUTCOMES_COLUMNS`],
//!   [`CASES_COLUMNS`], [`AUDIT_EVENTS_COLUMNS`]).
//! * Output is RFC 4180 through the `csv` crate: comma separated, CRLF line ends, fields with a
//!   comma, quote, CR or LF are quoted and inner quotes doubled.
//! * **Formula neutralisation (lesson).** A spreadsheet runs a cell whose text starts with `=`,
//!   `+`, `-`, `@`, a tab or a carriage return as a formula (CSV injection). Every text cell
//!   that starts with one of those characters gets a leading apostrophe (`'`), which spreadsheets
//!   show as text and never evaluate. Numbers we format ourselves (counts, durations, rates)
//!   are written as they are: they cannot carry a formula.
//! * Rows are written one at a time from an iterator, so memory stays bounded whatever the
//!   number of rows (a million audit events export in a few megabytes).

mod query;
mod rows;

pub use query::{
    export_audit_events, export_cases, export_outcomes, export_runs, OutcomeExportFilter,
    RunExportFilter,
};

pub use rows::{
    AuditEventCsvRow, CaseCsvRow, OutcomeCsvRow, RunCsvRow, AUDIT_EVENTS_COLUMNS, CASES_COLUMNS,
    OUTCOMES_COLUMNS, RUNS_COLUMNS,
};

use crate::Result;
use std::borrow::Cow;
use std::io::Write;

/// Characters that make a spreadsheet treat a cell as a formula when they come first.
const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Returns `cell` unchanged, or with a leading apostrophe when it starts with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (DOMAIN.md section 7, lesson: CSV formula injection).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some(first) if FORMULA_TRIGGERS.contains(&first) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// One CSV row of an export: its fixed header and its cells in header order.
pub trait CsvRecord {
    /// Column names in the contract's order.
    const COLUMNS: &'static [&'static str];

    /// Writes this record's cells, in [`CsvRecord::COLUMNS`] order, through `out`.
    fn write_cells(&self, out: &mut CellWriter<'_>) -> Result<()>;
}

/// Writes the cells of one record; text cells are neutralised, numbers are not.
pub struct CellWriter<'a> {
    inner: &'a mut dyn CellSink,
    written: usize,
}

/// Object-safe view of a `csv::Writer` so [`CsvRecord`] stays independent of the output type.
trait CellSink {
    fn field(&mut self, bytes: &[u8]) -> csv::Result<()>;
}

impl<W: Write> CellSink for csv::Writer<W> {
    fn field(&mut self, bytes: &[u8]) -> csv::Result<()> {
        self.write_field(bytes)
    }
}

impl CellWriter<'_> {
    /// A text cell (neutralised).
    pub fn text(&mut self, value: &str) -> Result<()> {
        self.written += 1;
        Ok(self.inner.field(neutralise(value).as_bytes())?)
    }

    /// An optional text cell: `None` is an empty cell.
    pub fn opt_text(&mut self, value: Option<&str>) -> Result<()> {
        self.text(value.unwrap_or(""))
    }

    /// An integer cell; `None` is an empty cell.
    pub fn int(&mut self, value: Option<i64>) -> Result<()> {
        self.written += 1;
        match value {
            Some(v) => Ok(self.inner.field(v.to_string().as_bytes())?),
            None => Ok(self.inner.field(b"")?),
        }
    }

    /// A boolean cell written `true` / `false`; `None` is an empty cell.
    pub fn boolean(&mut self, value: Option<bool>) -> Result<()> {
        self.written += 1;
        let text: &[u8] = match value {
            Some(true) => b"true",
            Some(false) => b"false",
            None => b"",
        };
        Ok(self.inner.field(text)?)
    }

    /// A decimal cell with one digit after the point; `None` is an empty cell.
    pub fn decimal1(&mut self, value: Option<f64>) -> Result<()> {
        self.written += 1;
        match value {
            Some(v) => Ok(self.inner.field(format!("{v:.1}").as_bytes())?),
            None => Ok(self.inner.field(b"")?),
        }
    }
}

/// A CSV output being written: the header first, then one record per [`CsvSink::write`].
///
/// Used when rows come from a callback rather than an iterator; [`write_csv`] wraps it.
pub struct CsvSink<R: CsvRecord, W: Write> {
    writer: csv::Writer<W>,
    rows: u64,
    _record: std::marker::PhantomData<fn(&R)>,
}

impl<R: CsvRecord, W: Write> CsvSink<R, W> {
    /// Starts the output and writes the header line.
    pub fn new(out: W) -> Result<Self> {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(R::COLUMNS)?;
        Ok(CsvSink {
            writer,
            rows: 0,
            _record: std::marker::PhantomData,
        })
    }

    /// Writes one record.
    ///
    /// Errors: I/O errors; a record that writes a different number of cells than its header
    /// (a programming error) is [`crate::Error::Invalid`].
    pub fn write(&mut self, row: &R) -> Result<()> {
        let mut cells = CellWriter {
            inner: &mut self.writer,
            written: 0,
        };
        row.write_cells(&mut cells)?;
        if cells.written != R::COLUMNS.len() {
            return Err(crate::Error::Invalid(format!(
                "csv row wrote {} cells for {} columns",
                cells.written,
                R::COLUMNS.len()
            )));
        }
        self.writer.write_record(None::<&[u8]>)?;
        self.rows += 1;
        Ok(())
    }

    /// Flushes the output; returns the number of data rows written.
    pub fn finish(mut self) -> Result<u64> {
        self.writer.flush()?;
        Ok(self.rows)
    }
}

/// Streams `rows` as CSV into `out`: the header line, then one line per row, flushing at the
/// end. Returns the number of data rows written.
///
/// Errors: the first error of the iterator, or an I/O error of `out`.
pub fn write_csv<R, I, W>(out: W, rows: I) -> Result<u64>
where
    R: CsvRecord,
    I: IntoIterator<Item = Result<R>>,
    W: Write,
{
    let mut sink = CsvSink::<R, W>::new(out)?;
    for row in rows {
        sink.write(&row?)?;
    }
    sink.finish()
}

/// Records a finished export in the ledger (EXPORT_GENERATED, entity EXPORT, actor = settings
/// user) so every disclosure of personal data is traceable. `kind` is `runs`, `outcomes`,
/// `cases` or `audit-events`; `filters` describes the filters used. Returns the event id.
///
/// Called after the rows are written, in its own transaction: an export changes no state,
/// and an audit-events export must not contain its own event.
pub fn record_export(
    conn: &mut rusqlite::Connection,
    kind: &str,
    rows: u64,
    target: Option<&str>,
    filters: serde_json::Value,
) -> Result<i64> {
    use ww_store::audit_events::{append, NewAuditEvent};
    use ww_store::enums::{AuditEventType, EntityType};
    ww_store::with_tx(conn, |tx| {
        let who = crate::context::actor(tx)?;
        let event = NewAuditEvent::new(
            AuditEventType::ExportGenerated,
            EntityType::Export,
            None,
            &who,
        )
        .payload(serde_json::json!({
            "kind": kind,
            "rows": rows,
            "target": target.unwrap_or("stdout"),
            "filters": filters,
        }));
        Ok(append(tx, &event)?.0)
    })
}
