import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { MappingItem } from "../bindings";
import { Mappings } from "./Mappings";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

function mapping(id: string, status: string, allowedActions: string[]): MappingItem {
  return {
    id,
    localSystem: "urn:local:clinic",
    localCode: `L-${id}`,
    localDisplay: null,
    standardSystem: "http://www.ama-assn.org/go/cpt",
    standardCode: "92552",
    standardDisplay: "Pure tone audiometry",
    status,
    confidence: 0.9,
    reviewedBy: null,
    reviewedAt: null,
    notes: null,
    allowedActions,
  };
}

function buttons(row: HTMLElement) {
  const get = (name: string) => within(row).getByRole("button", { name }) as HTMLButtonElement;
  return { review: get("Review"), approve: get("Approve"), reject: get("Reject") };
}

describe("Mappings", () => {
  it("enables exactly the decisions Rust allows for each row", async () => {
    // The allowed actions are deliberately not the usual ones: the screen must follow the DTO.
    const rows = [
      mapping("p", "PROPOSED", ["REVIEW", "REJECT"]),
      mapping("r", "REVIEWED", ["APPROVE"]),
      mapping("a", "APPROVED", []),
    ];
    restore = setBackend(async () => rows);
    render(<Mappings />);
    const found = await screen.findAllByTestId("mapping-row");
    expect(found.map((r) => r.dataset.status)).toEqual(["PROPOSED", "REVIEWED", "APPROVED"]);
    const enabled = found.slice(0, 2).map((r) => {
      const b = buttons(r);
      return [!b.review.disabled, !b.approve.disabled, !b.reject.disabled];
    });
    expect(enabled).toEqual([
      [true, false, true],
      [false, true, false],
    ]);
    // Nothing allowed: no decision buttons at all.
    expect(within(found[2]).queryAllByRole("button")).toHaveLength(0);
    expect(within(found[2]).getByText("Decided: no further review.")).toBeTruthy();
    expect(within(found[0]).getByText("Proposed")).toBeTruthy();
  });

  it("approves with confidence and notes, then shows the new status", async () => {
    let rows = [mapping("r", "REVIEWED", ["APPROVE", "REJECT"])];
    const calls: unknown[] = [];
    restore = setBackend(async (command, args) => {
      calls.push([command, args]);
      if (command === "decide_mapping") {
        rows = [{ ...mapping("r", "APPROVED", []), reviewedBy: "dr-lee", confidence: 0.97 }];
        return rows[0];
      }
      return rows;
    });
    render(<Mappings />);
    const row = await screen.findByTestId("mapping-row");
    fireEvent.click(buttons(row).approve);
    fireEvent.change(screen.getByLabelText("Decision confidence"), { target: { value: "0.97" } });
    fireEvent.change(screen.getByLabelText("Decision notes"), { target: { value: "checked against CPT" } });
    fireEvent.click(screen.getByTestId("confirm-decision"));
    expect(await screen.findByText("Approved")).toBeTruthy();
    expect(calls).toContainEqual([
      "decide_mapping",
      { id: "r", request: { decision: "APPROVE", confidence: "0.97", notes: "checked against CPT" } },
    ]);
    expect(screen.getByText("dr-lee")).toBeTruthy();
  });

  it("shows the engine's refusal as a message", async () => {
    restore = setBackend(async (command) => {
      if (command === "decide_mapping") {
        throw { code: "INVALID_TRANSITION", message: "a PROPOSED mapping must be reviewed before it is approved" };
      }
      return [mapping("p", "PROPOSED", ["APPROVE"])];
    });
    render(<Mappings />);
    const row = await screen.findByTestId("mapping-row");
    fireEvent.click(buttons(row).approve);
    fireEvent.click(screen.getByTestId("confirm-decision"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("must be reviewed before it is approved");
    expect(alert.textContent).not.toContain("INVALID_TRANSITION"); // QA3 H8: the message only, no code
  });

  it("says so when there are no mappings", async () => {
    restore = setBackend(async () => []);
    render(<Mappings />);
    expect(await screen.findByText("No mappings.")).toBeTruthy();
  });
});
