//! Unit algebra for Quantity multiplication and division (`cm * cm` = `cm2`,
//! `g / g` = `1`), Appendix B "Multiply"/"Divide" on Quantities.

/// Parses a UCUM unit expression of `.`-joined terms with optional exponents and at most
/// one `/` into (base, exponent) pairs; `1` and empty are dimensionless.
fn terms(unit: &str) -> Vec<(String, i32)> {
    let mut out: Vec<(String, i32)> = Vec::new();
    for (i, part) in unit.split('/').enumerate() {
        let sign = if i == 0 { 1 } else { -1 };
        for term in part.split('.') {
            if term.is_empty() || term == "1" {
                continue;
            }
            let idx = term
                .find(|c: char| c.is_ascii_digit() || c == '-')
                .filter(|&i| i > 0)
                .unwrap_or(term.len());
            let (base, exp) = term.split_at(idx);
            let exp: i32 = exp.parse().unwrap_or(1);
            push(&mut out, base, exp.saturating_mul(sign));
        }
    }
    out
}

fn push(out: &mut Vec<(String, i32)>, base: &str, exp: i32) {
    if let Some(e) = out.iter_mut().find(|(b, _)| b == base) {
        e.1 = e.1.saturating_add(exp);
    } else {
        out.push((base.to_string(), exp));
    }
}

fn render(t: &[(String, i32)]) -> String {
    let fmt = |b: &str, e: i32| {
        if e == 1 {
            b.to_string()
        } else {
            format!("{b}{e}")
        }
    };
    let pos: Vec<String> = t
        .iter()
        .filter(|(_, e)| *e > 0)
        .map(|(b, e)| fmt(b, *e))
        .collect();
    let neg: Vec<String> = t
        .iter()
        .filter(|(_, e)| *e < 0)
        .map(|(b, e)| fmt(b, -*e))
        .collect();
    let num = if pos.is_empty() {
        "1".to_string()
    } else {
        pos.join(".")
    };
    if neg.is_empty() {
        num
    } else {
        format!("{num}/{}", neg.join("."))
    }
}

/// Unit of a product.
pub fn multiply(a: &str, b: &str) -> String {
    let mut t = terms(a);
    for (base, e) in terms(b) {
        push(&mut t, &base, e);
    }
    t.retain(|(_, e)| *e != 0);
    render(&t)
}

/// Unit of a quotient.
pub fn divide(a: &str, b: &str) -> String {
    let mut t = terms(a);
    for (base, e) in terms(b) {
        push(&mut t, &base, -e);
    }
    t.retain(|(_, e)| *e != 0);
    render(&t)
}
