import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { setBackend, type Backend } from "../api";
import type { SettingsDto } from "../bindings";
import { SettingsForm, settingName } from "./AdminSettings";

let restore: Backend | undefined;
afterEach(() => {
  cleanup();
  if (restore) setBackend(restore);
  restore = undefined;
});

const settings: SettingsDto = {
  userName: "local-user",
  orgTimeZone: "UTC",
  emailProvider: "simulated",
  emailFrom: "occupational-health@workwell-demo.dev",
  sendgridKeyStored: true,
  sendgridKeyFromEnv: false,
  providers: ["simulated", "sendgrid"],
};

describe("Settings", () => {
  it("shows Rust's message beside the refused field and saves nothing", async () => {
    const calls: unknown[] = [];
    restore = setBackend(async (command, args) => {
      calls.push([command, args]);
      return {
        saved: false,
        changed: [],
        errors: [{ field: "orgTimeZone", message: '"Mars/Olympus" is not an IANA time zone; use a name such as Europe/Berlin.' }],
        settings,
      };
    });
    render(<SettingsForm initial={settings} zones={["Europe/Berlin", "UTC"]} />);
    const zone = screen.getByLabelText("Organisation time zone") as HTMLInputElement;
    fireEvent.change(zone, { target: { value: "Mars/Olympus" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    const message = await screen.findByText(/is not an IANA time zone/);
    expect(message.id).toBe("err-orgTimeZone");
    expect(zone.getAttribute("aria-invalid")).toBe("true");
    expect(zone.getAttribute("aria-describedby")).toBe("err-orgTimeZone");
    expect(screen.getByText(/Nothing was saved: fix the field marked above/)).toBeTruthy();
    // The UI sends what was typed; the validation is Rust's.
    expect(calls).toEqual([
      [
        "save_settings",
        {
          update: {
            userName: "local-user",
            orgTimeZone: "Mars/Olympus",
            emailProvider: "simulated",
            emailFrom: "occupational-health@workwell-demo.dev",
            sendgridApiKey: null,
          },
        },
      ],
    ]);
  });

  it("never shows the stored SendGrid key and clears a typed one after saving", async () => {
    restore = setBackend(async () => ({
      saved: true,
      changed: ["org_time_zone", "sendgrid_api_key"],
      errors: [],
      settings: { ...settings, orgTimeZone: "Europe/Berlin" },
    }));
    render(<SettingsForm initial={settings} zones={[]} />);
    const key = screen.getByLabelText("SendGrid API key") as HTMLInputElement;
    expect(key.value).toBe("");
    expect(key.type).toBe("password");
    expect(key.placeholder).toContain("A key is stored");
    fireEvent.change(key, { target: { value: "SG.new" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    const saved = await screen.findByTestId("settings-saved");
    expect(saved.textContent).toBe("Saved: organisation time zone, SendGrid API key.");
    expect(key.value).toBe("");
  });

  it("names settings keys for people", () => {
    expect(settingName("org_time_zone")).toBe("organisation time zone");
    expect(settingName("something_else")).toBe("something_else");
  });
});

// QA3 H12: the Daily schedule card names the zone the time is stored in right after a save.
describe("Settings and the daily schedule", () => {
  it("shows the newly saved zone on the schedule card without reopening the screen", async () => {
    const { AdminSettings } = await import("./AdminSettings");
    let zone = "UTC";
    restore = setBackend(async (command, args) => {
      if (command === "get_settings") return { ...settings, orgTimeZone: zone };
      if (command === "list_time_zones") return ["UTC", "America/Los_Angeles"];
      if (command === "get_schedule")
        return { time: "06:00", timeZone: zone, nextRunAt: null, dueNow: false, lastScheduledStart: null };
      if (command === "save_settings") {
        zone = (args as { update: { orgTimeZone: string } }).update.orgTimeZone;
        return { saved: true, changed: ["org_time_zone"], errors: [], settings: { ...settings, orgTimeZone: zone } };
      }
      throw { code: "NOT_FOUND", message: `no fake for ${command}` };
    });
    render(<AdminSettings />);
    expect(await screen.findByText(/at this time \(UTC\)/)).toBeTruthy();
    fireEvent.change(await screen.findByLabelText("Organisation time zone"), { target: { value: "America/Los_Angeles" } });
    fireEvent.click(screen.getByRole("button", { name: "Save settings" }));
    expect(await screen.findByText(/at this time \(America\/Los_Angeles\)/)).toBeTruthy();
  });
});
