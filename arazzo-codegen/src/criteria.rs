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
                Ok(Operand::Expr(rest[..end].to_string()))
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
}
