import { useState } from "react";
import { studio } from "../api";
import type { OshaReferenceDto, SpecForm } from "../bindings";
import { label } from "../labels";
import type { TabProps } from "./Studio";
import { allows, noticeFor, numberField, splitList } from "./StudioModel";

type NumberKey = "windowDays" | "dueSoonDays" | "baselineDays";

/** The form's text fields (numbers and lists as typed, turned into values on save). */
interface Draft {
  description: string;
  programArea: string;
  examName: string;
  eligibleRoles: string;
  eligibleSites: string;
  windowDays: string;
  dueSoonDays: string;
  baselineDays: string;
  cycleRule: string;
  seasonDeadline: string;
  exemptionRules: string;
}

function toDraft(s: SpecForm): Draft {
  const n = (x: number | null) => (x === null ? "" : String(x));
  return {
    description: s.description,
    programArea: s.programArea,
    examName: s.examName,
    eligibleRoles: s.eligibleRoles.join("\n"),
    eligibleSites: s.eligibleSites.join("\n"),
    windowDays: n(s.windowDays),
    dueSoonDays: n(s.dueSoonDays),
    baselineDays: n(s.baselineDays),
    cycleRule: s.cycleRule,
    seasonDeadline: s.seasonDeadline,
    exemptionRules: s.exemptionRules.join("\n"),
  };
}

/**
 * The form's values, or the first field that is not a whole number. Range rules (no negative
 * windows, MM-DD deadlines) are the engine's and come back as its refusal.
 */
export function fromDraft(d: Draft): { spec: SpecForm } | { badField: string } {
  const nums: Partial<Record<NumberKey, number | null>> = {};
  for (const key of ["windowDays", "dueSoonDays", "baselineDays"] as NumberKey[]) {
    const n = numberField(d[key]);
    if (n !== null && !Number.isInteger(n)) return { badField: key };
    nums[key] = n;
  }
  return {
    spec: {
      description: d.description,
      programArea: d.programArea,
      examName: d.examName,
      eligibleRoles: splitList(d.eligibleRoles),
      eligibleSites: splitList(d.eligibleSites),
      windowDays: nums.windowDays ?? null,
      dueSoonDays: nums.dueSoonDays ?? null,
      baselineDays: nums.baselineDays ?? null,
      cycleRule: d.cycleRule,
      seasonDeadline: d.seasonDeadline,
      exemptionRules: splitList(d.exemptionRules),
    },
  };
}

const FIELD_LABELS: Record<NumberKey, string> = {
  windowDays: "Window (days an exam stays valid)",
  dueSoonDays: "Due-soon lead (days before due)",
  baselineDays: "Baseline (days after start for the first exam)",
};

/** The Spec tab: the structured settings the engine passes to the CQL, and the OSHA lookup. */
export function StudioSpec(props: TabProps) {
  const v = props.version;
  const editable = allows(v, "EDIT");
  const [draft, setDraft] = useState<Draft>(() => toDraft(v.spec));
  const [busy, setBusy] = useState(false);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });

  const save = async () => {
    const parsed = fromDraft(draft);
    if ("badField" in parsed) {
      props.notify({ tone: "refused", title: "Save: check the input", text: `${FIELD_LABELS[parsed.badField as NumberKey]} must be a whole number.` });
      return;
    }
    setBusy(true);
    try {
      await studio.saveSpec(v.id, parsed.spec);
      props.notify({ tone: "good", title: "Spec saved", text: `Version ${v.version}'s settings are saved.` });
      props.reload(v.id);
    } catch (e) {
      props.notify(noticeFor("Save spec", e));
    } finally {
      setBusy(false);
    }
  };

  /** Sets (or with null clears) the OSHA reference this DRAFT cites; audited by the engine. */
  const cite = async (r: OshaReferenceDto | null) => {
    setBusy(true);
    try {
      const changed = await studio.setOshaReference(v.id, r?.id ?? null);
      props.notify({
        tone: "good",
        title: "OSHA reference",
        text: !changed
          ? `Version ${v.version} already cites that.`
          : r
            ? `Version ${v.version} now cites ${r.cfrCitation}.`
            : `Version ${v.version} cites no OSHA reference now.`,
      });
      props.reload(v.id);
    } catch (e) {
      props.notify(noticeFor("OSHA reference", e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="studio-spec">
      {!editable && (
        <p className="muted">Version {v.version} is {v.status.toLowerCase()}: its spec is frozen. Create a new version to change it.</p>
      )}
      <form
        className="spec-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <fieldset disabled={!editable || busy}>
          <label className="wide">
            Description
            <textarea rows={3} value={draft.description} onChange={set("description")} />
          </label>
          <label>
            Program area
            <input value={draft.programArea} onChange={set("programArea")} />
          </label>
          <label>
            Exam name (used in next actions)
            <input value={draft.examName} onChange={set("examName")} />
          </label>
          <label>
            Eligible roles (one per line; none = every role)
            <textarea rows={3} value={draft.eligibleRoles} onChange={set("eligibleRoles")} data-testid="spec-roles" />
          </label>
          <label>
            Eligible sites (one per line; none = every site)
            <textarea rows={3} value={draft.eligibleSites} onChange={set("eligibleSites")} />
          </label>
          {(Object.keys(FIELD_LABELS) as NumberKey[]).map((k) => (
            <label key={k}>
              {FIELD_LABELS[k]}
              <input inputMode="numeric" value={draft[k]} onChange={set(k)} data-testid={`spec-${k}`} />
            </label>
          ))}
          <label>
            Compliance cycle
            <select value={draft.cycleRule} onChange={set("cycleRule")}>
              <option value="">Not set (calendar year)</option>
              <option value="CALENDAR_YEAR">Calendar year</option>
              <option value="FLU_SEASON">Flu season</option>
            </select>
          </label>
          <label>
            Season deadline (MM-DD, flu)
            <input value={draft.seasonDeadline} onChange={set("seasonDeadline")} placeholder="11-15" />
          </label>
          <label>
            Exemption rules (one per line)
            <textarea rows={2} value={draft.exemptionRules} onChange={set("exemptionRules")} />
            {splitList(draft.exemptionRules).length > 0 && (
              <span className="muted small" data-testid="exemption-labels">
                {splitList(draft.exemptionRules).map(label).join(", ")}
              </span>
            )}
          </label>
        </fieldset>
        {editable && (
          <button type="submit" disabled={busy} data-testid="save-spec">
            {busy ? "Saving…" : "Save spec"}
          </button>
        )}
      </form>
      <OshaLookup
        current={v.oshaReference}
        canUse={editable}
        onUse={(r) => setDraft({ ...draft, programArea: r.programArea })}
        onCite={(r) => void cite(r)}
      />
      <details className="spec-json">
        <summary>Every key of the stored spec (JSON)</summary>
        <pre>{v.specJson}</pre>
      </details>
    </div>
  );
}

/** Looks up OSHA references by CFR paragraph, title or program (osha_references). */
function OshaLookup(props: {
  current: OshaReferenceDto | null;
  canUse: boolean;
  onUse: (r: OshaReferenceDto) => void;
  onCite: (r: OshaReferenceDto | null) => void;
}) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<OshaReferenceDto[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = async () => {
    setError(null);
    try {
      setFound(await studio.oshaReferences(text));
    } catch (e) {
      setError(noticeFor("Search", e).text);
    }
  };
  return (
    <section className="osha-lookup" aria-label="OSHA reference lookup">
      <h3>OSHA reference</h3>
      <p>
        This version cites:{" "}
        {props.current ? (
          <strong data-testid="osha-current">
            {props.current.cfrCitation} — {props.current.title} ({props.current.programArea})
          </strong>
        ) : (
          <span className="muted">no OSHA reference (an organisation policy)</span>
        )}
        {props.current && props.canUse && (
          <>
            {" "}
            <button type="button" className="link" onClick={() => props.onCite(null)} data-testid="osha-clear">
              Remove the citation
            </button>
          </>
        )}
      </p>
      {!props.canUse && <p className="muted small">Only a DRAFT version's citation can change.</p>}
      <form
        className="inline"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <input
          aria-label="Search by CFR paragraph, title or program"
          placeholder="1910.95, noise, Hearing…"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="osha-search"
        />
        <button type="submit">Look up</button>
      </form>
      {error && <p role="alert" className="error-box">{error}</p>}
      {found !== null &&
        (found.length === 0 ? (
          <p className="empty">No reference matches “{text}”.</p>
        ) : (
          <table className="grid" aria-label="OSHA references">
            <thead>
              <tr>
                <th>Citation</th>
                <th>Title</th>
                <th>Program</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {found.map((r) => (
                <tr key={r.id} data-testid="osha-row">
                  <td>{r.cfrCitation}</td>
                  <td>{r.title}</td>
                  <td>{r.programArea}</td>
                  <td>
                    {props.canUse && (
                      <>
                        <button
                          type="button"
                          className="link"
                          disabled={props.current?.id === r.id}
                          onClick={() => props.onCite(r)}
                          data-testid="osha-cite"
                        >
                          {props.current?.id === r.id ? "Cited" : "Cite for this version"}
                        </button>{" "}
                        <button type="button" className="link" onClick={() => props.onUse(r)}>
                          Use its program area
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
