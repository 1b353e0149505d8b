//! ww-store integration tests: one binary, one module per concern.

mod cases;
mod contract;
mod demo;
mod ledger;
mod open;
mod seeding;
