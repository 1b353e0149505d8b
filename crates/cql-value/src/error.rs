//! Run-time errors of CQL operators.

/// A run-time error raised by an operator (CQL 1.5 §5 "Language Semantics": errors stop
/// evaluation of the expression; operators that the spec defines as returning null on
/// bad input return `Ok(Value::Null)` instead).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// Arithmetic result outside the range of its type.
    #[error("overflow in {0}")]
    Overflow(String),
    /// A conversion that the spec says is an error (e.g. incompatible quantity units).
    #[error("invalid conversion: {0}")]
    InvalidConversion(String),
    /// Literal text that does not denote a value of the requested type.
    #[error("invalid literal {text:?}: {reason}")]
    InvalidLiteral {
        /// The literal text as given.
        text: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The operator is not defined for these operand types.
    #[error("operator {op} is not defined for ({operands})")]
    InvalidOperands {
        /// Operator name (Appendix B).
        op: String,
        /// Operand type names, comma separated.
        operands: String,
    },
    /// A bad argument value (e.g. an interval whose low is above its high).
    #[error("{0}")]
    InvalidArgument(String),
    /// `Message(..., 'Error', ...)` (Appendix B "Message").
    #[error("{source_text}: {code}: {message}")]
    Message {
        /// Rendered source value.
        source_text: String,
        /// The message code.
        code: String,
        /// The message text.
        message: String,
    },
}

/// Result of an operator.
pub type Result<T> = std::result::Result<T, EvalError>;

impl EvalError {
    /// Builds `InvalidOperands` from an operator name and operand values.
    pub fn operands(op: &str, vals: &[&crate::Value]) -> EvalError {
        EvalError::InvalidOperands {
            op: op.to_string(),
            operands: vals
                .iter()
                .map(|v| v.type_name())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}
