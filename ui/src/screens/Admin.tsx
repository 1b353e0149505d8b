import { useState } from "react";
import { AdminImports } from "./AdminImports";
import { AdminIntegrations } from "./AdminIntegrations";
import { AdminOutreach } from "./AdminOutreach";
import { AdminReset } from "./AdminReset";
import { AdminSettings } from "./AdminSettings";
import { AdminWaivers } from "./AdminWaivers";
import { Tabs, type TabDef } from "./AdminParts";

/** The Admin screen's sections, in tab order. `#/admin/<id>` opens one directly. */
export const ADMIN_TABS: TabDef[] = [
  { id: "integrations", label: "Integrations" },
  { id: "imports", label: "Imports" },
  { id: "outreach", label: "Outreach" },
  { id: "waivers", label: "Waivers" },
  { id: "settings", label: "Settings" },
  { id: "reset", label: "Demo reset" },
];

/** The tab named by a location hash such as `#/admin/settings`; the first tab otherwise. */
export function tabFromHash(hash: string): string {
  const part = hash.replace(/^#\/?/, "").split("/")[1] ?? "";
  return ADMIN_TABS.some((t) => t.id === part) ? part : ADMIN_TABS[0].id;
}

/** Admin: integrations, imports, outreach templates and log, waivers, settings, demo reset. */
export function Admin() {
  const [tab, setTab] = useState(() => tabFromHash(window.location.hash));
  const select = (id: string) => {
    setTab(id);
    window.history.replaceState(null, "", `#/admin/${id}`);
  };
  return (
    <Tabs label="Admin sections" tabs={ADMIN_TABS} selected={tab} onSelect={select}>
      {tab === "integrations" && <AdminIntegrations />}
      {tab === "imports" && <AdminImports />}
      {tab === "outreach" && <AdminOutreach />}
      {tab === "waivers" && <AdminWaivers />}
      {tab === "settings" && <AdminSettings />}
      {tab === "reset" && <AdminReset />}
    </Tabs>
  );
}
