//! Compile time of each seeded demo measure (target < 5 ms) and evaluation time per
//! employee per measure over the measures' fixture records (target < 50 µs).
//!
//! Run: `cargo bench -p ww-cql`.

#[path = "../tests/it/support.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use support::{fixtures, seeds_dir, terminology, MEASURES};
use ww_cql::{compile_library, EvaluationRequest};

fn bench(c: &mut Criterion) {
    let term = terminology();
    for (id, file) in MEASURES {
        let Ok(src) = std::fs::read_to_string(seeds_dir().join(file)) else {
            continue;
        };
        c.bench_function(&format!("compile {file}"), |b| {
            b.iter(|| compile_library(black_box(&src), &[]))
        });
        let lib = compile_library(&src, &[]);
        let fx = fixtures(id);
        if fx.is_empty() {
            continue;
        }
        // One iteration evaluates every define of the measure for one employee, cycling
        // through the fixture employees (fresh caches each time, as in a run).
        let mut i = 0;
        c.bench_function(&format!("evaluate {file} per employee"), |b| {
            b.iter(|| {
                let f = &fx[i % fx.len()];
                i += 1;
                let req = EvaluationRequest {
                    patient_id: Some(&f.patient),
                    now: f.now,
                    parameters: &f.params,
                    data: &f.data,
                    terminology: &term,
                    deadline: None,
                };
                black_box(lib.evaluate(&req))
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = bench
}
criterion_main!(benches);
