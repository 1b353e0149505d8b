//! Start-up timing, a measurement hook (issue #7: "the overview opens in under 1 second").
//!
//! [`mark`] notes that a step of the launch ended: the database opened and migrated, the demo
//! content loaded, the first run finished, the scheduler's first check, the first database
//! reads of the window's commands. Each mark carries the wall-clock time (milliseconds since
//! the UNIX epoch, the clock the web view's `performance.timeOrigin` uses too) and the time
//! since the process started (read from `/proc` on Linux, so it includes loading the binary
//! and its libraries before `main`; elsewhere since the first mark).
//!
//! Nothing is printed or written unless asked for:
//! - `WORKWELL_LOG=debug` prints `startup: +123.4 ms db_open` lines on stderr;
//! - `WORKWELL_STARTUP_TRACE=<file>` appends one JSON object per mark to the file
//!   (`{"pid":123,"phase":"db_open","epochMs":..,"sinceStartMs":..,"detail":".."}`); the end-to-end
//!   overview test reads it to print where the launch's time goes.

use std::io::Write;
use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Environment variable naming the file the marks are appended to (JSON lines).
pub const TRACE_ENV: &str = "WORKWELL_STARTUP_TRACE";
/// Environment variable that prints the marks on stderr when it is `debug` (or `trace`).
pub const LOG_ENV: &str = "WORKWELL_LOG";

/// Where the marks go, decided once from the environment.
struct Sink {
    /// The process start as wall-clock ms since the epoch, and as an `Instant`.
    started_epoch_ms: f64,
    started: Instant,
    log: bool,
    file: Option<std::path::PathBuf>,
}

fn sink() -> &'static Sink {
    static SINK: OnceLock<Sink> = OnceLock::new();
    SINK.get_or_init(|| {
        let now = Instant::now();
        let now_epoch = epoch_ms(SystemTime::now());
        // The process's age from /proc (10 ms resolution); 0 where that is not available.
        let age = process_age().unwrap_or(Duration::ZERO);
        Sink {
            started_epoch_ms: now_epoch - age.as_secs_f64() * 1e3,
            started: now.checked_sub(age).unwrap_or(now),
            log: std::env::var(LOG_ENV)
                .map(|v| matches!(v.to_ascii_lowercase().as_str(), "debug" | "trace"))
                .unwrap_or(false),
            file: std::env::var_os(TRACE_ENV)
                .filter(|v| !v.is_empty())
                .map(Into::into),
        }
    })
}

fn epoch_ms(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1e3)
        .unwrap_or(0.0)
}

/// How long ago this process started: `/proc/uptime` minus field 22 of `/proc/self/stat`
/// (both in 1/100 s on Linux). `None` on other systems or an unreadable `/proc`.
fn process_age() -> Option<Duration> {
    let uptime = std::fs::read_to_string("/proc/uptime").ok()?;
    let uptime: f64 = uptime.split_whitespace().next()?.parse().ok()?;
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) may hold spaces; fields after its ')' are plain numbers.
    let after = &stat[stat.rfind(')')? + 1..];
    // `after` starts at field 3 (state), so field 22 is the 20th of these.
    let ticks: f64 = after.split_whitespace().nth(19)?.parse().ok()?;
    let age = uptime - ticks / 100.0;
    (age >= 0.0).then(|| Duration::from_secs_f64(age))
}

/// Starts the clock (call first thing in `main`); later marks are measured from the process
/// start either way.
pub fn init() {
    sink();
}

/// Notes that the launch step `phase` ended now, with an optional `detail` (a count, which
/// branch ran). Costs nothing measurable when neither variable is set.
pub fn mark(phase: &str, detail: &str) {
    let s = sink();
    if !s.log && s.file.is_none() {
        return;
    }
    let since = s.started.elapsed().as_secs_f64() * 1e3;
    let epoch = s.started_epoch_ms + since;
    if s.log {
        eprintln!("startup: +{since:.1} ms {phase} {detail}");
    }
    if let Some(path) = &s.file {
        let line = format!(
            "{{\"pid\":{},\"phase\":{},\"epochMs\":{epoch:.1},\"sinceStartMs\":{since:.1},\"detail\":{}}}\n",
            std::process::id(),
            json_string(phase),
            json_string(detail)
        );
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            eprintln!("startup trace {}: {e}", path.display());
        }
    }
}

/// Runs `f` and marks `phase` when it returns, with `what` and how long it took as the
/// detail.
pub fn timed<T>(phase: &str, what: &str, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let out = f();
    let ms = t.elapsed().as_secs_f64() * 1e3;
    mark(phase, &format!("{what} took {ms:.1} ms"));
    out
}

/// `s` as a JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\u000ad\"");
        let v: serde_json::Value = serde_json::from_str(&json_string("x\t\"y\"")).unwrap();
        assert_eq!(v, serde_json::json!("x\t\"y\""));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_process_age_is_read_from_proc() {
        let age = process_age().expect("/proc/self/stat and /proc/uptime");
        // This test process started before the test ran, and not days ago.
        assert!(age < Duration::from_secs(24 * 3600), "{age:?}");
    }
}
