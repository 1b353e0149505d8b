//! ww-store integration tests: one binary, one module per concern.

mod open;
