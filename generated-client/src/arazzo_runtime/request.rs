//! The request a step sent (`$url`, `$request.header|query|path|body`), captured by the
//! client's `pre` hook, and the base URL of an operation with servers of its own.

use std::future::Future;
use std::sync::{Arc, Mutex};

/// The request as the client's hook saw it, just before it was sent: its URL, the
/// headers the client and the workflow set (not those the HTTP stack adds later, such
/// as `host` or `content-length`), and its body when it is in memory.
/// Its `Debug` shows the URL, the header names and the body's size, never a value that
/// may be a secret.
#[derive(Clone, Default)]
pub struct SentRequest {
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    content_type: Option<String>,
}

impl std::fmt::Debug for SentRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SentRequest")
            .field("url", &self.url)
            .field("headers", &self.headers.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .finish()
    }
}

tokio::task_local! {
    static SENT: Arc<Mutex<Option<SentRequest>>>;
}

/// Runs `request`, capturing the last request it sent (a retried request is captured
/// again). When the client's hook never ran (no request was sent), the capture is
/// empty: every part reads as absent and `$url` as the empty string.
pub async fn capture_request<F: Future>(request: F) -> (F::Output, SentRequest) {
    let cell = Arc::new(Mutex::new(None));
    let output = SENT.scope(Arc::clone(&cell), request).await;
    let sent = cell.lock().map(|mut s| s.take()).unwrap_or_default().unwrap_or_default();
    (output, sent)
}

/// Called by [`super::apply_extra_headers`]: records the request when a
/// [`capture_request`] is running.
pub(super) fn record(request: &reqwest::Request) {
    let _ = SENT.try_with(|cell| {
        let headers: Vec<(String, String)> = request
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let content_type = headers.iter().find(|(n, _)| n == "content-type").map(|(_, v)| v.clone());
        let sent = SentRequest {
            url: request.url().to_string(),
            headers,
            body: request.body().and_then(reqwest::Body::as_bytes).map(<[u8]>::to_vec),
            content_type,
        };
        if let Ok(mut slot) = cell.lock() {
            *slot = Some(sent);
        }
    });
}

impl SentRequest {
    /// `$url`: the whole URL, query included.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// `$request.header.<name>` (case-insensitive); several values are joined with `, `.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> =
            self.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// `$request.query.<name>`: its first value, decoded.
    pub fn query(&self, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.url).ok()?;
        url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }

    /// `$request.path.<name>`: the segment of the sent path where `template` (the
    /// operation's path, e.g. `/pets/{petId}`) has `{name}`, decoded. The template is
    /// matched against the end of the path, after the server's base path.
    pub fn path_param(&self, template: &str, name: &str) -> Option<String> {
        let url = reqwest::Url::parse(&self.url).ok()?;
        let sent: Vec<&str> = url.path().trim_end_matches('/').split('/').collect();
        let wanted: Vec<&str> = template.trim_end_matches('/').split('/').collect();
        let start = sent.len().checked_sub(wanted.len())?;
        let needle = format!("{{{name}}}");
        wanted.iter().zip(&sent[start..]).find_map(|(t, s)| match t.find(&needle) {
            // A segment such as `{id}.json`: the text around the variable is literal.
            Some(at) => {
                let (prefix, suffix) = (&t[..at], &t[at + needle.len()..]);
                let value = s.strip_prefix(prefix)?.strip_suffix(suffix)?;
                Some(percent_decode(value))
            }
            None => None,
        })
    }

    /// `$request.body` or a JSON pointer into it: the body as JSON (a form body as an
    /// object of its fields, any other text as a string); `None` for a streamed body or
    /// a pointer that points at nothing.
    pub fn body_json(&self, pointer: &str) -> Option<serde_json::Value> {
        let bytes = self.body.as_deref()?;
        let form = self.content_type.as_deref().is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        let whole = match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(v) if !form => v,
            _ => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                if form {
                    let fields = reqwest::Url::parse(&format!("http://x/?{text}"))
                        .map(|u| {
                            u.query_pairs()
                                .map(|(k, v)| (k.into_owned(), serde_json::Value::String(v.into_owned())))
                                .collect::<serde_json::Map<_, _>>()
                        })
                        .unwrap_or_default();
                    serde_json::Value::Object(fields)
                } else {
                    serde_json::Value::String(text)
                }
            }
        };
        if pointer.is_empty() { Some(whole) } else { whole.pointer(pointer).cloned() }
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The base URL for an operation whose own `servers` (or its path item's) name `server`,
/// given the client's base URL `base`, which stands for the description's root server
/// `root` (both with their variables at their defaults):
///
/// - a relative `server` (`/v1`) is resolved against `base`'s origin;
/// - a `server` on the root server's origin is rebased the way the client's base URL
///   moved the root: `base` with the root's path replaced by the server's (when `base`
///   does not end with the root's path, `base`'s origin with the server's path);
/// - a `server` on another origin is used as written (route it elsewhere in tests with
///   `reqwest::ClientBuilder::resolve`).
pub fn rebase_server(base: &str, root: &str, server: &str) -> String {
    let base = base.trim_end_matches('/');
    let (server_origin, server_path) = split_origin(server);
    let Some(server_origin) = server_origin else {
        let (base_origin, _) = split_origin(base);
        let path = if server.starts_with('/') { server.to_string() } else { format!("/{server}") };
        return format!("{}{}", base_origin.unwrap_or_default(), path.trim_end_matches('/'));
    };
    let (root_origin, root_path) = split_origin(root);
    if root_origin.as_deref().map(normalize_origin) != Some(normalize_origin(&server_origin)) {
        return server.trim_end_matches('/').to_string();
    }
    let root_path = root_path.trim_end_matches('/');
    let prefix = match base.strip_suffix(root_path) {
        Some(prefix) if !root_path.is_empty() => prefix.to_string(),
        _ if root_path.is_empty() => base.to_string(),
        _ => split_origin(base).0.unwrap_or_default(),
    };
    format!("{prefix}{}", server_path.trim_end_matches('/'))
}

/// `http://h:80/a/b` → (`Some("http://h:80")`, `/a/b`); a relative URL has no origin.
fn split_origin(url: &str) -> (Option<String>, String) {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let at = rest.find('/').unwrap_or(rest.len());
            (Some(format!("{scheme}://{}", &rest[..at])), rest[at..].to_string())
        }
        None => (None, url.to_string()),
    }
}

/// An origin with its scheme and host in lower case and the scheme's default port
/// dropped.
fn normalize_origin(origin: &str) -> String {
    let lower = origin.to_ascii_lowercase();
    lower
        .strip_suffix(":80")
        .filter(|_| lower.starts_with("http://"))
        .or_else(|| lower.strip_suffix(":443").filter(|_| lower.starts_with("https://")))
        .map(str::to_string)
        .unwrap_or(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_rebased_like_the_root() {
        let root = "http://petstore.swagger.io/v2";
        // The client at the root server itself: the operation's server as written.
        assert_eq!(rebase_server(root, root, "http://petstore.swagger.io/v1"), "http://petstore.swagger.io/v1");
        // Moved to a local server: the same move.
        assert_eq!(
            rebase_server("http://127.0.0.1:8080/v2", root, "http://petstore.swagger.io/v1"),
            "http://127.0.0.1:8080/v1"
        );
        assert_eq!(
            rebase_server("http://127.0.0.1:8080/api/v2/", root, "http://petstore.swagger.io:80/v3/"),
            "http://127.0.0.1:8080/api/v3"
        );
        // A base that does not end with the root's path keeps its origin only.
        assert_eq!(rebase_server("http://proxy/api", root, "http://petstore.swagger.io/v1"), "http://proxy/v1");
        // Another origin: as written.
        assert_eq!(
            rebase_server("http://127.0.0.1:1/v2", root, "http://petstore.swagger.com/v2"),
            "http://petstore.swagger.com/v2"
        );
        // Relative: against the base's origin.
        assert_eq!(rebase_server("http://127.0.0.1:1/v2", root, "/v1"), "http://127.0.0.1:1/v1");
        // A root without a path.
        assert_eq!(
            rebase_server("http://127.0.0.1:1", "https://api.x.com", "https://API.x.com:443/beta"),
            "http://127.0.0.1:1/beta"
        );
    }

    #[test]
    fn path_parameters_are_read_from_the_end_of_the_path() {
        let sent = SentRequest { url: "http://h/base/v2/pets/a%20b/photos/7.json?x=1".into(), ..Default::default() };
        assert_eq!(sent.path_param("/pets/{petId}/photos/{photo}.json", "petId").as_deref(), Some("a b"));
        assert_eq!(sent.path_param("/pets/{petId}/photos/{photo}.json", "photo").as_deref(), Some("7"));
        assert_eq!(sent.path_param("/a/b/c/d/e/f/g", "x"), None);
        assert_eq!(sent.query("x").as_deref(), Some("1"));
        assert_eq!(sent.query("y"), None);
    }

    #[test]
    fn bodies_read_as_json_form_fields_or_text() {
        let json = SentRequest { body: Some(br#"{"a":{"b":[1,2]}}"#.to_vec()), ..Default::default() };
        assert_eq!(json.body_json("/a/b/1"), Some(serde_json::json!(2)));
        assert_eq!(json.body_json("/c"), None);
        let form = SentRequest {
            body: Some(b"name=a+b&id=1".to_vec()),
            content_type: Some("application/x-www-form-urlencoded".into()),
            ..Default::default()
        };
        assert_eq!(form.body_json(""), Some(serde_json::json!({"name": "a b", "id": "1"})));
        let text = SentRequest { body: Some(b"<a/>".to_vec()), ..Default::default() };
        assert_eq!(text.body_json(""), Some(serde_json::json!("<a/>")));
        let headers =
            SentRequest { headers: vec![("x-a".into(), "1".into()), ("X-A".into(), "2".into())], ..Default::default() };
        assert_eq!(headers.header("X-a").as_deref(), Some("1, 2"));
    }
}
