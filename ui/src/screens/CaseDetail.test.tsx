import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, setPathChooser, type Backend, type PathChooser } from "../api";
import type { CaseDetailDto } from "../bindings";
import { CaseDetail } from "./CaseDetail";

let restore: Backend | undefined;
let restoreChooser: PathChooser | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  if (restoreChooser) setPathChooser(restoreChooser);
  restore = undefined;
  restoreChooser = undefined;
});

export const CASE: CaseDetailDto = {
  id: "c1",
  status: "OPEN",
  priority: "HIGH",
  assignee: null,
  nextAction: "Schedule an annual audiogram.",
  currentOutcomeStatus: "OVERDUE",
  evaluationPeriod: "2026",
  employee: { id: "e1", externalId: "emp-007", name: "Ada Byrne", role: "Machinist", site: "North Plant" },
  measureId: "m1",
  measureName: "Hearing conservation audiogram",
  measureVersion: "1.0",
  lastRunId: "r1",
  createdLocal: "2026-05-06 10:03 EDT",
  updatedLocal: "2026-05-06 10:03 EDT",
  closedLocal: null,
  closedBy: null,
  closedReason: null,
  why: {
    defines: [{ name: "Outcome Status", value: "OVERDUE" }],
    facts: [
      { name: "last_exam_date", value: "2025-03-10" },
      { name: "days_overdue", value: "55" },
    ],
    measurementPeriod: "2025-05-06 00:00 EDT to 2026-05-06 23:59 EDT",
    evaluationError: null,
  },
  timeline: [
    { at: "2026-05-06T14:03:00.123Z", atLocal: "2026-05-06 10:03 EDT", source: "AUDIT", kind: "CASE_CREATED", actor: "SYSTEM", details: [{ name: "outcomeStatus", value: "OVERDUE" }] },
  ],
  deliveries: [],
  allowedActions: ["ASSIGNED", "ESCALATED", "APPOINTMENT_SCHEDULED", "OUTREACH_SENT", "RERUN_TO_VERIFY", "RESOLVED", "NOTE_ADDED"],
  currentUser: "local-user",
  timeZone: "America/New_York",
  today: "2026-05-06",
  outreachTemplates: [
    { key: "Overdue notice", name: "Overdue notice", forMeasure: false },
    { key: "Exam reminder", name: "Exam reminder", forMeasure: false },
  ],
  defaultTemplate: "Overdue notice",
};

/** A fake backend that records calls and answers from `answers`. */
function fake(answers: Record<string, unknown | ((args: Record<string, unknown>) => unknown)>) {
  const calls: Array<[string, Record<string, unknown>]> = [];
  restore = setBackend(async (command, args = {}) => {
    calls.push([command, args]);
    const a = answers[command];
    if (a === undefined) throw { code: "NOT_FOUND", message: `no fake for ${command}` };
    return typeof a === "function" ? (a as (x: Record<string, unknown>) => unknown)(args) : a;
  });
  return calls;
}

describe("CaseDetail", () => {
  it("shows who, why flagged with readable fact names, and the timeline", async () => {
    fake({ get_case: CASE });
    render(<CaseDetail caseId="c1" />);
    expect(await screen.findByText("Ada Byrne")).toBeTruthy();
    expect(screen.getByText("Last exam date")).toBeTruthy();
    expect(screen.getByText("Days overdue")).toBeTruthy();
    expect(screen.getByText("Outcome Status")).toBeTruthy();
    expect(screen.getByText("Case created")).toBeTruthy();
    expect(screen.getByText(/Outcome status: Overdue/)).toBeTruthy();
    expect(screen.getByText(/Times in America\/New_York/)).toBeTruthy();
  });

  it("assigns to the current user by default and shows a refusal with its code", async () => {
    let assigned = false;
    const calls = fake({
      get_case: () => (assigned ? { ...CASE, assignee: "local-user" } : CASE),
      case_assign: () => {
        assigned = true;
        return { actionType: "ASSIGNED", status: "OPEN", priority: "HIGH", auditEventId: 9 };
      },
      case_escalate: () => Promise.reject({ code: "INVALID_TRANSITION", message: "cannot ESCALATED case c1: it is already OPEN at CRITICAL priority" }),
    });
    render(<CaseDetail caseId="c1" />);
    fireEvent.click(await screen.findByTestId("assign-button"));
    expect(await screen.findByText("Assigned to local-user.")).toBeTruthy();
    expect(calls.find((c) => c[0] === "case_assign")?.[1]).toEqual({ caseId: "c1", assignee: "local-user" });
    await waitFor(() => expect(screen.getByTestId("case-assignee").textContent).toBe("local-user"));
    fireEvent.click(screen.getByText("Escalate"));
    expect(await screen.findByText(/already OPEN at CRITICAL/)).toBeTruthy();
    expect(screen.getByTestId("case-error").textContent).not.toContain("INVALID_TRANSITION"); // QA3 H8: the message only
  });

  it("sends outreach only after a preview, and says it was simulated", async () => {
    const calls = fake({
      get_case: CASE,
      preview_outreach: {
        templateName: "Overdue notice",
        toAddress: "emp-007@workwell-demo.dev",
        subject: "Your audiogram is overdue",
        bodyText: "Dear Ada Byrne, please book by 2026-05-20.",
        dueDate: "2026-05-20",
        provider: "simulated",
      },
      send_outreach: { status: "SIMULATED", provider: "simulated", toAddress: "emp-007@workwell-demo.dev", errorDetail: null, auditEventId: 12 },
    });
    render(<CaseDetail caseId="c1" />);
    const send = (await screen.findByTestId("outreach-send")) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByTestId("outreach-preview"));
    expect(await screen.findByText("Your audiogram is overdue")).toBeTruthy();
    expect(screen.getByText(/nothing leaves this machine/)).toBeTruthy();
    await waitFor(() => expect(send.disabled).toBe(false));
    fireEvent.click(send);
    expect(await screen.findByTestId("outreach-sent")).toBeTruthy();
    expect(screen.getByText(/Outreach simulated to emp-007@workwell-demo.dev/)).toBeTruthy();
    expect(calls.filter((c) => c[0] === "send_outreach")).toHaveLength(1);
    // Without a pick, the engine's default for the case is what is previewed and sent.
    expect(calls.find((c) => c[0] === "preview_outreach")?.[1]).toEqual({ caseId: "c1", template: "Overdue notice" });
    expect(calls.find((c) => c[0] === "send_outreach")?.[1]).toEqual({ caseId: "c1", template: "Overdue notice" });
  });

  it("previews and sends the picked template; a new pick needs a new preview", async () => {
    const rendered = (args: Record<string, unknown>) => ({
      templateName: args.template === "t-audio" ? "Audiogram booking" : "Overdue notice",
      toAddress: "emp-007@workwell-demo.dev",
      subject: args.template === "t-audio" ? "Book your audiogram" : "Your audiogram is overdue",
      bodyText: "Dear Ada Byrne.",
      dueDate: "2026-05-20",
      provider: "simulated",
    });
    const calls = fake({
      get_case: {
        ...CASE,
        outreachTemplates: [
          { key: "t-audio", name: "Audiogram booking", forMeasure: true },
          { key: "t-any", name: "General follow-up", forMeasure: false },
        ],
        defaultTemplate: "t-audio",
      },
      preview_outreach: rendered,
      send_outreach: { status: "SIMULATED", provider: "simulated", toAddress: "emp-007@workwell-demo.dev", errorDetail: null, auditEventId: 12 },
    });
    render(<CaseDetail caseId="c1" />);
    const picker = (await screen.findByLabelText("Outreach template")) as HTMLSelectElement;
    expect(picker.value).toBe("t-audio");
    expect([...picker.options].map((o) => o.textContent)).toEqual([
      "Audiogram booking (Hearing conservation audiogram)",
      "General follow-up (any measure)",
    ]);
    fireEvent.click(screen.getByTestId("outreach-preview"));
    expect(await screen.findByText("Book your audiogram")).toBeTruthy();
    const send = screen.getByTestId("outreach-send") as HTMLButtonElement;
    await waitFor(() => expect(send.disabled).toBe(false));

    // Another pick drops the preview: sending waits for the new one.
    fireEvent.change(picker, { target: { value: "t-any" } });
    expect(screen.queryByText("Book your audiogram")).toBeNull();
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByTestId("outreach-preview"));
    expect(await screen.findByText("Your audiogram is overdue")).toBeTruthy();
    await waitFor(() => expect(send.disabled).toBe(false));
    fireEvent.click(send);
    expect(await screen.findByTestId("outreach-sent")).toBeTruthy();
    expect(calls.filter((c) => c[0] === "preview_outreach").map((c) => c[1].template)).toEqual(["t-audio", "t-any"]);
    expect(calls.find((c) => c[0] === "send_outreach")?.[1]).toEqual({ caseId: "c1", template: "t-any" });
  });

  it("exports the packet, shows its SHA-256, and verifies the file", async () => {
    const calls = fake({
      get_case: CASE,
      export_packet: (args: Record<string, unknown>) => ({
        path: (args.path as string | null) ?? "/data/exports/case-c1-20260506T140300123Z.json",
        packetType: "CASE",
        format: args.format,
        sha256: "ab".repeat(32),
        sizeBytes: 12345,
        exportId: "x1",
      }),
      verify_packet_file: { path: "/p", sha256: "ab".repeat(32), sizeBytes: 12345, verified: true, exportId: "x1", claimed: "CASE c1", recordedHashes: ["ab".repeat(32)] },
    });
    render(<CaseDetail caseId="c1" />);
    fireEvent.click(await screen.findByTestId("packet-export"));
    expect((await screen.findByTestId("packet-sha256")).textContent).toBe("ab".repeat(32));
    expect(calls.find((c) => c[0] === "export_packet")?.[1]).toEqual({ packetType: "CASE", entityId: "c1", format: "json", path: null });
    fireEvent.click(screen.getByTestId("packet-verify"));
    expect((await screen.findByTestId("packet-check")).textContent).toMatch(/^Verified: SHA-256 .* matches export x1\./);

    // Save as…: the chosen path goes to the command; a cancelled dialog writes nothing.
    let answer: string | null = "/home/me/case.html";
    restoreChooser = setPathChooser(async () => answer);
    fireEvent.change(screen.getByLabelText("Packet format"), { target: { value: "html" } });
    fireEvent.click(screen.getByText("Save as…"));
    await waitFor(() => expect(screen.getByTestId("packet-path").textContent).toBe("/home/me/case.html"));
    expect(calls.filter((c) => c[0] === "export_packet").at(-1)?.[1]).toMatchObject({ format: "html", path: "/home/me/case.html" });
    answer = null;
    const before = calls.length;
    fireEvent.click(screen.getByText("Save as…"));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.slice(before).filter((c) => c[0] === "export_packet")).toHaveLength(0);
  });

  it("offers only a note on a closed case", async () => {
    fake({ get_case: { ...CASE, status: "CLOSED", allowedActions: ["NOTE_ADDED"], closedLocal: "2026-05-07 09:00 EDT", closedBy: "dana" } });
    render(<CaseDetail caseId="c1" />);
    expect(await screen.findByText("Add note")).toBeTruthy();
    expect(screen.queryByTestId("assign-button")).toBeNull();
    expect(screen.queryByTestId("outreach-preview")).toBeNull();
    expect(screen.queryByLabelText("Outreach template")).toBeNull();
    expect(screen.getByText("Outreach is for open cases only.")).toBeTruthy();
    expect(screen.getByText(/by dana/)).toBeTruthy();
  });

  it("shows the flu season, due date and enum values readably (QA H7, H9)", async () => {
    fake({
      get_case: {
        ...CASE,
        why: {
          ...CASE.why,
          defines: [
            { name: "Season", value: '{"low":"2026-08-01","high":"2027-03-31","lowClosed":true,"highClosed":true}' },
            { name: "Qualifying Procedures", value: '[{"reference":"Procedure/emp-042-aud-1"}]' },
            { name: "Outcome Status", value: "OVERDUE" },
          ],
          facts: [
            { name: "season", value: '{"low":"2026-08-01","high":"2027-03-31","lowClosed":true,"highClosed":true}' },
            { name: "due_date", value: "2026-11-15" },
            { name: "waiver_status", value: "NONE" },
          ],
        },
        timeline: [
          { at: "t1", atLocal: "2026-05-06 10:03 EDT", source: "AUDIT", kind: "CASE_ESCALATED", actor: "dana", details: [{ name: "fromPriority", value: "HIGH" }, { name: "toPriority", value: "CRITICAL" }, { name: "toStatus", value: "OPEN" }] },
        ],
      },
    });
    render(<CaseDetail caseId="c1" />);
    expect(await screen.findAllByText("Season")).toHaveLength(2);
    expect(screen.getAllByText("2026-08-01 to 2027-03-31")).toHaveLength(2);
    expect(screen.getByText("Due date")).toBeTruthy();
    expect(screen.getByText("2026-11-15")).toBeTruthy();
    expect(screen.getByText("None")).toBeTruthy();
    expect(screen.getByText("Procedure/emp-042-aud-1")).toBeTruthy();
    expect(screen.getByText("To priority: Critical")).toBeTruthy();
    expect(screen.getByText("To status: Open")).toBeTruthy();
    expect(screen.queryByText(/OVERDUE|CRITICAL|lowClosed/)).toBeNull();
  });

  it("keeps the confirmation of an action that changes the case, and a closed case shows nothing to do (QA H13)", async () => {
    let state = CASE;
    fake({
      get_case: () => state,
      case_escalate: () => {
        state = { ...state, priority: "CRITICAL" };
        return { actionType: "ESCALATED", status: "OPEN", priority: "CRITICAL", auditEventId: 10 };
      },
      send_outreach: { status: "SIMULATED", provider: "simulated", toAddress: "emp-007@workwell-demo.dev", errorDetail: null, auditEventId: 12 },
      preview_outreach: { templateName: "Overdue notice", toAddress: "emp-007@workwell-demo.dev", subject: "S", bodyText: "B", dueDate: "2026-05-20", provider: "simulated" },
      case_resolve: () => {
        state = { ...state, status: "CLOSED", nextAction: null, allowedActions: ["NOTE_ADDED"], closedLocal: "2026-05-07 09:00 EDT", closedBy: "local-user" };
        return { actionType: "RESOLVED", status: "CLOSED", priority: "CRITICAL", auditEventId: 13 };
      },
    });
    render(<CaseDetail caseId="c1" />);
    expect(await screen.findByText(/Schedule an annual audiogram/)).toBeTruthy();
    fireEvent.click(screen.getByText("Escalate"));
    expect(await screen.findByText("Escalated: priority Critical, status Open.")).toBeTruthy();
    // The reload brought the new priority; the confirmation is still there.
    await waitFor(() => expect(screen.getAllByText("Critical").length).toBeGreaterThan(0));
    expect(screen.getByText("Escalated: priority Critical, status Open.")).toBeTruthy();

    fireEvent.click(screen.getByTestId("outreach-preview"));
    await screen.findByText("S");
    await waitFor(() => expect((screen.getByTestId("outreach-send") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("outreach-send"));
    expect(await screen.findByText(/Outreach simulated to/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText(/Resolution/i), { target: { value: "exam done elsewhere" } });
    fireEvent.click(screen.getByText("Resolve"));
    expect(await screen.findByText("Case closed.")).toBeTruthy();
    await waitFor(() => expect(screen.getByText("Outreach is for open cases only.")).toBeTruthy());
    expect(screen.getByText("Case closed.")).toBeTruthy();
    expect(screen.queryByText(/Next action/)).toBeNull();
    expect(screen.queryByText(/Outreach simulated to/)).toBeNull();
    expect(screen.queryByTestId("outreach-sent")).toBeNull();
  });
});
