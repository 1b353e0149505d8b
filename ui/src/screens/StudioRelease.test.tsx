import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { DeprecationPreviewDto, StudioMeasure } from "../bindings";
import { Studio } from "./Studio";
import { version } from "./StudioTestData";

let restore: Backend | undefined;
beforeAll(() => {
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const RETIRES: DeprecationPreviewDto = {
  retiresProgram: true,
  openCasesToClose: 19,
  message:
    "Version 1.0 is the ACTIVE version of TB Screening. Deprecating it with no other version to activate retires the program: no run evaluates it any more, it leaves the programs overview, and its 19 open cases will be closed by the system.",
  confirmation: "RETIRE",
};

function fake(preview: DeprecationPreviewDto) {
  const calls: Array<[string, Record<string, unknown> | undefined]> = [];
  const m: StudioMeasure = {
    id: "m1",
    name: "TB Screening",
    policyRef: null,
    owner: null,
    versions: [version("v10", "ACTIVE", { version: "1.0" })],
  };
  restore = setBackend(async (command, args) => {
    calls.push([command, args]);
    if (command === "studio_measure") return m;
    if (command === "studio_deprecation_preview") return preview;
    if (command === "studio_deprecate") return { versionId: "v10", status: "DEPRECATED", summary: "Version 1.0 deprecated: typo" };
    return null;
  });
  return calls;
}

async function openRelease() {
  render(<Studio measureId="m1" />);
  fireEvent.click(await screen.findByRole("tab", { name: "Release" }));
  return screen.getByTestId("deprecate-reason");
}

describe("Release: deprecating the ACTIVE version (QA3 H1)", () => {
  it("does not deprecate on Enter in the reason field", async () => {
    const calls = fake(RETIRES);
    const reason = await openRelease();
    fireEvent.change(reason, { target: { value: "QA3 typo test" } });
    fireEvent.keyDown(reason, { key: "Enter" });
    fireEvent.submit(reason);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls.map((c) => c[0])).not.toContain("studio_deprecate");
    expect(calls.map((c) => c[0])).not.toContain("studio_deprecation_preview");
  });

  it("says what retiring does and needs the typed word from Rust", async () => {
    const calls = fake(RETIRES);
    const reason = await openRelease();
    fireEvent.change(reason, { target: { value: "QA3 typo test" } });
    fireEvent.click(screen.getByTestId("deprecate"));
    const dialog = await screen.findByTestId("retire-confirm");
    expect(dialog.textContent).toContain("its 19 open cases will be closed");
    expect(dialog.textContent).toContain("leaves the programs overview");
    const go = screen.getByTestId("retire") as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    fireEvent.change(screen.getByTestId("retire-word"), { target: { value: "retire" } });
    expect(go.disabled).toBe(true);
    expect(calls.map((c) => c[0])).not.toContain("studio_deprecate");
    fireEvent.change(screen.getByTestId("retire-word"), { target: { value: "RETIRE" } });
    expect(go.disabled).toBe(false);
    fireEvent.click(go);
    await waitFor(() => expect(calls.find((c) => c[0] === "studio_deprecate")).toBeTruthy());
    expect(calls.find((c) => c[0] === "studio_deprecate")?.[1]).toEqual({
      versionId: "v10",
      reason: "QA3 typo test",
      confirmation: "RETIRE",
    });
  });

  it("deprecates a version that retires nothing without the typed word", async () => {
    const calls = fake({ retiresProgram: false, openCasesToClose: 0, message: "not active", confirmation: null });
    const reason = await openRelease();
    fireEvent.change(reason, { target: { value: "old" } });
    fireEvent.click(screen.getByTestId("deprecate"));
    await waitFor(() => expect(calls.find((c) => c[0] === "studio_deprecate")).toBeTruthy());
    expect(screen.queryByTestId("retire-confirm")).toBeNull();
  });
});
