//! Typed ids: one newtype over [`uuid::Uuid`] per table, so a `CaseId` cannot be passed where a
//! `RunId` is expected. Stored as 36-character lowercase UUID text; new ids are random v4.
//!
//! Every id type implements `Display`/`FromStr` (the UUID text), `ToSql`/`FromSql` (TEXT) and
//! serde (the UUID text).

use crate::{Error, Result};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh random (v4) id.
            pub fn new() -> Self {
                Self(Uuid::new_v4())
            }

            /// Parses UUID text.
            ///
            /// # Errors
            /// [`Error::InvalidValue`] naming the id type when the text is not a UUID.
            pub fn parse(s: &str) -> Result<Self> {
                Uuid::parse_str(s).map(Self).map_err(|_| Error::InvalidValue {
                    what: stringify!($name),
                    value: s.to_owned(),
                })
            }

            /// The wrapped UUID.
            pub fn uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::parse(s)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let s = value.as_str()?;
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )*};
}

typed_id! {
    /// `employees.id`.
    EmployeeId,
    /// `measures.id`.
    MeasureId,
    /// `measure_versions.id`.
    MeasureVersionId,
    /// `runs.id`.
    RunId,
    /// `outcomes.id`.
    OutcomeId,
    /// `cases.id`.
    CaseId,
    /// `case_actions.id`.
    CaseActionId,
    /// `value_sets.id`.
    ValueSetId,
    /// `osha_references.id`.
    OshaReferenceId,
    /// `terminology_mappings.id`.
    MappingId,
    /// `outreach_templates.id`.
    TemplateId,
    /// `outreach_delivery_log.id`.
    DeliveryId,
    /// `waivers.id`.
    WaiverId,
    /// `audit_packet_exports.id`.
    PacketExportId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_as_lowercase_text() {
        let id = CaseId::parse("A0000001-0000-0000-0000-000000000001").unwrap();
        assert_eq!(id.to_string(), "a0000001-0000-0000-0000-000000000001");
        assert!(RunId::parse("not-a-uuid").is_err());
        assert_eq!(RunId::new().to_string().len(), 36);
    }
}
