import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, setFileChooser, type Backend, type FileChooser } from "../api";
import { FhirImport, RosterImport } from "./AdminImports";

let restore: Backend | undefined;
let restoreChooser: FileChooser | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  if (restoreChooser) setFileChooser(restoreChooser);
  restore = undefined;
  restoreChooser = undefined;
});

describe("FHIR import", () => {
  it("imports the chosen folders and shows the counts per resource type", async () => {
    let asked: unknown;
    restoreChooser = setFileChooser(async (choice) => {
      expect(choice.directory).toBe(true);
      return ["/data/synthea-100", "/data/synthea-10"];
    });
    restore = setBackend(async (command, args) => {
      asked = [command, args];
      return {
        counts: [
          { resourceType: "Immunization", inserted: 1818, updated: 0 },
          { resourceType: "Patient", inserted: 100, updated: 13 },
        ],
        total: 1931,
        employeesCreated: 100,
      };
    });
    render(<FhirImport />);
    const importButton = screen.getByRole("button", { name: "Import" }) as HTMLButtonElement;
    expect(importButton.disabled).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "Choose folders…" }));
    expect(await screen.findByText("/data/synthea-10")).toBeTruthy();
    fireEvent.click(importButton);
    const result = await screen.findByTestId("fhir-import-result");
    expect(result.textContent).toContain("Imported 1,931 resources; 100 new employees");
    expect(screen.getByText("1,818")).toBeTruthy();
    expect(screen.getByText("13")).toBeTruthy();
    expect(asked).toEqual(["import_fhir_files", { paths: ["/data/synthea-100", "/data/synthea-10"] }]);
  });
});

describe("Roster import", () => {
  it("lists every FILE:LINE problem the engine reports", async () => {
    restoreChooser = setFileChooser(async () => ["/data/roster.csv"]);
    restore = setBackend(async () => {
      throw {
        code: "ENGINE",
        message: "/data/roster.csv:3: start_date '05/01/2024' is not YYYY-MM-DD\n/data/roster.csv:7: name is empty",
      };
    });
    render(<RosterImport />);
    fireEvent.click(screen.getByRole("button", { name: "Choose CSV…" }));
    await screen.findByText("/data/roster.csv");
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Nothing was imported.");
    const problems = screen.getByRole("list", { name: "Problems" });
    expect(Array.from(problems.querySelectorAll("li")).map((li) => li.textContent)).toEqual([
      "/data/roster.csv:3: start_date '05/01/2024' is not YYYY-MM-DD",
      "/data/roster.csv:7: name is empty",
    ]);
  });

  it("shows the row counts after a good import", async () => {
    restoreChooser = setFileChooser(async () => ["/data/roster.csv"]);
    restore = setBackend(async () => ({ rows: 120, inserted: 7, updated: 100, linked: 13, warnings: [] }));
    render(<RosterImport />);
    fireEvent.click(screen.getByRole("button", { name: "Choose CSV…" }));
    await screen.findByText("/data/roster.csv");
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const result = await screen.findByTestId("roster-import-result");
    expect(result.textContent).toBe("120 rows: 7 new, 100 updated, 13 linked to their FHIR patient.");
  });

  // QA3 H8: the checked import's FILE:LINE warnings stay visible under the success line.
  it("shows the import's FILE:LINE warnings after a good import", async () => {
    restoreChooser = setFileChooser(async () => ["/data/roster.csv"]);
    const warning = '/data/roster.csv:3: role "nurse" differs only in letter case from "Nurse" (TB Screening)';
    restore = setBackend(async () => ({ rows: 2, inserted: 2, updated: 0, linked: 0, warnings: [warning] }));
    render(<RosterImport />);
    fireEvent.click(screen.getByRole("button", { name: "Choose CSV…" }));
    await screen.findByText("/data/roster.csv");
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect((await screen.findByTestId("roster-import-result")).textContent).toContain("2 rows: 2 new");
    const warnings = screen.getByRole("list", { name: "Warnings" });
    expect(Array.from(warnings.querySelectorAll("li")).map((li) => li.textContent)).toEqual([warning]);
  });

  it("never shows the error code, only the message", async () => {
    restoreChooser = setFileChooser(async () => ["/data/roster.csv"]);
    restore = setBackend(async () => {
      throw { code: "ENGINE", message: "/data/roster.csv:2: name is empty" };
    });
    render(<RosterImport />);
    fireEvent.click(screen.getByRole("button", { name: "Choose CSV…" }));
    await screen.findByText("/data/roster.csv");
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("name is empty");
    expect(alert.textContent).not.toContain("ENGINE");
  });

  it("does nothing when the dialog is cancelled", async () => {
    restoreChooser = setFileChooser(async () => []);
    restore = setBackend(async () => {
      throw new Error("must not be called");
    });
    render(<RosterImport />);
    fireEvent.click(screen.getByRole("button", { name: "Choose CSV…" }));
    expect(await screen.findByText("Nothing chosen.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Import" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
