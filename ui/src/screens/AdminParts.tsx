// Small pieces shared by the Admin, value-set and mapping screens: keyboard-navigable tabs,
// the state of a button-triggered backend call, and an error box for a refused action.
// Presentation only: every rule (what is allowed, what is valid) comes from Rust.

import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { admin, ApiError, toApiError } from "../api";
import { formatInZone } from "./ProgramCardData";

/** One tab: an id (used in element ids) and its label. */
export type TabDef = { id: string; label: string };

/**
 * A tab strip (WAI-ARIA tabs pattern): Left/Right/Home/End move between tabs, the selected
 * tab is the only one in the tab order, and the panel is labelled by its tab.
 */
export function Tabs(props: {
  label: string;
  tabs: TabDef[];
  selected: string;
  onSelect: (id: string) => void;
  children: ReactNode;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const index = Math.max(
    0,
    props.tabs.findIndex((t) => t.id === props.selected),
  );
  const move = (to: number) => {
    const n = props.tabs.length;
    const next = props.tabs[((to % n) + n) % n];
    props.onSelect(next.id);
    refs.current[next.id]?.focus();
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "ArrowRight") move(index + 1);
    else if (e.key === "ArrowLeft") move(index - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(props.tabs.length - 1);
    else return;
    e.preventDefault();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={props.label} onKeyDown={onKey}>
        {props.tabs.map((t) => {
          const selected = t.id === props.tabs[index].id;
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`tab-${t.id}`}
              aria-selected={selected}
              aria-controls={`panel-${t.id}`}
              tabIndex={selected ? 0 : -1}
              className={selected ? "tab active" : "tab"}
              ref={(el) => {
                refs.current[t.id] = el;
              }}
              onClick={() => props.onSelect(t.id)}
            >
              {t.label}
            </button>
          );
        })}
      </div>
      <div
        role="tabpanel"
        id={`panel-${props.tabs[index].id}`}
        aria-labelledby={`tab-${props.tabs[index].id}`}
        className="tabpanel"
      >
        {props.children}
      </div>
    </>
  );
}

/** The state of an action the user started: idle, running, done (with a result) or failed. */
export type ActionState<T> =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; result: T }
  | { kind: "failed"; error: ApiError };

/** Runs backend calls one at a time and keeps the last outcome for display. */
export function useAction<T>() {
  const [state, setState] = useState<ActionState<T>>({ kind: "idle" });
  const run = async (call: () => Promise<T>): Promise<T | undefined> => {
    setState({ kind: "running" });
    try {
      const result = await call();
      setState({ kind: "done", result });
      return result;
    } catch (e) {
      setState({ kind: "failed", error: toApiError(e) });
      return undefined;
    }
  };
  return { state, run, reset: () => setState({ kind: "idle" }), busy: state.kind === "running" };
}

/**
 * A refused or failed action: the engine's message, line by line (imports list every bad
 * `FILE:LINE`), with its code.
 */
export function Refusal(props: { error: ApiError; title?: string }) {
  const lines = props.error.message.split("\n").filter((l) => l.trim() !== "");
  return (
    <div className="error-box" role="alert">
      <strong>{props.title ?? "Refused."}</strong>{" "}
      {lines.length <= 1 ? (
        props.error.message
      ) : (
        <ul className="error-lines" aria-label="Problems">
          {lines.map((l, i) => (
            <li key={i} className="mono small">
              {l}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** An optional text field: blank becomes null, as the Rust requests expect. */
export function orNull(text: string): string | null {
  return text.trim() === "" ? null : text;
}

/** The last segment of a code-system URI (`http://loinc.org` -> `loinc.org`). */
export function systemName(uri: string): string {
  const trimmed = uri.replace(/\/+$/, "");
  return trimmed.slice(trimmed.lastIndexOf("/") + 1) || uri;
}

/** The organisation's time zone from the settings (undefined until loaded, or on failure: UTC). */
export function useOrgZone(): string | undefined {
  const [zone, setZone] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    admin.settings().then(
      (s) => live && typeof s?.orgTimeZone === "string" && setZone(s.orgTimeZone),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return zone;
}

/** A UTC ISO-8601 instant as `2026-11-30 08:03 America/Chicago` in the organisation's zone. */
export function when(ts: string | null, zone: string | undefined): string {
  if (!ts) return "—";
  return `${formatInZone(ts, zone)} ${zone ?? "UTC"}`;
}
