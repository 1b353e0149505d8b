import { useEffect, useRef, useState } from "react";
import { admin } from "../api";
import type { DemoResetDto } from "../bindings";
import { count } from "../labels";
import { Refusal, useAction } from "./AdminParts";

/** Reloads the window (replaced in tests). */
export let reloadWindow = () => window.location.reload();

/** Replaces the reload (tests); returns the previous one. */
export function setReloadWindow(next: () => void): () => void {
  const previous = reloadWindow;
  reloadWindow = next;
  return previous;
}

/**
 * Demo reset behind a confirmation dialog: the user types RESET (Rust checks it), the old file
 * is kept beside the new one, and the window reloads on the new database.
 */
export function AdminReset() {
  const [open, setOpen] = useState(false);
  return (
    <section className="card" aria-label="Demo reset">
      <h2>Demo reset</h2>
      <p>
        Starts a fresh demo database: the standard measures, 200 fictitious employees with their health records, and one
        run of all programs. The current file is kept beside it under a timestamped name, so no audit record is lost.
      </p>
      <button type="button" className="danger" onClick={() => setOpen(true)}>
        Reset the demo database…
      </button>
      {open && <ResetDialog onClose={() => setOpen(false)} />}
    </section>
  );
}

function ResetDialog(props: { onClose: () => void }) {
  const [typed, setTyped] = useState("");
  const [force, setForce] = useState(false);
  const action = useAction<DemoResetDto>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  const refusedAsNotDemo = action.state.kind === "failed" && action.state.error.code === "INVALID_TRANSITION";
  const submit = async () => {
    const r = await action.run(() => admin.demoReset(typed, force));
    if (r) setTimeout(() => reloadWindow(), 1500);
  };
  return (
    <div className="modal-backdrop">
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="reset-title"
        onKeyDown={(e) => {
          if (e.key === "Escape" && !action.busy) props.onClose();
        }}
      >
        <h2 id="reset-title">Reset the demo database?</h2>
        <p>
          Type <strong className="mono">RESET</strong> to confirm.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <input
            ref={input}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-label="Confirmation"
            autoComplete="off"
            data-testid="reset-confirmation"
          />
          {refusedAsNotDemo && (
            <label className="block">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Replace it anyway
              (the file is kept beside the new one)
            </label>
          )}
          <div className="toolbar">
            <button type="submit" className="danger" disabled={typed === "" || action.busy || action.state.kind === "done"}>
              {action.busy ? "Resetting…" : "Reset"}
            </button>
            <button type="button" className="secondary" onClick={props.onClose} disabled={action.busy}>
              Cancel
            </button>
          </div>
        </form>
        {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not reset." />}
        {action.state.kind === "done" && (
          <p className="ok" role="status">
            New demo database with {count(action.state.result.employees)} employees and{" "}
            {count(action.state.result.resources)} health records
            {action.state.result.archivedTo ? `; the old file is ${action.state.result.archivedTo}` : ""}. Reloading…
          </p>
        )}
      </div>
    </div>
  );
}
