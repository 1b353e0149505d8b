import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { AuditEventRow, AuditOptions, AuditQuery, LedgerCheck } from "../bindings";
import { entityHref, prettyPayload } from "./AuditDetails";
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

const INTACT: LedgerCheck = { checked: 7, casesChecked: 3, rulesChecked: 4, intact: true, problems: [] };
let verdict: LedgerCheck = INTACT;

function backend(calls: Array<[string, Record<string, unknown> | undefined]>): Backend {
  return async (command, args) => {
    calls.push([command, args]);
    if (command === "audit_options") return OPTIONS;
    if (command === "search_audit_events") return [EVENT];
    if (command === "export_audit_csv") return { path: "/tmp/x/audit-events.csv", rows: 1 };
    if (command === "verify_audit_chain") return verdict;
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
    expect((await screen.findByText(/Ledger intact/)).textContent).toBe(
      "Ledger intact: 7 events verified, 3 cases agree with their history, 4 approved rules unchanged.",
    );
  });

  // QA3 H3: the verdict decided in Rust shows each failing problem in red with its entity.
  it("shows rule drift and case mismatches from the verification in red", async () => {
    verdict = {
      checked: 7,
      casesChecked: 3,
      rulesChecked: 4,
      intact: false,
      problems: [
        {
          kind: "RULE_DRIFT",
          entityType: "MEASURE_VERSION",
          entityId: "v-1",
          entityLabel: "TB Screening version 1.0",
          message: "CQL changed since approval (approved a84e, now f62d) (runs refuse it until it is restored)",
          fails: true,
        },
        {
          kind: "CASE",
          entityType: "CASE",
          entityId: "c-9",
          entityLabel: "case c-9",
          message: "assignee: the row says Mallory, the ledger says (none)",
          fails: true,
        },
        {
          kind: "FIXTURES_CHANGED",
          entityType: "MEASURE_VERSION",
          entityId: "v-1",
          entityLabel: "TB Screening version 1.0",
          message: "test fixtures changed since the approval: added x",
          fails: false,
        },
      ],
    };
    try {
      restore = setBackend(backend([]));
      render(<Audit />);
      fireEvent.click(screen.getByRole("button", { name: "Verify chain" }));
      const alert = await screen.findByRole("alert");
      expect(alert.className).toContain("broken");
      expect(alert.textContent).toContain("Verification failed: 2 problems");
      expect(alert.textContent).toContain("TB Screening version 1.0: CQL changed since approval");
      expect(screen.getByRole("link", { name: "case c-9" }).getAttribute("href")).toBe("#/cases/c-9");
      expect(alert.textContent).not.toContain("added x");
      expect(screen.getByText(/added x/)).toBeTruthy();
      expect(screen.queryByText(/Ledger intact/)).toBeNull();
    } finally {
      verdict = INTACT;
    }
  });

  // QA3 H10: a row expands to its full, indented payload; entity ids link to their screen.
  it("expands an event to its full details and links its entity", async () => {
    restore = setBackend(backend([]));
    render(<Audit />);
    await screen.findAllByTestId("audit-row");
    expect(screen.getByRole("link", { name: "r-1" }).getAttribute("href")).toBe("#/runs/r-1");
    expect(screen.queryByTestId("audit-details")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Details of event 7" }));
    const details = await screen.findByTestId("audit-details");
    expect(details.querySelector("pre")?.textContent).toBe('{\n  "scope": "ALL_PROGRAMS"\n}');
    fireEvent.click(screen.getAllByTestId("audit-row")[0]);
    expect(screen.queryByTestId("audit-details")).toBeNull();
  });

  it("knows which entities have a screen", () => {
    expect(entityHref("CASE", "c 1")).toBe("#/cases/c%201");
    expect(entityHref("EMPLOYEE", "e-1")).toBe("#/employees/e-1");
    expect(entityHref("MEASURE_VERSION", "v-1", '{"measureId":"m-1"}')).toBe("#/measures/m-1");
    expect(entityHref("MEASURE_VERSION", "v-1", "{}")).toBeNull();
    expect(entityHref("SETTING", "user_name")).toBeNull();
    expect(prettyPayload("not json")).toBe("not json");
  });
});
