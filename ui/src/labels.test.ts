import { describe, expect, it } from "vitest";
import { count, label, scopeLabel, tone, valueText } from "./labels";

describe("label", () => {
  it.each([
    ["DUE_SOON", "Due soon"],
    ["MISSING_DATA", "Missing data"],
    ["IN_PROGRESS", "In progress"],
    ["PARTIAL_FAILURE", "Partial failure"],
    ["WARNINGS", "Compiled with warnings"],
    ["ALL_PROGRAMS", "All programs"],
    ["OUTREACH_DELIVERY_UPDATED", "Outreach delivery updated"],
    ["X", "X"],
    ["previousAssignee", "Previous assignee"],
    ["last_exam_date", "Last exam date"],
    ["RERUN_TO_VERIFY", "Rerun to verify"],
  ])("%s reads %s", (value, expected) => {
    expect(label(value)).toBe(expected);
  });

  it("shows a dash for no value", () => {
    expect(label(null)).toBe("—");
    expect(label("")).toBe("—");
  });
});

describe("tone and count", () => {
  it("colours statuses", () => {
    expect(tone("COMPLIANT")).toBe("good");
    expect(tone("DUE_SOON")).toBe("warn");
    expect(tone("OVERDUE")).toBe("bad");
    expect(tone("EXCLUDED")).toBe("muted");
    expect(tone("SOMETHING_NEW")).toBe("info");
  });

  it("groups thousands", () => {
    expect(count(1234567)).toBe("1,234,567");
    expect(count(0)).toBe("0");
  });
});

describe("entity, scope and value labels (QA H7, H9)", () => {
  it("reads the entity CASE as Case and the run scope CASE as Case verification", () => {
    expect(label("CASE")).toBe("Case");
    expect(label("EMPLOYEE")).toBe("Employee");
    expect(scopeLabel("CASE")).toBe("Case verification");
    expect(scopeLabel("EMPLOYEE")).toBe("One employee");
    expect(scopeLabel("ALL_PROGRAMS")).toBe("All programs");
  });

  it.each([
    ["OPEN", "Open"],
    ["OVERDUE", "Overdue"],
    ["NONE", "None"],
    ["MANUAL", "Manual"],
    ["DRAFT", "Draft"],
    ["ACTIVE_WAIVER", "Active waiver"],
    ["CRITICAL", "Critical"],
    ["2026-11-15", "2026-11-15"],
    ["Schedule the audiogram now", "Schedule the audiogram now"],
    ["A", "A"],
    ['{"low":"2026-08-01","high":"2027-03-31","lowClosed":true,"highClosed":true}', "2026-08-01 to 2027-03-31"],
    ['[{"reference":"Procedure/emp-042-aud-1"}]', "Procedure/emp-042-aud-1"],
    ['["Nurse","Physician"]', "Nurse, Physician"],
    ['{"unexpected":1}', '{"unexpected":1}'],
  ])("value %s reads %s", (value, expected) => {
    expect(valueText(value)).toBe(expected);
  });
});
