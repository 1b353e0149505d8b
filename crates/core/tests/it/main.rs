//! Integration tests of ww-core over a real SQLite file: runs, outcomes, cases, imports.

mod cases;
mod engine;
mod imports;
mod population;
mod read;
mod runs;
mod support;
mod synthea;
mod zones;
