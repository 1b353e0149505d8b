//! The FHIR R4 (4.0.1) element types our measures read: enough of the resource
//! definitions (https://hl7.org/fhir/R4/resourcelist.html) to check paths, resolve
//! choice types (`performed[x]`) and pick each resource type's default code path for
//! retrieves (CQL 1.5 §2.3 "Retrieve", the FHIR model info's `primaryCodePath`).
//!
//! Types are FHIR type names: primitives in lower case (`dateTime`, `code`), complex
//! types and resources capitalised. An element with more than one type is a choice
//! element; its JSON key is the name plus the capitalised type (`performedPeriod`).

/// One element of a FHIR type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Element {
    /// Element name without `[x]`.
    pub name: &'static str,
    /// The allowed types (more than one: a choice element).
    pub types: &'static [&'static str],
    /// True when the element repeats (0..*).
    pub many: bool,
}

impl Element {
    /// True for a choice element (`value[x]`).
    pub fn is_choice(&self) -> bool {
        self.types.len() > 1
    }
}

const fn one(name: &'static str, types: &'static [&'static str]) -> Element {
    Element {
        name,
        types,
        many: false,
    }
}

const fn many(name: &'static str, types: &'static [&'static str]) -> Element {
    Element {
        name,
        types,
        many: true,
    }
}

const CC: &[&str] = &["CodeableConcept"];
const REF: &[&str] = &["Reference"];
const CODE: &[&str] = &["code"];
const DT: &[&str] = &["dateTime"];
const STR: &[&str] = &["string"];
const BOOL: &[&str] = &["boolean"];
const BB: &[&str] = &["BackboneElement"];
const ID: &[&str] = &["Identifier"];
const ANN: &[&str] = &["Annotation"];
const ONSET: &[&str] = &["dateTime", "Age", "Period", "Range", "string"];

/// Elements every resource has (Resource and DomainResource).
const RESOURCE_BASE: &[Element] = &[
    one("id", &["id"]),
    one("meta", &["Meta"]),
    one("language", CODE),
    many("extension", &["Extension"]),
    many("modifierExtension", &["Extension"]),
];

const PATIENT: &[Element] = &[
    many("identifier", ID),
    one("active", BOOL),
    many("name", &["HumanName"]),
    many("telecom", &["ContactPoint"]),
    one("gender", CODE),
    one("birthDate", &["date"]),
    one("deceased", &["boolean", "dateTime"]),
    many("address", &["Address"]),
    one("maritalStatus", CC),
    one("multipleBirth", &["boolean", "integer"]),
    many("contact", BB),
    many("communication", BB),
    many("generalPractitioner", REF),
    one("managingOrganization", REF),
];

const PROCEDURE: &[Element] = &[
    many("identifier", ID),
    many("basedOn", REF),
    many("partOf", REF),
    one("status", CODE),
    one("statusReason", CC),
    one("category", CC),
    one("code", CC),
    one("subject", REF),
    one("encounter", REF),
    one(
        "performed",
        &["dateTime", "Period", "string", "Age", "Range"],
    ),
    one("recorder", REF),
    one("asserter", REF),
    many("performer", BB),
    one("location", REF),
    many("reasonCode", CC),
    many("reasonReference", REF),
    many("bodySite", CC),
    one("outcome", CC),
    many("report", REF),
    many("complication", CC),
    many("followUp", CC),
    many("note", ANN),
    many("usedCode", CC),
];

const OBSERVATION: &[Element] = &[
    many("identifier", ID),
    many("basedOn", REF),
    many("partOf", REF),
    one("status", CODE),
    many("category", CC),
    one("code", CC),
    one("subject", REF),
    many("focus", REF),
    one("encounter", REF),
    one("effective", &["dateTime", "Period", "Timing", "instant"]),
    one("issued", &["instant"]),
    many("performer", REF),
    one(
        "value",
        &[
            "Quantity",
            "CodeableConcept",
            "string",
            "boolean",
            "integer",
            "Range",
            "Ratio",
            "SampledData",
            "time",
            "dateTime",
            "Period",
        ],
    ),
    one("dataAbsentReason", CC),
    many("interpretation", CC),
    many("note", ANN),
    one("bodySite", CC),
    one("method", CC),
    one("specimen", REF),
    one("device", REF),
    many("referenceRange", BB),
    many("hasMember", REF),
    many("derivedFrom", REF),
    many("component", BB),
];

const IMMUNIZATION: &[Element] = &[
    many("identifier", ID),
    one("status", CODE),
    one("statusReason", CC),
    one("vaccineCode", CC),
    one("patient", REF),
    one("encounter", REF),
    one("occurrence", &["dateTime", "string"]),
    one("recorded", DT),
    one("primarySource", BOOL),
    one("reportOrigin", CC),
    one("location", REF),
    one("manufacturer", REF),
    one("lotNumber", STR),
    one("expirationDate", &["date"]),
    one("site", CC),
    one("route", CC),
    one("doseQuantity", &["Quantity"]),
    many("performer", BB),
    many("note", ANN),
    many("reasonCode", CC),
    many("reasonReference", REF),
    one("isSubpotent", BOOL),
    many("subpotentReason", CC),
    many("programEligibility", CC),
    one("fundingSource", CC),
    many("protocolApplied", BB),
];

const CONDITION: &[Element] = &[
    many("identifier", ID),
    one("clinicalStatus", CC),
    one("verificationStatus", CC),
    many("category", CC),
    one("severity", CC),
    one("code", CC),
    many("bodySite", CC),
    one("subject", REF),
    one("encounter", REF),
    one("onset", ONSET),
    one("abatement", ONSET),
    one("recordedDate", DT),
    one("recorder", REF),
    one("asserter", REF),
    many("stage", BB),
    many("evidence", BB),
    many("note", ANN),
];

const ENCOUNTER: &[Element] = &[
    many("identifier", ID),
    one("status", CODE),
    many("statusHistory", BB),
    one("class", &["Coding"]),
    many("classHistory", BB),
    many("type", CC),
    one("serviceType", CC),
    one("priority", CC),
    one("subject", REF),
    many("episodeOfCare", REF),
    many("basedOn", REF),
    many("participant", BB),
    many("appointment", REF),
    one("period", &["Period"]),
    one("length", &["Duration"]),
    many("reasonCode", CC),
    many("reasonReference", REF),
    many("diagnosis", BB),
    many("account", REF),
    one("hospitalization", BB),
    many("location", BB),
    one("serviceProvider", REF),
    one("partOf", REF),
];

const ALLERGY: &[Element] = &[
    many("identifier", ID),
    one("clinicalStatus", CC),
    one("verificationStatus", CC),
    one("type", CODE),
    many("category", CODE),
    one("criticality", CODE),
    one("code", CC),
    one("patient", REF),
    one("encounter", REF),
    one("onset", ONSET),
    one("recordedDate", DT),
    one("recorder", REF),
    one("asserter", REF),
    one("lastOccurrence", DT),
    many("note", ANN),
    many("reaction", BB),
];

const DIAGNOSTIC_REPORT: &[Element] = &[
    many("identifier", ID),
    many("basedOn", REF),
    one("status", CODE),
    many("category", CC),
    one("code", CC),
    one("subject", REF),
    one("encounter", REF),
    one("effective", &["dateTime", "Period"]),
    one("issued", &["instant"]),
    many("performer", REF),
    many("resultsInterpreter", REF),
    many("specimen", REF),
    many("result", REF),
    many("imagingStudy", REF),
    many("media", BB),
    one("conclusion", STR),
    many("conclusionCode", CC),
    many("presentedForm", &["Attachment"]),
];

const SERVICE_REQUEST: &[Element] = &[
    many("identifier", ID),
    many("instantiatesCanonical", &["canonical"]),
    many("basedOn", REF),
    many("replaces", REF),
    one("requisition", ID),
    one("status", CODE),
    one("intent", CODE),
    many("category", CC),
    one("priority", CODE),
    one("doNotPerform", BOOL),
    one("code", CC),
    many("orderDetail", CC),
    one("quantity", &["Quantity", "Ratio", "Range"]),
    one("subject", REF),
    one("encounter", REF),
    one("occurrence", &["dateTime", "Period", "Timing"]),
    one("asNeeded", &["boolean", "CodeableConcept"]),
    one("authoredOn", DT),
    one("requester", REF),
    one("performerType", CC),
    many("performer", REF),
    many("locationCode", CC),
    many("reasonCode", CC),
    many("reasonReference", REF),
    many("insurance", REF),
    many("supportingInfo", REF),
    many("specimen", REF),
    many("bodySite", CC),
    many("note", ANN),
    one("patientInstruction", STR),
    many("relevantHistory", REF),
];

const CODING: &[Element] = &[
    one("system", &["uri"]),
    one("version", STR),
    one("code", CODE),
    one("display", STR),
    one("userSelected", BOOL),
];
const CODEABLE_CONCEPT: &[Element] = &[many("coding", &["Coding"]), one("text", STR)];
const PERIOD: &[Element] = &[one("start", DT), one("end", DT)];
const QUANTITY: &[Element] = &[
    one("value", &["decimal"]),
    one("comparator", CODE),
    one("unit", STR),
    one("system", &["uri"]),
    one("code", CODE),
];
const REFERENCE: &[Element] = &[
    one("reference", STR),
    one("type", &["uri"]),
    one("identifier", ID),
    one("display", STR),
];
const IDENTIFIER: &[Element] = &[
    one("use", CODE),
    one("type", CC),
    one("system", &["uri"]),
    one("value", STR),
    one("period", &["Period"]),
    one("assigner", REF),
];
const HUMAN_NAME: &[Element] = &[
    one("use", CODE),
    one("text", STR),
    one("family", STR),
    many("given", STR),
    many("prefix", STR),
    many("suffix", STR),
    one("period", &["Period"]),
];
const ADDRESS: &[Element] = &[
    one("use", CODE),
    one("type", CODE),
    one("text", STR),
    many("line", STR),
    one("city", STR),
    one("district", STR),
    one("state", STR),
    one("postalCode", STR),
    one("country", STR),
    one("period", &["Period"]),
];
const CONTACT_POINT: &[Element] = &[
    one("system", CODE),
    one("value", STR),
    one("use", CODE),
    one("rank", &["positiveInt"]),
    one("period", &["Period"]),
];
const ANNOTATION: &[Element] = &[
    one("author", &["Reference", "string"]),
    one("time", DT),
    one("text", &["markdown"]),
];
const RANGE: &[Element] = &[one("low", &["Quantity"]), one("high", &["Quantity"])];
const RATIO: &[Element] = &[
    one("numerator", &["Quantity"]),
    one("denominator", &["Quantity"]),
];
const META: &[Element] = &[
    one("versionId", &["id"]),
    one("lastUpdated", &["instant"]),
    one("source", &["uri"]),
    many("profile", &["canonical"]),
    many("tag", &["Coding"]),
];
const EXTENSION: &[Element] = &[
    one("url", &["uri"]),
    one(
        "value",
        &[
            "boolean",
            "integer",
            "decimal",
            "string",
            "code",
            "uri",
            "date",
            "dateTime",
            "Coding",
            "CodeableConcept",
            "Quantity",
            "Period",
            "Reference",
            "Address",
        ],
    ),
    many("extension", &["Extension"]),
];

/// The resource types with element definitions here.
pub const RESOURCE_TYPES: &[&str] = &[
    "Patient",
    "Procedure",
    "Observation",
    "Immunization",
    "Condition",
    "Encounter",
    "AllergyIntolerance",
    "DiagnosticReport",
    "ServiceRequest",
];

/// FHIR primitive type names (values in JSON are strings, numbers or booleans).
pub const PRIMITIVES: &[&str] = &[
    "boolean",
    "integer",
    "decimal",
    "string",
    "code",
    "uri",
    "url",
    "canonical",
    "id",
    "markdown",
    "dateTime",
    "date",
    "instant",
    "time",
    "positiveInt",
    "unsignedInt",
    "base64Binary",
    "oid",
    "uuid",
];

/// True for a resource type known to this model.
pub fn is_resource(name: &str) -> bool {
    RESOURCE_TYPES.contains(&name)
}

/// True for a FHIR primitive type name.
pub fn is_primitive(name: &str) -> bool {
    PRIMITIVES.contains(&name)
}

/// The specific elements of a type (for resources, without the base elements).
fn own_elements(type_name: &str) -> Option<&'static [Element]> {
    Some(match type_name {
        "Patient" => PATIENT,
        "Procedure" => PROCEDURE,
        "Observation" => OBSERVATION,
        "Immunization" => IMMUNIZATION,
        "Condition" => CONDITION,
        "Encounter" => ENCOUNTER,
        "AllergyIntolerance" => ALLERGY,
        "DiagnosticReport" => DIAGNOSTIC_REPORT,
        "ServiceRequest" => SERVICE_REQUEST,
        "Coding" => CODING,
        "CodeableConcept" => CODEABLE_CONCEPT,
        "Period" => PERIOD,
        "Quantity" | "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity" => QUANTITY,
        "Reference" => REFERENCE,
        "Identifier" => IDENTIFIER,
        "HumanName" => HUMAN_NAME,
        "Address" => ADDRESS,
        "ContactPoint" => CONTACT_POINT,
        "Annotation" => ANNOTATION,
        "Range" => RANGE,
        "Ratio" => RATIO,
        "Meta" => META,
        "Extension" => EXTENSION,
        _ => return None,
    })
}

/// True when the type's elements are known (so an unknown element is an error).
pub fn has_definition(type_name: &str) -> bool {
    own_elements(type_name).is_some()
}

/// Looks up an element of a type by name (without `[x]`). `None` when the type is
/// unknown or has no such element.
pub fn element(type_name: &str, name: &str) -> Option<&'static Element> {
    let own = own_elements(type_name)?;
    if let Some(e) = own.iter().find(|e| e.name == name) {
        return Some(e);
    }
    if is_resource(type_name) {
        return RESOURCE_BASE.iter().find(|e| e.name == name);
    }
    if name == "id" || name == "extension" {
        return RESOURCE_BASE.iter().find(|e| e.name == name);
    }
    None
}

/// Every element name of a type (for "did you mean" suggestions).
pub fn element_names(type_name: &str) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = own_elements(type_name)
        .unwrap_or(&[])
        .iter()
        .map(|e| e.name)
        .collect();
    if is_resource(type_name) {
        v.extend(RESOURCE_BASE.iter().map(|e| e.name));
    }
    v
}

/// The JSON key of a choice element holding `ty` (`performed` + `Period`).
pub fn choice_key(name: &str, ty: &str) -> String {
    let mut s = String::with_capacity(name.len() + ty.len());
    s.push_str(name);
    let mut chars = ty.chars();
    if let Some(c) = chars.next() {
        s.extend(c.to_uppercase());
        s.push_str(chars.as_str());
    }
    s
}

/// The default code path of a resource type for `[T: codes]` retrieves.
pub fn default_code_path(resource_type: &str) -> Option<&'static str> {
    Some(match resource_type {
        "Procedure" | "Observation" | "Condition" | "AllergyIntolerance" | "DiagnosticReport"
        | "ServiceRequest" => "code",
        "Immunization" => "vaccineCode",
        "Encounter" => "type",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_elements_and_keys() {
        let e = element("Procedure", "performed").unwrap();
        assert!(e.is_choice());
        assert_eq!(choice_key("performed", "dateTime"), "performedDateTime");
        assert_eq!(choice_key("value", "Quantity"), "valueQuantity");
    }

    #[test]
    fn base_elements_and_code_paths() {
        assert_eq!(element("Observation", "id").unwrap().types, &["id"]);
        assert!(element("Observation", "performd").is_none());
        assert_eq!(default_code_path("Immunization"), Some("vaccineCode"));
        assert_eq!(default_code_path("Encounter"), Some("type"));
        assert!(element("Encounter", "type").unwrap().many);
    }
}
