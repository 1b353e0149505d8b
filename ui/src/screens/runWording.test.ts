import { describe, expect, it } from "vitest";
import { employeesWording } from "./runWording";
import { label } from "../labels";

describe("employeesWording (QA3 H16)", () => {
  it("counts the people awaiting roster data apart", () => {
    expect(employeesWording({ employees: 322, employeesAwaitingRoster: 120 })).toBe("202 employees (120 more awaiting roster data)");
    expect(employeesWording({ employees: 200, employeesAwaitingRoster: 0 })).toBe("200 employees");
    expect(employeesWording({ employees: 1, employeesAwaitingRoster: 0 })).toBe("1 employee");
  });

  it("labels the roster status Rust decides", () => {
    expect(label("AWAITING_ROSTER")).toBe("Awaiting roster");
    expect(label("INACTIVE")).toBe("Inactive");
    expect(label("ACTIVE")).toBe("Active");
  });
});
