import { useCallback, useRef, useState, type KeyboardEvent } from "react";
import { studio } from "../api";
import type { StudioMeasure, StudioVersion } from "../bindings";
import { Async, useAsync } from "../components/Async";
import { Chip } from "../components/Chip";
import { label } from "../labels";
import { StudioCql } from "./StudioCql";
import { StudioFixtures } from "./StudioFixtures";
import { noticeFor, pickVersion, tabAfterKey, TABS, type Notice, type TabId } from "./StudioModel";
import { StudioRelease } from "./StudioRelease";
import { StudioSpec } from "./StudioSpec";
import { StudioValueSets } from "./StudioValueSets";
import "./Studio.css";

/** What every tab gets: the measure, the shown version, and ways to report and reload. */
export interface TabProps {
  measure: StudioMeasure;
  version: StudioVersion;
  /** Shows a result or refusal above the tabs. */
  notify: (n: Notice | null) => void;
  /** Reloads the measure (after a change), keeping or switching the shown version. */
  reload: (showVersion?: string) => void;
}

/** The Studio of one measure: version picker, "New version", and the five tabs. */
export function Studio(props: { measureId: string }) {
  const [generation, setGeneration] = useState(0);
  const [wanted, setWanted] = useState<string | null>(null);
  const [tab, setTab] = useState<TabId>("spec");
  const [notice, setNotice] = useState<Notice | null>(null);
  const m = useAsync(() => studio.measure(props.measureId), [props.measureId, generation]);
  const reload = useCallback((showVersion?: string) => {
    if (showVersion) setWanted(showVersion);
    setGeneration((g) => g + 1);
  }, []);

  return (
    <div className="studio">
      <p className="breadcrumb">
        <a href="#/measures">← All measures</a>
      </p>
      <Async state={m.state} what="the measure" onRetry={m.reload}>
        {(measure) => {
          const version = pickVersion(measure, wanted);
          return (
            <>
              <header className="studio-head card">
                <div>
                  <h2 data-testid="studio-title">{measure.name}</h2>
                  <p className="muted">
                    {measure.policyRef ?? "No policy reference"}
                    {measure.owner ? ` · ${measure.owner}` : ""}
                  </p>
                </div>
                <VersionPicker
                  measure={measure}
                  current={version}
                  onPick={(id) => {
                    setWanted(id);
                    setNotice(null);
                  }}
                />
                <NewVersion
                  measureId={measure.id}
                  onCreated={(id) => {
                    setNotice({ tone: "good", title: "New version", text: "A new draft version was created from the newest version." });
                    reload(id);
                  }}
                  notify={setNotice}
                />
              </header>
              {notice && <NoticeBox notice={notice} onClose={() => setNotice(null)} />}
              {version === null ? (
                <p className="empty">This measure has no versions.</p>
              ) : (
                <section className="card studio-body">
                  <Tabs current={tab} onChange={setTab} />
                  <div role="tabpanel" id={`studio-panel-${tab}`} aria-labelledby={`studio-tab-${tab}`}>
                    <TabPanel tab={tab} measure={measure} version={version} notify={setNotice} reload={reload} />
                  </div>
                </section>
              )}
            </>
          );
        }}
      </Async>
    </div>
  );
}

function TabPanel(props: TabProps & { tab: TabId }) {
  const { tab, ...rest } = props;
  // Each version gets fresh tab state (editor text, form fields).
  const key = `${rest.version.id}`;
  switch (tab) {
    case "spec":
      return <StudioSpec key={key} {...rest} />;
    case "cql":
      return <StudioCql key={key} {...rest} />;
    case "valuesets":
      return <StudioValueSets key={key} {...rest} />;
    case "fixtures":
      return <StudioFixtures key={key} {...rest} />;
    case "release":
      return <StudioRelease key={key} {...rest} />;
  }
}

/** The tab strip: arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern). */
function Tabs(props: { current: TabId; onChange: (t: TabId) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent) => {
    const next = tabAfterKey(props.current, e.key);
    if (next) {
      e.preventDefault();
      props.onChange(next);
      refs.current[next]?.focus();
    }
  };
  return (
    <div className="tabs" role="tablist" aria-label="Studio" onKeyDown={onKey}>
      {TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`studio-tab-${t.id}`}
          data-testid={`tab-${t.id}`}
          aria-selected={t.id === props.current}
          aria-controls={`studio-panel-${t.id}`}
          tabIndex={t.id === props.current ? 0 : -1}
          className={t.id === props.current ? "tab active" : "tab"}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          onClick={() => props.onChange(t.id)}
        >
          {t.title}
        </button>
      ))}
    </div>
  );
}

function VersionPicker(props: { measure: StudioMeasure; current: StudioVersion | null; onPick: (id: string) => void }) {
  return (
    <label className="version-picker">
      Version{" "}
      <select
        data-testid="version-select"
        value={props.current?.id ?? ""}
        onChange={(e) => props.onPick(e.target.value)}
      >
        {props.measure.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.version} — {label(v.status)}
          </option>
        ))}
      </select>{" "}
      {props.current && <Chip value={props.current.status} />}
    </label>
  );
}

/** "New version": asks for the change summary the engine requires, then creates the DRAFT. */
function NewVersion(props: { measureId: string; onCreated: (id: string) => void; notify: (n: Notice | null) => void }) {
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState("");
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <button type="button" data-testid="new-version" onClick={() => setOpen(true)}>
        New version…
      </button>
    );
  }
  const submit = async () => {
    setBusy(true);
    try {
      const id = await studio.newVersion(props.measureId, summary);
      setOpen(false);
      setSummary("");
      props.onCreated(id);
    } catch (e) {
      props.notify(noticeFor("New version", e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="new-version"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <label>
        Change summary (required)
        <input
          data-testid="change-summary"
          autoFocus
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
          placeholder="Why this version is needed"
        />
      </label>
      <button type="submit" data-testid="create-version" disabled={busy}>
        Create draft
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

function NoticeBox(props: { notice: Notice; onClose: () => void }) {
  const n = props.notice;
  return (
    <div className={`notice notice-${n.tone}`} role={n.tone === "good" ? "status" : "alert"} data-testid="studio-notice">
      <strong>{n.title}.</strong> {n.text}{" "}
      <button type="button" className="link" onClick={props.onClose} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
