// Generated from the Rust types in src-tauri by ts-rs; do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p workwell-app bindings

export type ErrorCode = "NOT_FOUND" | "INVALID_INPUT" | "DATABASE_UNUSABLE" | "DATABASE" | "INTERNAL";

export type CommandError = { code: ErrorCode, message: string, };

export type TableCount = { table: string, rows: number, };

export type AppStatus = { dbPath: string, createdThisLaunch: boolean, schemaVersion: number, tables: Array<TableCount>, };
