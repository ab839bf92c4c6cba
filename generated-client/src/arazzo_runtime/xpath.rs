//! `xpath` criteria: an XPath expression evaluated on the XML text of the criterion's
//! context, true per the XPath rules for a boolean (XPath 1.0 `boolean()`, the
//! effective boolean value from 2.0 on: `true`, a non-empty node sequence, a non-empty
//! string, a non-zero number).
//!
//! `xpath-10` runs on `sxd-xpath` (XPath 1.0 semantics: `'1' = 1` is true); `xpath-20`,
//! `xpath-30` and `xpath-31` (the default) run on `xee-xpath`, an XPath 3.1 engine: an
//! XPath 2.0 or 3.0 expression is an XPath 3.1 expression with the same meaning, apart
//! from the few incompatibilities the 3.0 and 3.1 specifications list.

use std::fmt;

/// An XPath version of the Criterion Expression Type Object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XPathVersion {
    /// `xpath-10`
    V1_0,
    /// `xpath-20`
    V2_0,
    /// `xpath-30`
    V3_0,
    /// `xpath-31`, and `type: xpath` without a version (Arazzo 1.0.1).
    V3_1,
}

impl XPathVersion {
    /// The version for its Arazzo name (`xpath-10`, `xpath-20`, `xpath-30`, `xpath-31`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "xpath-10" => XPathVersion::V1_0,
            "xpath-20" => XPathVersion::V2_0,
            "xpath-30" => XPathVersion::V3_0,
            "xpath-31" => XPathVersion::V3_1,
            _ => return None,
        })
    }
}

/// Why an XPath criterion could not be evaluated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XPathError {
    /// The context value is not a string (an object, a number, ...).
    NotXml,
    /// The context string is not well-formed XML.
    Xml(String),
    /// The expression does not compile (checked at compile time already).
    Expression(String),
    /// Evaluating the expression failed (a dynamic error, or a sequence with no
    /// effective boolean value).
    Evaluation(String),
}

impl fmt::Display for XPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XPathError::NotXml => write!(f, "the context of an xpath criterion is not XML text"),
            XPathError::Xml(e) => write!(f, "the context of an xpath criterion is not well-formed XML: {e}"),
            XPathError::Expression(e) => write!(f, "invalid XPath expression: {e}"),
            XPathError::Evaluation(e) => write!(f, "the XPath expression failed: {e}"),
        }
    }
}

impl std::error::Error for XPathError {}

/// Evaluates `expr` on the XML text of `value`: `Ok(false)` when the value is missing or
/// `null` (Arazzo 1.1.0: an unresolved context does not satisfy a criterion).
pub fn xpath_eval<T: serde::Serialize + ?Sized>(
    version: XPathVersion,
    expr: &str,
    value: &T,
) -> Result<bool, XPathError> {
    let xml = match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) => return Ok(false),
        Ok(serde_json::Value::String(s)) => s,
        _ => return Err(XPathError::NotXml),
    };
    if xml_too_deep(&xml) {
        return Err(XPathError::Xml(format!("the document nests elements deeper than {MAX_XML_DEPTH} levels")));
    }
    match version {
        XPathVersion::V1_0 => eval_10(expr, &xml),
        XPathVersion::V2_0 | XPathVersion::V3_0 | XPathVersion::V3_1 => eval_31(expr, &xml),
    }
}

/// [`xpath_eval`] for generated conditions: a context that is not XML, or an
/// expression that fails at run time, does not satisfy the criterion.
pub fn xpath_matches<T: serde::Serialize + ?Sized>(version: XPathVersion, expr: &str, value: &T) -> bool {
    xpath_eval(version, expr, value).unwrap_or(false)
}

/// An Arazzo 1.1 Selector Object of type `xpath`: the string value of the first item
/// `expr` selects on the XML text of `value` (the first node in document order for a
/// node-set; the value itself for a string, number or boolean). `None` when the value
/// is missing or not XML text, the expression fails, or it selects nothing.
pub fn select_xpath<T: serde::Serialize>(version: XPathVersion, expr: &str, value: &Option<T>) -> Option<String> {
    let xml = match serde_json::to_value(value.as_ref()?) {
        Ok(serde_json::Value::String(s)) => s,
        _ => return None,
    };
    if xml_too_deep(&xml) {
        return None;
    }
    match version {
        XPathVersion::V1_0 => select_10(expr, &xml),
        XPathVersion::V2_0 | XPathVersion::V3_0 | XPathVersion::V3_1 => select_31(expr, &xml),
    }
}

fn select_10(expr: &str, xml: &str) -> Option<String> {
    let package = sxd_document::parser::parse(xml).ok()?;
    let document = package.as_document();
    let xpath = sxd_xpath::Factory::new().build(expr).ok()??;
    match xpath.evaluate(&sxd_xpath::Context::new(), document.root()).ok()? {
        sxd_xpath::Value::Nodeset(nodes) => nodes.document_order_first().map(|n| n.string_value()),
        other => Some(other.string()),
    }
}

fn select_31(expr: &str, xml: &str) -> Option<String> {
    use xee_xpath::Query;
    let mut documents = xee_xpath::Documents::new();
    let doc = documents.add_string_without_uri(xml).ok()?;
    let queries = xee_xpath::Queries::default();
    let query = queries.sequence(expr).ok()?;
    let sequence = query.execute(&mut documents, doc).ok()?;
    let first = sequence.iter().next()?;
    first.string_value(documents.xot()).ok()
}

fn eval_10(expr: &str, xml: &str) -> Result<bool, XPathError> {
    let package = sxd_document::parser::parse(xml).map_err(|e| XPathError::Xml(format!("{e:?}")))?;
    let document = package.as_document();
    let xpath = sxd_xpath::Factory::new()
        .build(expr)
        .map_err(|e| XPathError::Expression(e.to_string()))?
        .ok_or_else(|| XPathError::Expression("the expression is empty".to_string()))?;
    let value = xpath
        .evaluate(&sxd_xpath::Context::new(), document.root())
        .map_err(|e| XPathError::Evaluation(e.to_string()))?;
    Ok(value.boolean())
}

fn eval_31(expr: &str, xml: &str) -> Result<bool, XPathError> {
    use xee_xpath::Query;
    let mut documents = xee_xpath::Documents::new();
    let doc = documents.add_string_without_uri(xml).map_err(|e| XPathError::Xml(e.to_string()))?;
    let queries = xee_xpath::Queries::default();
    let query = queries.sequence(expr).map_err(|e| XPathError::Expression(e.to_string()))?;
    let sequence = query.execute(&mut documents, doc).map_err(|e| XPathError::Evaluation(e.to_string()))?;
    sequence.effective_boolean_value().map_err(|e| XPathError::Evaluation(e.to_string()))
}

/// Deepest element nesting accepted in a context document: the XML parsers take time
/// that grows faster than the depth (seconds at 10,000 levels), and the document comes
/// from a server.
pub const MAX_XML_DEPTH: usize = 1000;

/// Whether the elements of `xml` nest deeper than [`MAX_XML_DEPTH`] (an estimate that
/// reads tags only: comments, CDATA and declarations are not counted).
pub(super) fn xml_too_deep(xml: &str) -> bool {
    let b = xml.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        i += p + 1;
        match b.get(i) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(b'!' | b'?') | None => {}
            Some(_) => {
                let end = b[i..].iter().position(|&c| c == b'>').map_or(b.len(), |e| i + e);
                if end == 0 || b.get(end.wrapping_sub(1)) != Some(&b'/') {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return true;
                    }
                }
            }
        }
    }
    false
}
