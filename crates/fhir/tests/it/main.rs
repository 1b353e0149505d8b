//! Integration tests of ww-fhir: the shared Synthea samples and hand-made bad input.

mod malformed;
mod samples;
mod shapes;
