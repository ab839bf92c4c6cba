//! A mock HTTP/1.1 server on 127.0.0.1 that replays a scenario's interceptors.
//!
//! A request is answered by the first interceptor, in the scenario's order, that has
//! uses left (`times`, default 1) and the same method and path; everything else it
//! records (query, headers, body) is checked afterwards by the test, so a mismatch is
//! reported precisely instead of as a failed request. A request no interceptor takes
//! gets `501` and is recorded as unexpected. One request per connection
//! (`Connection: close`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One expected request and its reply, read from a scenario's `mock_interceptors`.
#[derive(Clone, Debug)]
pub struct Interceptor {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, as the runner would send it (with the server's base path).
    pub path: String,
    /// Expected query parameters (nock's `.query(...)` argument), if any.
    pub query: Option<Value>,
    /// Headers that must be sent, with their values.
    pub reqheaders: Vec<(String, String)>,
    /// Headers that must not be sent.
    pub badheaders: Vec<String>,
    /// The expected body, if any.
    pub request_body: Option<Value>,
    /// How many requests it answers.
    pub times: usize,
    /// Reply status.
    pub status: u16,
    /// Reply body (JSON, or a string sent as is).
    pub reply_body: Option<Value>,
    /// Reply headers.
    pub reply_headers: Vec<(String, String)>,
}

impl Interceptor {
    /// An interceptor that answers one `method path` request (any query, headers and
    /// body) with `status` and `body` as JSON; change the other fields with struct update
    /// syntax (`Interceptor { query: …, ..Interceptor::json(…) }`).
    pub fn json(method: &str, path: &str, status: u16, body: Value) -> Interceptor {
        Interceptor {
            method: method.into(),
            path: path.into(),
            query: None,
            reqheaders: Vec::new(),
            badheaders: Vec::new(),
            request_body: None,
            times: 1,
            status,
            reply_body: Some(body),
            reply_headers: vec![("content-type".into(), "application/json".into())],
        }
    }

    /// Reads one entry of `mock_interceptors`.
    pub fn from_json(v: &Value) -> Interceptor {
        let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let options = v.get("nock_options");
        let reqheaders = options
            .and_then(|o| o.get("reqheaders"))
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.to_ascii_lowercase(), text(v))).collect())
            .unwrap_or_default();
        let badheaders = options
            .and_then(|o| o.get("badheaders"))
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|h| text(h).to_ascii_lowercase()).collect())
            .unwrap_or_default();
        let times = match v.get("times") {
            Some(Value::String(t)) => t.parse().unwrap_or(1),
            Some(Value::Number(n)) => n.as_u64().unwrap_or(1) as usize,
            _ => 1,
        };
        // `reply` holds the reply call's arguments when they could not be read as data
        // (`<unparsed> 400, {}, {...}`): its status is still taken.
        let status = match v.get("reply_status").and_then(Value::as_u64) {
            Some(s) => s as u16,
            None => s("reply")
                .trim_start_matches("<unparsed>")
                .trim()
                .split(|c: char| !c.is_ascii_digit())
                .next()
                .and_then(|d| d.parse().ok())
                .unwrap_or(200),
        };
        let reply_headers = v
            .get("reply_headers")
            .and_then(Value::as_object)
            .map(|m| m.iter().map(|(k, v)| (k.to_ascii_lowercase(), text(v))).collect())
            .unwrap_or_default();
        Interceptor {
            method: s("method").to_ascii_uppercase(),
            path: s("path"),
            query: v.get("query").cloned(),
            reqheaders,
            badheaders,
            request_body: v.get("request_body").filter(|b| !b.is_null()).cloned(),
            times,
            status,
            reply_body: v.get("reply_body").filter(|b| !b.is_null()).cloned(),
            reply_headers,
        }
    }
}

/// A JSON scalar as header text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path without the query.
    pub path: String,
    /// The raw query string (without `?`), if any.
    pub query: Option<String>,
    /// Headers, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The interceptor that answered it; `None`: unexpected (answered 501).
    pub interceptor: Option<usize>,
}

impl Recorded {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    interceptors: Vec<Interceptor>,
    left: Vec<usize>,
    requests: Vec<Recorded>,
}

/// The running server; stops when dropped.
pub struct MockServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl MockServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    pub async fn start(interceptors: Vec<Interceptor>) -> std::io::Result<MockServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let left = interceptors.iter().map(|i| i.times).collect();
        let state = Arc::new(Mutex::new(State { interceptors, left, requests: Vec::new() }));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, state).await;
                });
            }
        });
        Ok(MockServer { addr, state, task })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().map(|s| s.requests.clone()).unwrap_or_default()
    }

    /// Uses left per interceptor.
    pub fn uses_left(&self) -> Vec<usize> {
        self.state.lock().map(|s| s.left.clone()).unwrap_or_default()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(mut stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let Some(mut request) = read_request(&mut stream).await? else { return Ok(()) };
    let reply = {
        let mut st = state.lock().map_err(|_| std::io::Error::other("poisoned"))?;
        let st = &mut *st;
        let found = (0..st.interceptors.len()).find(|&k| {
            let i = &st.interceptors[k];
            st.left[k] > 0 && i.method == request.method && same_path(&i.path, &request.path)
        });
        request.interceptor = found;
        st.requests.push(request);
        match found {
            Some(k) => {
                st.left[k] -= 1;
                let i = &st.interceptors[k];
                (i.status, i.reply_headers.clone(), i.reply_body.clone())
            }
            None => (501, Vec::new(), Some(Value::String("no interceptor matches this request".into()))),
        }
    };
    let (status, mut headers, body) = reply;
    let body = match body {
        None => Vec::new(),
        Some(Value::String(s)) => s.into_bytes(),
        Some(json) => {
            // nock sends a JSON reply as `application/json` unless told otherwise.
            if !headers.iter().any(|(k, _)| k == "content-type") {
                headers.push(("content-type".into(), "application/json".into()));
            }
            json.to_string().into_bytes()
        }
    };
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers.iter().filter(|(k, _)| k != "content-length" && k != "connection") {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&body).await?;
    stream.shutdown().await
}

/// Paths are equal as sent, or once percent-decoded.
fn same_path(expected: &str, actual: &str) -> bool {
    expected == actual || decode(expected) == decode(actual)
}

/// Percent-decodes (not `+`).
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = std::str::from_utf8(&b[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        _ => "Status",
    }
}

/// Reads one request (headers, then a `Content-Length` or chunked body).
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_len = loop {
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 1 << 20 {
            return Err(std::io::Error::other("request head too large"));
        }
    };
    let mut raw_headers = [httparse::EMPTY_HEADER; 64];
    let mut req = httparse::Request::new(&mut raw_headers);
    req.parse(&buf[..head_len]).map_err(std::io::Error::other)?;
    let method = req.method.unwrap_or_default().to_string();
    let target = req.path.unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| (h.name.to_ascii_lowercase(), String::from_utf8_lossy(h.value).into_owned()))
        .collect();
    let mut rest = buf[head_len..].to_vec();
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let body = if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        read_chunked(stream, rest).await?
    } else {
        let len: usize = header("content-length").and_then(|l| l.trim().parse().ok()).unwrap_or(0);
        while rest.len() < len {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            rest.extend_from_slice(&chunk[..n]);
        }
        rest.truncate(len);
        rest
    };
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), Some(q.to_string())),
        None => (target, None),
    };
    Ok(Some(Recorded { method, path, query, headers, body, interceptor: None }))
}

async fn read_chunked(stream: &mut TcpStream, mut buf: Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut pos = 0;
    loop {
        // Need a full size line.
        let line_end = loop {
            if let Some(p) = buf[pos..].windows(2).position(|w| w == b"\r\n") {
                break pos + p;
            }
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let size_text = String::from_utf8_lossy(&buf[pos..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .map_err(std::io::Error::other)?;
        let start = line_end + 2;
        while buf.len() < start + size + 2 {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&buf[start..start + size]);
        pos = start + size + 2;
    }
}
