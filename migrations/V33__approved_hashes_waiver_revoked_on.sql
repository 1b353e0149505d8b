-- WorkWell V33 (governance, QA findings G12 and G4).

-- G12: the SHA-256 (hex) of the CQL text and of the spec JSON (compact serialisation) as they
-- were approved. A run refuses to evaluate a version whose rule no longer hashes to these
-- values (it was edited outside the lifecycle), and `measures verify` reports the drift.
-- Versions approved before V33 have NULL (nothing was recorded; `measures verify` says so).
ALTER TABLE measure_versions ADD COLUMN approved_cql_sha256 TEXT
    CHECK (approved_cql_sha256 IS NULL OR length(approved_cql_sha256) = 64);
ALTER TABLE measure_versions ADD COLUMN approved_spec_sha256 TEXT
    CHECK (approved_spec_sha256 IS NULL OR length(approved_spec_sha256) = 64);

-- G4: the first day a revoked waiver no longer applies. A waiver applies on as-of dates in
-- [start, min(expiry, revoked_on - 1 day)], so a revocation today keeps past evaluations
-- exempt, and a revocation "entered in error" is dated on or before the start. Rows revoked
-- before V33 take the (UTC) day their revocation was recorded.
ALTER TABLE waivers ADD COLUMN revoked_on TEXT
    CHECK (revoked_on IS NULL OR date(revoked_on) = revoked_on);
UPDATE waivers SET revoked_on = substr(revoked_at, 1, 10)
    WHERE revoked_at IS NOT NULL AND revoked_on IS NULL;
