//! Retrieves and queries as CQL text.

use super::*;

pub(super) fn write_retrieve(out: &mut Out, r: &Retrieve) {
    out.push('[');
    if let Some(c) = &r.context {
        write_expr(out, c, L_POSTFIX);
        out.push_str(" -> ");
    }
    write_named_type(out, &r.data_type);
    if let Some(t) = &r.terminology {
        out.push_str(": ");
        if let (Some(path), Some(cmp)) = (&r.code_path, r.comparator) {
            for (i, seg) in path.segments.iter().enumerate() {
                match seg {
                    PathSegment::Member(id) => {
                        if i > 0 {
                            out.push('.');
                        }
                        write_member_name(out, &id.name);
                    }
                    PathSegment::Index(text, _) => {
                        let _ = write!(out, "[{text}]");
                    }
                }
            }
            out.push_str(match cmp {
                CodeComparator::In => " in ",
                CodeComparator::Equal => " = ",
                CodeComparator::Equivalent => " ~ ",
            });
        }
        write_expr(out, t, 0);
    }
    out.push(']');
}

pub(super) fn write_source(out: &mut Out, s: &AliasedSource) {
    let bare = matches!(s.source.kind, ExprKind::Retrieve(_)) || is_name_path(&s.source);
    if bare {
        write_expr(out, &s.source, 0);
    } else {
        out.push('(');
        write_expr(out, &s.source, 0);
        out.push(')');
    }
    out.push(' ');
    write_name(out, &s.alias.name);
}

pub(super) fn is_name_path(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Identifier(_) => true,
        ExprKind::Member { source, .. } => is_name_path(source),
        _ => false,
    }
}

pub(super) fn write_query(out: &mut Out, q: &Query) {
    if q.from_keyword {
        out.push_str("from ");
    }
    for (i, s) in q.sources.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_source(out, s);
    }
    if !q.lets.is_empty() {
        out.push_str(" let ");
        for (i, l) in q.lets.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_name(out, &l.name.name);
            out.push_str(": ");
            write_item(out, &l.expression);
        }
    }
    for inc in &q.inclusions {
        out.push_str(match inc.kind {
            InclusionKind::With => " with ",
            InclusionKind::Without => " without ",
        });
        write_source(out, &inc.source);
        out.push_str(" such that ");
        write_item(out, &inc.condition);
    }
    if let Some(w) = &q.where_clause {
        out.push_str(" where ");
        write_item(out, w);
    }
    let modifier = |m: &Option<ResultModifier>| match m {
        Some(ResultModifier::All) => "all ",
        Some(ResultModifier::Distinct) => "distinct ",
        None => "",
    };
    match &q.result {
        Some(QueryResult::Return(r)) => {
            let _ = write!(out, " return {}", modifier(&r.modifier));
            write_item(out, &r.expression);
        }
        Some(QueryResult::Aggregate(a)) => {
            let _ = write!(out, " aggregate {}", modifier(&a.modifier));
            write_name(out, &a.accumulator.name);
            if let Some(s) = &a.starting {
                out.push_str(" starting ");
                match &s.kind {
                    ExprKind::Number { text, .. } if !text.starts_with('-') => out.push_str(text),
                    ExprKind::String(_) => write_expr(out, s, 0),
                    ExprKind::Quantity(qq) if !qq.value.starts_with('-') => {
                        out.push_str(&quantity_text(qq))
                    }
                    _ => {
                        out.push('(');
                        write_expr(out, s, 0);
                        out.push(')');
                    }
                }
            }
            out.push_str(": ");
            write_item(out, &a.expression);
        }
        None => {}
    }
    let direction = |d: SortDirection| match d {
        SortDirection::Ascending => "asc",
        SortDirection::Descending => "desc",
    };
    match &q.sort {
        Some(SortClause::Direction(d, _)) => {
            let _ = write!(out, " sort {}", direction(*d));
        }
        Some(SortClause::By(items, _)) => {
            out.push_str(" sort by ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_expr(out, &item.expression, L_ADD);
                if let Some(d) = item.direction {
                    let _ = write!(out, " {}", direction(d));
                }
            }
        }
        None => {}
    }
}
