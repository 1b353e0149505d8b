//! Integration tests of ww-governance over a real SQLite store with the standard content.

mod activation_cases;
mod demo_reset;
mod fixture_edits;
mod lifecycle;
mod live_run;
mod mapping_approval;
mod mappings;
mod notices;
mod retirement;
mod rule_integrity;
mod settings;
mod spec_links;
mod support;
mod valuesets;
mod waivers_integrations;
