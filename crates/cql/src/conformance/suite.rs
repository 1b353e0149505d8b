//! Reading cqframework/cql-tests XML files (schema `testSchema.xsd`): `<tests>` holds
//! `<group>`s of `<test name>` each with one `<expression invalid=...>` and zero or more
//! `<output>` CQL literals.

use crate::error::{Error, Result};
use quick_xml::events::Event;
use std::path::Path;

/// What a test expects to go wrong (`invalid` attribute of `<expression>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// A value is expected.
    No,
    /// `invalid="true"`, `syntax`, `semantic` or `execution`: any error passes.
    Yes,
}

/// One conformance test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestCase {
    /// The `<group name>`.
    pub group: String,
    /// The `<test name>`.
    pub name: String,
    /// The CQL expression.
    pub expression: String,
    /// Whether an error is expected.
    pub invalid: Invalid,
    /// Expected outputs as CQL literals (usually one).
    pub outputs: Vec<String>,
}

/// Reads every test of one XML file, in document order.
///
/// # Errors
/// [`Error::Io`] when unreadable, [`Error::Xml`] when not well-formed.
pub fn read_suite(path: &Path) -> Result<Vec<TestCase>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_suite(&text).map_err(|message| Error::Xml {
        path: path.to_path_buf(),
        message,
    })
}

#[derive(PartialEq)]
enum Field {
    None,
    Expression,
    Output,
}

/// Parses the XML text of one suite file.
pub fn parse_suite(text: &str) -> std::result::Result<Vec<TestCase>, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut tests = Vec::new();
    let mut group = String::new();
    let mut current: Option<TestCase> = None;
    let mut field = Field::None;
    let mut buf = String::new();
    loop {
        let ev = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.buffer_position()))?;
        match ev {
            Event::Start(e) => match e.local_name().as_ref() {
                b"group" => group = attr(&e, "name").unwrap_or_default(),
                b"test" => {
                    current = Some(TestCase {
                        group: group.clone(),
                        name: attr(&e, "name").unwrap_or_default(),
                        expression: String::new(),
                        invalid: Invalid::No,
                        outputs: Vec::new(),
                    })
                }
                b"expression" => {
                    if let Some(t) = current.as_mut() {
                        if matches!(
                            attr(&e, "invalid").as_deref(),
                            Some("true" | "syntax" | "semantic" | "execution")
                        ) {
                            t.invalid = Invalid::Yes;
                        }
                    }
                    field = Field::Expression;
                    buf.clear();
                }
                b"output" => {
                    field = Field::Output;
                    buf.clear();
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"output" => {
                if let Some(t) = current.as_mut() {
                    t.outputs.push(String::new());
                }
            }
            Event::Text(t) if field != Field::None => {
                buf.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::CData(t) if field != Field::None => {
                buf.push_str(&t.decode().map_err(|e| e.to_string())?);
            }
            Event::GeneralRef(r) if field != Field::None => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    buf.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    match quick_xml::escape::resolve_predefined_entity(&name) {
                        Some(s) => buf.push_str(s),
                        None => return Err(format!("unknown entity &{name};")),
                    }
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"expression" => {
                    if let Some(t) = current.as_mut() {
                        t.expression = buf.trim().to_string();
                    }
                    field = Field::None;
                }
                b"output" => {
                    if let Some(t) = current.as_mut() {
                        t.outputs.push(buf.trim().to_string());
                    }
                    field = Field::None;
                }
                b"test" => tests.extend(current.take()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tests)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tests_entities_and_invalid() {
        let xml = r#"<tests name="T"><group name="G">
            <test name="A"><expression>1 &lt; 2</expression><output>true</output></test>
            <test name="B"><expression invalid="semantic">foo</expression></test>
        </group></tests>"#;
        let t = parse_suite(xml).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[0].expression, "1 < 2");
        assert_eq!(t[0].outputs, vec!["true".to_string()]);
        assert_eq!(t[0].group, "G");
        assert_eq!(t[1].invalid, Invalid::Yes);
    }
}
