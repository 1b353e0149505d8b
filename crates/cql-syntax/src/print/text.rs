//! Names, strings, quantities, type specifiers and timing phrases as CQL text.

use super::Out;
use crate::ast::*;
use crate::lexer::Kw;
use std::fmt::Write;

/// Renders an interval operator phrase as CQL words (`3 days or more before start`).
pub fn timing_phrase_to_cql(phrase: &TimingPhrase) -> String {
    let mut words: Vec<String> = Vec::new();
    let prefix = |p: &Option<TimingPrefix>, words: &mut Vec<String>| {
        if let Some(p) = p {
            words.push(
                match p {
                    TimingPrefix::Starts => "starts",
                    TimingPrefix::Ends => "ends",
                    TimingPrefix::Occurs => "occurs",
                }
                .into(),
            );
        }
    };
    let precision_of = |p: &Option<DateTimePrecision>, words: &mut Vec<String>| {
        if let Some(p) = p {
            words.push(format!("{} of", p.singular()));
        }
    };
    let boundary = |b: &Option<BoundarySelector>, words: &mut Vec<String>| {
        if let Some(b) = b {
            words.push(
                match b {
                    BoundarySelector::Start => "start",
                    BoundarySelector::End => "end",
                }
                .into(),
            );
        }
    };
    let direction = |d: Direction| match d {
        Direction::Before => "before",
        Direction::After => "after",
    };
    match phrase {
        TimingPhrase::SameAs {
            prefix: p,
            precision,
            relation,
            boundary: b,
        } => {
            prefix(p, &mut words);
            words.push("same".into());
            if let Some(pr) = precision {
                words.push(pr.singular().into());
            }
            words.push(
                match relation {
                    SameRelation::As => "as",
                    SameRelation::OrBefore => "or before",
                    SameRelation::OrAfter => "or after",
                }
                .into(),
            );
            boundary(b, &mut words);
        }
        TimingPhrase::Includes {
            proper,
            precision,
            boundary: b,
        } => {
            if *proper {
                words.push("properly".into());
            }
            words.push("includes".into());
            precision_of(precision, &mut words);
            boundary(b, &mut words);
        }
        TimingPhrase::IncludedIn {
            prefix: p,
            proper,
            during,
            precision,
        } => {
            prefix(p, &mut words);
            if *proper {
                words.push("properly".into());
            }
            words.push(if *during { "during" } else { "included in" }.into());
            precision_of(precision, &mut words);
        }
        TimingPhrase::BeforeOrAfter {
            prefix: p,
            offset,
            direction: d,
            inclusive,
            precision,
            boundary: b,
        } => {
            prefix(p, &mut words);
            if let Some(o) = offset {
                let q = quantity_text(&o.quantity);
                match o.qualifier {
                    None => words.push(q),
                    Some(OffsetQualifier::OrMore) => words.push(format!("{q} or more")),
                    Some(OffsetQualifier::OrLess) => words.push(format!("{q} or less")),
                    Some(OffsetQualifier::LessThan) => words.push(format!("less than {q}")),
                    Some(OffsetQualifier::MoreThan) => words.push(format!("more than {q}")),
                }
            }
            if *inclusive {
                words.push(format!("on or {}", direction(*d)));
            } else {
                words.push(direction(*d).into());
            }
            precision_of(precision, &mut words);
            boundary(b, &mut words);
        }
        TimingPhrase::Within {
            prefix: p,
            proper,
            quantity,
            boundary: b,
        } => {
            prefix(p, &mut words);
            if *proper {
                words.push("properly".into());
            }
            words.push(format!("within {} of", quantity_text(quantity)));
            boundary(b, &mut words);
        }
        TimingPhrase::Meets {
            direction: d,
            precision,
        }
        | TimingPhrase::Overlaps {
            direction: d,
            precision,
        } => {
            words.push(
                if matches!(phrase, TimingPhrase::Meets { .. }) {
                    "meets"
                } else {
                    "overlaps"
                }
                .into(),
            );
            if let Some(d) = d {
                words.push(direction(*d).into());
            }
            precision_of(precision, &mut words);
        }
        TimingPhrase::Starts { precision } | TimingPhrase::Ends { precision } => {
            words.push(
                if matches!(phrase, TimingPhrase::Starts { .. }) {
                    "starts"
                } else {
                    "ends"
                }
                .into(),
            );
            precision_of(precision, &mut words);
        }
    }
    words.join(" ")
}

pub(super) fn write_type(out: &mut Out, t: &TypeSpecifier) {
    match &t.kind {
        TypeSpecifierKind::Named(n) => write_named_type(out, n),
        TypeSpecifierKind::List(inner) => {
            out.push_str("List<");
            write_type(out, inner);
            out.push('>');
        }
        TypeSpecifierKind::Interval(inner) => {
            out.push_str("Interval<");
            write_type(out, inner);
            out.push('>');
        }
        TypeSpecifierKind::Tuple(elements) => {
            out.push_str("Tuple { ");
            for (i, el) in elements.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_name(out, &el.name.name);
                out.push(' ');
                write_type(out, &el.type_specifier);
            }
            out.push_str(" }");
        }
        TypeSpecifierKind::Choice(choices) => {
            out.push_str("Choice<");
            for (i, c) in choices.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(out, c);
            }
            out.push('>');
        }
    }
}

pub(super) fn write_named_type(out: &mut Out, n: &NamedType) {
    for q in &n.qualifiers {
        write_name(out, &q.name);
        out.push('.');
    }
    match Kw::from_word(&n.name.name) {
        Some(kw) if kw.is_type_name() || kw.is_keyword_identifier() => out.push_str(&n.name.name),
        _ => write_name(out, &n.name.name),
    }
}

pub(super) fn unit_text(u: &QuantityUnit) -> String {
    match u {
        QuantityUnit::Calendar { precision, plural } => {
            if *plural {
                precision.plural().to_string()
            } else {
                precision.singular().to_string()
            }
        }
        QuantityUnit::Ucum(s) => {
            let mut out = Out::default();
            write_string(&mut out, s);
            out.text
        }
    }
}

pub(super) fn quantity_text(q: &QuantityLit) -> String {
    match &q.unit {
        Some(u) => format!("{} {}", q.value, unit_text(u)),
        None => q.value.clone(),
    }
}

pub(super) fn is_plain_word(name: &str) -> bool {
    let mut chars = name.bytes();
    matches!(chars.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && chars.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// A name in a referential position: quoted unless a plain, non-keyword word.
pub(super) fn write_name(out: &mut Out, name: &str) {
    if is_plain_word(name) && Kw::from_word(name).is_none() {
        out.push_str(name);
    } else {
        write_quoted(out, name, '"');
    }
}

/// A name where keyword identifiers are allowed (element, let and operand names).
pub(super) fn write_referential(out: &mut Out, name: &str) {
    match Kw::from_word(name) {
        Some(kw) if kw.is_keyword_identifier() => out.push_str(name),
        _ => write_name(out, name),
    }
}

/// A name after `.`: any word (keywords included) may be written bare.
pub(super) fn write_member_name(out: &mut Out, name: &str) {
    if is_plain_word(name) {
        out.push_str(name);
    } else {
        write_quoted(out, name, '"');
    }
}

pub(super) fn write_string(out: &mut Out, s: &str) {
    write_quoted(out, s, '\'');
}

pub(super) fn write_quoted(out: &mut Out, s: &str, quote: char) {
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{c}' => out.push_str("\\f"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}
