import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, api, setBackend, toApiError, type Backend } from "./api";

let restore: Backend | undefined;
afterEach(() => {
  if (restore) setBackend(restore);
  restore = undefined;
});

describe("api", () => {
  it("calls one command per function and returns its value", async () => {
    const fake = vi.fn(async () => ({ dbPath: "/x.db", createdThisLaunch: false, schemaVersion: 3, tables: [] }));
    restore = setBackend(fake);
    const s = await api.status();
    expect(fake).toHaveBeenCalledWith("app_status", undefined);
    expect(s.schemaVersion).toBe(3);
  });

  it("turns {code, message} rejections into ApiError with the code", async () => {
    restore = setBackend(async () => {
      throw { code: "NOT_FOUND", message: "measure not found: m-1" };
    });
    const err = await api.status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("NOT_FOUND");
    expect((err as ApiError).message).toBe("measure not found: m-1");
  });

  it("classifies Tauri's own string rejections as IPC errors", () => {
    const e = toApiError("Command app_status not allowed by ACL");
    expect(e.code).toBe("IPC");
    expect(e.message).toContain("not allowed");
  });
});
