import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { WaiverRow } from "../bindings";
import { label } from "../labels";
import { AdminWaivers } from "./AdminWaivers";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const waiver = (over: Partial<WaiverRow>): WaiverRow => ({
  id: "w-1",
  employeeExternalId: "E-0001",
  employeeName: "Ada Lovelace",
  measureId: "m-1",
  measureName: "Annual audiogram",
  reason: "Medical leave",
  grantedBy: "local-user",
  grantedAt: "2026-11-01T09:00:00.000Z",
  startsOn: "2026-11-01",
  expiresOn: null,
  revokedAt: null,
  revokedOn: null,
  revokedBy: null,
  revokeReason: null,
  state: "ACTIVE",
  canRevoke: true,
  ...over,
});

describe("Waivers", () => {
  it("shows the state Rust decided with its label, and the revocation day", async () => {
    restore = setBackend(async (command) => {
      if (command === "list_waivers")
        return [
          waiver({ id: "w-1", state: "FUTURE", startsOn: "2027-01-01" }),
          waiver({
            id: "w-2",
            state: "REVOKED",
            canRevoke: false,
            revokedAt: "2026-11-30T10:00:00.000Z",
            revokedOn: "2026-06-01",
            revokeReason: "Back at work",
          }),
        ];
      if (command === "list_measures") return [];
      return { userName: "u", orgTimeZone: "UTC" };
    });
    render(<AdminWaivers />);
    const rows = await screen.findAllByTestId("waiver-row");
    expect(rows).toHaveLength(2);
    expect(label("FUTURE")).toBe("Future");
    expect(within(rows[0]).getByText("Future").getAttribute("data-value")).toBe("FUTURE");
    expect(within(rows[1]).getByText("Revoked from 2026-06-01: Back at work")).toBeTruthy();
    expect(within(rows[1]).queryByRole("button", { name: "Revoke…" })).toBeNull();
  });

  it("sends the reason and the chosen day (blank means today) and shows Rust's refusal", async () => {
    const calls: unknown[] = [];
    restore = setBackend(async (command, args) => {
      if (command === "list_waivers") return [waiver({})];
      if (command === "list_measures") return [];
      if (command === "revoke_waiver") {
        calls.push(args);
        throw { code: "INVALID_INPUT", message: "the revocation date 2026-12-24 is after today (2026-11-30)" };
      }
      return { userName: "u", orgTimeZone: "UTC" };
    });
    render(<AdminWaivers />);
    fireEvent.click(await screen.findByRole("button", { name: "Revoke…" }));
    fireEvent.change(screen.getByLabelText("Revocation reason"), { target: { value: "Left" } });
    fireEvent.change(screen.getByLabelText("Revocation date"), { target: { value: "2026-12-24" } });
    fireEvent.click(screen.getByRole("button", { name: "Revoke" }));
    expect((await screen.findByRole("alert")).textContent).toContain("is after today");
    fireEvent.change(screen.getByLabelText("Revocation date"), { target: { value: "" } });
    fireEvent.click(screen.getByRole("button", { name: "Revoke" }));
    await screen.findByRole("alert");
    expect(calls).toEqual([
      { id: "w-1", reason: "Left", on: "2026-12-24" },
      { id: "w-1", reason: "Left", on: null },
    ]);
  });
});
