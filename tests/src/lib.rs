//! Workspace-level tests of WorkWell. The tests live in `it/` (architecture invariants,
//! checked from `cargo metadata`) and `e2e/` (the real application window, feature `e2e`).
