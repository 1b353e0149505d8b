import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, setFileChooser, type Backend, type FileChooser } from "../api";
import type { ValueSetRow } from "../bindings";
import { when } from "./AdminParts";
import { shortHash, systemName, ValueSets } from "./ValueSets";

let restore: Backend | undefined;
let restoreChooser: FileChooser | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  if (restoreChooser) setFileChooser(restoreChooser);
  restore = undefined;
  restoreChooser = undefined;
});

function set(id: string, name: string, version: string): ValueSetRow {
  return {
    id,
    oid: "2.16.840.1.113883.3.1",
    name,
    version,
    canonicalUrl: null,
    status: "ACTIVE",
    resolutionStatus: "RESOLVED",
    expansionHash: "ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12",
    codeSystems: ["http://www.ama-assn.org/go/cpt", "http://snomed.info/sct"],
    codes: [
      { system: "http://www.ama-assn.org/go/cpt", code: "92552", display: "Pure tone audiometry" },
      { system: "http://snomed.info/sct", code: "398171003", display: "Hearing examination" },
    ],
  };
}

describe("value set formatting", () => {
  it("shortens systems and hashes", () => {
    expect(systemName("http://loinc.org")).toBe("loinc.org");
    expect(systemName("http://www.ama-assn.org/go/cpt/")).toBe("cpt");
    expect(shortHash("ab12cd34ef56ab12")).toBe("ab12cd34ef56");
    expect(shortHash(null)).toBe("—");
  });

  it("shows instants in the organisation's zone", () => {
    expect(when("2026-11-30T14:03:00.000Z", "America/Chicago")).toBe("2026-11-30 08:03 America/Chicago");
    expect(when("2026-07-01T23:30:00.000Z", "Europe/Berlin")).toBe("2026-07-02 01:30 Europe/Berlin");
    expect(when("2026-11-30T14:03:00.000Z", undefined)).toBe("2026-11-30 14:03 UTC");
    expect(when(null, "UTC")).toBe("—");
  });
});

describe("ValueSets", () => {
  it("lists code counts, systems and hashes, and compares two versions", async () => {
    const calls: unknown[] = [];
    restore = setBackend(async (command, args) => {
      calls.push([command, args]);
      if (command === "diff_value_sets") {
        return {
          oldId: "v1",
          newId: "v2",
          added: [{ system: "http://snomed.info/sct", code: "398171003", display: null }],
          removed: [],
          unchanged: 1,
          affected: [
            {
              measureId: "m",
              measureName: "Annual audiogram",
              measureVersionId: "mv",
              version: "1.0",
              status: "ACTIVE",
              links: "old",
            },
          ],
        };
      }
      return [set("v1", "Audiogram", "1"), set("v2", "Audiogram", "2")];
    });
    render(<ValueSets />);
    const rows = await screen.findAllByTestId("value-set");
    expect(rows).toHaveLength(2);
    expect(rows[0].textContent).toContain("cpt, sct");
    expect(rows[0].textContent).toContain("ab12cd34ef56");
    expect(rows[0].textContent).toContain("Resolved");
    fireEvent.change(screen.getByLabelText("Newer value set"), { target: { value: "v2" } });
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    const diff = await screen.findByTestId("value-set-diff");
    expect(diff.textContent).toContain("1 added, 0 removed, 1 unchanged.");
    expect(diff.textContent).toContain("Annual audiogram 1.0");
    expect(diff.textContent).toContain("links the old set");
    expect(calls).toContainEqual(["diff_value_sets", { oldId: "v1", newId: "v2" }]);
  });

  it("imports a chosen file and shows the engine's refusal", async () => {
    restoreChooser = setFileChooser(async () => ["/tmp/codes.csv"]);
    let request: unknown;
    restore = setBackend(async (command, args) => {
      if (command === "import_value_set") {
        request = args;
        throw { code: "INVALID_INPUT", message: "a CSV value set needs an OID (--oid)" };
      }
      return [];
    });
    render(<ValueSets />);
    expect(await screen.findByText(/No value sets yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Choose file…" }));
    expect(await screen.findByText("/tmp/codes.csv")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Name"), { target: { value: "Clinic codes" } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("a CSV value set needs an OID");
    expect(request).toEqual({
      request: { path: "/tmp/codes.csv", oid: null, name: "Clinic codes", version: null, canonicalUrl: null },
    });
  });
});
