//! Packet bytes: canonical JSON, standalone HTML through minijinja, and the SHA-256 hash.
//!
//! Determinism: JSON object keys are sorted at every depth (including JSON read from the
//! database, whatever order it was stored in) and the output is pretty-printed with a final
//! newline, so equal content always gives equal bytes and so an equal `payload_hash`.
//! HTML comes from one template with auto-escaping on: every value passes through minijinja's
//! HTML escaper, none is marked safe.

use crate::Result;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Returns `value` with the keys of every object sorted (bytewise), recursively.
pub fn canonicalize(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            let mut sorted = Map::with_capacity(entries.len());
            for (k, v) in entries {
                sorted.insert(k, canonicalize(v));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(canonicalize).collect()),
        other => other,
    }
}

/// The canonical JSON bytes of `packet`: sorted keys, two-space indentation, final newline.
pub fn json_bytes<T: Serialize>(packet: &T) -> Result<Vec<u8>> {
    let value = canonicalize(serde_json::to_value(packet)?);
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Lowercase hex SHA-256 of `bytes` (the contract's `payload_hash`).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// One labelled value in an HTML fields table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HtmlField {
    /// Label (left column).
    pub label: String,
    /// Value (right column); empty shows as an em dash.
    pub value: String,
}

/// A table of rows under fixed column headings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HtmlTable {
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells, each as long as `columns`.
    pub rows: Vec<Vec<String>>,
}

/// One section of a printable packet: fields, a table, a preformatted block, or a mix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct HtmlSection {
    /// Section heading.
    pub title: String,
    /// Label/value pairs.
    pub fields: Vec<HtmlField>,
    /// Optional table.
    pub table: Option<HtmlTable>,
    /// Optional preformatted text (CQL, JSON evidence).
    pub pre: Option<String>,
    /// Shown when the section has nothing else (e.g. "No outreach attempts").
    pub empty_note: Option<String>,
}

impl HtmlSection {
    /// A section with a title and nothing else yet.
    pub fn new(title: impl Into<String>) -> Self {
        HtmlSection {
            title: title.into(),
            ..Default::default()
        }
    }

    /// Adds a label/value pair.
    pub fn field(mut self, label: &str, value: impl Into<String>) -> Self {
        self.fields.push(HtmlField {
            label: label.to_string(),
            value: value.into(),
        });
        self
    }

    /// Adds an optional value (None shows as an em dash).
    pub fn opt(self, label: &str, value: Option<&str>) -> Self {
        self.field(label, value.unwrap_or_default())
    }

    /// Sets the table; `empty` is shown instead when `rows` is empty.
    pub fn table(mut self, columns: &[&str], rows: Vec<Vec<String>>, empty: &str) -> Self {
        if rows.is_empty() {
            self.empty_note = Some(empty.to_string());
        } else {
            self.table = Some(HtmlTable {
                columns: columns.iter().map(|c| c.to_string()).collect(),
                rows,
            });
        }
        self
    }

    /// Sets the preformatted block.
    pub fn pre(mut self, text: impl Into<String>) -> Self {
        self.pre = Some(text.into());
        self
    }
}

/// Everything the HTML template shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HtmlDocument {
    /// Page title, e.g. "Case audit packet".
    pub title: String,
    /// CASE | RUN | MEASURE_VERSION.
    pub packet_type: String,
    /// The packet's entity id.
    pub entity_id: String,
    /// Sections in print order.
    pub sections: Vec<HtmlSection>,
    /// Disclaimers printed at the top and bottom.
    pub disclaimers: Vec<String>,
}

const PACKET_TEMPLATE: &str = include_str!("packet.html");

/// Renders `doc` as one standalone printable HTML file (inline CSS, no scripts, no external
/// resources), every value HTML-escaped.
pub fn html_bytes(doc: &HtmlDocument) -> Result<Vec<u8>> {
    let mut env = Environment::new();
    // Escape every value whatever the template name: nothing in a packet is trusted markup.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template("packet.html", PACKET_TEMPLATE)?;
    let template = env.get_template("packet.html")?;
    let mut text = template.render(minijinja::context! { doc => doc })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text.into_bytes())
}

/// Pretty JSON text of a JSON value with sorted keys, for `<pre>` blocks.
pub fn pretty_json(value: &Value) -> String {
    serde_json::to_string_pretty(&canonicalize(value.clone())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_nested_keys() {
        let a = json!({"b": 1, "a": {"z": [ {"y": 1, "x": 2} ], "c": null}});
        let bytes = json_bytes(&a).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let a_pos = text.find("\"a\"").unwrap();
        let b_pos = text.find("\"b\"").unwrap();
        let x_pos = text.find("\"x\"").unwrap();
        let y_pos = text.find("\"y\"").unwrap();
        assert!(a_pos < b_pos && x_pos < y_pos, "{text}");
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn equal_content_gives_equal_hash() {
        let one = json!({"b": 1, "a": 2});
        let two = json!({"a": 2, "b": 1});
        assert_eq!(
            sha256_hex(&json_bytes(&one).unwrap()),
            sha256_hex(&json_bytes(&two).unwrap())
        );
    }

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn html_escapes_every_value() {
        let doc = HtmlDocument {
            title: "<b>t</b>".into(),
            packet_type: "CASE".into(),
            entity_id: "\"id\"".into(),
            sections: vec![HtmlSection::new("S&S")
                .field("<script>alert(1)</script>", "<script>alert(1)</script>")
                .table(
                    &["c<1>"],
                    vec![vec!["<img src=x onerror=alert(1)>".into()]],
                    "",
                )
                .pre("</pre><script>x</script>")],
            disclaimers: vec!["<i>d</i>".into()],
        };
        let html = String::from_utf8(html_bytes(&doc).unwrap()).unwrap();
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(!html.contains("<b>t</b>"));
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{html}"
        );
        assert!(html.contains("S&amp;S"));
        assert!(html.starts_with("<!DOCTYPE html>"));
    }
}
