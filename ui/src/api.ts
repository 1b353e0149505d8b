// The one interface between the UI and the Rust backend. Every screen calls these
// functions; component tests replace the backend with `setBackend` (or mock this module).
// Nothing here decides anything: each function is one Tauri command.

import { invoke } from "@tauri-apps/api/core";
import type { AppStatus, CommandError, ErrorCode } from "./bindings";

/** The shape of `invoke`, so tests can pass a fake. */
export type Backend = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

let backend: Backend = (command, args) => invoke(command, args);

/** Replaces the backend (tests); returns the previous one. */
export function setBackend(next: Backend): Backend {
  const previous = backend;
  backend = next;
  return previous;
}

/** A failed command: `code` is what the UI switches on, `message` is for people. */
export class ApiError extends Error {
  readonly code: ErrorCode | "IPC";
  constructor(code: ErrorCode | "IPC", message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
  }
}

function isCommandError(e: unknown): e is CommandError {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as CommandError).code === "string" &&
    typeof (e as CommandError).message === "string"
  );
}

/** Turns whatever `invoke` rejected with into an ApiError. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isCommandError(e)) return new ApiError(e.code, e.message);
  // Tauri itself rejects with a plain string (unknown command, denied by a capability).
  const message = typeof e === "string" ? e : e instanceof Error ? e.message : String(e);
  return new ApiError("IPC", message);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return (await backend(command, args)) as T;
  } catch (e) {
    throw toApiError(e);
  }
}

/** Every backend call the UI makes. */
export const api = {
  /** Database file, schema version and row counts (`app_status`). */
  status: () => call<AppStatus>("app_status"),
};
