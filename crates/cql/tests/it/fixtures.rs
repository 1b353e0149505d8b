//! The seeded demo measures compile without errors and give each fixture's expected
//! outcome status (every status occurs for every measure).

use super::support::{fixtures, seeds_dir, terminology, MEASURES};
use ww_cql::{compile_library, EvaluationRequest};

#[test]
fn demo_measures_give_the_fixture_statuses() {
    let term = terminology();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (id, file) in MEASURES {
        let path = seeds_dir().join(file);
        let Ok(src) = std::fs::read_to_string(&path) else {
            eprintln!("{} not found; skipping", path.display());
            continue;
        };
        let lib = compile_library(&src, &[]);
        assert!(!lib.has_errors(), "{file}: {:?}", lib.diagnostics);
        for fx in fixtures(id) {
            let req = EvaluationRequest {
                patient_id: Some(&fx.patient),
                now: fx.now,
                parameters: &fx.params,
                data: &fx.data,
                terminology: &term,
                deadline: None,
            };
            let results = lib.evaluate(&req);
            let status = results
                .iter()
                .find(|d| d.name == "Outcome Status")
                .map(|d| match &d.value {
                    Ok(v) => v.as_str().unwrap_or("null").to_string(),
                    Err(e) => format!("error: {e}"),
                })
                .unwrap_or_default();
            for d in &results {
                assert!(
                    d.value.is_ok(),
                    "{file}/{}: define {} failed: {:?}",
                    fx.name,
                    d.name,
                    d.value
                );
            }
            if status != fx.expected {
                wrong.push(format!(
                    "{file}/{}: expected {} got {status}",
                    fx.name, fx.expected
                ));
            }
            checked += 1;
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    eprintln!("{checked} fixtures checked");
}
