// The web view's locale as libraries see it. On a machine whose locale is POSIX "C"
// (LANG=C, common on minimal Debian installs and CI), WebKitGTK reports
// `navigator.language === "C"`, which is not a BCP 47 tag: `new Intl.NumberFormat("C")`
// throws a RangeError, and uPlot calls exactly that when its module loads, so the trend
// chart never drew. Display only: no decision depends on it.

/** The tag used when the web view's own is not a valid BCP 47 language tag. */
export const FALLBACK_LOCALE = "en-US";

/**
 * Makes `navigator.language` a valid BCP 47 tag: leaves a valid one alone, replaces an
 * invalid one ("C", "POSIX", empty) with {@link FALLBACK_LOCALE}. Returns the tag in force.
 */
export function ensureValidLocale(nav: Navigator = navigator): string {
  const current = nav.language;
  try {
    if (current && Intl.getCanonicalLocales(current).length > 0) return current;
  } catch {
    // not a language tag: replaced below
  }
  Object.defineProperty(nav, "language", { value: FALLBACK_LOCALE, configurable: true });
  Object.defineProperty(nav, "languages", { value: [FALLBACK_LOCALE], configurable: true });
  return FALLBACK_LOCALE;
}
