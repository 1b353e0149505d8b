-- WorkWell V30 (governance, issue 6): measure test fixtures and lifecycle bookkeeping.

-- A test fixture of a measure (issue 6 item 3): a small FHIR Bundle, the employee's facts and
-- the outcome status the measure's CQL must produce for them as of a date. Fixtures belong to
-- the measure, not to one version, so every new version is validated against the same cases;
-- approval of a version needs every fixture of its measure to pass.
-- employee_json: {"role": text|null, "site": text|null, "startDate": "YYYY-MM-DD"|null,
--                 "active": bool, "hasActiveWaiver": bool, "patientId": text}
CREATE TABLE measure_test_fixtures (
    id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    description TEXT,
    as_of TEXT NOT NULL CHECK (date(as_of) = as_of),
    employee_json TEXT NOT NULL CHECK (json_valid(employee_json) AND json_type(employee_json) = 'object'),
    bundle_json TEXT NOT NULL
        CHECK (json_valid(bundle_json) AND json_extract(bundle_json, '$.resourceType') = 'Bundle'),
    expected_status TEXT NOT NULL
        CHECK (expected_status IN ('COMPLIANT', 'DUE_SOON', 'OVERDUE', 'MISSING_DATA', 'EXCLUDED')),
    -- Where the fixture came from: 'seed' (seeds/fixtures/<measure>/) or the user who wrote it.
    source TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (measure_id, name)
);
CREATE INDEX measure_test_fixtures_measure_idx ON measure_test_fixtures(measure_id);

-- Lifecycle bookkeeping the contract's columns do not hold (issue 6 item 1): when a version
-- was approved, and when and why it was deprecated (a reason is required; a version demoted
-- by a newer activation gets "superseded by version X").
ALTER TABLE measure_versions ADD COLUMN approved_at TEXT
    CHECK (approved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE measure_versions ADD COLUMN deprecated_at TEXT
    CHECK (deprecated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z');
ALTER TABLE measure_versions ADD COLUMN deprecated_reason TEXT;
