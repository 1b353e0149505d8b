//! Imports (DOMAIN.md section 8): FHIR R4 input into the FHIR store ([`fhir`], integration
//! `fhir`) and the employee roster from CSV ([`roster`], integration `hris`). Each import is
//! one transaction: on any error nothing is imported. [`ledger`]: what they record beyond
//! counts (file SHA-256s, the roster's per-employee changes).

pub mod fhir;
pub mod ledger;
pub mod roster;

pub use fhir::{import_fhir, FhirImportReport};
pub use roster::{import_roster, RosterImportReport};
