import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { CompileReportDto, StudioMeasure } from "../bindings";
import { Catalog } from "./Measures";
import { Studio } from "./Studio";
import { version } from "./StudioTestData";

let restore: Backend | undefined;
beforeAll(() => {
  // jsdom has no layout; CodeMirror measures text ranges, so give it empty rectangles.
  const empty = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  Range.prototype.getClientRects = empty;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
});
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const cql = 'library X version \'1.1\'\ndefine "A":\n  Nope + 1\n';

function measure(): StudioMeasure {
  return {
    id: "m1",
    name: "Hearing Conservation: Annual Audiogram",
    policyRef: "29 CFR 1910.95(g)",
    owner: "Occupational Health",
    versions: [
      version("v11", "DRAFT", { version: "1.1", cql, compileStatus: "NOT_COMPILED" }),
      version("v10", "ACTIVE", { version: "1.0", compileStatus: "COMPILED" }),
    ],
  };
}

/** A backend answering `studio_measure` and recording every call; `extra` answers the rest. */
function fake(extra: (command: string, args?: Record<string, unknown>) => unknown) {
  const calls: Array<[string, Record<string, unknown> | undefined]> = [];
  restore = setBackend(async (command, args) => {
    calls.push([command, args]);
    if (command === "studio_measure") return measure();
    return extra(command, args);
  });
  return calls;
}

describe("Studio", () => {
  it("opens on the draft and moves between tabs with the keyboard", async () => {
    fake(() => null);
    render(<Studio measureId="m1" />);
    expect(await screen.findByTestId("studio-title")).toHaveProperty("textContent", "Hearing Conservation: Annual Audiogram");
    expect((screen.getByTestId("version-select") as HTMLSelectElement).value).toBe("v11");
    const spec = screen.getByRole("tab", { name: "Spec" });
    expect(spec.getAttribute("aria-selected")).toBe("true");
    fireEvent.keyDown(spec, { key: "ArrowRight" });
    expect(screen.getByRole("tab", { name: "CQL" }).getAttribute("aria-selected")).toBe("true");
    expect(screen.getByTestId("cql-editor")).toBeTruthy();
    fireEvent.keyDown(screen.getByRole("tab", { name: "CQL" }), { key: "End" });
    expect(screen.getByRole("tab", { name: "Release" }).getAttribute("aria-selected")).toBe("true");
  });

  it("compiles and shows each diagnostic at its line, in the gutter and the list", async () => {
    const report: CompileReportDto = {
      status: "ERROR",
      diagnostics: [{ severity: "error", line: 3, column: 3, message: "Could not resolve identifier 'Nope'." }],
      valueSets: [],
      stored: true,
    };
    const calls = fake((command) => (command === "studio_compile" ? report : null));
    render(<Studio measureId="m1" />);
    fireEvent.click(await screen.findByRole("tab", { name: "CQL" }));
    expect(screen.getByTestId("no-diagnostics")).toBeTruthy();
    await act(async () => {
      fireEvent.click(screen.getByTestId("compile"));
    });
    expect(calls.find((c) => c[0] === "studio_compile")?.[1]).toEqual({ versionId: "v11" });
    const item = await screen.findByTestId("diagnostic");
    expect(item.getAttribute("data-line")).toBe("3");
    expect(item.textContent).toContain("Line 3, column 3");
    expect(item.textContent).toContain("Could not resolve identifier 'Nope'.");
    const marker = document.querySelector(".ww-diag-marker[data-line='3']");
    expect(marker?.getAttribute("title")).toBe("Could not resolve identifier 'Nope'.");
    expect(screen.getByTestId("studio-notice").textContent).toContain("1 error(s)");
  });

  it("shows the engine's refusal of an approval", async () => {
    fake((command) => {
      if (command === "studio_approve") {
        throw { code: "INVALID_TRANSITION", message: "the CQL has not been compiled since it was last saved: compile it first" };
      }
      return null;
    });
    render(<Studio measureId="m1" />);
    fireEvent.click(await screen.findByRole("tab", { name: "Release" }));
    expect(screen.queryByTestId("activate")).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByTestId("approve"));
    });
    const notice = await screen.findByTestId("studio-notice");
    expect(notice.getAttribute("role")).toBe("alert");
    expect(notice.textContent).toContain("Approve refused");
    expect(notice.textContent).toContain("compile it first");
    const rows = screen.getAllByTestId("history-row");
    expect(rows.map((r) => within(r).getAllByRole("cell")[0].textContent)).toEqual(["1.1", "1.0"]);
  });

  it("sends the change summary as typed and shows a refusal of a blank one", async () => {
    const calls = fake((command) => {
      if (command === "studio_new_version") throw { code: "INVALID_INPUT", message: "a change summary is required" };
      return null;
    });
    render(<Studio measureId="m1" />);
    fireEvent.click(await screen.findByTestId("new-version"));
    fireEvent.change(screen.getByTestId("change-summary"), { target: { value: "  " } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("create-version"));
    });
    expect(calls.find((c) => c[0] === "studio_new_version")?.[1]).toEqual({ measureId: "m1", changeSummary: "  " });
    expect((await screen.findByTestId("studio-notice")).textContent).toContain("a change summary is required");
  });

  it("a frozen version's CQL is read only", async () => {
    fake(() => null);
    render(<Studio measureId="m1" />);
    fireEvent.change(await screen.findByTestId("version-select"), { target: { value: "v10" } });
    fireEvent.click(screen.getByRole("tab", { name: "CQL" }));
    expect(screen.queryByTestId("save-cql")).toBeNull();
    expect(screen.getByText(/read only/)).toBeTruthy();
  });
});

describe("Catalog", () => {
  it("lists program, active version and every version's status, linking to the Studio", async () => {
    restore = setBackend(async () => [
      {
        id: "b0000001-0000-0000-0000-000000000001",
        name: "Hearing Conservation: Annual Audiogram",
        program: "Hearing Conservation",
        policyRef: "29 CFR 1910.95(g)",
        oshaCitation: "29 CFR 1910.95",
        activeVersion: "1.0",
        versions: [
          { id: "a", version: "1.0", status: "ACTIVE" },
          { id: "b", version: "1.1", status: "DRAFT" },
        ],
      },
    ]);
    render(<Catalog />);
    const row = await screen.findByTestId("measure-row");
    expect(row.textContent).toContain("Hearing Conservation");
    expect(row.textContent).toContain("1.0 Active");
    expect(row.textContent).toContain("1.1 Draft");
    expect(within(row).getByTestId("catalog-osha").textContent).toBe("29 CFR 1910.95");
    expect(within(row).getByRole("link").getAttribute("href")).toBe("#/measures/b0000001-0000-0000-0000-000000000001");
  });
});

describe("Release packet", () => {
  it("writes where the save dialog says and shows the path and hash", async () => {
    const { setPathChooser } = await import("../api");
    const previous = setPathChooser(async (kind, name, ext) => {
      expect([kind, name, ext]).toEqual(["save", "measure-version-1.1.html", ["html"]]);
      return "/home/me/v11.html";
    });
    const calls = fake((command) =>
      command === "export_packet" ? { path: "/home/me/v11.html", sha256: "ab12", sizeBytes: 2048 } : null,
    );
    render(<Studio measureId="m1" />);
    fireEvent.click(await screen.findByRole("tab", { name: "Release" }));
    await act(async () => {
      fireEvent.click(screen.getByText("Save HTML packet as…"));
    });
    expect(calls.find((c) => c[0] === "export_packet")?.[1]).toEqual({
      packetType: "MEASURE_VERSION",
      entityId: "v11",
      format: "html",
      path: "/home/me/v11.html",
    });
    expect((await screen.findByTestId("packet-written")).textContent).toContain("/home/me/v11.html");
    setPathChooser(previous);
  });
});

describe("Studio labels (QA H9)", () => {
  it("says a new draft version was made and reads exemption rules as words", async () => {
    let created = false;
    restore = setBackend(async (command) => {
      if (command === "studio_measure") {
        const m = measure();
        m.versions[0] = { ...m.versions[0], spec: { ...m.versions[0].spec, exemptionRules: ["ACTIVE_WAIVER"] } };
        return m;
      }
      if (command === "studio_new_version") {
        created = true;
        return "v11";
      }
      return null;
    });
    render(<Studio measureId="m1" />);
    expect((await screen.findByTestId("exemption-labels")).textContent).toBe("Active waiver");
    fireEvent.click(screen.getByTestId("new-version"));
    fireEvent.change(screen.getByTestId("change-summary"), { target: { value: "window 30 days" } });
    await act(async () => {
      fireEvent.click(screen.getByTestId("create-version"));
    });
    expect(created).toBe(true);
    const notice = (await screen.findByTestId("studio-notice")).textContent ?? "";
    expect(notice).toContain("A new draft version was created");
    expect(notice).not.toContain("DRAFT");
  });
});
