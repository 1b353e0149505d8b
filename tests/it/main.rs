//! Workspace-level integration tests: one binary, one module per concern.

mod architecture;
mod shell_sql;
