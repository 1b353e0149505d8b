//! The programs overview in the real window (APP-C): how long it takes to show its cards on
//! the demo database, whole status labels at 1280 x 800 and 1440 x 900, and the program
//! detail screen.

use super::launch;
use std::time::{Duration, Instant};

/// Status labels (and card titles) whose text is cut off: their scroll width exceeds their
/// box. The answer is a list of the cut texts.
const CUT_LABELS: &str =
    "return [...document.querySelectorAll('.status-list .l, .program-head h2')]\
    .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);";

#[test]
fn overview_opens_fast_fits_both_window_sizes_and_opens_a_program() {
    let dir = tempfile::tempdir().unwrap();
    // First launch creates the demo database and runs all programs; close it.
    {
        let s = launch(&dir);
        s.wait_for("[data-testid=program-card]", 4, Duration::from_secs(120))
            .unwrap_or_else(|e| {
                let _ = s.screenshot("overview-first-launch-failed");
                panic!("{e}")
            });
    }
    // Second launch on the existing demo database: time to four cards with counts.
    let started = Instant::now();
    let s = launch(&dir);
    let session_ready = started.elapsed();
    s.wait_for(
        "[data-testid=program-card] .status-list",
        4,
        Duration::from_secs(60),
    )
    .unwrap();
    let cards_shown = started.elapsed();
    let in_page = s
        .execute("return performance.now();")
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN);
    println!(
        "overview timing: app launched and session ready after {} ms; four cards shown after {} ms; \
         {in_page:.0} ms after the page started loading (at most the ~50 ms WebDriver poll later)",
        session_ready.as_millis(),
        cards_shown.as_millis()
    );
    assert!(
        in_page < 5_000.0,
        "the overview took {in_page:.0} ms after the page started loading"
    );

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
