-- V32: indexes for the desktop's case worklist (issue #7: "fast with 100,000 cases, paging done
-- in SQL"). ww-casework's list_cases filters by site through employees, by assignee, and
-- orders by priority rank, then most recently updated, then id.

-- The site filter joins employees: without this index every case's employee was looked up
-- (0.93 s at 100,000 cases); with it SQLite starts from the site's employees.
CREATE INDEX employees_site_idx ON employees(site);

-- The worklist order, so a page is read in index order instead of sorting every matching
-- case (and a deep page skips index entries, not table rows). The expression must stay
-- identical to the ORDER BY in ww-casework's cases.rs. The second index serves the status
-- filters: one status in order; "open" (two statuses) sorts index entries only.
CREATE INDEX cases_worklist_order_idx ON cases(
    (CASE priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END),
    updated_at DESC,
    id
);
CREATE INDEX cases_worklist_status_order_idx ON cases(
    status,
    (CASE priority WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END),
    updated_at DESC,
    id
);

-- The assignee filter ("my cases", "unassigned").
CREATE INDEX cases_assignee_idx ON cases(assignee, status);
