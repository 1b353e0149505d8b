use ww_cql_value::{Decimal, Value};

#[test]
fn decimal_literal() {
    assert_eq!(Value::decimal_from_str("1.50").to_cql_literal(), "1.5");
}
