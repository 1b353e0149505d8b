import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import { Overview } from "./Overview";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("Overview", () => {
  it("shows the database's row counts", async () => {
    restore = setBackend(async (command) => {
      expect(command).toBe("app_status");
      return {
        dbPath: "/data/workwell.db",
        createdThisLaunch: true,
        schemaVersion: 4,
        tables: [
          { table: "employees", rows: 200 },
          { table: "measures", rows: 4 },
        ],
      };
    });
    render(<Overview />);
    expect(await screen.findByText("employees")).toBeTruthy();
    expect(screen.getByText("200")).toBeTruthy();
    expect(screen.getByText(/created on this launch/)).toBeTruthy();
  });

  it("shows the backend's error and its code", async () => {
    restore = setBackend(async () => {
      throw { code: "DATABASE_UNUSABLE", message: "x.db is not a WorkWell database" };
    });
    render(<Overview />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("not a WorkWell database");
    expect(alert.textContent).toContain("DATABASE_UNUSABLE");
  });
});
