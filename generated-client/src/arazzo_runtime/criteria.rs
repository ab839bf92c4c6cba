//! Condition helpers that read their operands as JSON: `simple` comparisons (string
//! equality ignores case, Arazzo 1.0.1) and `regex` criteria (an unresolved context
//! does not match, Arazzo 1.1.0).

use super::{CmpOp, compare_json, eq_ignore_case};

/// A `simple` condition's comparison of two values read as JSON (a missing value is
/// `None`): [`compare_json`], except that `==` and `!=` between two strings ignore
/// case, as Arazzo 1.0.1 requires of string comparisons.
pub fn compare_simple<A: serde::Serialize + ?Sized, B: serde::Serialize + ?Sized>(a: &A, op: CmpOp, b: &B) -> bool {
    if matches!(op, CmpOp::Eq | CmpOp::Ne)
        && let (Ok(serde_json::Value::String(x)), Ok(serde_json::Value::String(y))) =
            (serde_json::to_value(a), serde_json::to_value(b))
    {
        let eq = eq_ignore_case(Some(&x), Some(&y));
        return if matches!(op, CmpOp::Eq) { eq } else { !eq };
    }
    compare_json(&serde_json::to_value(a).unwrap_or_default(), op, &serde_json::to_value(b).unwrap_or_default())
}

/// A `regex` criterion: whether `pattern` (checked at compile time) matches anywhere in
/// the value — a string as it is, a number, boolean, object or array as its compact
/// JSON text. A missing or `null` context does not match (Arazzo 1.1.0: a criterion
/// whose context does not resolve is not satisfied).
pub fn regex_criterion<T: serde::Serialize + ?Sized>(pattern: &str, value: &T) -> bool {
    let text = match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => return false,
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
    };
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(&text))
}

/// A `jsonpath` criterion written as an RFC 9535 query: whether it selects anything in
/// the value. A missing or `null` context does not satisfy it (as for `regex` and
/// `xpath` criteria), although `$` would select the `null` itself.
pub fn jsonpath_criterion<T: serde::Serialize + ?Sized>(query: &str, value: &T) -> bool {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => false,
        Ok(v) => super::jsonpath_exists(query, &v),
    }
}
