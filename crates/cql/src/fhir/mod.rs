//! FHIR R4 support: the element model and our FHIRHelpers equivalent.

pub mod helpers;
pub mod model;
