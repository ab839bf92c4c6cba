//! Request bodies the runtime builds itself, because progenitor 0.15 cannot send them:
//! `multipart/form-data` and XML. The generated client takes them as raw bytes
//! (`application/octet-stream`); the generated workflow code sends their real
//! `Content-Type` through the request's extra headers, which replace the client's.

use sha2::{Digest, Sha256};

use super::xpath::xml_too_deep;
use super::{ToText, WorkflowError};

/// How one member of a `multipart/form-data` payload is sent, from the operation's
/// schema and the media type's `encoding`. Members without one follow the defaults of
/// [`multipart_body`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FormPart {
    /// The member's (and part's) name.
    pub name: &'static str,
    /// The part's `Content-Type`: `encoding.<name>.contentType` (the first of a list),
    /// or a file's `contentMediaType`.
    pub content_type: Option<&'static str>,
    /// A file (its schema is `format: binary` or has `contentMediaType`): sent with a
    /// `filename`.
    pub file: bool,
}

/// A `multipart/form-data` body built from a payload object, with its `Content-Type`
/// (`multipart/form-data; boundary=…`). Each member, in the payload's order, is one part
/// named after it; a `null` member is not sent.
///
/// - A string is sent as it is, a number or boolean as its JSON text, both without a
///   `Content-Type` (RFC 7578's default, `text/plain`); an object or array as its JSON
///   text with `Content-Type: application/json`.
/// - A file member (see [`FormPart`]) is sent with `filename` and `Content-Type:
///   application/octet-stream`: its bytes are a string's UTF-8 bytes (anything else: its
///   JSON text), and its filename is the member's name. Given as an object
///   `{content, filename}`, the bytes are `content`'s and the filename is `filename`.
/// - `encoding.<name>.contentType` replaces the default `Content-Type` of its part.
///
/// `"`, CR and LF in names and filenames are sent as `%22`, `%0D` and `%0A` (as browsers
/// do). The boundary is derived from the parts (SHA-256) and occurs in none of them.
pub fn multipart_body(
    step: &'static str,
    payload: &serde_json::Value,
    parts: &[FormPart],
) -> Result<(Vec<u8>, String), WorkflowError> {
    let invalid = |message: String| WorkflowError::InvalidBody { step, message };
    let serde_json::Value::Object(members) = payload else {
        return Err(invalid(format!(
            "a multipart/form-data payload is an object (each member is a part), not {}",
            kind(payload)
        )));
    };
    // Each part: its headers and its content.
    let mut built: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, value) in members {
        if value.is_null() {
            continue;
        }
        let spec = parts.iter().find(|p| p.name == name);
        let mut head = format!("Content-Disposition: form-data; name=\"{}\"", quote_param(name));
        let (content, content_type) = match spec {
            Some(spec) if spec.file => {
                let (filename, content) = match value {
                    serde_json::Value::Object(file) => {
                        if let Some(k) = file.keys().find(|k| !matches!(k.as_str(), "content" | "filename")) {
                            return Err(invalid(format!(
                                "the file part `{name}` has a member `{k}`: a file is a string (its bytes) or an object with `content` and `filename`"
                            )));
                        }
                        let content = match file.get("content") {
                            None | Some(serde_json::Value::Null) => {
                                return Err(invalid(format!("the file part `{name}` has no `content`")));
                            }
                            Some(c) => c,
                        };
                        let filename = match file.get("filename") {
                            None | Some(serde_json::Value::Null) => name.clone(),
                            Some(serde_json::Value::String(f)) => f.clone(),
                            Some(other) => {
                                return Err(invalid(format!(
                                    "the `filename` of the file part `{name}` is a string, not {}",
                                    kind(other)
                                )));
                            }
                        };
                        (filename, content)
                    }
                    other => (name.clone(), other),
                };
                head.push_str(&format!("; filename=\"{}\"", quote_param(&filename)));
                (content.to_text().into_bytes(), Some(spec.content_type.unwrap_or("application/octet-stream")))
            }
            _ => {
                let default = match value {
                    serde_json::Value::Object(_) | serde_json::Value::Array(_) => Some("application/json"),
                    _ => None,
                };
                (value.to_text().into_bytes(), spec.and_then(|p| p.content_type).or(default))
            }
        };
        if let Some(ct) = content_type {
            head.push_str(&format!("\r\nContent-Type: {ct}"));
        }
        built.push((head, content));
    }
    let boundary = boundary(&built).ok_or_else(|| invalid("no multipart boundary avoids the parts".into()))?;
    let mut body = Vec::with_capacity(built.iter().map(|(h, c)| h.len() + c.len() + boundary.len() + 10).sum());
    for (head, content) in &built {
        body.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        body.extend_from_slice(content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((body, format!("multipart/form-data; boundary={boundary}")))
}

/// A boundary that occurs in no part: `arazzo-` and 24 hex digits of a SHA-256 of the
/// parts (hashed again while it occurs in one).
fn boundary(parts: &[(String, Vec<u8>)]) -> Option<String> {
    let mut hasher = Sha256::new();
    for (head, content) in parts {
        hasher.update(head.as_bytes());
        hasher.update(content);
    }
    let mut seed = hasher.finalize();
    for _ in 0..1000 {
        let b = format!("arazzo-{}", hex::encode(&seed[..12]));
        let occurs = |h: &[u8]| h.windows(b.len()).any(|w| w == b.as_bytes());
        if !parts.iter().any(|(head, content)| occurs(head.as_bytes()) || occurs(content)) {
            return Some(b);
        }
        seed = Sha256::digest(seed);
    }
    None
}

/// A name or filename in a `Content-Disposition` parameter.
fn quote_param(s: &str) -> String {
    s.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Text escaped for XML character data and attribute values (`&`, `<`, `>`, `"`, `'`):
/// how values embedded in an XML payload template (`<name>{$inputs.name}</name>`) are
/// written.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The XML text of a payload that is one runtime expression: a string, as it is (not
/// escaped). No value is [`WorkflowError::MissingValue`]; anything else is not XML text.
pub fn xml_payload_text(
    step: &'static str,
    expression: &'static str,
    value: serde_json::Value,
) -> Result<String, WorkflowError> {
    match value {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Null => Err(WorkflowError::MissingValue { step, expression }),
        other => Err(WorkflowError::InvalidBody {
            step,
            message: format!("an XML payload is XML text, and `{expression}` is {}", kind(&other)),
        }),
    }
}

/// An XML request body: `xml` must be well-formed, and each replacement's target, an
/// XPath 1.0 expression evaluated from the document's root, must select at least one
/// element (whose content becomes the value's text), attribute (whose value it
/// becomes) or text node; the value's text is a string as it is, `null` the empty
/// string, anything else its JSON text. Without replacements the text is sent as it is;
/// with them, the document is written anew (`<?xml version="1.0"?>`, attributes in
/// double quotes, no DOCTYPE). Anything else is [`WorkflowError::InvalidBody`]: nothing
/// is sent.
pub fn xml_body(
    step: &'static str,
    xml: String,
    replacements: &[(&str, serde_json::Value)],
) -> Result<String, WorkflowError> {
    let invalid = |message: String| WorkflowError::InvalidBody { step, message };
    if xml_too_deep(&xml) {
        return Err(invalid(format!(
            "the XML payload nests elements deeper than {} levels",
            super::xpath::MAX_XML_DEPTH
        )));
    }
    let package = sxd_document::parser::parse(&xml)
        .map_err(|e| invalid(format!("the payload is not well-formed XML once filled in: {e}")))?;
    if replacements.is_empty() {
        return Ok(xml);
    }
    let document = package.as_document();
    for (target, value) in replacements {
        let xpath = match sxd_xpath::Factory::new().build(target) {
            Ok(Some(x)) => x,
            Ok(None) => return Err(invalid("a replacement target is empty".into())),
            Err(e) => return Err(invalid(format!("the replacement target `{target}` is not XPath 1.0: {e}"))),
        };
        let nodes = match xpath.evaluate(&sxd_xpath::Context::new(), document.root()) {
            Ok(sxd_xpath::Value::Nodeset(nodes)) => nodes.document_order(),
            Ok(other) => {
                return Err(invalid(format!(
                    "the replacement target `{target}` selects no node (it evaluates to `{}`)",
                    other.string()
                )));
            }
            Err(e) => return Err(invalid(format!("the replacement target `{target}` failed: {e}"))),
        };
        if nodes.is_empty() {
            return Err(invalid(format!("the replacement target `{target}` selects nothing in the payload")));
        }
        if let Some(other) = nodes.iter().find(|n| {
            !matches!(
                n,
                sxd_xpath::nodeset::Node::Element(_)
                    | sxd_xpath::nodeset::Node::Attribute(_)
                    | sxd_xpath::nodeset::Node::Text(_)
            )
        }) {
            let what = match other {
                sxd_xpath::nodeset::Node::Root(_) => "the document",
                sxd_xpath::nodeset::Node::Comment(_) => "a comment",
                sxd_xpath::nodeset::Node::Namespace(_) => "a namespace",
                _ => "a processing instruction",
            };
            return Err(invalid(format!(
                "the replacement target `{target}` selects {what}, which a replacement cannot set (an element's text, an attribute's value)"
            )));
        }
        let text = match value {
            serde_json::Value::Null => String::new(),
            v => v.to_text(),
        };
        for node in nodes {
            match node {
                sxd_xpath::nodeset::Node::Element(e) if text.is_empty() => e.clear_children(),
                sxd_xpath::nodeset::Node::Element(e) => {
                    e.set_text(&text);
                }
                sxd_xpath::nodeset::Node::Attribute(a) => {
                    if let Some(parent) = a.parent() {
                        parent.set_attribute_value(a.name(), &text);
                    }
                }
                sxd_xpath::nodeset::Node::Text(t) => t.set_text(&text),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    sxd_document::writer::Writer::new()
        .set_single_quotes(false)
        .format_document(&document, &mut out)
        .map_err(|e| invalid(format!("the XML payload could not be written: {e}")))?;
    String::from_utf8(out).map_err(|e| invalid(format!("the XML payload could not be written: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parts_of(body: &[u8], boundary: &str) -> Vec<String> {
        let text = String::from_utf8_lossy(body).into_owned();
        let delimiter = format!("--{boundary}");
        let mut parts: Vec<String> = text.split(&delimiter).map(str::to_string).collect();
        assert_eq!(parts.first().map(String::as_str), Some(""), "the body starts with the boundary");
        assert_eq!(parts.last().map(String::as_str), Some("--\r\n"), "the body ends with the closing boundary");
        parts.remove(0);
        parts.pop();
        parts
    }

    #[test]
    fn multipart_parts_follow_the_value_and_the_schema() {
        let payload = json!({
            "purpose": "batch",
            "n": 3,
            "meta": {"a": 1},
            "skipped": null,
            "file": {"content": "{\"x\":1}\n", "filename": "in\"put.jsonl"},
            "avatar": "bytes",
            "tags": ["a"],
        });
        let parts = [
            FormPart { name: "file", content_type: None, file: true },
            FormPart { name: "avatar", content_type: Some("image/png"), file: true },
            FormPart { name: "tags", content_type: Some("text/csv"), file: false },
        ];
        let (body, content_type) = multipart_body("s", &payload, &parts).expect("built");
        let boundary = content_type.strip_prefix("multipart/form-data; boundary=").expect("boundary");
        assert!(boundary.starts_with("arazzo-") && boundary.len() == 31, "{boundary}");
        assert_eq!(
            parts_of(&body, boundary),
            [
                "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nbatch\r\n",
                "\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n",
                "\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"a\":1}\r\n",
                "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in%22put.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n{\"x\":1}\n\r\n",
                "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"avatar\"\r\nContent-Type: image/png\r\n\r\nbytes\r\n",
                "\r\nContent-Disposition: form-data; name=\"tags\"\r\nContent-Type: text/csv\r\n\r\n[\"a\"]\r\n",
            ]
        );
        // The same parts, the same boundary.
        assert_eq!(multipart_body("s", &payload, &parts).expect("built").1, content_type);
    }

    #[test]
    fn the_boundary_occurs_in_no_part() {
        let payload = json!({"a": "x"});
        let (_, first) = multipart_body("s", &payload, &[]).expect("built");
        let boundary = first.trim_start_matches("multipart/form-data; boundary=").to_string();
        // A part that holds the boundary the first body used gets another one.
        let payload = json!({"a": "x", "b": format!("--{boundary}")});
        let (body, second) = multipart_body("s", &payload, &[]).expect("built");
        let other = second.trim_start_matches("multipart/form-data; boundary=");
        assert_ne!(other, boundary);
        assert_eq!(parts_of(&body, other).len(), 2);
    }

    #[test]
    fn invalid_multipart_payloads() {
        let file = [FormPart { name: "file", content_type: None, file: true }];
        let err = |p: serde_json::Value| match multipart_body("s", &p, &file) {
            Err(WorkflowError::InvalidBody { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(err(json!("text")).contains("is an object"));
        assert!(err(json!({"file": {"filename": "a"}})).contains("no `content`"));
        assert!(err(json!({"file": {"content": "a", "name": "b"}})).contains("member `name`"));
        assert!(err(json!({"file": {"content": "a", "filename": 1}})).contains("a number"));
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            xml_escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;"
        );
    }

    #[test]
    fn xml_replacements_set_text_and_attributes() {
        let xml = "<order id=\"0\"><item><sku>old</sku><n>1</n></item><item><sku>old</sku></item></order>";
        assert_eq!(xml_body("s", xml.into(), &[]).expect("as is"), xml);
        let out = xml_body(
            "s",
            xml.into(),
            &[("/order/@id", json!(42)), ("//sku", json!("a<b")), ("/order/item[1]/n", serde_json::Value::Null)],
        )
        .expect("replaced");
        assert_eq!(
            out,
            "<?xml version=\"1.0\"?><order id=\"42\"><item><sku>a&lt;b</sku><n/></item><item><sku>a&lt;b</sku></item></order>"
        );
    }

    #[test]
    fn invalid_xml_bodies() {
        let err = |xml: &str, r: &[(&str, serde_json::Value)]| match xml_body("s", xml.into(), r) {
            Err(WorkflowError::InvalidBody { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        assert!(err("<a><b></a>", &[]).contains("not well-formed"));
        assert!(err("<a/>", &[("/a/b", json!(1))]).contains("selects nothing"));
        assert!(err("<a/>", &[("count(/a)", json!(1))]).contains("selects no node"));
        assert!(err("<a><!--c--></a>", &[("/a/comment()", json!(1))]).contains("a comment"));
        assert!(err("<a/>", &[("/a[", json!(1))]).contains("not XPath 1.0"));
        assert!(matches!(
            xml_payload_text("s", "$inputs.x", serde_json::Value::Null),
            Err(WorkflowError::MissingValue { .. })
        ));
    }
}
