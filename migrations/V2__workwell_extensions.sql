-- WorkWell V2: tables the contract does not list but later rules need (docs/schema.md).

-- The local FHIR R4 store (issue 2 item 2, issue 4 item 1). One row per resource, keyed like
-- FHIR itself by (resourceType, id); importing the same resource again replaces its row.
-- patient_id is the Patient id the resource belongs to (the Patient's own id for a Patient,
-- the reference target of subject/patient otherwise) so the CQL data provider retrieves by
-- (patient_id, resource_type) through one index.
CREATE TABLE fhir_resources (
    resource_type TEXT NOT NULL,
    id TEXT NOT NULL,
    patient_id TEXT,
    resource_json TEXT NOT NULL
        CHECK (json_valid(resource_json) AND json_extract(resource_json, '$.resourceType') = resource_type),
    -- meta.lastUpdated of the resource when it carries one (as written in the resource).
    last_updated TEXT,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (imported_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    PRIMARY KEY (resource_type, id)
);
CREATE INDEX fhir_resources_patient_type_idx ON fhir_resources(patient_id, resource_type);

-- Waivers (issue 6 item 6): an exemption of one employee from one measure, granted with a
-- reason until an optional expiry date, revoked without deleting the row. A waiver is active
-- at date D when revoked_at IS NULL and (expires_on IS NULL or D <= expires_on).
CREATE TABLE waivers (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    employee_id TEXT NOT NULL REFERENCES employees(id),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (granted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    expires_on TEXT CHECK (expires_on IS NULL OR date(expires_on) = expires_on),
    revoked_at TEXT
        CHECK (revoked_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    revoked_by TEXT,
    revoke_reason TEXT,
    -- A revocation is recorded whole (time and person) or not at all.
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX waivers_employee_measure_idx ON waivers(employee_id, measure_id);

-- Local settings (TEAM.md): user_name (the acting user, default 'local-user'),
-- org_time_zone (IANA zone, default 'UTC'), and keys other features add. The defaults live in
-- ww_store::settings; `workwell init` writes them as rows.
CREATE TABLE settings (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

-- One row describing the file: what it is and which build created it. Together with
-- PRAGMA application_id (set in V1) it lets ww_store::open recognise a WorkWell database.
CREATE TABLE schema_info (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    application TEXT NOT NULL CHECK (application = 'WorkWell'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    created_by_version TEXT NOT NULL
);
INSERT INTO schema_info (id, application, created_by_version) VALUES (1, 'WorkWell', 'V2');
