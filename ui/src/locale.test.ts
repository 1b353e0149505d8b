import { describe, expect, it } from "vitest";
import { ensureValidLocale, FALLBACK_LOCALE } from "./locale";

function fakeNavigator(language: string): Navigator {
  const nav = {} as Navigator;
  Object.defineProperty(nav, "language", { value: language, configurable: true });
  return nav;
}

describe("ensureValidLocale", () => {
  it("keeps a valid language tag", () => {
    const nav = fakeNavigator("de-CH");
    expect(ensureValidLocale(nav)).toBe("de-CH");
    expect(nav.language).toBe("de-CH");
  });

  it("replaces the POSIX C locale, which Intl rejects", () => {
    expect(() => new Intl.NumberFormat("C")).toThrow(RangeError);
    const nav = fakeNavigator("C");
    expect(ensureValidLocale(nav)).toBe(FALLBACK_LOCALE);
    expect(nav.language).toBe("en-US");
    expect(nav.languages).toEqual(["en-US"]);
    expect(() => new Intl.NumberFormat(nav.language)).not.toThrow();
  });

  it("replaces an empty language", () => {
    expect(ensureValidLocale(fakeNavigator(""))).toBe(FALLBACK_LOCALE);
  });
});
