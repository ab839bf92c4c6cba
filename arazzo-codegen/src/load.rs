//! Stage 1, load: read a YAML or JSON file into a `serde_json::Value`, keeping the
//! line and column of every node (by JSON pointer).
//!
//! YAML is parsed with `yaml-rust2`'s event parser, which gives a position for each
//! event and copes with the full OpenAI description (whose integers do not all fit
//! an `i64`). Scalars are resolved with the YAML 1.2 core schema. Aliases are
//! expanded with a budget, so an alias bomb fails fast instead of exhausting memory,
//! and nesting is limited in depth.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde_json::{Map, Number, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diagnostic::{Diagnostic, SourceFile};

/// Most nodes a document may expand to (aliases included).
pub const MAX_NODES: usize = 2_000_000;
/// Bytes of string that count as one node.
pub const BYTES_PER_NODE: usize = 32;
/// Most bytes of JSON pointers the position maps may hold (a file with long keys
/// nested deep would otherwise need memory in the square of its size).
pub const MAX_POINTER_BYTES: usize = 64 << 20;
/// Deepest nesting of mappings and sequences.
pub const MAX_DEPTH: usize = 256;

/// A line and column (both 1-based).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Width of the node's first line, for underlining (scalars only; 1 otherwise).
    pub width: usize,
}

/// A parsed document: its value and where each node came from.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The document, as JSON.
    pub root: Value,
    /// Position of every node by JSON pointer (`""` is the root).
    pub positions: HashMap<String, Pos>,
    /// Position of every mapping key by the JSON pointer of its value.
    pub key_positions: HashMap<String, Pos>,
}

impl Document {
    /// A diagnostic located at the node `pointer` (or its nearest ancestor that has a
    /// position).
    pub fn error_at(&self, pointer: &str, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let mut p = pointer.to_string();
        let pos = loop {
            if let Some(pos) = self.positions.get(&p) {
                break *pos;
            }
            match p.rfind('/') {
                Some(i) => p.truncate(i),
                None => break Pos { line: 1, column: 1, width: 1 },
            }
        };
        Diagnostic {
            file: Some(self.file.clone()),
            line: pos.line,
            column: pos.column,
            width: pos.width.max(1),
            pointer: pointer.to_string(),
            ..Diagnostic::error(code, message)
        }
    }

    /// A diagnostic located at the key of the member `pointer` (falls back to its value).
    pub fn error_at_key(&self, pointer: &str, code: &'static str, message: impl Into<String>) -> Diagnostic {
        let mut d = self.error_at(pointer, code, message);
        if let Some(pos) = self.key_positions.get(pointer) {
            d.line = pos.line;
            d.column = pos.column;
            d.width = pos.width.max(1);
        }
        d
    }

    /// The node at `pointer`.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.root.pointer(pointer)
    }
}

/// Escapes one reference token of a JSON pointer (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Reads and parses a file. `display` is the path shown in diagnostics.
pub fn load_file(path: &Path, display: String) -> Result<Document, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "there is no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            std::io::ErrorKind::InvalidData => "it is not UTF-8 text".to_string(),
            _ => e.to_string(),
        };
        Diagnostic::error("io", format!("cannot read `{display}`: {why}"))
    })?;
    parse_str(text, path, display)
}

/// [`load_file`], shared: a process keeps the documents it parsed (by path, display
/// name and content), so that a build script or a compiler expanding several workflows
/// that reference one large OpenAPI description parses it once.
pub fn load_file_shared(path: &Path, display: String) -> Result<Arc<Document>, Diagnostic> {
    use std::hash::{Hash, Hasher};
    use std::sync::{Mutex, OnceLock};
    type Cache = Mutex<Vec<((std::path::PathBuf, String, u64), Arc<Document>)>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let Ok(bytes) = std::fs::read(path) else {
        return load_file(path, display).map(Arc::new);
    };
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    let key = (path.to_path_buf(), display.clone(), h.finish());
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    if let Ok(entries) = cache.lock()
        && let Some((_, doc)) = entries.iter().find(|(k, _)| *k == key)
    {
        return Ok(doc.clone());
    }
    // Parse the bytes already read (load_file only to report a file that is not UTF-8).
    let doc = match String::from_utf8(bytes) {
        Ok(text) => Arc::new(parse_str(text, path, display)?),
        Err(_) => Arc::new(load_file(path, display)?),
    };
    if let Ok(mut entries) = cache.lock() {
        if entries.len() >= 8 {
            entries.remove(0);
        }
        entries.push((key, doc.clone()));
    }
    Ok(doc)
}

/// Parses text that was read from `path`.
pub fn parse_str(text: String, path: &Path, display: String) -> Result<Document, Diagnostic> {
    let file = Arc::new(SourceFile { path: path.to_path_buf(), display, text });
    let mut builder = Builder {
        file: file.clone(),
        positions: HashMap::new(),
        key_positions: HashMap::new(),
        anchors: HashMap::new(),
        nodes: 0,
        pointer_bytes: 0,
    };
    let root = match surrogate_pairs(&file.text) {
        // yaml-rust2 takes no UTF-16 surrogate escapes (`"\ud83d\ude00"`, which JSON
        // writers emit for characters outside the BMP): parse a copy that spells them
        // `\U0001f600` (the same string; columns after one on its line shift by two).
        Some(fixed) => builder.parse_text(&fixed)?,
        None => builder.parse()?,
    };
    Ok(Document { file, root, positions: builder.positions, key_positions: builder.key_positions })
}

/// `text` with every `\uD8xx\uDCxx` surrogate-pair escape written as one `\UXXXXXXXX`
/// escape, and every lone surrogate escape as `\uFFFD`; `None` when it has none.
fn surrogate_pairs(text: &str) -> Option<String> {
    let hex4 = |s: &str| {
        s.get(..4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit())).and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = text[i..].find("\\u") {
        let at = i + off;
        // An odd number of backslashes before `u` makes an escape.
        let slashes = bytes[..=at].iter().rev().take_while(|b| **b == b'\\').count();
        i = at + 2;
        let Some(hi) = hex4(&text[at + 2..]).filter(|_| slashes % 2 == 1) else { continue };
        if !(0xD800..0xE000).contains(&hi) {
            continue;
        }
        let low = text[at + 6..].strip_prefix("\\u").and_then(hex4).filter(|l| (0xDC00..0xE000).contains(l));
        let (replacement, end) = match low {
            Some(lo) if hi < 0xDC00 => (format!("\\U{:08X}", 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)), at + 12),
            _ => ("\\uFFFD".to_string(), at + 6),
        };
        let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
        o.push_str(&text[copied..at]);
        o.push_str(&replacement);
        copied = end;
        i = end;
    }
    let mut o = out?;
    o.push_str(&text[copied..]);
    Some(o)
}

struct Builder {
    file: Arc<SourceFile>,
    positions: HashMap<String, Pos>,
    key_positions: HashMap<String, Pos>,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    pointer_bytes: usize,
}

fn pos_of(mark: &Marker, width: usize) -> Pos {
    // yaml-rust2 markers: 1-based lines, 0-based columns.
    Pos { line: mark.line(), column: mark.col() + 1, width }
}

impl Builder {
    fn err(&self, mark: &Marker, code: &'static str, message: String) -> Diagnostic {
        let pos = pos_of(mark, 1);
        Diagnostic {
            file: Some(self.file.clone()),
            line: pos.line,
            column: pos.column,
            ..Diagnostic::error(code, message)
        }
    }

    fn parse(&mut self) -> Result<Value, Diagnostic> {
        let file = self.file.clone();
        self.parse_text(&file.text)
    }

    /// Parses `text` (the file's text, or a copy that differs only in how it spells escapes).
    fn parse_text(&mut self, text: &str) -> Result<Value, Diagnostic> {
        let mut parser = Parser::new_from_str(text);
        let mut root = None;
        loop {
            let (event, mark) = self.next(&mut parser)?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    if root.is_some() {
                        return Err(self.err(
                            &mark,
                            "yaml-syntax",
                            "a file must hold one YAML document, this one has several".into(),
                        ));
                    }
                    let (ev, mk) = self.next(&mut parser)?;
                    root = Some(self.node(&mut parser, ev, mk, String::new(), 0)?);
                }
                other => {
                    return Err(self.err(&mark, "yaml-syntax", format!("unexpected YAML event {other:?}")));
                }
            }
        }
        Ok(root.unwrap_or(Value::Null))
    }

    fn next(&self, parser: &mut Parser<std::str::Chars<'_>>) -> Result<(Event, Marker), Diagnostic> {
        parser.next_token().map_err(|e| {
            if e.info().contains("recursion limit") {
                // yaml-rust2's own limit on flow nesting.
                self.err(e.marker(), "yaml-too-deep", format!("nesting deeper than {MAX_DEPTH} levels"))
            } else {
                self.err(e.marker(), "yaml-syntax", format!("YAML syntax error: {}", e.info()))
            }
        })
    }

    /// Keeps a copy of an anchored node for its aliases; the copy counts against the
    /// budget like an expansion.
    fn store_anchor(&mut self, mark: &Marker, anchor: usize, value: &Value) -> Result<(), Diagnostic> {
        let w = weight(value);
        self.count(mark, w)?;
        self.anchors.insert(anchor, (value.clone(), w));
        Ok(())
    }

    fn charge_pointer(&mut self, mark: &Marker, len: usize) -> Result<(), Diagnostic> {
        self.pointer_bytes += len;
        if self.pointer_bytes > MAX_POINTER_BYTES {
            return Err(self.err(
                mark,
                "yaml-too-large",
                "the document is too large: its keys are too long or nested too deep".into(),
            ));
        }
        Ok(())
    }

    fn count(&mut self, mark: &Marker, n: usize) -> Result<(), Diagnostic> {
        self.nodes += n;
        if self.nodes > MAX_NODES {
            return Err(self.err(
                mark,
                "yaml-too-large",
                format!("the document expands to more than {MAX_NODES} nodes (an alias bomb?)"),
            ));
        }
        Ok(())
    }

    fn node(
        &mut self,
        parser: &mut Parser<std::str::Chars<'_>>,
        event: Event,
        mark: Marker,
        pointer: String,
        depth: usize,
    ) -> Result<Value, Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(self.err(&mark, "yaml-too-deep", format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        self.count(&mark, 1)?;
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let width = match style {
                    TScalarStyle::Plain => text.chars().count(),
                    TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted => text.chars().count() + 2,
                    _ => 1,
                }
                .max(1);
                self.positions.insert(pointer, pos_of(&mark, width));
                let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
                let value = resolve_scalar(text, style, tag.as_deref());
                if anchor > 0 {
                    self.store_anchor(&mark, anchor, &value)?;
                }
                Ok(value)
            }
            Event::SequenceStart(anchor, _) => {
                self.positions.insert(pointer.clone(), pos_of(&mark, 1));
                let mut items = Vec::new();
                loop {
                    let (ev, mk) = self.next(parser)?;
                    if matches!(ev, Event::SequenceEnd) {
                        break;
                    }
                    let child = format!("{pointer}/{}", items.len());
                    self.charge_pointer(&mk, child.len())?;
                    items.push(self.node(parser, ev, mk, child, depth + 1)?);
                }
                let value = Value::Array(items);
                if anchor > 0 {
                    self.store_anchor(&mark, anchor, &value)?;
                }
                Ok(value)
            }
            Event::MappingStart(anchor, _) => {
                self.positions.insert(pointer.clone(), pos_of(&mark, 1));
                let mut map = Map::new();
                loop {
                    let (ev, mk) = self.next(parser)?;
                    if matches!(ev, Event::MappingEnd) {
                        break;
                    }
                    let key = match ev {
                        Event::Scalar(text, ..) => text,
                        Event::Alias(id) => match self.anchors.get(&id).map(|(v, w)| (v.clone(), *w)) {
                            Some((Value::Array(_) | Value::Object(_), _)) => {
                                return Err(self.err(
                                    &mk,
                                    "yaml-complex-key",
                                    "mapping keys must be strings (this alias names a mapping or a sequence)".into(),
                                ));
                            }
                            Some((value, weight)) => {
                                self.count(&mk, weight)?;
                                match value {
                                    Value::String(s) => s,
                                    other => other.to_string(),
                                }
                            }
                            None => {
                                return Err(self.err(&mk, "yaml-syntax", "unknown alias".into()));
                            }
                        },
                        _ => {
                            return Err(self.err(
                                &mk,
                                "yaml-complex-key",
                                "mapping keys must be strings (this one is a mapping or a sequence)".into(),
                            ));
                        }
                    };
                    let child = format!("{pointer}/{}", escape_token(&key));
                    self.charge_pointer(&mk, child.len())?;
                    if map.is_empty() {
                        // yaml-rust2 marks a block mapping at the `:` of its first key; the
                        // first key is where a person sees the mapping start.
                        self.positions.insert(pointer.clone(), pos_of(&mk, 1));
                    }
                    self.key_positions.insert(child.clone(), pos_of(&mk, key.chars().count().max(1)));
                    let (vev, vmk) = self.next(parser)?;
                    let value = self.node(parser, vev, vmk, child.clone(), depth + 1)?;
                    if key == "<<" {
                        // YAML merge key: merge the referenced mapping(s) without overriding.
                        let sources = match value {
                            Value::Array(items) => items,
                            other => vec![other],
                        };
                        for source in sources {
                            if let Value::Object(m) = source {
                                for (k, v) in m {
                                    map.entry(k).or_insert(v);
                                }
                            }
                        }
                        continue;
                    }
                    if map.contains_key(&key) {
                        return Err(self.err(&mk, "yaml-duplicate-key", format!("duplicate key `{key}` in a mapping")));
                    }
                    map.insert(key, value);
                }
                let value = Value::Object(map);
                if anchor > 0 {
                    self.store_anchor(&mark, anchor, &value)?;
                }
                Ok(value)
            }
            Event::Alias(id) => {
                self.positions.insert(pointer, pos_of(&mark, 1));
                let size = match self.anchors.get(&id) {
                    Some((_, size)) => *size,
                    None => return Err(self.err(&mark, "yaml-syntax", "alias to an unknown anchor".into())),
                };
                // Count before copying, so that an alias bomb fails before it allocates.
                self.count(&mark, size)?;
                Ok(self.anchors.get(&id).map(|(v, _)| v.clone()).unwrap_or_default())
            }
            other => Err(self.err(&mark, "yaml-syntax", format!("unexpected YAML event {other:?}"))),
        }
    }
}

/// What a value costs against [`MAX_NODES`]: one per node, plus one per
/// [`BYTES_PER_NODE`] bytes of its strings and keys (so that long scalars repeated
/// through aliases are counted too).
fn weight(v: &Value) -> usize {
    match v {
        Value::Array(a) => 1 + a.iter().map(weight).sum::<usize>(),
        Value::Object(m) => 1 + m.iter().map(|(k, v)| k.len() / BYTES_PER_NODE + weight(v)).sum::<usize>(),
        Value::String(s) => 1 + s.len() / BYTES_PER_NODE,
        _ => 1,
    }
}

/// Resolves a scalar with the YAML 1.2 core schema (plus the YAML 1.1 booleans that
/// are common in hand-written files being left as strings).
fn resolve_scalar(text: String, style: TScalarStyle, tag: Option<&str>) -> Value {
    match tag {
        Some("tag:yaml.org,2002:str" | "!!str") => return Value::String(text),
        Some("tag:yaml.org,2002:int" | "!!int" | "tag:yaml.org,2002:float" | "!!float") => {
            return number(&text).unwrap_or(Value::String(text));
        }
        Some("tag:yaml.org,2002:bool" | "!!bool") => {
            return match text.as_str() {
                "true" | "True" | "TRUE" => Value::Bool(true),
                "false" | "False" | "FALSE" => Value::Bool(false),
                _ => Value::String(text),
            };
        }
        Some("tag:yaml.org,2002:null" | "!!null") => return Value::Null,
        _ => {}
    }
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => number(&text).unwrap_or(Value::String(text)),
    }
}

fn number(text: &str) -> Option<Value> {
    let t = text.trim();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() {
        return None;
    }
    if let Some(hex) = digits.strip_prefix("0x") {
        let v = i64::from_str_radix(hex, 16).ok()?;
        return Some(Value::from(if neg { -v } else { v }));
    }
    if let Some(oct) = digits.strip_prefix("0o") {
        let v = i64::from_str_radix(oct, 8).ok()?;
        return Some(Value::from(if neg { -v } else { v }));
    }
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = t.parse::<i64>() {
            return Some(Value::from(v));
        }
        if let Ok(v) = t.parse::<u64>() {
            return Some(Value::from(v));
        }
        // Out of the 64-bit range: keep it as a float, as JSON parsers do.
        return t.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number);
    }
    let looks_float = digits.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && digits.bytes().next().is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().any(|b| b.is_ascii_digit());
    if looks_float {
        return t.parse::<f64>().ok().and_then(Number::from_f64).map(Value::Number);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Document, Diagnostic> {
        parse_str(s.to_string(), Path::new("t.yml"), "t.yml".into())
    }

    #[test]
    fn positions_and_values() -> Result<(), Diagnostic> {
        let d = parse("a: 1\nb:\n  - x: 'y'\n    z: null\nbig: 123456789012345678901234567890\n")?;
        assert_eq!(d.root["a"], 1);
        assert_eq!(d.root["b"][0]["x"], "y");
        assert!(d.root["b"][0]["z"].is_null());
        assert!(d.root["big"].is_f64());
        assert_eq!(d.positions["/b/0/x"], Pos { line: 3, column: 8, width: 3 });
        assert_eq!(d.key_positions["/b/0/z"].line, 4);
        assert_eq!(d.key_positions["/b/0/z"].column, 5);
        Ok(())
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse("a: [1, 2\nb: 3\n").err();
        assert!(e.is_some_and(|e| e.line >= 1 && e.code == "yaml-syntax"));
    }

    #[test]
    fn alias_bomb_is_an_error() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let e = parse(&s).err();
        assert!(e.is_some_and(|e| e.code == "yaml-too-large"));
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let s = "[".repeat(10_000);
        assert!(parse(&s).is_err());
    }

    #[test]
    fn duplicate_keys_are_errors() {
        assert!(parse("a: 1\na: 2\n").is_err());
    }

    #[test]
    fn json_surrogate_pair_escapes_are_characters() -> Result<(), Diagnostic> {
        let d = parse(r#"{"a": "x\ud83d\ude00y", "b": "\\ud83d", "c": "\udc00", "d": 1}"#)?;
        assert_eq!(d.root["a"], "x\u{1F600}y");
        assert_eq!(d.root["b"], "\\ud83d");
        assert_eq!(d.root["c"], "\u{FFFD}");
        assert_eq!(d.root["d"], 1);
        Ok(())
    }
}
