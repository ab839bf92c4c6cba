//! Condition syntax of Criterion objects: `simple` conditions (Arazzo 1.0.1 §4.6.17:
//! literals, `< <= > >= == != ! && || ()` over runtime expressions) and `jsonpath`
//! conditions.
//!
//! A `jsonpath` condition is either an RFC 9535 *query* (true when its nodelist is
//! non-empty, e.g. `$[?@.status == 'completed']`) or an RFC 9535 *logical expression*
//! — the grammar of a filter selector — with `$` bound to the criterion's context
//! (e.g. `$.status == "completed"`). The second form is what workflow authors write;
//! it is not a valid query, so a plain RFC 9535 library rejects it.

use crate::ir::CmpOp;

/// An operand.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    /// A runtime expression (simple conditions).
    Expr(String),
    /// An RFC 9535 singular query relative to the context: the member names / indices.
    Path(Vec<PathSegment>),
    /// A string.
    Str(String),
    /// A number.
    Num(f64),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
}

/// A segment of a singular query.
#[derive(Clone, Debug, PartialEq)]
pub enum PathSegment {
    /// `.name` or `['name']`
    Name(String),
    /// `[0]`
    Index(i64),
}

/// A parsed condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Ast {
    /// A comparison.
    Cmp(Operand, CmpOp, Operand),
    /// An operand on its own (truthiness / existence).
    Test(Operand),
    /// `!`
    Not(Box<Ast>),
    /// `&&`
    And(Box<Ast>, Box<Ast>),
    /// `||`
    Or(Box<Ast>, Box<Ast>),
}

/// A syntax error, with the byte offset in the condition.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    /// Byte offset.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Simple,
    JsonPath,
}

struct P<'a> {
    s: &'a str,
    i: usize,
    mode: Mode,
    depth: usize,
}

/// Deepest nesting of `(` and `!` (the parser recurses; rustc's stack is finite).
pub const MAX_DEPTH: usize = 128;

/// Parses a `simple` condition.
pub fn parse_simple(s: &str) -> Result<Ast, SyntaxError> {
    P { s, i: 0, mode: Mode::Simple, depth: 0 }.all()
}

/// Parses a `jsonpath` condition written as a logical expression. Returns `Ok(None)`
/// when the text has no comparison or logical operator (it is then an RFC 9535 query).
pub fn parse_jsonpath_expression(s: &str) -> Result<Option<Ast>, SyntaxError> {
    let ast = P { s, i: 0, mode: Mode::JsonPath, depth: 0 }.all()?;
    Ok(match ast {
        Ast::Test(Operand::Path(_)) => None,
        other => Some(other),
    })
}

/// The JSON pointer an RFC 9535 *singular* query (`$.a.b[0]`, `$['a']`) stands for, or
/// `None` when the query is not singular (wildcards, filters, slices, descendants) or
/// uses a negative index (which a pointer cannot express).
pub fn singular_query_pointer(s: &str) -> Option<String> {
    let ast = P { s, i: 0, mode: Mode::JsonPath, depth: 0 }.all().ok()?;
    let Ast::Test(Operand::Path(segments)) = ast else { return None };
    let mut pointer = String::new();
    for seg in segments {
        pointer.push('/');
        match seg {
            PathSegment::Name(n) => pointer.push_str(&n.replace('~', "~0").replace('/', "~1")),
            PathSegment::Index(i) if i >= 0 => pointer.push_str(&i.to_string()),
            PathSegment::Index(_) => return None,
        }
    }
    Some(pointer)
}

impl P<'_> {
    fn err<T>(&self, message: impl Into<String>) -> Result<T, SyntaxError> {
        Err(SyntaxError { offset: self.i, message: message.into() })
    }

    fn ws(&mut self) {
        while self.s[self.i..].starts_with(char::is_whitespace) {
            self.i += self.s[self.i..].chars().next().map_or(1, char::len_utf8);
        }
    }

    fn eat(&mut self, t: &str) -> bool {
        self.ws();
        if self.s[self.i..].starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }

    fn all(mut self) -> Result<Ast, SyntaxError> {
        let a = self.or()?;
        self.ws();
        if self.i < self.s.len() {
            return self.err(format!("unexpected `{}`", &self.s[self.i..]));
        }
        Ok(a)
    }

    fn or(&mut self) -> Result<Ast, SyntaxError> {
        let mut a = self.and()?;
        while self.eat("||") {
            a = Ast::Or(Box::new(a), Box::new(self.and()?));
        }
        Ok(a)
    }

    fn and(&mut self) -> Result<Ast, SyntaxError> {
        let mut a = self.unary()?;
        while self.eat("&&") {
            a = Ast::And(Box::new(a), Box::new(self.unary()?));
        }
        Ok(a)
    }

    fn unary(&mut self) -> Result<Ast, SyntaxError> {
        self.depth += 1;
        let result = self.unary_inner();
        self.depth -= 1;
        result
    }

    fn unary_inner(&mut self) -> Result<Ast, SyntaxError> {
        if self.depth > MAX_DEPTH {
            return self.err(format!("the condition nests deeper than {MAX_DEPTH} levels"));
        }
        self.ws();
        if self.s[self.i..].starts_with('!') && !self.s[self.i..].starts_with("!=") {
            self.i += 1;
            return Ok(Ast::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let a = self.or()?;
            if !self.eat(")") {
                return self.err("expected `)`");
            }
            return Ok(a);
        }
        let lhs = self.operand()?;
        self.ws();
        let ops = [
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ];
        for (t, op) in ops {
            if self.eat(t) {
                let rhs = self.operand()?;
                return Ok(Ast::Cmp(lhs, op, rhs));
            }
        }
        Ok(Ast::Test(lhs))
    }

    fn operand(&mut self) -> Result<Operand, SyntaxError> {
        self.ws();
        let rest = &self.s[self.i..];
        let Some(c) = rest.chars().next() else {
            return self.err("expected a value, found the end of the condition");
        };
        match c {
            '$' if self.mode == Mode::Simple => {
                let end = rest.find(|c: char| c.is_whitespace() || "=!<>()&|".contains(c)).unwrap_or(rest.len());
                self.i += end;
                Ok(Operand::Expr(dereference_to_pointer(&rest[..end])))
            }
            '$' => {
                self.i += 1;
                self.path()
            }
            '\'' | '"' => self.string(c).map(Operand::Str),
            '-' | '0'..='9' => {
                let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c))).unwrap_or(rest.len());
                match rest[..end].parse::<f64>() {
                    Ok(n) if !n.is_finite() => self.err(format!("`{}` is out of range", &rest[..end])),
                    Ok(n) => {
                        self.i += end;
                        Ok(Operand::Num(n))
                    }
                    Err(_) => self.err(format!("`{}` is not a number", &rest[..end])),
                }
            }
            _ => {
                for (word, v) in
                    [("true", Operand::Bool(true)), ("false", Operand::Bool(false)), ("null", Operand::Null)]
                {
                    if rest.starts_with(word)
                        && !rest[word.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    {
                        self.i += word.len();
                        return Ok(v);
                    }
                }
                if c == '@' && self.mode == Mode::JsonPath {
                    return self.err("`@` is only valid inside a filter selector; write `$` for the context");
                }
                self.err(format!("expected a value, found `{rest}`"))
            }
        }
    }

    fn string(&mut self, quote: char) -> Result<String, SyntaxError> {
        let start = self.i;
        self.i += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.s[self.i..].chars().next() else {
                self.i = start;
                return self.err("unterminated string");
            };
            self.i += c.len_utf8();
            match c {
                c if c == quote && quote == '\'' && self.mode == Mode::Simple && self.s[self.i..].starts_with('\'') => {
                    // Arazzo 1.0.1: "To use a literal single quote, escape the literal
                    // single quote using an additional single quote ('')".
                    self.i += 1;
                    out.push('\'');
                }
                c if c == quote => return Ok(out),
                '\\' => {
                    let Some(e) = self.s[self.i..].chars().next() else {
                        return self.err("unterminated escape");
                    };
                    self.i += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'b' => '\u{8}',
                        'f' => '\u{c}',
                        other => other,
                    });
                }
                c => out.push(c),
            }
        }
    }

    fn path(&mut self) -> Result<Operand, SyntaxError> {
        let mut segs = Vec::new();
        loop {
            let rest = &self.s[self.i..];
            if let Some(after) = rest.strip_prefix('.') {
                if after.starts_with('.') {
                    return self.err("descendant segments (`..`) are not singular; use an RFC 9535 query instead");
                }
                let end =
                    after.find(|c: char| !(c.is_alphanumeric() || c == '_' || !c.is_ascii())).unwrap_or(after.len());
                if end == 0 {
                    return self.err("expected a member name after `.`");
                }
                segs.push(PathSegment::Name(after[..end].to_string()));
                self.i += 1 + end;
            } else if let Some(after) = rest.strip_prefix('[') {
                self.i += 1;
                self.ws();
                let c = after.trim_start().chars().next();
                match c {
                    Some(q @ ('\'' | '"')) => {
                        let name = self.string(q)?;
                        segs.push(PathSegment::Name(name));
                    }
                    Some('-' | '0'..='9') => {
                        let r = &self.s[self.i..];
                        let end = r.find(|c: char| !(c.is_ascii_digit() || c == '-')).unwrap_or(r.len());
                        let Ok(n) = r[..end].parse::<i64>() else {
                            return self.err("expected an index");
                        };
                        self.i += end;
                        segs.push(PathSegment::Index(n));
                    }
                    _ => return self.err("only name and index selectors are singular"),
                }
                if !self.eat("]") {
                    return self.err("expected `]`");
                }
            } else {
                return Ok(Operand::Path(segs));
            }
        }
    }
}

/// Rewrites the `.` (property) and `[]` (index) dereference operators of `simple`
/// conditions (Arazzo 1.0.1, "Operators") that follow a runtime expression into the
/// JSON pointer of the Arazzo ABNF: `$response.body.data[0].id` is
/// `$response.body#/data/0/id`, `$inputs.user.name` is `$inputs.user#/name`. The
/// runtime expression ends after `body` (`$response.body`, `$request.body`), after the
/// name of `$inputs.<name>` / `$outputs.<name>`, and after the name of
/// `$steps.<id>.outputs.<name>` / `$workflows.<id>.outputs.<name>`. Anything else (an
/// expression with a `#` already, a header, text that is not a chain of dereferences)
/// is returned unchanged.
pub fn dereference_to_pointer(text: &str) -> String {
    if text.contains('#') {
        return text.to_string();
    }
    let base_len =
        if let Some(rest) = text.strip_prefix("$response.body").or_else(|| text.strip_prefix("$request.body")) {
            if rest.is_empty() {
                return text.to_string();
            }
            text.len() - rest.len()
        } else {
            let skip = if text.starts_with("$inputs.") || text.starts_with("$outputs.") {
                1
            } else if text.starts_with("$steps.") || text.starts_with("$workflows.") {
                if text.split('.').nth(2) != Some("outputs") {
                    return text.to_string();
                }
                3
            } else {
                return text.to_string();
            };
            // The byte offset after `skip` dots, then the name up to the next `.` or `[`.
            let mut offset = 0;
            for _ in 0..skip {
                match text[offset..].find('.') {
                    Some(i) => offset += i + 1,
                    None => return text.to_string(),
                }
            }
            match text[offset..].find(['.', '[']) {
                Some(i) if i > 0 => offset + i,
                _ => return text.to_string(),
            }
        };
    let (base, mut rest) = text.split_at(base_len);
    let mut pointer = String::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return text.to_string();
            }
            pointer.push('/');
            pointer.push_str(&after[..end].replace('~', "~0").replace('/', "~1"));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let Some(close) = after.find(']') else { return text.to_string() };
            let inner = &after[..close];
            let name = if inner.len() >= 2
                && ((inner.starts_with('\'') && inner.ends_with('\''))
                    || (inner.starts_with('"') && inner.ends_with('"')))
            {
                inner[1..inner.len() - 1].to_string()
            } else if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
                inner.to_string()
            } else {
                return text.to_string();
            };
            pointer.push('/');
            pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
            rest = &after[close + 1..];
        } else {
            return text.to_string();
        }
    }
    format!("{base}#{pointer}")
}

/// The JSONPath version of Arazzo 1.0.x (`draft-goessner-dispatch-jsonpath-00`).
pub const GOESSNER: &str = "draft-goessner-dispatch-jsonpath-00";

/// Translates a JSONPath of the Goessner dialect (`draft-goessner-dispatch-jsonpath-00`,
/// as Arazzo 1.0.x runners evaluate it) into RFC 9535 text with the same meaning:
/// filters `[?(@.a == 'b')]` (JavaScript's `===`/`!==` read as `==`/`!=`), member names
/// with characters RFC 9535 shorthands do not allow (`$.x-rate` is `$['x-rate']`), the
/// script idiom `[(@.length-N)]` (the N-th element from the end, `[-N]`), and the
/// comparison form `$.x != null` (kept: it is read as an RFC 9535 logical expression
/// with `$` bound to the context). What has no RFC 9535 counterpart is an error that
/// says so: other script expressions `[(...)]`, `=~` regular expressions, JavaScript
/// (a final `.length`, arithmetic, method calls).
pub fn goessner_to_rfc9535(s: &str) -> Result<String, SyntaxError> {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let unsupported = |offset: usize, what: &str| SyntaxError {
        offset,
        message: format!("{what} has no RFC 9535 counterpart, so this Goessner JSONPath is not supported"),
    };
    // Open brackets, `true` for a filter `[?`: whether we are inside a filter.
    let mut brackets: Vec<bool> = Vec::new();
    while i < b.len() {
        let c = b[i];
        match c {
            b'\'' | b'"' => {
                // Copy a string literal verbatim.
                let start = i;
                i += 1;
                while i < b.len() && b[i] != c {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if i >= b.len() {
                    return Err(SyntaxError { offset: start, message: "unterminated string".into() });
                }
                i += 1;
                out.push_str(&s[start..i]);
            }
            b'[' if s[i + 1..].trim_start().starts_with('(') => {
                // A script expression. Only `(@.length-N)` translates.
                let inner_start = i + 1 + (s[i + 1..].len() - s[i + 1..].trim_start().len()) + 1;
                let Some(close) = s[inner_start..].find(')') else {
                    return Err(SyntaxError { offset: i, message: "unterminated script expression".into() });
                };
                let script: String =
                    s[inner_start..inner_start + close].chars().filter(|c| !c.is_whitespace()).collect();
                let after = s[inner_start + close + 1..].trim_start();
                let n = script.strip_prefix("@.length-").and_then(|n| n.parse::<u32>().ok()).filter(|n| *n > 0);
                match (n, after.starts_with(']')) {
                    (Some(n), true) => {
                        out.push_str(&format!("[-{n}]"));
                        i = s.len() - after.len() + 1;
                    }
                    _ => return Err(unsupported(i, "a script expression `[(...)]` other than `[(@.length-N)]`")),
                }
            }
            b'[' if s[i + 1..].trim_start().starts_with('?') => {
                brackets.push(true);
                out.push('[');
                i += 1;
            }
            b']' => {
                brackets.pop();
                out.push(']');
                i += 1;
            }
            b'=' if s[i..].starts_with("===") => {
                out.push_str("==");
                i += 3;
            }
            b'!' if s[i..].starts_with("!==") => {
                out.push_str("!=");
                i += 3;
            }
            b'=' if s[i..].starts_with("=~") => return Err(unsupported(i, "a regular expression match `=~`")),
            b'[' => {
                brackets.push(false);
                out.push('[');
                i += 1;
            }
            b'+' | b'*' | b'/' | b'%'
                if brackets.contains(&true) && !(c == b'*' && s[..i].trim_end().ends_with(['.', '['])) =>
            {
                return Err(unsupported(i, "arithmetic in a filter"));
            }
            b'.' if !s[i..].starts_with("..") => {
                // A member-name shorthand: bracket it when RFC 9535 would not accept it.
                let name_start = i + 1;
                let end = s[name_start..]
                    .find(|c: char| !(c.is_alphanumeric() || "_-$".contains(c) || !c.is_ascii()))
                    .map_or(s.len(), |e| name_start + e);
                let name = &s[name_start..end];
                if name == "length" && !s[end..].starts_with(['.', '[']) {
                    // JavaScript's array and string length, or a member named `length`:
                    // the dialect does not say which.
                    return Err(unsupported(i, "`.length` (RFC 9535 has the `length()` function)"));
                }
                if s[end..].starts_with('(') {
                    return Err(unsupported(i, "a JavaScript method call"));
                }
                let plain = name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_' || !c.is_ascii())
                    && name.chars().all(|c| c.is_alphanumeric() || c == '_' || !c.is_ascii());
                if name.is_empty() || plain {
                    out.push('.');
                    out.push_str(name);
                } else {
                    out.push_str(&format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'")));
                }
                i = end;
            }
            _ => {
                let ch = s[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&s[i..i + ch]);
                i += ch;
            }
        }
    }
    Ok(out)
}

/// Deepest nesting of `(`, `[` and `{` in an XPath expression. The XPath 3.1 parser
/// takes time exponential in the nesting (a second at 12 levels in a debug build), and
/// the XPath 1.0 parser recurses; 8 levels is plenty for a criterion.
pub const MAX_XPATH_DEPTH: usize = 8;

/// The byte offset where an XPath expression nests deeper than [`MAX_XPATH_DEPTH`]
/// (string literals skipped), if it does.
pub fn xpath_too_deep(expr: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in expr.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                if depth > MAX_XPATH_DEPTH {
                    return Some(i);
                }
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The XPath versions an `xpath` criterion may name (`type: xpath` alone is `xpath-31`).
pub const XPATH_VERSIONS: [&str; 4] = ["xpath-10", "xpath-20", "xpath-30", "xpath-31"];

/// Checks the syntax of an XPath expression of `version` (one of [`XPATH_VERSIONS`]):
/// `xpath-10` with an XPath 1.0 parser, the others with an XPath 3.1 parser (2.0 and
/// 3.0 expressions are 3.1 expressions).
pub fn check_xpath(version: &str, expr: &str) -> Result<(), SyntaxError> {
    if let Some(offset) = xpath_too_deep(expr) {
        return Err(SyntaxError {
            offset,
            message: format!(
                "the expression nests brackets deeper than {MAX_XPATH_DEPTH} levels (the XPath parsers take time \
                 and stack that grow fast with nesting)"
            ),
        });
    }
    if version == "xpath-10" {
        return match sxd_xpath::Factory::new().build(expr) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(SyntaxError { offset: 0, message: "the expression is empty".into() }),
            Err(e) => Err(SyntaxError { offset: 0, message: format!("invalid XPath 1.0 expression: {e}") }),
        };
    }
    match xee_xpath_ast::XPathParserContext::default().parse_xpath(expr) {
        Ok(_) => Ok(()),
        Err(e) => {
            let span = e.span();
            let offset = span.start.min(expr.len());
            let offset = (0..=offset).rev().find(|o| expr.is_char_boundary(*o)).unwrap_or(0);
            let what = match &e {
                xee_xpath_ast::ParserError::ExpectedFound { .. } => "unexpected text".to_string(),
                xee_xpath_ast::ParserError::UnknownPrefix { prefix, .. } => {
                    format!("unknown namespace prefix `{prefix}`")
                }
                xee_xpath_ast::ParserError::Reserved { name, .. } => format!("`{name}` is a reserved name"),
                xee_xpath_ast::ParserError::ArityOverflow { .. } => "too many arguments".to_string(),
                xee_xpath_ast::ParserError::UnknownType { .. } => "unknown type".to_string(),
                xee_xpath_ast::ParserError::IllegalFunctionInPattern { .. } => "illegal function".to_string(),
            };
            Err(SyntaxError { offset, message: format!("invalid XPath expression: {what}") })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple() {
        assert_eq!(
            parse_simple("$statusCode == 200"),
            Ok(Ast::Cmp(Operand::Expr("$statusCode".into()), CmpOp::Eq, Operand::Num(200.0)))
        );
        assert!(parse_simple("$statusCode == 200 && ($response.body#/a != 'x' || !$inputs.b)").is_ok());
        assert!(parse_simple("$statusCode ==").is_err());
        assert!(parse_simple("$statusCode == 'abc").is_err());
        assert!(parse_simple("$statusCode == 1e999").is_err(), "a literal that is not finite cannot be emitted");
    }

    #[test]
    fn singular_queries_are_pointers() {
        assert_eq!(singular_query_pointer("$.data[0].status").as_deref(), Some("/data/0/status"));
        assert_eq!(singular_query_pointer("$['a/b']['~x']").as_deref(), Some("/a~1b/~0x"));
        assert_eq!(singular_query_pointer("$").as_deref(), Some(""));
        assert_eq!(singular_query_pointer("$.data[*].id"), None, "a wildcard is not singular");
        assert_eq!(singular_query_pointer("$..id"), None, "nor a descendant segment");
        assert_eq!(singular_query_pointer("$.data[?@.ok]"), None, "nor a filter");
        assert_eq!(singular_query_pointer("$.data[-1]"), None, "a pointer has no negative index");
        assert_eq!(singular_query_pointer("$.a == 1"), None, "a comparison is no query");
    }

    #[test]
    fn jsonpath() {
        assert_eq!(
            parse_jsonpath_expression("$.status == \"completed\""),
            Ok(Some(Ast::Cmp(
                Operand::Path(vec![PathSegment::Name("status".into())]),
                CmpOp::Eq,
                Operand::Str("completed".into())
            )))
        );
        assert_eq!(parse_jsonpath_expression("$.status"), Ok(None));
        assert!(parse_jsonpath_expression("$['a'][0].b != null && $.c < 3").is_ok_and(|a| a.is_some()));
        assert!(parse_jsonpath_expression("$..a == 1").is_err());
    }
    #[test]
    fn simple_quotes_and_dereference() {
        assert_eq!(
            parse_simple("$inputs.name == 'it''s'"),
            Ok(Ast::Cmp(Operand::Expr("$inputs.name".into()), CmpOp::Eq, Operand::Str("it's".into())))
        );
        assert_eq!(
            parse_simple("$x == ''").map(|a| matches!(a, Ast::Cmp(_, _, Operand::Str(s)) if s.is_empty())),
            Ok(true)
        );
        assert_eq!(dereference_to_pointer("$response.body.data[0].id"), "$response.body#/data/0/id");
        assert_eq!(dereference_to_pointer("$response.body[1]['a/b']"), "$response.body#/1/a~1b");
        assert_eq!(dereference_to_pointer("$inputs.user.name"), "$inputs.user#/name");
        assert_eq!(dereference_to_pointer("$steps.s1.outputs.list[2]"), "$steps.s1.outputs.list#/2");
        assert_eq!(dereference_to_pointer("$response.header.x-rate.limit"), "$response.header.x-rate.limit");
        assert_eq!(dereference_to_pointer("$response.body#/a.b"), "$response.body#/a.b");
        assert_eq!(dereference_to_pointer("$inputs.a"), "$inputs.a");
        assert_eq!(dereference_to_pointer("$response.body.[x"), "$response.body.[x");
    }

    #[test]
    fn goessner() {
        let t = |s: &str| goessner_to_rfc9535(s);
        assert_eq!(t("$.status != null"), Ok("$.status != null".into()));
        assert_eq!(t("$.data[?(@.price > 10)]"), Ok("$.data[?(@.price > 10)]".into()));
        assert_eq!(t("$[?(@.a === 'b')]"), Ok("$[?(@.a == 'b')]".into()));
        assert_eq!(t("$.x-rate.y"), Ok("$['x-rate'].y".into()));
        assert_eq!(t("$..book[(@.length-1)]"), Ok("$..book[-1]".into()));
        assert_eq!(t("$['a.b'][0]"), Ok("$['a.b'][0]".into()));
        assert!(t("$..book[(@.length/2)]").is_err());
        assert!(t("$[?(@.name =~ /x/)]").is_err());
        assert!(t("$[?(@.tags.length > 1)]").is_err());
        assert!(t("$[?(@.price * 2 > 10)]").is_err());
        assert!(t("$[?(@.name.startsWith('a'))]").is_err());
        assert!(t("$['unterminated").is_err());
    }

    #[test]
    fn xpath() {
        assert!(check_xpath("xpath-31", "//user[@active = 'true']").is_ok());
        assert!(check_xpath("xpath-30", "string-join(//item/@id, ',') = '1,2'").is_ok());
        assert!(check_xpath("xpath-10", "count(//pet) > 2").is_ok());
        let e = check_xpath("xpath-31", "//user[").unwrap_err();
        assert!(e.offset <= "//user[".len());
        assert!(check_xpath("xpath-10", "//[").is_err());
        assert!(check_xpath("xpath-10", "").is_err());
        assert!(check_xpath("xpath-31", "").is_err());
        let deep = format!("{}1{}", "(".repeat(9), ")".repeat(9));
        assert!(check_xpath("xpath-31", &deep).is_err_and(|e| e.offset == 8));
        assert!(check_xpath("xpath-10", &deep).is_err());
        assert!(check_xpath("xpath-31", "//a[b[c[d[e[f[g[h]]]]]]]").is_ok());
        assert!(check_xpath("xpath-31", "//a[@x = '((((((((((']").is_ok());
    }
    #[test]
    fn translations_never_panic() {
        // Every string of up to 4 characters over the characters these functions look at.
        let alphabet: Vec<char> = "$.[]()?@'\"=!-*/\\é~ 1ls".chars().collect();
        let mut stack = vec![String::new()];
        while let Some(s) = stack.pop() {
            let _ = goessner_to_rfc9535(&s);
            let _ = dereference_to_pointer(&format!("$response.body{s}"));
            let _ = dereference_to_pointer(&format!("$steps.a.outputs.b{s}"));
            let _ = xpath_too_deep(&s);
            let _ = parse_simple(&format!("$inputs.a{s} == 1"));
            if s.chars().count() < 4 {
                stack.extend(alphabet.iter().map(|c| format!("{s}{c}")));
            }
        }
    }
}
