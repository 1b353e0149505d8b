//! Which Patient a resource belongs to, and a Patient's display name.

use serde_json::Value;
use std::collections::HashMap;

/// Map from a Bundle entry's `fullUrl` to its (resourceType, id), used to resolve
/// `urn:uuid:` references inside transaction Bundles.
pub(crate) type FullUrls = HashMap<String, (String, String)>;

/// The Patient id a resource belongs to: `Patient.id` for a Patient; otherwise the target of
/// `subject.reference` or `patient.reference` when it points at a Patient (`Patient/x`,
/// an absolute `.../Patient/x`, `Patient/x/_history/n`) or is a `urn:uuid:x` reference.
/// `None` for resources about no patient (or about a Group).
pub fn patient_id_of(json: &Value) -> Option<String> {
    patient_id_with(json, &FullUrls::new())
}

pub(crate) fn patient_id_with(json: &Value, urls: &FullUrls) -> Option<String> {
    if json.get("resourceType").and_then(Value::as_str) == Some("Patient") {
        return json.get("id").and_then(Value::as_str).map(str::to_owned);
    }
    ["subject", "patient"].iter().find_map(|field| {
        let reference = json.get(*field)?.get("reference")?.as_str()?;
        resolve(reference, urls)
    })
}

/// The Patient id named by one FHIR reference string (see [`patient_id_of`] for the
/// accepted forms); `None` when the reference points at something other than a Patient.
pub fn reference_patient_id(reference: &str) -> Option<String> {
    resolve(reference, &FullUrls::new())
}

fn resolve(reference: &str, urls: &FullUrls) -> Option<String> {
    let reference = reference.trim();
    if let Some((resource_type, id)) = urls.get(reference) {
        return (resource_type == "Patient").then(|| id.clone());
    }
    if let Some(rest) = reference.strip_prefix("urn:uuid:") {
        return (!rest.is_empty()).then(|| rest.to_owned());
    }
    if reference.starts_with('#') || reference.starts_with("urn:") {
        return None;
    }
    let path = reference.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.split('/').collect();
    // The type/id pair is the last one before an optional `_history/n` tail.
    let end = match segments.iter().rposition(|s| *s == "_history") {
        Some(h) => h,
        None => segments.len(),
    };
    if end < 2 {
        return None;
    }
    let (resource_type, id) = (segments[end - 2], segments[end - 1]);
    (resource_type == "Patient" && !id.is_empty()).then(|| id.to_owned())
}

/// A Patient's name for people: the `official` name (else the first), as `text` when given,
/// else given names followed by the family name. `None` when the Patient has no usable name.
pub fn patient_display_name(patient: &Value) -> Option<String> {
    let names = patient.get("name")?.as_array()?;
    let name = names
        .iter()
        .find(|n| n.get("use").and_then(Value::as_str) == Some("official"))
        .or_else(|| names.first())?;
    if let Some(text) = name.get("text").and_then(Value::as_str) {
        if !text.trim().is_empty() {
            return Some(text.trim().to_owned());
        }
    }
    let mut parts: Vec<&str> = name
        .get("given")
        .and_then(Value::as_array)
        .map(|g| g.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(family) = name.get("family").and_then(Value::as_str) {
        parts.push(family);
    }
    let joined = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!joined.is_empty()).then_some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(reference: &str, expect: Option<&str>) {
        assert_eq!(
            reference_patient_id(reference).as_deref(),
            expect,
            "{reference}"
        );
    }

    #[test]
    fn reference_forms() {
        check("Patient/abc", Some("abc"));
        check("Patient/abc/_history/3", Some("abc"));
        check("https://srv.example/fhir/Patient/p-1", Some("p-1"));
        check("urn:uuid:0d4c-11", Some("0d4c-11"));
        check("Group/g1", None);
        check("#contained", None);
        check("urn:oid:1.2.3", None);
        check("Patient/", None);
        check("abc", None);
    }

    #[test]
    fn full_url_map_wins_over_urn_text() {
        let mut urls = FullUrls::new();
        urls.insert("urn:uuid:aaa".into(), ("Patient".into(), "real-id".into()));
        urls.insert("urn:uuid:bbb".into(), ("Group".into(), "g".into()));
        let obs = json!({"resourceType": "Observation", "subject": {"reference": "urn:uuid:aaa"}});
        assert_eq!(patient_id_with(&obs, &urls).as_deref(), Some("real-id"));
        let grp = json!({"resourceType": "Observation", "subject": {"reference": "urn:uuid:bbb"}});
        assert_eq!(patient_id_with(&grp, &urls), None);
    }

    #[test]
    fn patient_field_and_patient_itself() {
        let imm = json!({"resourceType": "Immunization", "patient": {"reference": "Patient/p9"}});
        assert_eq!(patient_id_of(&imm).as_deref(), Some("p9"));
        let pat = json!({"resourceType": "Patient", "id": "p9"});
        assert_eq!(patient_id_of(&pat).as_deref(), Some("p9"));
        let none = json!({"resourceType": "Organization", "id": "o"});
        assert_eq!(patient_id_of(&none), None);
    }

    #[test]
    fn display_name_prefers_official_and_text() {
        let p = json!({"name": [
            {"use": "nickname", "given": ["Bo"]},
            {"use": "official", "family": "Yundt842", "given": ["Donya787", "Mikaela760"]}
        ]});
        assert_eq!(
            patient_display_name(&p).as_deref(),
            Some("Donya787 Mikaela760 Yundt842")
        );
        let t = json!({"name": [{"text": " Ann Lee ", "family": "X"}]});
        assert_eq!(patient_display_name(&t).as_deref(), Some("Ann Lee"));
        assert_eq!(patient_display_name(&json!({"name": []})), None);
        assert_eq!(patient_display_name(&json!({})), None);
    }
}
