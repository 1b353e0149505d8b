import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { AuditEventRow, AuditOptions, AuditQuery } from "../bindings";
import { Audit, auditPageText, cleanQuery } from "./Audit";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const OPTIONS: AuditOptions = {
  eventTypes: ["CASE_ASSIGNED", "RUN_STARTED"],
  entityTypes: ["CASE", "RUN"],
  timeZone: "America/New_York",
};

const EVENT: AuditEventRow = {
  id: 7,
  eventType: "RUN_STARTED",
  entityType: "RUN",
  entityId: "r-1",
  actor: "local-user",
  occurredAt: "2026-07-01T14:03:00.123Z",
  payloadJson: '{"scope":"ALL_PROGRAMS"}',
  hash: "ab",
};

function backend(calls: Array<[string, Record<string, unknown> | undefined]>): Backend {
  return async (command, args) => {
    calls.push([command, args]);
    if (command === "audit_options") return OPTIONS;
    if (command === "search_audit_events") return [EVENT];
    if (command === "export_audit_csv") return { path: "/tmp/x/audit-events.csv", rows: 1 };
    if (command === "verify_audit_chain") return { intact: true, checked: 7, brokenAt: null, reason: null };
    throw { code: "NOT_FOUND", message: `no fake for ${command}` };
  };
}

describe("Audit", () => {
  it("leaves empty filters out of the query", () => {
    expect(cleanQuery({ eventType: "", entityType: null, actor: "  ada ", fromDate: "2026-07-01", toDate: " " })).toEqual({
      eventType: null,
      entityType: null,
      actor: "ada",
      fromDate: "2026-07-01",
      toDate: null,
    });
    expect(auditPageText(100, 50)).toBe("Events 101–150, newest first");
    expect(auditPageText(0, 0)).toBe("No events");
  });

  it("shows events in the organisation's zone and sends the filters to the backend", async () => {
    const calls: Array<[string, Record<string, unknown> | undefined]> = [];
    restore = setBackend(backend(calls));
    render(<Audit />);
    await screen.findAllByTestId("audit-row");
    // 14:03 UTC is 10:03 in New York in July.
    expect(await screen.findByText("2026-07-01 10:03")).toBeTruthy();
    await screen.findByRole("option", { name: "Run started" });
    fireEvent.change(screen.getByLabelText("Event type"), { target: { value: "RUN_STARTED" } });
    fireEvent.change(screen.getByLabelText("From date"), { target: { value: "2026-07-01" } });
    await waitFor(() => {
      const last = calls.filter(([c]) => c === "search_audit_events").pop();
      expect((last?.[1] as { query: AuditQuery }).query).toEqual({
        eventType: "RUN_STARTED",
        entityType: null,
        actor: null,
        fromDate: "2026-07-01",
        toDate: null,
      });
    });
  });

  it("exports the filtered events and verifies the chain", async () => {
    const calls: Array<[string, Record<string, unknown> | undefined]> = [];
    restore = setBackend(backend(calls));
    render(<Audit />);
    await screen.findAllByTestId("audit-row");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    expect((await screen.findByTestId("audit-export")).textContent).toBe("1 events written to /tmp/x/audit-events.csv");
    const exported = calls.find(([c]) => c === "export_audit_csv");
    expect(exported?.[1]).toEqual({ query: cleanQuery({ eventType: null, entityType: null, actor: null, fromDate: null, toDate: null }), path: null });
    fireEvent.click(screen.getByRole("button", { name: "Verify chain" }));
    expect((await screen.findByText(/Ledger intact/)).textContent).toBe("Ledger intact: 7 events verified.");
  });
});
