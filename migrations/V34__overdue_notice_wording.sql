-- WorkWell V34 (QA finding G19): the built-in "Overdue notice" told the employee "Your
-- supervisor has been informed", but nothing informs anyone. Databases seeded before V34 get
-- the corrected sentence in their built-in row (the text in code, ww_store::outreach, changed
-- with this migration); a template an organisation wrote itself is left as it is.
UPDATE outreach_templates
SET body_text = replace(
    body_text,
    'Your supervisor has been informed.',
    'If you have already had it, please send us the record so that we can update your file.'
)
WHERE name = 'Overdue notice'
  AND measure_id IS NULL
  AND body_text LIKE 'Hello {{employeeName}},%Your supervisor has been informed.%Occupational Health';
