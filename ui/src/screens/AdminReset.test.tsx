import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setBackend, type Backend } from "../api";
import { ADMIN_TABS, tabFromHash } from "./Admin";
import { AdminReset, setReloadWindow } from "./AdminReset";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("Admin tabs", () => {
  it("opens the tab the hash names", () => {
    expect(tabFromHash("#/admin/settings")).toBe("settings");
    expect(tabFromHash("#/admin")).toBe("integrations");
    expect(tabFromHash("#/admin/nothing")).toBe("integrations");
    expect(ADMIN_TABS.map((t) => t.label)).toContain("Demo reset");
  });
});

describe("Demo reset", () => {
  it("sends the typed confirmation; Rust's refusal is shown", async () => {
    const calls: unknown[] = [];
    restore = setBackend(async (command, args) => {
      calls.push([command, args]);
      throw { code: "INVALID_INPUT", message: "type RESET to confirm the demo reset" };
    });
    render(<AdminReset />);
    fireEvent.click(screen.getByRole("button", { name: "Reset the demo database…" }));
    const dialog = screen.getByRole("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    const input = screen.getByLabelText("Confirmation");
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: "reset" } });
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect((await screen.findByRole("alert")).textContent).toContain("type RESET to confirm");
    expect(calls).toEqual([["demo_reset", { confirmation: "reset", force: false }]]);
  });

  it("offers to force a non-demo database and reloads after the reset", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let reloaded = 0;
    const previous = setReloadWindow(() => (reloaded += 1));
    const calls: unknown[] = [];
    restore = setBackend(async (_command, args) => {
      calls.push(args);
      if (calls.length === 1) throw { code: "INVALID_TRANSITION", message: "workwell.db was not created as a demo database" };
      return { database: "/d/workwell.db", archivedTo: "/d/workwell.old.db", employees: 200, resources: 685, fixtures: 21 };
    });
    render(<AdminReset />);
    fireEvent.click(screen.getByRole("button", { name: "Reset the demo database…" }));
    fireEvent.change(screen.getByLabelText("Confirmation"), { target: { value: "RESET" } });
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    const force = await screen.findByLabelText(/Replace it anyway/);
    fireEvent.click(force);
    fireEvent.click(screen.getByRole("button", { name: "Reset" }));
    expect((await screen.findByRole("status")).textContent).toContain("200 employees and 685 health records");
    expect(calls[1]).toEqual({ confirmation: "RESET", force: true });
    await act(async () => {
      vi.advanceTimersByTime(2000);
    });
    expect(reloaded).toBe(1);
    setReloadWindow(previous);
  });

  it("closes on Escape", () => {
    render(<AdminReset />);
    fireEvent.click(screen.getByRole("button", { name: "Reset the demo database…" }));
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});

describe("Admin tab keys", () => {
  it("moves between tabs with the arrow, Home and End keys", async () => {
    const { Tabs } = await import("./AdminParts");
    const { useState } = await import("react");
    function Harness() {
      const [tab, setTab] = useState("a");
      return (
        <Tabs
          label="Sections"
          tabs={[
            { id: "a", label: "First" },
            { id: "b", label: "Second" },
            { id: "c", label: "Third" },
          ]}
          selected={tab}
          onSelect={setTab}
        >
          <p>panel {tab}</p>
        </Tabs>
      );
    }
    render(<Harness />);
    const list = screen.getByRole("tablist", { name: "Sections" });
    const selected = () => screen.getAllByRole("tab").find((t) => t.getAttribute("aria-selected") === "true")?.textContent;
    fireEvent.keyDown(list, { key: "ArrowRight" });
    expect(selected()).toBe("Second");
    expect(document.activeElement?.textContent).toBe("Second");
    fireEvent.keyDown(list, { key: "End" });
    expect(selected()).toBe("Third");
    fireEvent.keyDown(list, { key: "ArrowRight" });
    expect(selected()).toBe("First");
    fireEvent.keyDown(list, { key: "ArrowLeft" });
    expect(selected()).toBe("Third");
    fireEvent.keyDown(list, { key: "Home" });
    expect(screen.getByRole("tabpanel").textContent).toBe("panel a");
    expect(screen.getAllByRole("tab").map((t) => t.tabIndex)).toEqual([0, -1, -1]);
  });
});
