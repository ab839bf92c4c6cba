//! Runtime expressions (Arazzo 1.0.1 §4.8 and 1.1.0 §5.9, "Runtime Expressions"), parsed at
//! compile time.
//!
//! The grammar is the Arazzo 1.1.0 ABNF, which refines the 1.0.1 one (where everything
//! after `$inputs.`, `$steps.`, … was `name = *CHAR`) without changing the meaning of any
//! expression 1.0.1 documents use:
//!
//! ```text
//! expression = "$url" / "$method" / "$statusCode" / "$self"
//!            / "$request." source / "$response." source / "$message." source
//!            / "$inputs." identifier ["#" json-pointer] / "$outputs." identifier ["#" json-pointer]
//!            / "$steps." identifier-strict ".outputs." identifier ["#" json-pointer]
//!            / "$workflows." identifier-strict "." ("inputs" / "outputs") "." identifier ["#" json-pointer]
//!            / "$sourceDescriptions." identifier-strict "." 1*CHAR
//!            / "$components." ("parameters" / "successActions" / "failureActions") "." identifier
//! source     = "header." token / "query." name / "path." name
//!            / "body" ["#" json-pointer] / "payload" ["#" json-pointer]
//! identifier = 1*(ALPHA / DIGIT / "." / "-" / "_");  identifier-strict: the same without "."
//! name       = *CHAR    ; RFC 7159 string characters, without `{` and `}`
//! json-pointer: RFC 6901, without unescaped `{` and `}`
//! ```
//!
//! Strings may embed expressions in braces: `"Bearer {$inputs.token}"`.

use std::fmt;

/// Where in a request, response or message a `$request.`/`$response.`/`$message.`
/// expression reads.
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
    /// `payload` with an optional JSON pointer (Arazzo 1.1, for messages).
    Payload(Option<String>),
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
    /// `$sourceDescriptions.<name>.<rest>` (`rest` is always present when parsed).
    SourceDescription { name: String, rest: Option<String> },
    /// `$components.<kind>.<name>` (`kind`: `parameters`, `successActions` or `failureActions`).
    Component { kind: String, name: String },
    /// `$message.<source>` (Arazzo 1.1, asynchronous messages).
    Message(Source),
    /// `$self`, the URI of the Arazzo document (Arazzo 1.1).
    SelfUri,
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

/// An RFC 6901 JSON pointer as the Arazzo ABNF restricts it: `~` only as `~0`/`~1`, and
/// no unescaped `{` or `}` (they would end an embedded expression).
fn check_pointer(pointer: &str, offset: usize) -> Result<String, ExprError> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(err(offset, format!("a JSON pointer must start with `/`, found `{pointer}`")));
    }
    let bytes = pointer.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')) {
            return Err(err(offset + i, "`~` in a JSON pointer must be followed by `0` or `1`"));
        }
        if matches!(b, b'{' | b'}') {
            return Err(err(offset + i, "`{` and `}` cannot appear in a JSON pointer of a runtime expression"));
        }
    }
    Ok(pointer.to_string())
}

/// `identifier` (dots allowed: input, output and component names) or `identifier-strict`
/// (no dots: step, workflow and source description ids) of the Arazzo 1.1 ABNF.
fn identifier(s: &str, offset: usize, dots: bool, what: &str) -> Result<String, ExprError> {
    if s.is_empty() {
        return Err(err(offset, format!("expected {what} after the dot")));
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || (dots && c == '.');
    if let Some((i, c)) = s.char_indices().find(|&(_, c)| !ok(c)) {
        let allowed = if dots { "letters, digits, `.`, `-` and `_`" } else { "letters, digits, `-` and `_`" };
        return Err(err(offset + i, format!("`{c}` cannot appear in {what} `{s}` (only {allowed})")));
    }
    Ok(s.to_string())
}

/// `name = *CHAR`: RFC 7159 string characters (escapes such as `\"` included), without
/// `{` and `}`.
fn name(s: &str, offset: usize, what: &str) -> Result<String, ExprError> {
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        let ok = match c {
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't')) => true,
                Some((_, 'u')) => (0..4).all(|_| chars.next().is_some_and(|(_, h)| h.is_ascii_hexdigit())),
                _ => false,
            },
            '{' | '}' | '"' => false,
            c => c >= ' ',
        };
        if !ok {
            return Err(err(offset + i, format!("{what} `{s}` has a character a runtime expression cannot hold")));
        }
    }
    Ok(s.to_string())
}

fn source(rest: &str, offset: usize) -> Result<Source, ExprError> {
    if let Some(token) = rest.strip_prefix("header.") {
        if token.is_empty() || !token.chars().all(is_tchar) {
            return Err(err(offset + 7, format!("`{token}` is not a valid header name")));
        }
        return Ok(Source::Header(token.to_string()));
    }
    if let Some(n) = rest.strip_prefix("query.") {
        return Ok(Source::Query(name(n, offset + 6, "the query parameter name")?));
    }
    if let Some(n) = rest.strip_prefix("path.") {
        return Ok(Source::Path(name(n, offset + 5, "the path parameter name")?));
    }
    for (word, make) in [("body", Source::Body as fn(Option<String>) -> Source), ("payload", Source::Payload)] {
        if rest == word {
            return Ok(make(None));
        }
        if let Some(p) = rest.strip_prefix(word).and_then(|r| r.strip_prefix('#')) {
            return Ok(make(Some(check_pointer(p, offset + word.len() + 1)?)));
        }
    }
    let hint = if rest.starts_with("headers.") {
        " (the source is `header`, singular)"
    } else if rest.starts_with("body.") {
        " (read into a body with a JSON pointer: `body#/field`)"
    } else {
        ""
    };
    Err(err(offset, format!("expected `header.`, `query.`, `path.`, `body` or `payload` here, found `{rest}`{hint}")))
}

/// Parses `<name>[#<pointer>]` after `$inputs.`/`$outputs.` (or after the last dot of a
/// step or workflow reference), `at` being the byte offset of `rest` in the expression.
fn named_pointer(rest: &str, at: usize, what: &str) -> Result<(String, Option<String>), ExprError> {
    let (n, pointer) = split_pointer(rest);
    let n = identifier(n, at, true, what)?;
    let pointer = pointer.map(|p| check_pointer(p, at + n.len() + 1)).transpose()?;
    Ok((n, pointer))
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
        "url" | "method" | "statusCode" | "self" if rest.is_some() => {
            Err(err(head.len() + 1, format!("`${head}` takes nothing after it")))
        }
        "url" => Ok(Expr::Url),
        "method" => Ok(Expr::Method),
        "statusCode" => Ok(Expr::StatusCode),
        "self" => Ok(Expr::SelfUri),
        "request" => Ok(Expr::Request(source(need("a source")?, at)?)),
        "response" => Ok(Expr::Response(source(need("a source")?, at)?)),
        "message" => Ok(Expr::Message(source(need("a source")?, at)?)),
        "inputs" => {
            let (name, pointer) = named_pointer(need("a name")?, at, "a name")?;
            Ok(Expr::Inputs { name, pointer })
        }
        "outputs" => {
            let (name, pointer) = named_pointer(need("a name")?, at, "a name")?;
            Ok(Expr::Outputs { name, pointer })
        }
        "steps" => {
            let rest = need("a step id")?;
            let (step, after) = rest.split_once('.').unwrap_or((rest, ""));
            let step = identifier(step, at, false, "a step id")?;
            let Some(out) = after.strip_prefix("outputs.") else {
                return Err(err(at + step.len(), format!("expected `$steps.{step}.outputs.<name>`")));
            };
            let (output, pointer) = named_pointer(out, at + step.len() + 9, "an output name")?;
            Ok(Expr::StepOutput { step, output, pointer })
        }
        "workflows" => {
            let rest = need("a workflow id")?;
            let (workflow, after) = rest.split_once('.').unwrap_or((rest, ""));
            let workflow = identifier(workflow, at, false, "a workflow id")?;
            let (field, n) = match after.split_once('.') {
                Some((field @ ("outputs" | "inputs"), n)) => (field, n),
                _ => {
                    return Err(err(
                        at + workflow.len(),
                        format!(
                            "expected `$workflows.{workflow}.outputs.<name>` or `$workflows.{workflow}.inputs.<name>`"
                        ),
                    ));
                }
            };
            let (name, pointer) = named_pointer(n, at + workflow.len() + field.len() + 2, "a name")?;
            Ok(Expr::Workflow { workflow, field: field.to_string(), name, pointer })
        }
        "sourceDescriptions" => {
            let rest = need("a source name")?;
            let (n, r) = rest.split_once('.').unwrap_or((rest, ""));
            let n = identifier(n, at, false, "a source description name")?;
            if r.is_empty() {
                return Err(err(
                    input.len(),
                    format!("expected `$sourceDescriptions.{n}.<operationId, workflowId or field>`"),
                ));
            }
            let r = name(r, at + n.len() + 1, "the reference")?;
            Ok(Expr::SourceDescription { name: n, rest: Some(r) })
        }
        "components" => {
            let rest = need("a component kind")?;
            match rest.split_once('.') {
                Some((kind @ ("parameters" | "successActions" | "failureActions"), n)) => Ok(Expr::Component {
                    kind: kind.to_string(),
                    name: identifier(n, at + kind.len() + 1, true, "a component name")?,
                }),
                _ => Err(err(
                    at,
                    "expected `$components.parameters.<name>`, `$components.successActions.<name>` \
                     or `$components.failureActions.<name>`",
                )),
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
                Source::Payload(None) => write!(f, "payload"),
                Source::Payload(Some(p)) => write!(f, "payload#{p}"),
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
            Expr::Message(s) => {
                write!(f, "$message.")?;
                src(f, s)
            }
            Expr::SelfUri => write!(f, "$self"),
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

const PREFIXES: [&str; 13] = [
    "$url",
    "$method",
    "$statusCode",
    "$self",
    "$message.",
    "$request.",
    "$response.",
    "$inputs.",
    "$outputs.",
    "$steps.",
    "$workflows.",
    "$sourceDescriptions.",
    "$components.",
];

/// Whether `s` starts with an expression's prefix (`$url` but not `$urls`).
fn starts_expression(s: &str) -> bool {
    PREFIXES.iter().any(|p| {
        s.strip_prefix(p)
            .is_some_and(|after| p.ends_with('.') || !after.starts_with(|c: char| c.is_ascii_alphanumeric()))
    })
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
    fn follows_the_arazzo_1_1_abnf() {
        // Names: identifiers for inputs, outputs, steps, workflows and components.
        assert_eq!(parse("$inputs.my.nested.name"), Ok(Expr::Inputs { name: "my.nested.name".into(), pointer: None }));
        for bad in ["$inputs.foo}", "$inputs.foo{", "$inputs.{foo}", "$steps.a.b.outputs.c", "$steps.s"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse("$workflows.w").is_err());
        assert!(parse("$workflows.w.outputs.o#/a").is_ok());
        // Pointers: RFC 6901 without braces; `#/` is one empty token.
        assert!(parse("$response.body#/").is_ok());
        assert!(parse("$response.body#/~01").is_ok());
        assert!(parse("$request.body#/{foo}").is_err());
        // `header`, singular; no dot navigation into a body.
        assert!(parse("$response.headers.Location").is_err());
        assert!(parse("$response.body.field").is_err());
        // `name = *CHAR`: may be empty, may be non-ASCII, never braces.
        assert_eq!(parse("$request.query."), Ok(Expr::Request(Source::Query(String::new()))));
        assert!(parse("$request.path.somé-name").is_ok());
        assert!(parse("$request.path.a{b").is_err());
        // Source descriptions need a reference; components only the three reusable kinds.
        assert!(parse("$sourceDescriptions.petstore").is_err());
        assert!(parse("$sourceDescriptions.petstore.getPetById").is_ok());
        assert!(parse("$components.inputs.user").is_err());
        assert!(parse("$components.parameters").is_err());
        // Arazzo 1.1 additions.
        for e in ["$self", "$message.payload#/user/id", "$message.header.content-type", "$response.payload"] {
            assert_eq!(parse(e).map(|e| e.to_string()).as_deref(), Ok(e));
        }
        assert!(parse("$self.x").is_err());
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
        assert_eq!(parse_string("see $urls"), Ok(StringValue::Literal("see $urls".into())));
        assert!(parse_string("x {$inputs.a").is_err());
    }
}
