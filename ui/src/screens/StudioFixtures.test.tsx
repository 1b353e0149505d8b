import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { FixtureRow, StudioMeasure } from "../bindings";
import { Studio } from "./Studio";
import { bundleTemplate, draftFromForm, formFromRow, newFixtureForm, todayIn } from "./StudioFixtureModel";
import { version } from "./StudioTestData";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const row: FixtureRow = {
  name: "overdue-exam-456-days-ago",
  description: "exam 456 days ago",
  asOf: "2026-03-02",
  expectedStatus: "OVERDUE",
  role: "Machine Operator",
  site: "Plant A",
  startDate: "2019-06-03",
  hasActiveWaiver: false,
  active: true,
  patientId: "fixture-patient",
  resources: 2,
  bundleJson: '{\n  "resourceType": "Bundle"\n}',
  sha256: "ab".repeat(32),
  source: "seed",
};

function measure(draft: boolean): StudioMeasure {
  return {
    id: "m1",
    name: "Hearing Conservation: Annual Audiogram",
    policyRef: null,
    owner: null,
    versions: draft
      ? [version("v11", "DRAFT", { version: "1.1" }), version("v10", "ACTIVE", { version: "1.0" })]
      : [version("v10", "ACTIVE", { version: "1.0" })],
  };
}

/** A backend with one stored fixture; `extra` answers the other commands. */
function fake(draft: boolean, extra: (command: string, args?: Record<string, unknown>) => unknown) {
  const calls: Array<[string, Record<string, unknown> | undefined]> = [];
  restore = setBackend(async (command, args) => {
    calls.push([command, args]);
    if (command === "studio_measure") return measure(draft);
    if (command === "studio_fixtures") return [row];
    if (command === "get_settings") return { orgTimeZone: "UTC" };
    return extra(command, args);
  });
  return calls;
}

async function openFixtures() {
  render(<Studio measureId="m1" />);
  fireEvent.click(await screen.findByRole("tab", { name: "Fixtures" }));
  await screen.findByTestId("fixture-row");
}

describe("Fixture editor model", () => {
  it("starts a new fixture with the patient in its bundle and the employee of another fixture", () => {
    const f = newFixtureForm("2026-11-30", row);
    expect(f.asOf).toBe("2026-11-30");
    expect([f.role, f.site, f.startDate, f.active, f.hasActiveWaiver]).toEqual(["Machine Operator", "Plant A", "2019-06-03", true, false]);
    expect(JSON.parse(f.bundleJson)).toEqual({
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resource: { resourceType: "Patient", id: "fixture-patient" } }],
    });
    expect(newFixtureForm("2026-11-30").role).toBe("");
    expect(JSON.parse(bundleTemplate("p7")).entry[0].resource.id).toBe("p7");
  });

  it("sends blank optional fields as null and everything else as typed", () => {
    const f = { ...formFromRow(row), description: "  ", site: "", asOf: "2026-13-01" };
    expect(draftFromForm(f)).toEqual({
      name: "overdue-exam-456-days-ago",
      description: null,
      asOf: "2026-13-01",
      expectedStatus: "OVERDUE",
      role: "Machine Operator",
      site: null,
      startDate: "2019-06-03",
      active: true,
      hasActiveWaiver: false,
      patientId: "fixture-patient",
      bundleJson: row.bundleJson,
    });
  });

  it("dates a new fixture today in the organisation's zone", () => {
    const instant = new Date("2026-11-30T23:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2026-11-30");
    expect(todayIn("Pacific/Kiritimati", instant)).toBe("2026-12-01");
    expect(todayIn("not/a-zone", instant)).toBe("2026-11-30");
  });
});

describe("Fixtures tab", () => {
  it("adds a fixture for the draft and shows the engine's refusal naming the field", async () => {
    let refuse = true;
    const calls = fake(true, (command) => {
      if (command === "studio_add_fixture") {
        if (refuse) throw { code: "INVALID_INPUT", message: 'asOf: "2026-13-01" is not a calendar date (YYYY-MM-DD)' };
        return { action: "ADDED", name: "no-exam", changed: true, version: "1.1", sha256: "cd".repeat(32) };
      }
      return null;
    });
    await openFixtures();
    fireEvent.click(screen.getByTestId("add-fixture"));
    fireEvent.change(screen.getByTestId("fixture-name"), { target: { value: "no-exam" } });
    fireEvent.change(screen.getByTestId("fixture-expected"), { target: { value: "MISSING_DATA" } });
    fireEvent.change(screen.getByTestId("fixture-as-of"), { target: { value: "2026-13-01" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("save-fixture"));
    });
    const sent = calls.find((c) => c[0] === "studio_add_fixture")?.[1] as { versionId: string; fixture: Record<string, unknown> };
    expect(sent.versionId).toBe("v11");
    expect(sent.fixture.name).toBe("no-exam");
    expect(sent.fixture.expectedStatus).toBe("MISSING_DATA");
    expect(sent.fixture.asOf).toBe("2026-13-01");
    expect(sent.fixture.role).toBe("Machine Operator");
    expect((await screen.findByTestId("fixture-refusal")).textContent).toContain('asOf: "2026-13-01" is not a calendar date');
    // The form stays open with what was typed; a corrected date goes through.
    refuse = false;
    fireEvent.change(screen.getByTestId("fixture-as-of"), { target: { value: "2026-01-15" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("save-fixture"));
    });
    expect(calls.filter((c) => c[0] === "studio_add_fixture")).toHaveLength(2);
    expect(screen.queryByTestId("fixture-name")).toBeNull();
    expect((await screen.findByTestId("studio-notice")).textContent).toContain("Fixture no-exam added for draft 1.1");
    expect(calls.filter((c) => c[0] === "studio_fixtures").length).toBeGreaterThanOrEqual(2);
  });

  it("edits a fixture under its stored name and removes one after confirmation", async () => {
    const calls = fake(true, (command, args) => {
      if (command === "studio_edit_fixture") return { action: "EDITED", name: (args?.fixture as { name: string }).name, changed: true, version: "1.1", sha256: "ef".repeat(32) };
      if (command === "studio_remove_fixture") return { action: "REMOVED", name: args?.name, changed: true, version: "1.1", sha256: null };
      return null;
    });
    await openFixtures();
    const r = screen.getByTestId("fixture-row");
    fireEvent.click(within(r).getByTestId("edit-fixture"));
    expect((screen.getByTestId("fixture-bundle") as HTMLTextAreaElement).value).toBe(row.bundleJson);
    fireEvent.change(screen.getByTestId("fixture-name"), { target: { value: "overdue-renamed" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("save-fixture"));
    });
    const edit = calls.find((c) => c[0] === "studio_edit_fixture")?.[1] as { versionId: string; name: string; fixture: { name: string } };
    expect([edit.versionId, edit.name, edit.fixture.name]).toEqual(["v11", "overdue-exam-456-days-ago", "overdue-renamed"]);

    fireEvent.click(within(screen.getByTestId("fixture-row")).getByTestId("remove-fixture"));
    expect(calls.some((c) => c[0] === "studio_remove_fixture")).toBe(false);
    await act(async () => {
      fireEvent.click(screen.getByTestId("confirm-remove-fixture"));
    });
    expect(calls.find((c) => c[0] === "studio_remove_fixture")?.[1]).toEqual({ versionId: "v11", name: "overdue-exam-456-days-ago" });
    expect((await screen.findByTestId("studio-notice")).textContent).toContain("removed for draft 1.1");
  });

  it("offers no editing on a version that is no longer a draft", async () => {
    fake(false, () => null);
    await openFixtures();
    expect(screen.queryByTestId("add-fixture")).toBeNull();
    expect(screen.queryByTestId("edit-fixture")).toBeNull();
    expect(screen.getByTestId("fixtures-frozen").textContent).toContain("change only while a new version is drafted");
  });
});

describe("OSHA citation", () => {
  it("cites a looked-up reference for the draft", async () => {
    const calls = fake(true, (command) => {
      if (command === "search_osha_references") {
        return [{ id: "o1", cfrCitation: "29 CFR 1910.95", title: "Occupational noise exposure", programArea: "Hearing Conservation" }];
      }
      if (command === "studio_set_osha_reference") return true;
      return null;
    });
    render(<Studio measureId="m1" />);
    fireEvent.change(await screen.findByTestId("osha-search"), { target: { value: "noise" } });
    await act(async () => {
      fireEvent.click(screen.getByText("Look up"));
    });
    await act(async () => {
      fireEvent.click(await screen.findByTestId("osha-cite"));
    });
    expect(calls.find((c) => c[0] === "studio_set_osha_reference")?.[1]).toEqual({ versionId: "v11", referenceId: "o1" });
    expect((await screen.findByTestId("studio-notice")).textContent).toContain("now cites 29 CFR 1910.95");
  });
});
