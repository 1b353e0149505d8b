import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import type { StudioMeasure, StudioVersion } from "../bindings";
import { version } from "./StudioTestData";
import { numberField, noticeFor, pickVersion, splitList, tabAfterKey } from "./StudioModel";

const measure = (...versions: StudioVersion[]): StudioMeasure => ({ id: "m1", name: "M", policyRef: null, owner: null, versions });

describe("Studio state", () => {
  it("shows the wanted version, else the draft, else the active one", () => {
    const m = measure(version("1.2", "DEPRECATED"), version("1.1", "DRAFT"), version("1.0", "ACTIVE"));
    expect(pickVersion(m, "1.0")?.id).toBe("1.0");
    expect(pickVersion(m, "gone")?.id).toBe("1.1");
    expect(pickVersion(m, null)?.id).toBe("1.1");
    expect(pickVersion(measure(version("2", "DEPRECATED"), version("1", "ACTIVE")), null)?.id).toBe("1");
    expect(pickVersion(measure(version("2", "DEPRECATED")), null)?.id).toBe("2");
    expect(pickVersion(measure(), null)).toBeNull();
  });

  it("moves between tabs with arrows, Home and End", () => {
    expect(tabAfterKey("spec", "ArrowRight")).toBe("cql");
    expect(tabAfterKey("spec", "ArrowLeft")).toBe("release");
    expect(tabAfterKey("release", "ArrowRight")).toBe("spec");
    expect(tabAfterKey("fixtures", "Home")).toBe("spec");
    expect(tabAfterKey("cql", "End")).toBe("release");
    expect(tabAfterKey("cql", "Enter")).toBeNull();
  });

  it("reads engine refusals as refusals and other failures as errors", () => {
    const gate = noticeFor("Approve", new ApiError("INVALID_TRANSITION", "the CQL has compile errors: fix them and compile again"));
    expect(gate).toEqual({ tone: "refused", title: "Approve refused", text: "the CQL has compile errors: fix them and compile again" });
    const input = noticeFor("New version", { code: "INVALID_INPUT", message: "a change summary is required" });
    expect(input.tone).toBe("refused");
    expect(input.text).toBe("a change summary is required");
    const db = noticeFor("Compile", { code: "DATABASE", message: "disk I/O error" });
    expect(db).toEqual({ tone: "error", title: "Compile failed", text: "disk I/O error (DATABASE)" });
    expect(noticeFor("Save", "command studio_save_cql not allowed").text).toContain("(IPC)");
  });

  it("reads list and number fields as typed", () => {
    expect(splitList(" Welder \n\nNurse, Lab Technician ")).toEqual(["Welder", "Nurse", "Lab Technician"]);
    expect(numberField("  ")).toBeNull();
    expect(numberField("180")).toBe(180);
    expect(numberField("1.5")).toBe(1.5);
    expect(Number.isNaN(numberField("abc"))).toBe(true);
  });
});
