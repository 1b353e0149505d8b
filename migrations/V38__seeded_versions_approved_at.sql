-- WorkWell V38 (QA3 finding H15): the standard measure versions were seeded ACTIVE with
-- approved_by 'WorkWell standard content' but no approved_at, so the Studio showed the active
-- rule as never approved. Their approval time is the time they were seeded and activated.
-- Only approved_at is written: the CQL, the spec and the approval hashes (V33) are untouched,
-- so `workwell measures verify` and `audit verify` report the same as before.
UPDATE measure_versions
SET approved_at = COALESCE(activated_at, created_at)
WHERE approved_by IS NOT NULL
  AND approved_at IS NULL
  AND status <> 'DRAFT';
