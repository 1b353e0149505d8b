//! The standard content as data: measures, value sets, OSHA references, mappings,
//! integrations. [`super::load_standard`] writes it.

use crate::enums::{IntegrationStatus, MappingStatus};
use crate::ids::{MeasureId, MeasureVersionId, ValueSetId};
use crate::value_sets::Code;
use serde_json::{json, Value};
use uuid::Uuid;

/// CPT code system URI.
pub const CPT: &str = "http://www.ama-assn.org/go/cpt";
/// SNOMED CT code system URI.
pub const SNOMED: &str = "http://snomed.info/sct";
/// LOINC code system URI.
pub const LOINC: &str = "http://loinc.org";
/// CVX (vaccines administered) code system URI.
pub const CVX: &str = "http://hl7.org/fhir/sid/cvx";
/// The demo organisation's local code system for internal occupational-health exams.
pub const LOCAL_EXAMS: &str = "https://workwell-demo.dev/fhir/CodeSystem/occupational-exams";
/// The demo clinic's legacy local codes (the source side of the seeded mappings).
pub const CLINIC_LOCAL: &str = "https://workwell-demo.dev/fhir/CodeSystem/clinic-local";
/// HL7 v3 ActReason (Immunization.statusReason).
pub const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

const fn fixed(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// One seeded measure with its ACTIVE version 1.0.
#[derive(Debug, Clone)]
pub struct SeedMeasure {
    /// Stable key (`audiogram`, `tb_screening`, `flu_vaccination`, `hazwoper`): the
    /// `measureKey` of spec_json and the name of the `.cql` file in `seeds/`.
    pub key: &'static str,
    /// Fixed measure id.
    pub id: MeasureId,
    /// Fixed id of version 1.0.
    pub version_id: MeasureVersionId,
    /// Measure name.
    pub name: &'static str,
    /// Policy reference text.
    pub policy_ref: &'static str,
    /// Owner.
    pub owner: &'static str,
    /// Tags.
    pub tags: &'static [&'static str],
    /// The OSHA citation the version links to, if any.
    pub osha_citation: Option<&'static str>,
    /// spec_json (docs/measures.md).
    pub spec: Value,
    /// The CQL library text.
    pub cql: &'static str,
    /// The value sets linked to the version.
    pub value_sets: Vec<ValueSetId>,
}

/// Fixed id of the audiometry value set.
pub const VS_AUDIOMETRY: ValueSetId = ValueSetId(fixed(0xa0000001_0000_0000_0000_000000000001));
/// Fixed id of the TB screening tests value set.
pub const VS_TB: ValueSetId = ValueSetId(fixed(0xa0000001_0000_0000_0000_000000000002));
/// Fixed id of the influenza vaccines value set.
pub const VS_FLU: ValueSetId = ValueSetId(fixed(0xa0000001_0000_0000_0000_000000000003));
/// Fixed id of the HAZWOPER surveillance exam value set.
pub const VS_HAZWOPER: ValueSetId = ValueSetId(fixed(0xa0000001_0000_0000_0000_000000000004));
/// Fixed id of the hepatitis B vaccines value set (bloodborne pathogens, for later measures).
pub const VS_HEPB: ValueSetId = ValueSetId(fixed(0xa0000001_0000_0000_0000_000000000005));

/// Fixed id of the audiogram measure.
pub const M_AUDIOGRAM: MeasureId = MeasureId(fixed(0xb0000001_0000_0000_0000_000000000001));
/// Fixed id of the TB screening measure.
pub const M_TB: MeasureId = MeasureId(fixed(0xb0000001_0000_0000_0000_000000000002));
/// Fixed id of the flu vaccination measure.
pub const M_FLU: MeasureId = MeasureId(fixed(0xb0000001_0000_0000_0000_000000000003));
/// Fixed id of the HAZWOPER measure.
pub const M_HAZWOPER: MeasureId = MeasureId(fixed(0xb0000001_0000_0000_0000_000000000004));

/// Fixed id of the audiogram measure's version 1.0.
pub const MV_AUDIOGRAM: MeasureVersionId =
    MeasureVersionId(fixed(0xb0000002_0000_0000_0000_000000000001));
/// Fixed id of the TB screening measure's version 1.0.
pub const MV_TB: MeasureVersionId = MeasureVersionId(fixed(0xb0000002_0000_0000_0000_000000000002));
/// Fixed id of the flu vaccination measure's version 1.0.
pub const MV_FLU: MeasureVersionId =
    MeasureVersionId(fixed(0xb0000002_0000_0000_0000_000000000003));
/// Fixed id of the HAZWOPER measure's version 1.0.
pub const MV_HAZWOPER: MeasureVersionId =
    MeasureVersionId(fixed(0xb0000002_0000_0000_0000_000000000004));

/// CQL of the audiogram measure (`seeds/audiogram.cql`).
pub const AUDIOGRAM_CQL: &str = include_str!("../../../../seeds/audiogram.cql");
/// CQL of the TB screening measure (`seeds/tb_screening.cql`).
pub const TB_CQL: &str = include_str!("../../../../seeds/tb_screening.cql");
/// CQL of the flu vaccination measure (`seeds/flu_vaccination.cql`).
pub const FLU_CQL: &str = include_str!("../../../../seeds/flu_vaccination.cql");
/// CQL of the HAZWOPER measure (`seeds/hazwoper.cql`).
pub const HAZWOPER_CQL: &str = include_str!("../../../../seeds/hazwoper.cql");

/// Roles exposed to noise at or above 85 dBA TWA (hearing conservation population).
pub const NOISE_ROLES: &[&str] = &["Machine Operator", "Maintenance Technician"];
/// Health-care personnel roles named by the TB policy.
pub const HEALTH_CARE_ROLES: &[&str] = &["Nurse", "Lab Technician"];
/// HAZWOPER roles.
pub const HAZWOPER_ROLES: &[&str] = &["Hazmat Responder"];

/// What differs between the demo measures; [`Program::seed`] adds what they share.
struct Program {
    key: &'static str,
    id: MeasureId,
    version_id: MeasureVersionId,
    name: &'static str,
    policy_ref: &'static str,
    tags: &'static [&'static str],
    osha_citation: Option<&'static str>,
    cql: &'static str,
    program_area: &'static str,
    description: &'static str,
    exam_name: &'static str,
    cql_library: &'static str,
    baseline_days: u32,
    /// Empty = every role.
    eligible_roles: &'static [&'static str],
    /// The one value set the measure's CQL declares.
    value_set: ValueSetId,
    /// `CALENDAR_YEAR` or `FLU_SEASON` (the cycle label, DOMAIN.md section 5).
    cycle_rule: &'static str,
    /// spec_json fields added to (or replacing) the shared ones.
    extra: Value,
}

impl Program {
    /// The seed measure. Every demo measure is owned by Occupational Health, links its one
    /// value set and, in its spec_json (docs/measures.md), asks for the exam at least every
    /// 365 days, is due soon 30 days before, applies at every site and is exempted by an
    /// active waiver.
    fn seed(self) -> SeedMeasure {
        let mut spec = json!({
            "measureKey": self.key,
            "programArea": self.program_area,
            "description": self.description,
            "examName": self.exam_name,
            "cqlLibrary": self.cql_library,
            "windowDays": 365,
            "dueSoonDays": 30,
            "baselineDays": self.baseline_days,
            "eligibleRoles": self.eligible_roles,
            "eligibleSites": [],
            "exemptionRules": ["ACTIVE_WAIVER"],
            "valueSets": [self.value_set.to_string()],
            "cycleRule": self.cycle_rule
        });
        if let (Some(fields), Value::Object(extra)) = (spec.as_object_mut(), self.extra) {
            fields.extend(extra);
        }
        SeedMeasure {
            key: self.key,
            id: self.id,
            version_id: self.version_id,
            name: self.name,
            policy_ref: self.policy_ref,
            owner: "Occupational Health",
            tags: self.tags,
            osha_citation: self.osha_citation,
            spec,
            cql: self.cql,
            value_sets: vec![self.value_set],
        }
    }
}

/// The four demo measures.
pub fn measures() -> Vec<SeedMeasure> {
    [
        Program {
            key: "audiogram",
            id: M_AUDIOGRAM,
            version_id: MV_AUDIOGRAM,
            name: "Hearing Conservation: Annual Audiogram",
            policy_ref: "29 CFR 1910.95(g)",
            tags: &["osha", "hearing", "periodic-exam"],
            osha_citation: Some("29 CFR 1910.95"),
            cql: AUDIOGRAM_CQL,
            program_area: "Hearing Conservation",
            description: "Employees exposed to noise at or above an 8-hour TWA of 85 dBA have a baseline audiogram within 180 days of first exposure and an audiogram at least annually.",
            exam_name: "audiogram",
            cql_library: "HearingConservationAudiogram",
            baseline_days: 180,
            eligible_roles: NOISE_ROLES,
            value_set: VS_AUDIOMETRY,
            cycle_rule: "CALENDAR_YEAR",
            extra: json!({}),
        },
        Program {
            key: "tb_screening",
            id: M_TB,
            version_id: MV_TB,
            name: "TB Screening: Health-Care Personnel",
            policy_ref:
                "Organisation TB policy (CDC 2019 recommendations for health-care personnel)",
            tags: &["policy", "tuberculosis", "periodic-exam"],
            osha_citation: None,
            cql: TB_CQL,
            program_area: "Infection Control",
            description: "Health-care personnel in the roles the policy names have a baseline TB test at hire and a TB test annually.",
            exam_name: "TB test",
            cql_library: "TBScreening",
            baseline_days: 30,
            eligible_roles: HEALTH_CARE_ROLES,
            value_set: VS_TB,
            cycle_rule: "CALENDAR_YEAR",
            extra: json!({}),
        },
        Program {
            key: "flu_vaccination",
            id: M_FLU,
            version_id: MV_FLU,
            name: "Seasonal Influenza Vaccination",
            policy_ref: "Organisation influenza vaccination policy",
            tags: &["policy", "immunization", "seasonal"],
            osha_citation: None,
            cql: FLU_CQL,
            program_area: "Immunization",
            description: "Every active employee at every site receives one influenza vaccine dose per season (August 1 to March 31) by the organisation's deadline; documented contraindication or declination exempts.",
            exam_name: "influenza vaccination",
            cql_library: "SeasonalInfluenzaVaccination",
            baseline_days: 30,
            eligible_roles: &[],
            value_set: VS_FLU,
            cycle_rule: "FLU_SEASON",
            extra: json!({
                "exemptionRules": ["ACTIVE_WAIVER", "IMMUNIZATION_NOT_DONE_WITH_REASON"],
                "exemptionReasonCodes": [
                    {"system": ACT_REASON, "code": "IMMUNE"},
                    {"system": ACT_REASON, "code": "MEDPREC"},
                    {"system": ACT_REASON, "code": "PATOBJ"}
                ],
                "seasonStart": "08-01",
                "seasonEnd": "03-31",
                "seasonDeadline": "11-15"
            }),
        },
        Program {
            key: "hazwoper",
            id: M_HAZWOPER,
            version_id: MV_HAZWOPER,
            name: "HAZWOPER Medical Surveillance",
            policy_ref: "29 CFR 1910.120(f)",
            tags: &["osha", "hazwoper", "periodic-exam"],
            osha_citation: Some("29 CFR 1910.120"),
            cql: HAZWOPER_CQL,
            program_area: "HAZWOPER",
            description: "Employees on hazardous waste operations and emergency response have a medical examination before assignment and at least every 12 months.",
            exam_name: "HAZWOPER medical examination",
            cql_library: "HazwoperSurveillance",
            baseline_days: 0,
            eligible_roles: HAZWOPER_ROLES,
            value_set: VS_HAZWOPER,
            cycle_rule: "CALENDAR_YEAR",
            extra: json!({}),
        },
    ]
    .into_iter()
    .map(Program::seed)
    .collect()
}

/// One seeded value set.
#[derive(Debug, Clone)]
pub struct SeedValueSet {
    /// Fixed id.
    pub id: ValueSetId,
    /// OID (under the ITU-T example arc 2.999: these are demo identifiers).
    pub oid: &'static str,
    /// Name.
    pub name: &'static str,
    /// Canonical URL used by the CQL `valueset` declarations.
    pub canonical_url: &'static str,
    /// Codes.
    pub codes: Vec<Code>,
}

/// The demo value sets (DOMAIN.md section 3), plus hepatitis B vaccines.
pub fn value_sets() -> Vec<SeedValueSet> {
    let c = Code::new;
    vec![
        SeedValueSet {
            id: VS_AUDIOMETRY,
            oid: "2.999.1.1",
            name: "Audiometry",
            canonical_url: "https://workwell-demo.dev/fhir/ValueSet/audiometry",
            codes: vec![
                c(CPT, "92552", "Pure tone audiometry (threshold); air only"),
                c(CPT, "92553", "Pure tone audiometry (threshold); air and bone"),
                c(CPT, "92557", "Comprehensive audiometry threshold evaluation and speech recognition"),
                c(SNOMED, "398171003", "Hearing examination (procedure)"),
                c(LOINC, "89015-2", "Audiometry panel"),
            ],
        },
        SeedValueSet {
            id: VS_TB,
            oid: "2.999.1.2",
            name: "TB Screening Tests",
            canonical_url: "https://workwell-demo.dev/fhir/ValueSet/tb-screening",
            codes: vec![
                c(CPT, "86580", "Skin test; tuberculosis, intradermal"),
                c(CPT, "86480", "Tuberculosis test, cell mediated immunity antigen response measurement; gamma interferon"),
                c(CPT, "86481", "Tuberculosis test, cell mediated immunity antigen response measurement; enumeration of gamma interferon-producing T-cells in cell suspension"),
                c(LOINC, "71773-6", "Mycobacterium tuberculosis stimulated gamma interferon panel - Blood"),
                // SNOMED procedures as EHRs write them (QA G10): Synthea writes 28163009 for
                // its TB skin tests (fhir-samples/synthea-10, Procedure); 424489006 is the
                // Mantoux test (SNOMED CT core, active).
                c(SNOMED, "28163009", "Skin test for tuberculosis, Tine test (procedure)"),
                c(SNOMED, "424489006", "Mantoux test (procedure)"),
            ],
        },
        SeedValueSet {
            id: VS_FLU,
            oid: "2.999.1.3",
            name: "Influenza Vaccines",
            canonical_url: "https://workwell-demo.dev/fhir/ValueSet/influenza-vaccines",
            codes: vec![
                c(CVX, "88", "influenza virus vaccine, unspecified formulation"),
                c(CVX, "135", "Influenza, high dose seasonal, preservative-free"),
                c(CVX, "140", "Influenza, seasonal, injectable, preservative free"),
                c(CVX, "141", "Influenza, seasonal, injectable"),
                c(CVX, "144", "influenza, seasonal, intradermal, preservative free"),
                c(CVX, "149", "influenza, live, intranasal, quadrivalent"),
                c(CVX, "150", "Influenza, injectable, quadrivalent, preservative free"),
                c(CVX, "153", "Influenza, injectable, Madin Darby Canine Kidney, preservative free"),
                c(CVX, "155", "Seasonal, trivalent, recombinant, injectable influenza vaccine, preservative free"),
                c(CVX, "158", "influenza, injectable, quadrivalent, contains preservative"),
                c(CVX, "161", "Influenza, injectable, quadrivalent, preservative free, pediatric"),
                c(CVX, "166", "influenza, intradermal, quadrivalent, preservative free, injectable"),
                c(CVX, "168", "influenza, trivalent, adjuvanted"),
                c(CVX, "171", "Influenza, injectable, Madin Darby Canine Kidney, preservative free, quadrivalent"),
                c(CVX, "185", "influenza, recombinant, quadrivalent, injectable, preservative free"),
                c(CVX, "186", "Influenza, injectable, Madin Darby Canine Kidney, quadrivalent with preservative"),
                c(CVX, "197", "influenza, high-dose, quadrivalent"),
                c(CVX, "205", "influenza, seasonal vaccine, quadrivalent, adjuvanted, 0.5mL dose, preservative free"),
            ],
        },
        SeedValueSet {
            id: VS_HAZWOPER,
            oid: "2.999.1.4",
            name: "HAZWOPER Medical Surveillance Exams",
            canonical_url: "https://workwell-demo.dev/fhir/ValueSet/hazwoper-surveillance",
            codes: vec![
                c(LOCAL_EXAMS, "HAZWOPER-MED", "HAZWOPER medical surveillance examination (internal)"),
                c(CPT, "99455", "Work related or medical disability examination by the treating physician"),
                c(CPT, "99456", "Work related or medical disability examination by other than the treating physician"),
            ],
        },
        SeedValueSet {
            id: VS_HEPB,
            oid: "2.999.1.5",
            name: "Hepatitis B Vaccines (adult)",
            canonical_url: "https://workwell-demo.dev/fhir/ValueSet/hepatitis-b-vaccines",
            codes: vec![
                c(CVX, "43", "Hepatitis B vaccine, adult dosage"),
                c(CVX, "189", "Hepatitis B vaccine (recombinant), CpG adjuvanted"),
            ],
        },
    ]
}

/// The curated OSHA references: (citation, title, program area).
pub const OSHA_REFERENCES: &[(&str, &str, &str)] = &[
    (
        "29 CFR 1904",
        "Recording and Reporting Occupational Injuries and Illnesses",
        "Recordkeeping",
    ),
    (
        "29 CFR 1910.95",
        "Occupational noise exposure",
        "Hearing Conservation",
    ),
    (
        "29 CFR 1910.120",
        "Hazardous waste operations and emergency response",
        "HAZWOPER",
    ),
    (
        "29 CFR 1910.134",
        "Respiratory protection",
        "Respiratory Protection",
    ),
    (
        "29 CFR 1910.151",
        "Medical services and first aid",
        "Medical Services",
    ),
    ("29 CFR 1910.1001", "Asbestos", "Asbestos"),
    (
        "29 CFR 1910.1020",
        "Access to employee exposure and medical records",
        "Medical Records",
    ),
    ("29 CFR 1910.1025", "Lead", "Lead"),
    ("29 CFR 1910.1027", "Cadmium", "Cadmium"),
    ("29 CFR 1910.1028", "Benzene", "Benzene"),
    (
        "29 CFR 1910.1030",
        "Bloodborne pathogens",
        "Bloodborne Pathogens",
    ),
    ("29 CFR 1910.1048", "Formaldehyde", "Formaldehyde"),
    (
        "29 CFR 1910.1053",
        "Respirable crystalline silica",
        "Silica",
    ),
    ("29 CFR 1910.1096", "Ionizing radiation", "Radiation Safety"),
];

/// One seeded terminology mapping.
#[derive(Debug, Clone, Copy)]
pub struct SeedMapping {
    /// Local code.
    pub local_code: &'static str,
    /// Local display.
    pub local_display: &'static str,
    /// Local system.
    pub local_system: &'static str,
    /// Standard code.
    pub standard_code: &'static str,
    /// Standard display.
    pub standard_display: &'static str,
    /// Standard system.
    pub standard_system: &'static str,
    /// Review status.
    pub status: MappingStatus,
    /// Confidence 0..=1.
    pub confidence: f64,
    /// Notes.
    pub notes: &'static str,
}

/// The contract's five demo mappings: 3 APPROVED, 1 REVIEWED, 1 PROPOSED.
pub const MAPPINGS: &[SeedMapping] = &[
    SeedMapping {
        local_code: "AUD-ANNUAL",
        local_display: "Annual hearing test (clinic)",
        local_system: CLINIC_LOCAL,
        standard_code: "92557",
        standard_display: "Comprehensive audiometry threshold evaluation and speech recognition",
        standard_system: CPT,
        status: MappingStatus::Approved,
        confidence: 0.95,
        notes: "Clinic's annual audiogram includes speech recognition.",
    },
    SeedMapping {
        local_code: "TB-PPD",
        local_display: "PPD skin test (clinic)",
        local_system: CLINIC_LOCAL,
        standard_code: "86580",
        standard_display: "Skin test; tuberculosis, intradermal",
        standard_system: CPT,
        status: MappingStatus::Approved,
        confidence: 0.98,
        notes: "Mantoux tuberculin skin test.",
    },
    SeedMapping {
        local_code: "FLU-SHOT",
        local_display: "Flu shot (clinic stock)",
        local_system: CLINIC_LOCAL,
        standard_code: "141",
        standard_display: "Influenza, seasonal, injectable",
        standard_system: CVX,
        status: MappingStatus::Approved,
        confidence: 0.9,
        notes: "Clinic stocks the multi-dose seasonal injectable vaccine.",
    },
    SeedMapping {
        local_code: "HAZ-PHYS",
        local_display: "HAZWOPER annual physical (clinic)",
        local_system: CLINIC_LOCAL,
        standard_code: "99455",
        standard_display: "Work related or medical disability examination by the treating physician",
        standard_system: CPT,
        status: MappingStatus::Reviewed,
        confidence: 0.7,
        notes: "Reviewed; awaiting the occupational physician's approval.",
    },
    SeedMapping {
        local_code: "TB-IGRA",
        local_display: "QuantiFERON blood test (clinic)",
        local_system: CLINIC_LOCAL,
        standard_code: "86480",
        standard_display: "Tuberculosis test, cell mediated immunity antigen response measurement; gamma interferon",
        standard_system: CPT,
        status: MappingStatus::Proposed,
        confidence: 0.6,
        notes: "Proposed from the lab's order catalogue.",
    },
];

/// The integration rows: (id, display name, status, last_sync_result, config).
pub fn integrations() -> Vec<(
    &'static str,
    &'static str,
    IntegrationStatus,
    &'static str,
    Value,
)> {
    vec![
        (
            "fhir",
            "FHIR R4 store",
            IntegrationStatus::Unknown,
            "No FHIR import yet.",
            json!({"kind": "local-store"}),
        ),
        (
            "hris",
            "HRIS roster (CSV import)",
            IntegrationStatus::Unknown,
            "No roster import yet.",
            json!({"kind": "csv-import"}),
        ),
        (
            "mcp",
            "MCP server",
            IntegrationStatus::NotConfigured,
            "Not configured: no MCP server is set up on this machine.",
            json!({}),
        ),
        (
            "ai",
            "AI assistant",
            IntegrationStatus::NotConfigured,
            "Not configured: no AI provider is set up and the machine works offline.",
            json!({}),
        ),
    ]
}
