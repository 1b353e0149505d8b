-- WorkWell V35 (QA finding G12): outcomes, case actions and the outreach delivery log are
-- records of what happened, not working state. Like audit_events (V1), the database itself
-- refuses UPDATE and DELETE on them, so an edit by SQL outside the application fails instead
-- of silently rewriting the evidence. The application only ever INSERTs into these tables:
-- a later delivery status is a new outreach_delivery_log row (OUTREACH_DELIVERY_UPDATED), a
-- re-evaluation is a new outcome row of a new run, and every case change is a new
-- case_actions row. `cases` stays updatable (it is the working state); `workwell audit
-- verify` checks its status, priority and assignee against the ledger instead.
CREATE TRIGGER outcomes_no_update BEFORE UPDATE ON outcomes
BEGIN
    SELECT RAISE(ABORT, 'outcomes is append-only: an outcome is the record of one evaluation; run again to record a new one');
END;
CREATE TRIGGER outcomes_no_delete BEFORE DELETE ON outcomes
BEGIN
    SELECT RAISE(ABORT, 'outcomes is append-only: an outcome is the record of one evaluation; run again to record a new one');
END;
CREATE TRIGGER case_actions_no_update BEFORE UPDATE ON case_actions
BEGIN
    SELECT RAISE(ABORT, 'case_actions is append-only: record a new case action instead');
END;
CREATE TRIGGER case_actions_no_delete BEFORE DELETE ON case_actions
BEGIN
    SELECT RAISE(ABORT, 'case_actions is append-only: record a new case action instead');
END;
CREATE TRIGGER outreach_delivery_log_no_update BEFORE UPDATE ON outreach_delivery_log
BEGIN
    SELECT RAISE(ABORT, 'outreach_delivery_log is append-only: a later delivery status is a new row (cases delivery)');
END;
CREATE TRIGGER outreach_delivery_log_no_delete BEFORE DELETE ON outreach_delivery_log
BEGIN
    SELECT RAISE(ABORT, 'outreach_delivery_log is append-only: a later delivery status is a new row (cases delivery)');
END;
