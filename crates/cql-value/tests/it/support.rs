//! Test helpers: a small reader of CQL literal text (the subset the conformance suite
//! writes as results) and `check` helpers comparing rendered results.

use ww_cql_value::{literal, Result, Value};

/// Evaluation offset used by the tests (minutes).
pub const OFFSET: i32 = 0;

struct Reader<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }
    fn peek(&self) -> u8 {
        self.s.get(self.pos).copied().unwrap_or(0)
    }
    fn eat(&mut self, t: &str) -> bool {
        self.ws();
        if self.s[self.pos..].starts_with(t.as_bytes()) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> String {
        let start = self.pos;
        while self.pos < self.s.len() && f(self.s[self.pos]) {
            self.pos += 1;
        }
        String::from_utf8(self.s[start..self.pos].to_vec()).unwrap()
    }
    fn string(&mut self) -> String {
        assert!(self.eat("'"));
        let mut out = String::new();
        loop {
            let c = self.s[self.pos];
            self.pos += 1;
            match c {
                b'\'' => break,
                b'\\' => {
                    let e = self.s[self.pos];
                    self.pos += 1;
                    out.push(match e {
                        b'n' => '\n',
                        b't' => '\t',
                        b'r' => '\r',
                        other => other as char,
                    });
                }
                other => out.push(other as char),
            }
        }
        out
    }
    fn value(&mut self) -> Value {
        self.ws();
        if self.eat("null") {
            return Value::Null;
        }
        if self.eat("true") {
            return Value::Boolean(true);
        }
        if self.eat("false") {
            return Value::Boolean(false);
        }
        if self.eat("Interval") {
            let lc = self.eat("[");
            if !lc {
                assert!(self.eat("("));
            }
            let low = self.value();
            assert!(self.eat(","));
            let high = self.value();
            self.ws();
            let hc = self.eat("]");
            if !hc {
                assert!(self.eat(")"));
            }
            return Value::interval(low, lc, high, hc);
        }
        if self.eat("Tuple") {
            assert!(self.eat("{"));
            let mut els = Vec::new();
            while !self.eat("}") {
                self.ws();
                let name = self.take_while(|c| c.is_ascii_alphanumeric() || c == b'_');
                assert!(self.eat(":"));
                els.push((name, self.value()));
                self.eat(",");
            }
            return Value::tuple(els);
        }
        if self.eat("{") {
            let mut items = Vec::new();
            while !self.eat("}") {
                items.push(self.value());
                self.eat(",");
            }
            return Value::list(items);
        }
        match self.peek() {
            b'\'' => Value::string(self.string()),
            b'@' => {
                let t = self.take_while(|c| {
                    c.is_ascii_alphanumeric() || matches!(c, b'@' | b'-' | b':' | b'.' | b'+')
                });
                literal::parse_temporal_literal(&t, OFFSET).unwrap()
            }
            _ => {
                let n = self.take_while(|c| c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'L'));
                let save = self.pos;
                self.ws();
                if self.peek() == b'\'' {
                    let u = self.string();
                    return literal::parse_quantity(&n, &u).unwrap();
                }
                let word = self.take_while(|c| c.is_ascii_alphabetic());
                if !word.is_empty() && ww_cql_value::Precision::parse(&word).is_some() {
                    return literal::parse_quantity(&n, &word).unwrap();
                }
                self.pos = save;
                literal::parse_number(&n).unwrap()
            }
        }
    }
}

/// Reads a CQL literal (`{1, 2}`, `Interval[1, 5)`, `@2014-01-01`, `5 'mg'`, ...).
pub fn lit(text: &str) -> Value {
    let mut r = Reader {
        s: text.as_bytes(),
        pos: 0,
    };
    let v = r.value();
    r.ws();
    assert_eq!(r.pos, text.len(), "trailing text in {text:?}");
    v
}

fn show(r: Result<Value>) -> String {
    match r {
        Ok(v) => v.to_cql_literal(),
        Err(e) => format!("error: {e}"),
    }
}

/// Checks a unary operator on a literal.
pub fn check1(f: fn(&Value) -> Result<Value>, a: &str, expect: &str) {
    assert_eq!(show(f(&lit(a))), expect, "op({a})");
}

/// Checks a binary operator on two literals.
pub fn check2(f: fn(&Value, &Value) -> Result<Value>, a: &str, b: &str, expect: &str) {
    assert_eq!(show(f(&lit(a), &lit(b))), expect, "op({a}, {b})");
}

/// Checks that an operator result is an error.
pub fn check_err(r: Result<Value>) {
    assert!(
        r.is_err(),
        "expected an error, got {:?}",
        r.map(|v| v.to_cql_literal())
    );
}
