//! The programs overview in the real window: how long it takes to show its four program cards
//! with their counts (at first launch, which creates the demo database, and at a later launch
//! on that database), that the counts shown are the database's, whole status labels at
//! 1280 x 800 and 1440 x 900, and the program detail screen.
//!
//! The launch figures are printed (run with `--nocapture`) and written to
//! `<target>/e2e-screenshots/overview-timing.json`; they are not asserted (a loaded machine
//! is slow, not wrong). Each is measured from the app's process start (read by the app from
//! `/proc`, see `workwell_app::state::startup`) and from the page's navigation start to the
//! moment a MutationObserver in the page saw the fourth card's five counts rendered. Set
//! `WW_OVERVIEW_RELAUNCHES=N` to measure N later launches instead of one.

use super::launch_with;
use crate::webdriver::Session;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

/// Status labels (and card titles) whose text is cut off: their scroll width exceeds their
/// box. The answer is a list of the cut texts.
const CUT_LABELS: &str =
    "return [...document.querySelectorAll('.status-list .l, .program-head h2')]\
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);";

/// Installs (once per page) a MutationObserver that notes, in page time (ms since navigation
/// start), when four program cards first exist and when all four first show their five
/// counts as numbers (not the "—" of a measure no run has evaluated). Answers whether the
/// counts are shown. When they already were at the first call, `readyAtInstall` says the
/// time is the install time (an upper bound).
const WATCH_CARDS: &str = r#"
const cardsShown = () => {
  const cards = [...document.querySelectorAll('[data-testid=program-card]')];
  return cards.length >= 4 && cards.every(c => {
    const n = [...c.querySelectorAll('.status-list .n')];
    return n.length === 5 && n.every(e => /^[0-9][0-9,]*$/.test(e.textContent.trim()));
  });
};
if (!window.__wwOverview) {
  const o = { installedAt: performance.now(), shellAt: null, cardsAt: null };
  window.__wwOverview = o;
  const check = () => {
    const now = performance.now();
    if (o.shellAt === null && document.querySelectorAll('[data-testid=program-card]').length >= 4) o.shellAt = now;
    if (o.cardsAt === null && cardsShown()) o.cardsAt = now;
  };
  check();
  o.readyAtInstall = o.cardsAt !== null;
  new MutationObserver(check).observe(document.documentElement,
    { subtree: true, childList: true, characterData: true });
}
return window.__wwOverview.cardsAt !== null;
"#;

/// The page's own timings (ms since navigation start) and the observer's notes.
const PAGE_TIMINGS: &str = r#"
const o = window.__wwOverview;
const nav = performance.getEntriesByType('navigation')[0] || {};
const paint = {};
for (const p of performance.getEntriesByType('paint')) paint[p.name] = p.startTime;
const resources = performance.getEntriesByType('resource')
  .filter(r => /\.(js|css)$/.test(r.name))
  .map(r => ({ file: r.name.split('/').pop(), startMs: r.startTime, endMs: r.responseEnd, bytes: r.decodedBodySize || 0 }));
return {
  timeOrigin: performance.timeOrigin,
  responseEnd: nav.responseEnd ?? null,
  domInteractive: nav.domInteractive ?? null,
  domContentLoaded: nav.domContentLoadedEventEnd ?? null,
  load: nav.loadEventEnd ?? null,
  paint, resources,
  installedAt: o.installedAt, readyAtInstall: o.readyAtInstall,
  shellAt: o.shellAt, cardsAt: o.cardsAt,
};
"#;

/// The five counts each card shows, by the card's measure id and the status.
const CARD_COUNTS: &str = r#"
return [...document.querySelectorAll('[data-testid=program-card]')].map(c => ({
  measureId: c.dataset.measureId,
  name: c.querySelector('.program-head h2').textContent,
  counts: Object.fromEntries([...c.querySelectorAll('.status-list li')]
    .map(li => [li.dataset.status, Number(li.querySelector('.n').textContent.replace(/,/g, ''))])),
}));
"#;

/// The start-up marks one app process wrote to its trace file (the newest process's, when a
/// failed session start left another's lines too): phase -> (ms since process start,
/// epoch ms, detail).
fn app_marks(trace: &Path) -> Vec<(String, f64, f64, String)> {
    let text = std::fs::read_to_string(trace)
        .unwrap_or_else(|e| panic!("the app wrote no start-up trace {}: {e}", trace.display()));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    let pid = lines
        .iter()
        .rev()
        .find(|l| l["phase"] == "main")
        .map(|l| l["pid"].clone())
        .expect("a 'main' mark in the start-up trace");
    lines
        .iter()
        .filter(|l| l["pid"] == pid)
        .map(|l| {
            (
                l["phase"].as_str().unwrap_or_default().to_owned(),
                l["sinceStartMs"].as_f64().unwrap_or(f64::NAN),
                l["epochMs"].as_f64().unwrap_or(f64::NAN),
                l["detail"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The outcome counts per status of `measure_id`'s ACTIVE version in the newest completed
/// all-programs run, read from the database file directly; and how many runs exist.
fn db_counts(db: &Path, measure_id: &str) -> (BTreeMap<String, u64>, u64) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let runs: u64 = conn
        .query_row("SELECT count(*) FROM runs", [], |r| r.get(0))
        .unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT o.status, count(*) FROM outcomes o \
             JOIN measure_versions v ON v.id = o.measure_version_id \
             WHERE v.measure_id = ?1 AND v.status = 'ACTIVE' AND o.run_id = ( \
               SELECT id FROM runs WHERE dry_run = 0 AND status = 'COMPLETED' \
               AND scope_type = 'ALL_PROGRAMS' ORDER BY started_at DESC LIMIT 1) \
             GROUP BY o.status",
        )
        .unwrap();
    let mut counts: BTreeMap<String, u64> = [
        "COMPLIANT",
        "DUE_SOON",
        "OVERDUE",
        "MISSING_DATA",
        "EXCLUDED",
    ]
    .iter()
    .map(|s| (s.to_string(), 0))
    .collect();
    let rows = stmt
        .query_map([measure_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u64>(1)?))
        })
        .unwrap();
    for row in rows {
        let (status, n) = row.unwrap();
        counts.insert(status, n);
    }
    (counts, runs)
}

/// Checks that the four cards show the database's counts for their measures (every program
/// evaluated somebody) and that `runs` runs exist.
fn assert_cards_show_the_database(s: &Session, db: &Path, runs: u64, launch: &str) {
    let cards = s.execute(CARD_COUNTS).unwrap();
    let cards = cards.as_array().expect("a list of cards");
    assert_eq!(cards.len(), 4, "{launch}: one card per active demo measure");
    for card in cards {
        let id = card["measureId"].as_str().expect("data-measure-id");
        let (expected, found_runs) = db_counts(db, id);
        assert_eq!(found_runs, runs, "{launch}: runs in the database");
        let shown: BTreeMap<String, u64> = card["counts"]
            .as_object()
            .expect("counts by status")
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().expect("a count")))
            .collect();
        assert_eq!(
            shown, expected,
            "{launch}: the card {} shows other counts than the database",
            card["name"]
        );
        assert!(
            expected.values().sum::<u64>() > 0,
            "{launch}: nobody was evaluated for {}",
            card["name"]
        );
    }
}

/// Launches the app on `dir`'s database with a start-up trace, waits until the four cards
/// show their counts, checks them against the database, and returns the session and the
/// launch's figures.
fn measured_launch(dir: &tempfile::TempDir, label: &str, expected_runs: u64) -> (Session, Value) {
    let trace = dir.path().join(format!("startup-{label}.jsonl"));
    let _ = std::fs::remove_file(&trace);
    let started = Instant::now();
    let s = launch_with(dir, &[("WORKWELL_STARTUP_TRACE", trace.as_path())]);
    let session_ms = started.elapsed().as_millis();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let shown = s.execute(WATCH_CARDS).unwrap_or_else(|e| {
            let _ = s.screenshot(&format!("overview-{label}-failed"));
            panic!("{label}: {e}")
        });
        if shown == json!(true) {
            break;
        }
        if Instant::now() > deadline {
            let _ = s.screenshot(&format!("overview-{label}-failed"));
            panic!("{label}: the four cards did not show their counts within 120 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let harness_ms = started.elapsed().as_millis();
    let page = s.execute(PAGE_TIMINGS).unwrap();
    assert_cards_show_the_database(&s, &dir.path().join("workwell.db"), expected_runs, label);

    let marks = app_marks(&trace);
    let (_, main_since, main_epoch, _) = marks
        .iter()
        .find(|m| m.0 == "main")
        .cloned()
        .expect("main mark");
    let process_start_epoch = main_epoch - main_since;
    let origin = page["timeOrigin"].as_f64().unwrap_or(f64::NAN);
    let cards_at = page["cardsAt"].as_f64().unwrap_or(f64::NAN);
    let navigation_ms = origin - process_start_epoch;
    let figures = json!({
        "launch": label,
        "processStartToCardsMs": (navigation_ms + cards_at).round(),
        "navigationStartToCardsMs": cards_at.round(),
        "processStartToNavigationStartMs": navigation_ms.round(),
        "cardsTimeIsUpperBound": page["readyAtInstall"],
        "harness": { "sessionStartedMs": session_ms, "cardsSeenMs": harness_ms },
        "app": marks.iter().map(|(phase, since, _, detail)| json!({
            "phase": phase, "sinceProcessStartMs": since, "detail": detail,
        })).collect::<Vec<_>>(),
        "page": page,
    });
    (s, figures)
}

/// One launch's figures as a few readable lines.
fn describe(f: &Value) -> String {
    let ms = |v: &Value| v.as_f64().map_or("?".to_owned(), |x| format!("{x:.0}"));
    let page = &f["page"];
    let mut out = format!(
        "overview, {} launch: process start -> four cards with counts {} ms \
         (page navigation start at +{} ms, then {} ms to the cards{})\n",
        f["launch"].as_str().unwrap_or_default(),
        ms(&f["processStartToCardsMs"]),
        ms(&f["processStartToNavigationStartMs"]),
        ms(&f["navigationStartToCardsMs"]),
        if f["cardsTimeIsUpperBound"] == json!(true) {
            ", at most"
        } else {
            ""
        },
    );
    out.push_str("  app (ms since process start):");
    for m in f["app"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            " {} +{} [{}];",
            m["phase"].as_str().unwrap_or_default(),
            ms(&m["sinceProcessStartMs"]),
            m["detail"].as_str().unwrap_or_default()
        ));
    }
    out.push_str(&format!(
        "\n  page (ms since navigation start): html {} · DOMContentLoaded {} · first paint {} · \
         first contentful paint {} · four cards {} · counts {}\n  assets:",
        ms(&page["responseEnd"]),
        ms(&page["domContentLoaded"]),
        ms(&page["paint"]["first-paint"]),
        ms(&page["paint"]["first-contentful-paint"]),
        ms(&page["shellAt"]),
        ms(&page["cardsAt"]),
    ));
    for r in page["resources"].as_array().into_iter().flatten() {
        out.push_str(&format!(
            " {} {}..{} ms ({} B);",
            r["file"].as_str().unwrap_or_default(),
            ms(&r["startMs"]),
            ms(&r["endMs"]),
            r["bytes"]
        ));
    }
    out
}

#[test]
fn overview_opens_fast_fits_both_window_sizes_and_opens_a_program() {
    let dir = tempfile::tempdir().unwrap();
    let relaunches: usize = std::env::var("WW_OVERVIEW_RELAUNCHES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut all = Vec::new();
    // First launch: creates the demo database and runs all programs once.
    {
        let (_s, first) = measured_launch(&dir, "first", 1);
        println!("{}", describe(&first));
        all.push(first);
    }
    // Later launches on the existing demo database (no schedule is set: no run starts).
    let mut session = None;
    for i in 1..=relaunches {
        drop(session.take());
        let label = if i == 1 {
            "second".to_owned()
        } else {
            format!("later-{i}")
        };
        let (s, later) = measured_launch(&dir, &label, 1);
        println!("{}", describe(&later));
        all.push(later);
        session = Some(s);
    }
    let s = session.expect("a later launch");
    let out = s.shots.join("overview-timing.json");
    std::fs::write(&out, serde_json::to_string_pretty(&all).unwrap()).unwrap();
    println!("overview timing written to {}", out.display());

    // The trend charts: one canvas per card once uPlot has drawn, or the reason it could not.
    std::thread::sleep(Duration::from_secs(2));
    let charts = s
        .execute(
            "return { canvases: document.querySelectorAll('.trend-plot canvas').length, \
             errors: [...document.querySelectorAll('[data-testid=chart-error]')].map(e => e.textContent) };",
        )
        .unwrap();
    println!("overview trend charts: {charts}");
    assert_eq!(
        charts["errors"],
        serde_json::json!([]),
        "a trend chart could not be drawn: {charts}"
    );
    assert_eq!(
        charts["canvases"].as_u64(),
        Some(4),
        "one drawn trend chart per program card: {charts}"
    );

    for (w, h) in [(1280, 800), (1440, 900)] {
        s.set_window_size(w, h).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        let cut = s.execute(CUT_LABELS).unwrap();
        let shot = s.screenshot(&format!("overview-{w}x{h}")).unwrap();
        assert_eq!(
            cut,
            serde_json::json!([]),
            "labels cut off at {w}x{h} (see {})",
            shot.display()
        );
    }

    // The first card's title opens the program detail with its runs.
    let titles = s
        .wait_for(".program-head h2 a", 4, Duration::from_secs(5))
        .unwrap();
    s.click(&titles[0]).unwrap();
    let detail = s
        .wait_for("[data-testid=program-detail]", 1, Duration::from_secs(30))
        .unwrap_or_else(|e| {
            let _ = s.screenshot("program-detail-failed");
            panic!("{e}")
        });
    let text = s.text(&detail[0]).unwrap();
    assert!(text.contains("Top sites by overdue"), "{text}");
    let runs = s
        .wait_for("[data-testid=program-run]", 1, Duration::from_secs(10))
        .unwrap();
    assert_eq!(runs.len(), 1, "the first-launch run");
    s.screenshot("program-detail").unwrap();
}
