import { describe, expect, it } from "vitest";
import { count, label, tone } from "./labels";

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
