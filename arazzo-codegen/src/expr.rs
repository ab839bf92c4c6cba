//! Runtime expressions (Arazzo 1.0.1 §4.8, "Runtime Expressions"), parsed at compile time.
//!
//! ```text
//! expression = "$url" / "$method" / "$statusCode" / "$request." source / "$response." source
//!            / "$inputs." name / "$outputs." name / "$steps." name / "$workflows." name
//!            / "$sourceDescriptions." name / "$components." name
//! source     = header-reference / query-reference / path-reference / body-reference
//! body-reference = "body" ["#" json-pointer]
//! ```
//!
//! Strings may embed expressions in braces: `"Bearer {$inputs.token}"`.

use std::fmt;

/// Where in a request or response a `$request.`/`$response.` expression reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `header.<token>` (case-insensitive name).
    Header(String),
    /// `query.<name>`.
    Query(String),
    /// `path.<name>`.
    Path(String),
    /// `body` with an optional JSON pointer (without the `#`).
    Body(Option<String>),
}

/// A parsed runtime expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// `$url`
    Url,
    /// `$method`
    Method,
    /// `$statusCode`
    StatusCode,
    /// `$request.<source>`
    Request(Source),
    /// `$response.<source>`
    Response(Source),
    /// `$inputs.<name>` with an optional JSON pointer into the input.
    Inputs { name: String, pointer: Option<String> },
    /// `$outputs.<name>` (the workflow's own outputs).
    Outputs { name: String, pointer: Option<String> },
    /// `$steps.<stepId>.outputs.<name>` with an optional JSON pointer.
    StepOutput { step: String, output: String, pointer: Option<String> },
    /// `$workflows.<workflowId>.outputs|inputs.<name>`.
    Workflow { workflow: String, field: String, name: String, pointer: Option<String> },
    /// `$sourceDescriptions.<name>[.<rest>]`.
    SourceDescription { name: String, rest: Option<String> },
    /// `$components.<kind>.<name>`.
    Component { kind: String, name: String },
}

/// Why an expression does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// Byte offset in the expression where the problem is.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

fn err(offset: usize, message: impl Into<String>) -> ExprError {
    ExprError { offset, message: message.into() }
}

/// RFC 7230 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn split_pointer(rest: &str) -> (&str, Option<&str>) {
    match rest.find('#') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    }
}

fn check_pointer(pointer: &str, offset: usize) -> Result<String, ExprError> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(err(offset, format!("a JSON pointer must start with `/`, found `{pointer}`")));
    }
    let bytes = pointer.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')) {
            return Err(err(offset + i, "`~` in a JSON pointer must be followed by `0` or `1`"));
        }
    }
    Ok(pointer.to_string())
}

fn name(rest: &str, offset: usize, what: &str) -> Result<String, ExprError> {
    if rest.is_empty() {
        return Err(err(offset, format!("expected {what} after the dot")));
    }
    Ok(rest.to_string())
}

fn source(rest: &str, offset: usize) -> Result<Source, ExprError> {
    if let Some(token) = rest.strip_prefix("header.") {
        if token.is_empty() || !token.chars().all(is_tchar) {
            return Err(err(offset + 7, format!("`{token}` is not a valid header name")));
        }
        return Ok(Source::Header(token.to_string()));
    }
    if let Some(n) = rest.strip_prefix("query.") {
        return Ok(Source::Query(name(n, offset + 6, "a query parameter name")?));
    }
    if let Some(n) = rest.strip_prefix("path.") {
        return Ok(Source::Path(name(n, offset + 5, "a path parameter name")?));
    }
    if rest == "body" {
        return Ok(Source::Body(None));
    }
    if let Some(p) = rest.strip_prefix("body#") {
        return Ok(Source::Body(Some(check_pointer(p, offset + 5)?)));
    }
    Err(err(offset, format!("expected `header.`, `query.`, `path.` or `body` here, found `{rest}`")))
}

/// Parses a whole string as one runtime expression.
pub fn parse(input: &str) -> Result<Expr, ExprError> {
    let Some(body) = input.strip_prefix('$') else {
        return Err(err(0, "a runtime expression starts with `$`"));
    };
    let (head, rest) = match body.find('.') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let at = head.len() + 2;
    let need = |what: &str| rest.ok_or_else(|| err(input.len(), format!("`${head}` needs {what}")));
    match head {
        "url" | "method" | "statusCode" if rest.is_some() => {
            Err(err(head.len() + 1, format!("`${head}` takes nothing after it")))
        }
        "url" => Ok(Expr::Url),
        "method" => Ok(Expr::Method),
        "statusCode" => Ok(Expr::StatusCode),
        "request" => Ok(Expr::Request(source(need("a source")?, at)?)),
        "response" => Ok(Expr::Response(source(need("a source")?, at)?)),
        "inputs" | "outputs" => {
            let (n, pointer) = split_pointer(need("a name")?);
            let name = name(n, at, "a name")?;
            let pointer = pointer.map(|p| check_pointer(p, at + n.len() + 1)).transpose()?;
            Ok(if head == "inputs" { Expr::Inputs { name, pointer } } else { Expr::Outputs { name, pointer } })
        }
        "steps" => {
            let rest = need("a step id")?;
            let (path, pointer) = split_pointer(rest);
            let mut parts = path.splitn(3, '.');
            let step = parts.next().unwrap_or_default();
            let field = parts.next();
            let output = parts.next();
            if step.is_empty() {
                return Err(err(at, "expected a step id after `$steps.`"));
            }
            match (field, output) {
                (Some("outputs"), Some(o)) if !o.is_empty() => Ok(Expr::StepOutput {
                    step: step.to_string(),
                    output: o.to_string(),
                    pointer: pointer.map(|p| check_pointer(p, at + path.len() + 1)).transpose()?,
                }),
                (Some("outputs"), _) => Err(err(input.len(), "expected an output name after `outputs.`")),
                _ => Err(err(at + step.len(), format!("expected `$steps.{step}.outputs.<name>`"))),
            }
        }
        "workflows" => {
            let rest = need("a workflow id")?;
            let (path, pointer) = split_pointer(rest);
            let mut parts = path.splitn(3, '.');
            let workflow = parts.next().unwrap_or_default();
            match (parts.next(), parts.next()) {
                (Some(field @ ("outputs" | "inputs")), Some(n)) if !workflow.is_empty() && !n.is_empty() => {
                    Ok(Expr::Workflow {
                        workflow: workflow.to_string(),
                        field: field.to_string(),
                        name: n.to_string(),
                        pointer: pointer.map(|p| check_pointer(p, at + path.len() + 1)).transpose()?,
                    })
                }
                _ => Err(err(at, "expected `$workflows.<workflowId>.outputs.<name>`")),
            }
        }
        "sourceDescriptions" => {
            let rest = need("a source name")?;
            let (n, r) = match rest.find('.') {
                Some(i) => (&rest[..i], Some(rest[i + 1..].to_string())),
                None => (rest, None),
            };
            Ok(Expr::SourceDescription { name: name(n, at, "a source name")?, rest: r })
        }
        "components" => {
            let rest = need("a component kind")?;
            match rest.split_once('.') {
                Some((kind, n)) if !kind.is_empty() && !n.is_empty() => {
                    Ok(Expr::Component { kind: kind.to_string(), name: n.to_string() })
                }
                _ => Err(err(at, "expected `$components.<kind>.<name>`")),
            }
        }
        _ => Err(err(
            1,
            format!(
                "unknown runtime expression `${head}`; expected one of $url, $method, $statusCode, \
                 $request., $response., $inputs., $outputs., $steps., $workflows., \
                 $sourceDescriptions., $components."
            ),
        )),
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn src(f: &mut fmt::Formatter<'_>, s: &Source) -> fmt::Result {
            match s {
                Source::Header(h) => write!(f, "header.{h}"),
                Source::Query(q) => write!(f, "query.{q}"),
                Source::Path(p) => write!(f, "path.{p}"),
                Source::Body(None) => write!(f, "body"),
                Source::Body(Some(p)) => write!(f, "body#{p}"),
            }
        }
        let ptr = |p: &Option<String>| p.as_ref().map(|p| format!("#{p}")).unwrap_or_default();
        match self {
            Expr::Url => write!(f, "$url"),
            Expr::Method => write!(f, "$method"),
            Expr::StatusCode => write!(f, "$statusCode"),
            Expr::Request(s) => {
                write!(f, "$request.")?;
                src(f, s)
            }
            Expr::Response(s) => {
                write!(f, "$response.")?;
                src(f, s)
            }
            Expr::Inputs { name, pointer } => write!(f, "$inputs.{name}{}", ptr(pointer)),
            Expr::Outputs { name, pointer } => write!(f, "$outputs.{name}{}", ptr(pointer)),
            Expr::StepOutput { step, output, pointer } => {
                write!(f, "$steps.{step}.outputs.{output}{}", ptr(pointer))
            }
            Expr::Workflow { workflow, field, name, pointer } => {
                write!(f, "$workflows.{workflow}.{field}.{name}{}", ptr(pointer))
            }
            Expr::SourceDescription { name, rest } => match rest {
                Some(r) => write!(f, "$sourceDescriptions.{name}.{r}"),
                None => write!(f, "$sourceDescriptions.{name}"),
            },
            Expr::Component { kind, name } => write!(f, "$components.{kind}.{name}"),
        }
    }
}

/// A piece of a string value: literal text or an embedded expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Literal text.
    Text(String),
    /// An expression, with its byte offset in the string.
    Expr(Expr, usize),
}

/// How a string value was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StringValue {
    /// A constant.
    Literal(String),
    /// The whole string is one expression.
    Expr(Expr),
    /// Text with embedded expressions.
    Template {
        /// The pieces, in order.
        segments: Vec<Segment>,
        /// True when the expressions were not in braces (`"Bearer $inputs.key"`): the
        /// specification wants `{$inputs.key}`; we accept it and warn.
        bare: bool,
    },
}

const PREFIXES: [&str; 11] = [
    "$url",
    "$method",
    "$statusCode",
    "$request.",
    "$response.",
    "$inputs.",
    "$outputs.",
    "$steps.",
    "$workflows.",
    "$sourceDescriptions.",
    "$components.",
];

fn starts_expression(s: &str) -> bool {
    PREFIXES.iter().any(|p| s.starts_with(p))
}

/// Reads a string value of a parameter, output, payload or criterion context.
///
/// - a string that starts with `$` and is one expression is an expression;
/// - `{$...}` anywhere embeds an expression;
/// - otherwise, a `$inputs.x`-style expression inside other text (no braces) is
///   read as embedded too, ending at white space (reported as a warning by the
///   validator: the specification wants braces). Everything else is a constant.
pub fn parse_string(s: &str) -> Result<StringValue, ExprError> {
    if s.starts_with('$') && !s.contains(char::is_whitespace) && !s.contains('{') {
        return parse(s).map(StringValue::Expr);
    }
    if s.contains("{$") {
        let mut segments = Vec::new();
        let mut rest = s;
        let mut offset = 0;
        while let Some(start) = rest.find("{$") {
            if start > 0 {
                segments.push(Segment::Text(rest[..start].to_string()));
            }
            let after = &rest[start + 1..];
            let Some(end) = after.find('}') else {
                return Err(err(offset + start, "`{$` without a closing `}`"));
            };
            let e = parse(&after[..end]).map_err(|mut e| {
                e.offset += offset + start + 1;
                e
            })?;
            segments.push(Segment::Expr(e, offset + start + 1));
            offset += start + 1 + end + 1;
            rest = &after[end + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Text(rest.to_string()));
        }
        return Ok(StringValue::Template { segments, bare: false });
    }
    // Bare expressions inside text.
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let mut found = false;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with('$') && starts_expression(rest) && (i == 0 || s[..i].ends_with(char::is_whitespace)) {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let e = parse(&rest[..end]).map_err(|mut e| {
                e.offset += i;
                e
            })?;
            if !text.is_empty() {
                segments.push(Segment::Text(std::mem::take(&mut text)));
            }
            segments.push(Segment::Expr(e, i));
            found = true;
            i += end;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        text.push(c);
        i += c.len_utf8();
    }
    if !found {
        return Ok(StringValue::Literal(s.to_string()));
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    Ok(StringValue::Template { segments, bare: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_abnf() {
        assert_eq!(parse("$statusCode"), Ok(Expr::StatusCode));
        assert_eq!(parse("$response.body#/status"), Ok(Expr::Response(Source::Body(Some("/status".into())))));
        assert_eq!(
            parse("$steps.getBatch.outputs.outputFileId"),
            Ok(Expr::StepOutput { step: "getBatch".into(), output: "outputFileId".into(), pointer: None })
        );
        assert_eq!(parse("$response.header.Retry-After"), Ok(Expr::Response(Source::Header("Retry-After".into()))));
        assert!(parse("$inputs").is_err());
        assert!(parse("$response.bod").is_err());
        assert!(parse("$steps.x.output.y").is_err());
        assert!(parse("$statuscode").is_err());
        assert!(parse("$response.body#status").is_err());
        assert!(parse("$response.body#/a~2").is_err());
        for e in [
            "$url",
            "$method",
            "$request.path.id",
            "$inputs.a#/b/0",
            "$workflows.w.outputs.o",
            "$components.parameters.p",
        ] {
            assert_eq!(parse(e).map(|e| e.to_string()).as_deref(), Ok(e));
        }
    }

    #[test]
    fn strings() {
        assert_eq!(parse_string("hello"), Ok(StringValue::Literal("hello".into())));
        assert_eq!(parse_string("$inputs.a"), Ok(StringValue::Expr(Expr::Inputs { name: "a".into(), pointer: None })));
        let t = parse_string("Bearer {$inputs.key}");
        assert!(matches!(t, Ok(StringValue::Template { bare: false, ref segments }) if segments.len() == 2));
        let t = parse_string("Bearer $inputs.apiKey");
        assert!(matches!(t, Ok(StringValue::Template { bare: true, ref segments }) if segments.len() == 2));
        assert_eq!(parse_string("costs $5"), Ok(StringValue::Literal("costs $5".into())));
        assert!(parse_string("x {$inputs.a").is_err());
    }
}
