-- WorkWell V31 (governance, QA findings F14 and F17).

-- A waiver applies from its effective start to its expiry (both days included); before V31 it
-- applied to every as-of date up to the expiry, even dates long before it was granted. The
-- start defaults to the day the waiver was granted and may be set earlier to record a
-- historical exemption. Rows from before V31 start on their grant day.
ALTER TABLE waivers ADD COLUMN effective_from TEXT
    CHECK (effective_from IS NULL OR date(effective_from) = effective_from);
UPDATE waivers SET effective_from = substr(granted_at, 1, 10) WHERE effective_from IS NULL;

-- `demo-reset` replaces only demo databases. The flag is the settings row demo_database =
-- 'true', written by demo-reset; a database into which `init --demo` generated the demo
-- workforce (its ledger holds DEMO_WORKFORCE_GENERATED) is a demo database too.
INSERT INTO settings (key, value)
SELECT 'demo_database', 'true'
WHERE EXISTS (SELECT 1 FROM audit_events WHERE event_type = 'DEMO_WORKFORCE_GENERATED')
ON CONFLICT (key) DO NOTHING;
