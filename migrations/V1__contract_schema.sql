-- WorkWell V1: the contract's seventeen tables ported to SQLite.
--
-- Type mapping (docs/schema.md explains each choice):
--   UUID         -> TEXT, 36-character lowercase v4 UUID made in Rust (the DEFAULT below makes
--                   one too, so a hand-written INSERT without an id still gets a real UUID)
--   JSONB        -> TEXT CHECK (json_valid(...))
--   TEXT[]       -> TEXT holding a JSON array, CHECK (json_type(...) = 'array')
--   TIMESTAMPTZ  -> TEXT, UTC ISO-8601 with milliseconds, e.g. 2026-05-06T14:03:00.123Z
--   DATE         -> TEXT, YYYY-MM-DD
--   BOOLEAN      -> INTEGER 0 / 1
--   NUMERIC      -> REAL
--   BIGSERIAL PK -> INTEGER PRIMARY KEY AUTOINCREMENT
-- Status columns carry CHECK constraints with the UPPERCASE values of ww_store::enums.
-- Columns that are not in the contract are marked "WorkWell extension" with the rule that
-- needs them.

-- Marks the file as a WorkWell database ('WWL1'); ww_store::open refuses other SQLite files.
PRAGMA application_id = 1465338929;

CREATE TABLE measures (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    name TEXT NOT NULL,
    policy_ref TEXT,
    owner TEXT,
    tags TEXT DEFAULT '[]' CHECK (tags IS NULL OR (json_valid(tags) AND json_type(tags) = 'array')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);

CREATE TABLE osha_references (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    cfr_citation TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    program_area TEXT NOT NULL
);

CREATE TABLE measure_versions (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    measure_id TEXT NOT NULL REFERENCES measures(id),
    osha_reference_id TEXT REFERENCES osha_references(id),
    version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('DRAFT', 'APPROVED', 'ACTIVE', 'DEPRECATED')),
    spec_json TEXT NOT NULL CHECK (json_valid(spec_json)),
    cql_text TEXT,
    compile_status TEXT CHECK (compile_status IN ('NOT_COMPILED', 'COMPILED', 'WARNINGS', 'ERROR')),
    compile_result TEXT CHECK (compile_result IS NULL OR json_valid(compile_result)),
    change_summary TEXT,
    approved_by TEXT,
    activated_at TEXT
        CHECK (activated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    UNIQUE (measure_id, version)
);
-- WorkWell extension: at most one ACTIVE version per measure (DOMAIN.md section 1 and the
-- lifecycle rule of issue 6), enforced by the database and not only by the code.
CREATE UNIQUE INDEX measure_versions_one_active_idx ON measure_versions(measure_id) WHERE status = 'ACTIVE';

CREATE TABLE value_sets (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    oid TEXT NOT NULL,
    name TEXT NOT NULL,
    version TEXT,
    codes_json TEXT NOT NULL CHECK (json_valid(codes_json)),
    last_resolved_at TEXT
        CHECK (last_resolved_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    canonical_url TEXT,
    code_systems TEXT DEFAULT '[]'
        CHECK (code_systems IS NULL OR (json_valid(code_systems) AND json_type(code_systems) = 'array')),
    source TEXT,
    status TEXT NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'RETIRED', 'UNKNOWN')),
    expansion_hash TEXT,
    resolution_status TEXT NOT NULL DEFAULT 'UNKNOWN'
        CHECK (resolution_status IN ('RESOLVED', 'UNRESOLVED', 'EMPTY', 'ERROR', 'UNKNOWN')),
    resolution_error TEXT,
    UNIQUE (oid, version)
);

CREATE TABLE terminology_mappings (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    local_code TEXT NOT NULL,
    local_display TEXT,
    local_system TEXT NOT NULL,
    standard_code TEXT NOT NULL,
    standard_display TEXT,
    standard_system TEXT NOT NULL,
    mapping_status TEXT NOT NULL CHECK (mapping_status IN ('PROPOSED', 'REVIEWED', 'APPROVED', 'REJECTED')),
    mapping_confidence REAL CHECK (mapping_confidence IS NULL OR (mapping_confidence >= 0 AND mapping_confidence <= 1)),
    reviewed_by TEXT,
    reviewed_at TEXT
        CHECK (reviewed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    notes TEXT,
    UNIQUE (local_system, local_code, standard_system, standard_code)
);

CREATE TABLE measure_value_set_links (
    measure_version_id TEXT NOT NULL REFERENCES measure_versions(id),
    value_set_id TEXT NOT NULL REFERENCES value_sets(id),
    PRIMARY KEY (measure_version_id, value_set_id)
);

CREATE TABLE employees (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    external_id TEXT UNIQUE NOT NULL,
    name TEXT NOT NULL,
    role TEXT,
    site TEXT,
    supervisor_id TEXT REFERENCES employees(id),
    fhir_patient_id TEXT,
    start_date TEXT CHECK (start_date IS NULL OR date(start_date) = start_date),
    active INTEGER DEFAULT 1 CHECK (active IN (0, 1))
);
-- WorkWell extension: FHIR import links a Patient to its employee by fhir_patient_id (issue 4).
CREATE INDEX employees_fhir_patient_id_idx ON employees(fhir_patient_id);

CREATE TABLE runs (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    scope_type TEXT NOT NULL CHECK (scope_type IN ('ALL_PROGRAMS', 'MEASURE', 'SITE', 'EMPLOYEE', 'CASE')),
    scope_id TEXT,
    site TEXT,
    trigger_type TEXT NOT NULL CHECK (trigger_type IN ('MANUAL', 'SCHEDULED', 'RERUN')),
    status TEXT NOT NULL
        CHECK (status IN ('REQUESTED', 'QUEUED', 'RUNNING', 'PARTIAL_FAILURE', 'COMPLETED', 'FAILED', 'CANCELLED')),
    triggered_by TEXT,
    started_at TEXT NOT NULL
        CHECK (started_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    completed_at TEXT
        CHECK (completed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    total_evaluated INTEGER,
    compliant INTEGER,
    non_compliant INTEGER,
    duration_ms INTEGER,
    measurement_period_start TEXT NOT NULL
        CHECK (measurement_period_start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    measurement_period_end TEXT NOT NULL
        CHECK (measurement_period_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    requested_scope_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(requested_scope_json)),
    failure_summary TEXT,
    partial_failure_count INTEGER NOT NULL DEFAULT 0,
    dry_run INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1))
);
-- WorkWell extension: run history screens and read models list runs newest first.
CREATE INDEX runs_started_at_idx ON runs(started_at);

CREATE TABLE run_logs (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL REFERENCES runs(id),
    ts TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (ts GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    level TEXT NOT NULL CHECK (level IN ('INFO', 'WARN', 'ERROR')),
    message TEXT NOT NULL
);
-- WorkWell extension: a run's log is read in order by run.
CREATE INDEX run_logs_run_id_idx ON run_logs(run_id, id);

CREATE TABLE outcomes (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    run_id TEXT NOT NULL REFERENCES runs(id),
    employee_id TEXT NOT NULL REFERENCES employees(id),
    measure_version_id TEXT NOT NULL REFERENCES measure_versions(id),
    evaluation_period TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('COMPLIANT', 'DUE_SOON', 'OVERDUE', 'MISSING_DATA', 'EXCLUDED')),
    evidence_json TEXT NOT NULL CHECK (json_valid(evidence_json)),
    evaluated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (evaluated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
CREATE INDEX outcomes_employee_measure_period_idx ON outcomes(employee_id, measure_version_id, evaluation_period);
CREATE INDEX outcomes_run_id_idx ON outcomes(run_id);

CREATE TABLE cases (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    employee_id TEXT NOT NULL REFERENCES employees(id),
    measure_version_id TEXT NOT NULL REFERENCES measure_versions(id),
    evaluation_period TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'EXCLUDED')),
    priority TEXT NOT NULL CHECK (priority IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    assignee TEXT,
    next_action TEXT,
    current_outcome_status TEXT NOT NULL
        CHECK (current_outcome_status IN ('COMPLIANT', 'DUE_SOON', 'OVERDUE', 'MISSING_DATA', 'EXCLUDED')),
    last_run_id TEXT NOT NULL REFERENCES runs(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    closed_at TEXT
        CHECK (closed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    -- WorkWell extension (DOMAIN.md section 5): who closed the case, 'SYSTEM' for a run's
    -- RESOLVED/EXCLUDED or the person's user name for a manual CLOSED; a later run reopens a
    -- system-closed case but leaves a person's closure alone.
    closed_by TEXT,
    -- WorkWell extension: the note a person gives when closing (required by the RESOLVED
    -- action) or the system's reason ("COMPLIANT in run ...", "new cycle ...").
    closed_reason TEXT,
    UNIQUE (employee_id, measure_version_id, evaluation_period)
);
-- WorkWell extension: worklist filters and paging (issue 7: 100,000 cases).
CREATE INDEX cases_status_priority_idx ON cases(status, priority, updated_at);
CREATE INDEX cases_measure_version_idx ON cases(measure_version_id, status);

CREATE TABLE case_actions (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    case_id TEXT NOT NULL REFERENCES cases(id),
    -- Values: ww_store::enums::CaseActionType; the list grows, so only UPPERCASE is enforced here.
    action_type TEXT NOT NULL CHECK (action_type = upper(action_type) AND length(action_type) > 0),
    payload_json TEXT CHECK (payload_json IS NULL OR json_valid(payload_json)),
    performed_by TEXT,
    performed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (performed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
);
-- WorkWell extension: the case timeline reads actions by case in time order.
CREATE INDEX case_actions_case_id_idx ON case_actions(case_id, performed_at);

CREATE TABLE audit_events (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    -- Values: ww_store::enums::AuditEventType; only UPPERCASE is enforced here.
    event_type TEXT NOT NULL CHECK (event_type = upper(event_type) AND length(event_type) > 0),
    entity_type TEXT NOT NULL,
    entity_id TEXT,
    actor TEXT,
    ref_run_id TEXT,
    ref_case_id TEXT,
    ref_measure_version_id TEXT,
    payload_json TEXT CHECK (payload_json IS NULL OR json_valid(payload_json)),
    occurred_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (occurred_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    -- WorkWell extension (issue 5, tamper evidence): the hash of the previous event (NULL for
    -- the first event) and this event's SHA-256 over its canonical content including
    -- prev_hash (ww_store::audit_events::event_hash). Written by audit_events::append.
    prev_hash TEXT CHECK (prev_hash IS NULL OR length(prev_hash) = 64),
    hash TEXT NOT NULL CHECK (length(hash) = 64)
);
CREATE INDEX audit_events_ref_run_id_idx ON audit_events(ref_run_id);
CREATE INDEX audit_events_ref_case_id_idx ON audit_events(ref_case_id);
-- WorkWell extension: audit filters by entity and time.
CREATE INDEX audit_events_entity_idx ON audit_events(entity_type, entity_id);
CREATE INDEX audit_events_occurred_at_idx ON audit_events(occurred_at);

-- The ledger is append-only inside the database itself (DOMAIN.md section 7).
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- WorkWell extension: a new event must chain to the latest one, so two writers cannot fork
-- the chain and a hand-written INSERT cannot skip it.
CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
WHEN NEW.prev_hash IS NOT (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1)
BEGIN
    SELECT RAISE(ABORT, 'audit_events.prev_hash must equal the hash of the latest event');
END;

CREATE TABLE integration_health (
    id TEXT NOT NULL PRIMARY KEY,
    display_name TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('HEALTHY', 'DEGRADED', 'ERROR', 'NOT_CONFIGURED', 'UNKNOWN')),
    last_sync_at TEXT
        CHECK (last_sync_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    last_sync_result TEXT,
    config_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(config_json))
);

CREATE TABLE outreach_templates (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    measure_id TEXT REFERENCES measures(id),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    -- WorkWell extension (DOMAIN.md section 6: "templates come from outreach_templates when
    -- active rows exist"): 0 retires a template without deleting it.
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE outreach_delivery_log (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    case_id TEXT NOT NULL REFERENCES cases(id),
    case_action_id TEXT REFERENCES case_actions(id),
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    provider TEXT NOT NULL CHECK (provider IN ('simulated', 'sendgrid')),
    status TEXT NOT NULL CHECK (status IN ('SIMULATED', 'SENT', 'FAILED')),
    sent_at TEXT NOT NULL
        CHECK (sent_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    error_detail TEXT
);
CREATE INDEX outreach_log_case_id_idx ON outreach_delivery_log(case_id);
CREATE INDEX outreach_log_sent_at_idx ON outreach_delivery_log(sent_at DESC);

CREATE TABLE audit_packet_exports (
    id TEXT NOT NULL PRIMARY KEY
        DEFAULT (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        CHECK (length(id) = 36),
    packet_type TEXT NOT NULL CHECK (packet_type IN ('CASE', 'RUN', 'MEASURE_VERSION')),
    entity_id TEXT NOT NULL,
    format TEXT NOT NULL CHECK (format IN ('json', 'html')),
    generated_by TEXT NOT NULL,
    generated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        CHECK (generated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z'),
    payload_hash TEXT,
    payload_size_bytes INTEGER
);
-- WorkWell extension: `workwell packet verify` finds the export record by its hash.
CREATE INDEX audit_packet_exports_hash_idx ON audit_packet_exports(payload_hash);
