import { useState } from "react";
import { admin, programs } from "../api";
import { Async, useAsync } from "../components/Async";
import type { ScheduleDto, SettingsDto, SettingsSaveResult } from "../bindings";
import { orNull, Refusal, useAction, when } from "./AdminParts";

/** Settings (user, time zone, email) and the daily schedule. */
export function AdminSettings() {
  const settings = useAsync(() => admin.settings());
  const zones = useAsync(() => admin.timeZones());
  // QA3 H12: a saved zone changes the zone the schedule is stored in; the card asks Rust again.
  const [saves, setSaves] = useState(0);
  return (
    <>
      <Async state={settings.state} what="the settings" onRetry={settings.reload}>
        {(s) => (
          <SettingsForm
            initial={s}
            zones={zones.state.kind === "ready" ? zones.state.data : []}
            onSaved={() => setSaves((n) => n + 1)}
          />
        )}
      </Async>
      <DailySchedule key={saves} />
    </>
  );
}

/** The messages Rust returned for each field, by field name. */
export function fieldMessages(result: SettingsSaveResult | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of result?.errors ?? []) out[e.field] = e.message;
  return out;
}

/** The settings form: every field is validated in Rust; a refused field saves nothing. */
export function SettingsForm(props: { initial: SettingsDto; zones: string[]; onSaved?: () => void }) {
  const [current, setCurrent] = useState(props.initial);
  const [userName, setUserName] = useState(props.initial.userName);
  const [zone, setZone] = useState(props.initial.orgTimeZone);
  const [provider, setProvider] = useState(props.initial.emailProvider);
  const [from, setFrom] = useState(props.initial.emailFrom);
  const [key, setKey] = useState("");
  const action = useAction<SettingsSaveResult>();
  const result = action.state.kind === "done" ? action.state.result : null;
  const errors = fieldMessages(result);
  const save = async () => {
    const r = await action.run(() =>
      admin.saveSettings({
        userName,
        orgTimeZone: zone,
        emailProvider: provider,
        emailFrom: from,
        sendgridApiKey: orNull(key),
      }),
    );
    if (r?.saved) {
      setCurrent(r.settings);
      setKey("");
      props.onSaved?.();
    }
  };
  const error = (field: string) =>
    errors[field] ? (
      <span className="field-error" id={`err-${field}`} role="alert">
        {errors[field]}
      </span>
    ) : null;
  const described = (field: string) => (errors[field] ? `err-${field}` : undefined);
  return (
    <section className="card" aria-label="Settings">
      <h2>Settings</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="form-grid">
          <label htmlFor="set-user">User name</label>
          <span>
            <input
              id="set-user"
              value={userName}
              onChange={(e) => setUserName(e.target.value)}
              aria-invalid={errors.userName !== undefined}
              aria-describedby={described("userName")}
            />
            <span className="muted small"> Recorded as the actor of every change.</span>
            {error("userName")}
          </span>
          <label htmlFor="set-zone">Organisation time zone</label>
          <span>
            <input
              id="set-zone"
              data-testid="org-time-zone"
              value={zone}
              onChange={(e) => setZone(e.target.value)}
              list="iana-zones"
              aria-invalid={errors.orgTimeZone !== undefined}
              aria-describedby={described("orgTimeZone")}
            />
            <datalist id="iana-zones">
              {props.zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <span className="muted small"> IANA name; sets measurement periods and the dates shown.</span>
            {error("orgTimeZone")}
          </span>
          <label htmlFor="set-provider">Email provider</label>
          <span>
            <select
              id="set-provider"
              value={provider}
              onChange={(e) => setProvider(e.target.value)}
              aria-invalid={errors.emailProvider !== undefined}
              aria-describedby={described("emailProvider")}
            >
              {current.providers.map((p) => (
                <option key={p} value={p}>
                  {p === "sendgrid" ? "SendGrid" : "Simulated (nothing leaves this machine)"}
                </option>
              ))}
            </select>
            {error("emailProvider")}
          </span>
          <label htmlFor="set-from">Sender address</label>
          <span>
            <input
              id="set-from"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              aria-invalid={errors.emailFrom !== undefined}
              aria-describedby={described("emailFrom")}
            />
            {error("emailFrom")}
          </span>
          <label htmlFor="set-key">SendGrid API key</label>
          <span>
            <input
              id="set-key"
              type="password"
              autoComplete="off"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder={current.sendgridKeyStored ? "A key is stored (type to replace it)" : "No key stored"}
            />
            {current.sendgridKeyFromEnv && (
              <span className="muted small"> WORKWELL_SENDGRID_API_KEY is set and overrides the stored key.</span>
            )}
          </span>
        </div>
        <button type="submit" disabled={action.busy}>
          {action.busy ? "Saving…" : "Save settings"}
        </button>
      </form>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not saved." />}
      {result && !result.saved && (
        <p className="warn" role="status">
          Nothing was saved: fix the {result.errors.length === 1 ? "field" : `${result.errors.length} fields`} marked
          above.
        </p>
      )}
      {result?.saved && (
        <p className="ok" role="status" data-testid="settings-saved">
          {result.changed.length === 0 ? "Nothing changed." : `Saved: ${result.changed.map(settingName).join(", ")}.`}
        </p>
      )}
    </section>
  );
}

/** A settings key as people read it. */
export function settingName(key: string): string {
  const names: Record<string, string> = {
    user_name: "user name",
    org_time_zone: "organisation time zone",
    email_provider: "email provider",
    email_from: "sender address",
    sendgrid_api_key: "SendGrid API key",
  };
  return names[key] ?? key;
}

/** The daily scheduled run's time (APP-C's scheduler runs it while the app is open). */
function DailySchedule() {
  const schedule = useAsync(() => programs.schedule());
  return (
    <section className="card section" aria-label="Daily schedule">
      <h2>Daily scheduled run</h2>
      <Async state={schedule.state} what="the schedule" onRetry={schedule.reload}>
        {(s) => <ScheduleForm initial={s} />}
      </Async>
    </section>
  );
}

function ScheduleForm(props: { initial: ScheduleDto }) {
  const [current, setCurrent] = useState(props.initial);
  const [time, setTime] = useState(props.initial.time ?? "");
  const action = useAction<ScheduleDto>();
  const save = async (value: string | null) => {
    const r = await action.run(() => programs.setSchedule(value));
    if (r) {
      setCurrent(r);
      setTime(r.time ?? "");
    }
  };
  return (
    <>
      <p className="muted small">
        All programs run once a day at this time ({current.timeZone}) while the app is open; a run missed while it was
        closed starts at the next launch.
      </p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void save(orNull(time));
        }}
      >
        <label>
          Time{" "}
          <input type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-label="Daily run time" />
        </label>
        <button type="submit" disabled={action.busy}>
          Save time
        </button>
        <button type="button" className="secondary" onClick={() => save(null)} disabled={action.busy || current.time === null}>
          Turn off
        </button>
      </form>
      <p className="small" role="status">
        {current.time === null
          ? "No scheduled run."
          : current.dueNow
            ? "A scheduled run is due now."
            : `Next run: ${when(current.nextRunAt, current.timeZone)}.`}{" "}
        {current.lastScheduledStart && <span className="muted">Last scheduled run: {when(current.lastScheduledStart, current.timeZone)}.</span>}
      </p>
      {action.state.kind === "failed" && <Refusal error={action.state.error} title="Not saved." />}
    </>
  );
}
