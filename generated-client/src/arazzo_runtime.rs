//! What the code `arazzo_workflow!` generates calls at run time: the error type, the
//! streamed body, undeclared headers, and a few small helpers for conditions. No
//! workflow is interpreted here; the control flow is in the generated functions.

use std::fmt;
use std::future::Future;

/// Re-exported for the generated code, so that crates using `arazzo_workflow!` need
/// no direct dependency on them.
pub use {serde, serde_json, tracing};

/// The crates progenitor's types name for formats (`date`/`date-time`, `uuid`,
/// `pattern`): generated clients read them through these re-exports, so that a crate
/// holding a client needs no dependency on them.
#[doc(hidden)]
pub use {chrono, regress, uuid};

use bytes::Bytes;
use futures::{Stream, StreamExt};
use progenitor_client::{ByteStream, ResponseValue};
use tokio::io::{AsyncWrite, AsyncWriteExt};

mod criteria;
pub use criteria::{compare_simple, jsonpath_criterion, regex_criterion};
mod xpath;
pub use xpath::{XPathError, XPathVersion, select_xpath, xpath_eval, xpath_matches};
mod bodies;
pub use bodies::{FormPart, multipart_body, xml_body, xml_escape, xml_payload_text};
mod request;
pub use progenitor_client::ClientInfo;
pub use request::{SentRequest, capture_request, rebase_server};

/// Whether `ops` holds `op` (a `const fn`, so that a workflow naming an operation the
/// client lacks fails to compile with a message that says what to do).
pub const fn has_operation(ops: &[&str], op: &str) -> bool {
    let mut i = 0;
    while i < ops.len() {
        let a = ops[i].as_bytes();
        let b = op.as_bytes();
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return true;
            }
        }
        i += 1;
    }
    false
}

/// Records that a step got its response (or failed without one): an `info` event with
/// the workflow, step, operation, HTTP status and duration, under the target `arazzo`.
/// No parameter or header values are logged.
pub fn step_done(workflow: &str, step: &str, operation: &str, status: Option<u16>, started: std::time::Instant) {
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match status {
        Some(status) => {
            tracing::info!(target: "arazzo", workflow, step, operation, status, elapsed_ms, "step response")
        }
        None => {
            tracing::warn!(target: "arazzo", workflow, step, operation, elapsed_ms, "step failed without a response")
        }
    }
}

/// The longest `Retry-After` honoured: a server cannot park a workflow for longer.
pub const MAX_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// `Retry-After: <seconds>` or `Retry-After: <HTTP date>`.
fn parse_retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    let delay = match value.parse::<u64>() {
        Ok(secs) => std::time::Duration::from_secs(secs),
        Err(_) => {
            let at = httpdate::parse_http_date(value).ok()?;
            at.duration_since(std::time::SystemTime::now()).unwrap_or_default()
        }
    };
    Some(delay.min(MAX_RETRY_AFTER))
}

/// Waits before a retry.
pub async fn sleep(delay: std::time::Duration) {
    tokio::time::sleep(delay).await;
}

/// Records a retry (an `info` event, target `arazzo`).
pub fn retrying(workflow: &str, step: &str, attempt: u64, delay: std::time::Duration) {
    tracing::info!(target: "arazzo", workflow, step, retries = attempt, delay_ms = delay.as_millis() as u64, "retrying step");
}

/// Rejects path parameter values that would change the request's path: progenitor
/// percent-encodes `/`, `?`, `#` and `%` (so no value leaves its segment, and the `;`,
/// `=`, `,` and `.` of `matrix` and `label` values go as they are), but `.` and `..` are
/// path segments of their own (also a `label` value of `""` or `"."`), which URLs drop.
pub fn check_path_segment(step: &'static str, expression: &'static str, value: &str) -> Result<(), WorkflowError> {
    if value == "." || value == ".." {
        return Err(WorkflowError::InvalidValue {
            step,
            expression,
            expected: "a path segment other than `.` or `..`",
        });
    }
    Ok(())
}

/// Why a workflow failed. Every variant names the step; no variant holds a secret
/// input (messages from the server are scrubbed of them).
#[derive(Debug)]
#[non_exhaustive]
pub enum WorkflowError {
    /// The server answered with an error status.
    Api {
        /// The step.
        step: &'static str,
        /// The HTTP status.
        status: u16,
        /// The API's error message (`error.message` of OpenAI's error JSON), or the body.
        message: String,
        /// The API's error code, when it gives one.
        code: Option<String>,
        /// The response's `Retry-After` (seconds or an HTTP date), capped at
        /// [`MAX_RETRY_AFTER`].
        retry_after: Option<std::time::Duration>,
        /// The response's headers and (first 64 KiB of) body, for the criteria of
        /// `onFailure` actions ([`WorkflowError::response_json`],
        /// [`WorkflowError::response_header`]).
        response: Option<Box<FailedResponse>>,
    },
    /// The request could not be sent, or the response could not be read.
    Transport {
        /// The step.
        step: &'static str,
        /// What went wrong.
        message: String,
    },
    /// The response body does not match the description.
    Decode {
        /// The step.
        step: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A value the step needs is missing (for example `null` in the response it comes
    /// from): the request was not sent.
    MissingValue {
        /// The step.
        step: &'static str,
        /// The runtime expression that had no value.
        expression: &'static str,
    },
    /// A value has the wrong form for the parameter it goes to.
    InvalidValue {
        /// The step.
        step: &'static str,
        /// The runtime expression.
        expression: &'static str,
        /// What was expected.
        expected: &'static str,
    },
    /// A success criterion of the step does not hold.
    CriteriaNotMet {
        /// The step.
        step: &'static str,
        /// The HTTP status of the response.
        status: u16,
        /// The criterion, as written.
        criterion: &'static str,
    },
    /// The request body could not be built from the payload (it does not match the
    /// operation's schema, or a replacement's target does not exist): nothing was sent.
    InvalidBody {
        /// The step.
        step: &'static str,
        /// What went wrong.
        message: String,
    },
    /// A step's `dependsOn` (Arazzo 1.1) names a step that has not completed in this
    /// run (it comes later, or a `goto` jumped over it): the request was not sent.
    DependencyNotMet {
        /// The step.
        step: &'static str,
        /// The stepId it depends on.
        depends_on: &'static str,
    },
    /// The workflow went through more steps than the limit (a `goto` loop).
    StepLimit {
        /// The workflow.
        workflow: &'static str,
        /// The limit.
        limit: u32,
    },
}

impl WorkflowError {
    /// The step the error happened in (`None` for [`WorkflowError::StepLimit`]).
    pub fn step(&self) -> Option<&'static str> {
        match self {
            WorkflowError::Api { step, .. }
            | WorkflowError::Transport { step, .. }
            | WorkflowError::Decode { step, .. }
            | WorkflowError::MissingValue { step, .. }
            | WorkflowError::InvalidValue { step, .. }
            | WorkflowError::InvalidBody { step, .. }
            | WorkflowError::CriteriaNotMet { step, .. }
            | WorkflowError::DependencyNotMet { step, .. } => Some(step),
            WorkflowError::StepLimit { .. } => None,
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            WorkflowError::Api { status, .. } | WorkflowError::CriteriaNotMet { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The failed response's body as JSON (`$response.body` in the criteria of
    /// `onFailure` actions); `None` without a response or when it is not JSON.
    pub fn response_json(&self) -> Option<serde_json::Value> {
        match self {
            WorkflowError::Api { response: Some(r), .. } => serde_json::from_slice(&r.body).ok(),
            _ => None,
        }
    }

    /// A header of the failed response (`$response.header.<name>` in the criteria of
    /// `onFailure` actions); names are case-insensitive.
    pub fn response_header(&self, name: &str) -> Option<String> {
        match self {
            WorkflowError::Api { response: Some(r), .. } => {
                r.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
            }
            _ => None,
        }
    }

    /// How long the server asked to wait before trying again (`Retry-After`).
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        match self {
            WorkflowError::Api { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Turns a client error into a workflow error, reading the API's message.
    pub async fn from_client<E: serde::Serialize>(
        step: &'static str,
        error: progenitor_client::Error<E>,
        secrets: &[&str],
    ) -> Self {
        use progenitor_client::Error;
        match error {
            Error::UnexpectedResponse(response) => {
                let status = response.status().as_u16();
                let retry_after = parse_retry_after(response.headers());
                let headers = response.headers().clone();
                let body = read_limited(response, 64 * 1024).await;
                let (message, code) = api_message(&body);
                let response = Some(Box::new(FailedResponse { headers, body: Bytes::from(body) }));
                WorkflowError::Api { step, status, message: redact(&message, secrets), code, retry_after, response }
            }
            Error::ErrorResponse(rv) => {
                let status = rv.status().as_u16();
                let retry_after = parse_retry_after(rv.headers());
                let headers = rv.headers().clone();
                let body = serde_json::to_vec(&*rv).unwrap_or_default();
                let (message, code) = api_message(&body);
                let response = Some(Box::new(FailedResponse { headers, body: Bytes::from(body) }));
                WorkflowError::Api { step, status, message: redact(&message, secrets), code, retry_after, response }
            }
            Error::InvalidResponsePayload(_, e) => {
                WorkflowError::Decode { step, message: redact(&format!("invalid response body: {e}"), secrets) }
            }
            Error::CommunicationError(e) | Error::ResponseBodyError(e) | Error::InvalidUpgrade(e) => {
                WorkflowError::Transport { step, message: redact(&describe_reqwest(&e), secrets) }
            }
            Error::InvalidRequest(m) | Error::Custom(m) => {
                WorkflowError::Transport { step, message: redact(&m, secrets) }
            }
        }
    }
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

async fn read_limited(response: reqwest::Response, limit: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(Ok(chunk)) = stream.next().await {
        let room = limit.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if out.len() >= limit {
            break;
        }
    }
    out
}

/// OpenAI's error JSON (`{"error": {"message", "code"}}`), or the body as text.
fn api_message(body: &[u8]) -> (String, Option<String>) {
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        let err = v.get("error").unwrap_or(&v);
        if let Some(m) = err.get("message").and_then(|m| m.as_str()) {
            let code = err.get("code").and_then(|c| c.as_str()).map(str::to_string);
            return (m.to_string(), code);
        }
        if let Some(m) = err.as_str() {
            return (m.to_string(), None);
        }
    }
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    let mut short: String = text.chars().take(300).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    if short.is_empty() {
        short.push_str("(empty body)");
    }
    (short.replace(['\r', '\n'], " "), None)
}

/// Replaces every secret in `text` with `<redacted>`.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s, "<redacted>");
    }
    out
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowError::Api { step, status, message, .. } => {
                let reason = reqwest::StatusCode::from_u16(*status).ok().and_then(|s| s.canonical_reason());
                write!(f, "step `{step}` failed: HTTP {status}")?;
                if let Some(r) = reason {
                    write!(f, " {r}")?;
                }
                write!(f, ": {message}")
            }
            WorkflowError::Transport { step, message } => write!(f, "step `{step}` failed: {message}"),
            WorkflowError::Decode { step, message } => write!(f, "step `{step}` failed: {message}"),
            WorkflowError::MissingValue { step, expression } => {
                write!(f, "step `{step}` cannot run: `{expression}` has no value (it is null or missing)")
            }
            WorkflowError::InvalidValue { step, expression, expected } => {
                write!(f, "step `{step}` cannot run: `{expression}` is not {expected}")
            }
            WorkflowError::CriteriaNotMet { step, status, criterion } => {
                write!(f, "step `{step}` failed: HTTP {status} does not meet the success criterion `{criterion}`")
            }
            WorkflowError::InvalidBody { step, message } => write!(f, "step `{step}` cannot run: {message}"),
            WorkflowError::DependencyNotMet { step, depends_on } => {
                write!(f, "step `{step}` cannot run: the step `{depends_on}` it depends on has not completed")
            }
            WorkflowError::StepLimit { workflow, limit } => {
                write!(f, "workflow `{workflow}` went through more than {limit} steps")
            }
        }
    }
}

impl std::error::Error for WorkflowError {}

/// A response body that is a file: streamed, never held whole in memory unless asked.
pub struct Body {
    step: &'static str,
    content_length: Option<u64>,
    stream: ByteStream,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Body")
            .field("step", &self.step)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl Body {
    /// Wraps the response of `step`.
    pub fn from_response(step: &'static str, response: ResponseValue<ByteStream>) -> Self {
        let content_length = response.content_length();
        Body { step, content_length, stream: response.into_inner() }
    }

    /// The length the server announced, if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The stream of chunks; a failure mid-body is an error item naming the step.
    pub fn into_stream(self) -> impl Stream<Item = Result<Bytes, WorkflowError>> + Send + Unpin {
        let step = self.step;
        self.stream
            .into_inner()
            .map(move |r| r.map_err(|e| WorkflowError::Transport { step, message: describe_reqwest(&e) }))
    }

    /// Copies the whole body into `writer`, chunk by chunk, and returns the number of
    /// bytes. Fails when the body ends before its `Content-Length`.
    pub async fn write_to<W: AsyncWrite + Unpin>(self, writer: &mut W) -> Result<u64, WorkflowError> {
        self.write_to_inspecting(writer, |_, _| {}).await
    }

    /// [`Body::write_to`], calling `inspect` with each chunk and the bytes written so
    /// far (for a checksum or a progress bar).
    pub async fn write_to_inspecting<W: AsyncWrite + Unpin>(
        self,
        writer: &mut W,
        mut inspect: impl FnMut(&[u8], u64),
    ) -> Result<u64, WorkflowError> {
        let step = self.step;
        let expected = self.content_length;
        let mut stream = self.into_stream();
        let mut n: u64 = 0;
        while let Some(chunk) = stream.next().await {
            let chunk = chunk?;
            writer
                .write_all(&chunk)
                .await
                .map_err(|e| WorkflowError::Transport { step, message: format!("cannot write the body: {e}") })?;
            n += chunk.len() as u64;
            inspect(&chunk, n);
        }
        writer
            .flush()
            .await
            .map_err(|e| WorkflowError::Transport { step, message: format!("cannot write the body: {e}") })?;
        if let Some(len) = expected.filter(|len| *len != n) {
            return Err(WorkflowError::Transport { step, message: format!("the body ended after {n} of {len} bytes") });
        }
        Ok(n)
    }

    /// Reads the whole body into memory.
    pub async fn bytes(self) -> Result<Bytes, WorkflowError> {
        let mut buf = Vec::with_capacity(self.content_length.unwrap_or(0).min(64 << 20) as usize);
        self.write_to(&mut buf).await?;
        Ok(Bytes::from(buf))
    }
}

/// The headers and body of a failed response. `Debug` shows only their size: a body or a
/// header may echo a secret.
pub struct FailedResponse {
    headers: reqwest::header::HeaderMap,
    body: Bytes,
}

impl fmt::Debug for FailedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FailedResponse")
            .field("headers", &self.headers.len())
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// Where a value the generated client does not send itself goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// A header (declared ones too: the client sends no header parameters itself).
    Header,
    /// A query parameter the operation does not declare.
    Query,
    /// A cookie.
    Cookie,
}

/// The values a request sends through the runtime: where, name, text.
pub type Extras = Vec<(Place, String, String)>;

tokio::task_local! {
    static EXTRAS: Extras;
}

/// Runs `request` with values that the generated client does not send itself: headers
/// (such as an undeclared `Authorization`), undeclared query parameters and cookies.
/// The client's hook ([`apply_extra_headers`]) adds them to the request.
pub async fn with_extras<F: Future>(extras: Vec<(Place, String, String)>, request: F) -> F::Output {
    EXTRAS.scope(extras, request).await
}

/// [`with_extras`] with headers only.
pub async fn with_headers<F: Future>(headers: Vec<(&'static str, String)>, request: F) -> F::Output {
    with_extras(headers.into_iter().map(|(n, v)| (Place::Header, n.to_string(), v)).collect(), request).await
}

/// Adds a value to `extras`, serialised as OpenAPI's `style` and `explode` say: `simple`
/// for headers (`a,b`, objects `k,v` or `k=v`), `form` for queries and cookies (an array
/// exploded into repeated names, an object exploded into its members),
/// `spaceDelimited`/`pipeDelimited`, and `deepObject` (`name[k]=v`).
pub fn push_extra<T: serde::Serialize + ?Sized>(
    extras: &mut Vec<(Place, String, String)>,
    place: Place,
    name: &str,
    value: &T,
    style: &str,
    explode: bool,
) {
    let value = serde_json::to_value(value).unwrap_or_default();
    let mut push = |n: &str, v: String| extras.push((place, n.to_string(), v));
    match (&value, style) {
        // `in: querystring` (Arazzo 1.1): the whole query string.
        (serde_json::Value::Object(map), "querystring") => {
            for (k, v) in map {
                push(k, v.to_text());
            }
        }
        (serde_json::Value::String(s), "querystring") => {
            for (k, v) in form_urlencoded_pairs(s.trim_start_matches('?')) {
                push(&k, v);
            }
        }
        (serde_json::Value::Array(items), _) if place != Place::Header && explode && style == "form" => {
            for i in items {
                push(name, i.to_text());
            }
        }
        (serde_json::Value::Array(items), "spaceDelimited" | "pipeDelimited") => {
            let sep = if style == "pipeDelimited" { "|" } else { " " };
            push(name, items.iter().map(ToText::to_text).collect::<Vec<_>>().join(sep));
        }
        (serde_json::Value::Object(map), "deepObject") => {
            for (k, v) in map {
                push(&format!("{name}[{k}]"), v.to_text());
            }
        }
        (serde_json::Value::Object(map), "spaceDelimited" | "pipeDelimited") => {
            let sep = if style == "pipeDelimited" { "|" } else { " " };
            let parts: Vec<String> = map.iter().flat_map(|(k, v)| [k.clone(), v.to_text()]).collect();
            push(name, parts.join(sep));
        }
        (serde_json::Value::Object(map), _) if place != Place::Header && explode => {
            for (k, v) in map {
                push(k, v.to_text());
            }
        }
        _ => push(name, simple_style(&value, explode && place == Place::Header)),
    }
}

/// Applied to every request by the client's `pre` hook: adds the workflow's headers,
/// query parameters and cookies, and drops progenitor's `api-version` header (which is
/// not part of the APIs these workflows call). Inside [`capture_request`] it also records
/// the request, for `$url` and `$request.*`.
pub fn apply_extra_headers(request: &mut reqwest::Request) -> Result<(), String> {
    request.headers_mut().remove("api-version");
    let result = add_extras(request);
    request::record(request);
    result
}

fn add_extras(request: &mut reqwest::Request) -> Result<(), String> {
    let result = EXTRAS.try_with(|extras| {
        let mut cookies: Vec<String> = Vec::new();
        for (place, name, value) in extras {
            match place {
                Place::Header => {
                    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| format!("`{name}` is not a valid header name"))?;
                    let mut value = reqwest::header::HeaderValue::from_str(value)
                        .map_err(|_| format!("the value of header `{name}` has characters a header cannot hold"))?;
                    if name == reqwest::header::AUTHORIZATION || name == reqwest::header::COOKIE {
                        value.set_sensitive(true);
                    }
                    request.headers_mut().insert(name, value);
                }
                Place::Query => {
                    request.url_mut().query_pairs_mut().append_pair(name, value);
                }
                Place::Cookie => {
                    if value.contains([';', '\r', '\n']) {
                        return Err(format!("the value of cookie `{name}` has characters a cookie cannot hold"));
                    }
                    cookies.push(format!("{name}={value}"));
                }
            }
        }
        if !cookies.is_empty() {
            let mut all: Vec<String> = request
                .headers()
                .get(reqwest::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(|v| vec![v.to_string()])
                .unwrap_or_default();
            all.extend(cookies);
            let mut value = reqwest::header::HeaderValue::from_str(&all.join("; "))
                .map_err(|_| "a cookie value has characters a header cannot hold".to_string())?;
            value.set_sensitive(true);
            request.headers_mut().insert(reqwest::header::COOKIE, value);
        }
        Ok(())
    });
    result.unwrap_or(Ok(()))
}

/// The JSON at `pointer` inside a value (`$inputs.x#/a/b`), `None` when absent.
pub fn json_pointer<T: serde::Serialize>(value: &Option<T>, pointer: &str) -> Option<serde_json::Value> {
    let v = serde_json::to_value(value.as_ref()?).ok()?;
    v.pointer(pointer).cloned()
}

/// A template payload's text, parsed as the JSON body it spells.
pub fn parse_json_body(step: &'static str, text: &serde_json::Value) -> Result<serde_json::Value, WorkflowError> {
    match text {
        serde_json::Value::String(s) => serde_json::from_str(s).map_err(|e| WorkflowError::InvalidBody {
            step,
            message: format!("the payload is not JSON once filled in: {e}"),
        }),
        other => Ok(other.clone()),
    }
}

/// Sets the member at `pointer` (a replacement). Its parent must exist; an array index
/// one past the end, or `-`, appends.
pub fn replace_pointer(
    step: &'static str,
    body: &mut serde_json::Value,
    pointer: &str,
    value: serde_json::Value,
) -> Result<(), WorkflowError> {
    if pointer.is_empty() {
        *body = value;
        return Ok(());
    }
    let missing = || WorkflowError::InvalidBody {
        step,
        message: format!("the replacement target `{pointer}` is not in the payload"),
    };
    let (parent, last) = pointer.rsplit_once('/').ok_or_else(missing)?;
    let last = last.replace("~1", "/").replace("~0", "~");
    match body.pointer_mut(parent).ok_or_else(missing)? {
        serde_json::Value::Object(map) => {
            map.insert(last, value);
        }
        serde_json::Value::Array(items) => {
            if last == "-" || last.parse::<usize>().ok() == Some(items.len()) {
                items.push(value);
            } else {
                let i = last.parse::<usize>().ok().filter(|i| *i < items.len()).ok_or_else(missing)?;
                items[i] = value;
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

/// A parameter value as the type the operation takes (progenitor's choice: a named
/// type, a format such as `uuid`, an `i32`).
pub fn from_json<T: serde::de::DeserializeOwned>(
    step: &'static str,
    expression: &'static str,
    value: serde_json::Value,
) -> Result<T, WorkflowError> {
    // A string that holds a number or boolean is read as one (values in templates are text).
    let retry = match &value {
        serde_json::Value::String(s) => serde_json::from_str::<serde_json::Value>(s).ok(),
        _ => None,
    };
    serde_json::from_value(value)
        .or_else(|e| retry.and_then(|v| serde_json::from_value(v).ok()).ok_or(e))
        .map_err(|_| WorkflowError::InvalidValue { step, expression, expected: "a value of the parameter's type" })
}

/// A value's text as it goes into a URL path (strings as they are, anything else as JSON).
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value).map(|v| v.to_text()).unwrap_or_default()
}

/// `a=1&b=2` as decoded pairs.
fn form_urlencoded_pairs(s: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://x/?{s}"))
        .map(|u| u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
        .unwrap_or_default()
}

/// A value in OpenAPI's `simple` style (path parameters): an array as `a,b,c`, an object
/// as `k,v,k,v` (or `k=v,k=v` with `explode`), anything else as its text.
pub fn simple_style<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> String {
    match serde_json::to_value(value).unwrap_or_default() {
        serde_json::Value::Array(items) => items.iter().map(ToText::to_text).collect::<Vec<_>>().join(","),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| if explode { format!("{k}={}", v.to_text()) } else { format!("{k},{}", v.to_text()) })
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_text(),
    }
}

/// A value in OpenAPI's `label` style (path parameters, RFC 6570 `{.id}`): `.5`, an
/// array `.3,4,5` (`explode`: `.3.4.5`), an object `.role,admin,firstName,Alex`
/// (`explode`: `.role=admin.firstName=Alex`), the empty string `.`; `null`, `[]` and
/// `{}` (undefined in RFC 6570) give nothing. The text is not percent-encoded: the
/// client encodes it into the path (spaces, `/`, `?`, `#`, `%`…) and leaves the
/// style's delimiters (`.`, `,`, `=`) as they are.
pub fn label_style<T: serde::Serialize + ?Sized>(value: &T, explode: bool) -> String {
    let sep = if explode { "." } else { "," };
    match Expansion::of(value) {
        Expansion::Undefined => String::new(),
        Expansion::Scalar(s) => format!(".{s}"),
        Expansion::List(items) => format!(".{}", items.join(sep)),
        Expansion::Pairs(pairs) if explode => {
            pairs.iter().map(|(k, v)| format!(".{k}={v}")).collect::<Vec<_>>().concat()
        }
        Expansion::Pairs(pairs) => {
            format!(".{}", pairs.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(","))
        }
    }
}

/// A value in OpenAPI's `matrix` style (path parameters, RFC 6570 `{;id}`), `name`
/// being the parameter's: `;id=5`, an array `;id=3,4,5` (`explode`: `;id=3;id=4;id=5`),
/// an object `;id=role,admin,firstName,Alex` (`explode`: `;role=admin;firstName=Alex`),
/// the empty string `;id`; `null`, `[]` and `{}` (undefined in RFC 6570) give nothing.
/// Not percent-encoded, as [`label_style`].
pub fn matrix_style<T: serde::Serialize + ?Sized>(value: &T, name: &str, explode: bool) -> String {
    // `;n=v`, or `;n` for an empty value (RFC 6570's `ifemp` for `;`).
    let named = |n: &str, v: &str| if v.is_empty() { format!(";{n}") } else { format!(";{n}={v}") };
    match Expansion::of(value) {
        Expansion::Undefined => String::new(),
        Expansion::Scalar(s) => named(name, &s),
        Expansion::List(items) if explode => items.iter().map(|i| named(name, i)).collect::<Vec<_>>().concat(),
        Expansion::List(items) => named(name, &items.join(",")),
        Expansion::Pairs(pairs) if explode => pairs.iter().map(|(k, v)| named(k, v)).collect::<Vec<_>>().concat(),
        Expansion::Pairs(pairs) => {
            named(name, &pairs.into_iter().flat_map(|(k, v)| [k, v]).collect::<Vec<_>>().join(","))
        }
    }
}

/// A value as RFC 6570 expands it (section 2.3): `null`, an empty array and an object
/// without defined members are undefined; `null` items and members are skipped.
enum Expansion {
    /// Expands to nothing.
    Undefined,
    /// A string, number or boolean, as text.
    Scalar(String),
    /// An array's items, as text.
    List(Vec<String>),
    /// An object's members (in order), values as text.
    Pairs(Vec<(String, String)>),
}

impl Expansion {
    fn of<T: serde::Serialize + ?Sized>(value: &T) -> Self {
        match serde_json::to_value(value).unwrap_or_default() {
            serde_json::Value::Null => Self::Undefined,
            serde_json::Value::Array(items) => {
                let items: Vec<String> = items.iter().filter(|i| !i.is_null()).map(ToText::to_text).collect();
                if items.is_empty() { Self::Undefined } else { Self::List(items) }
            }
            serde_json::Value::Object(map) => {
                let pairs: Vec<(String, String)> =
                    map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.to_text())).collect();
                if pairs.is_empty() { Self::Undefined } else { Self::Pairs(pairs) }
            }
            other => Self::Scalar(other.to_text()),
        }
    }
}

/// The body as the type the operation takes. A member the type would silently drop (a
/// property the operation's schema does not have) is an error, not a smaller request.
pub fn body_from_json<T: serde::de::DeserializeOwned + serde::Serialize>(
    step: &'static str,
    body: serde_json::Value,
) -> Result<T, WorkflowError> {
    let typed: T = serde_json::from_value(body.clone()).map_err(|e| WorkflowError::InvalidBody {
        step,
        message: format!("the payload does not match the operation's request body: {e}"),
    })?;
    if let (serde_json::Value::Object(given), Ok(serde_json::Value::Object(kept))) =
        (&body, serde_json::to_value(&typed))
    {
        let dropped: Vec<&str> =
            given.iter().filter(|(k, v)| !v.is_null() && !kept.contains_key(*k)).map(|(k, _)| k.as_str()).collect();
        if !dropped.is_empty() {
            return Err(WorkflowError::InvalidBody {
                step,
                message: format!(
                    "the operation's request body has no property {}",
                    dropped.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    Ok(typed)
}

/// A response body the description does not describe, read whole and parsed as JSON
/// (`null` when empty).
pub async fn json_body(
    step: &'static str,
    response: ResponseValue<ByteStream>,
) -> Result<serde_json::Value, WorkflowError> {
    let bytes = Body::from_response(step, response).bytes().await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(&bytes)
        .map_err(|e| WorkflowError::Decode { step, message: format!("the response body is not JSON: {e}") })
}

/// The text of a raw (text or bytes) body: a string as it is, anything else as JSON.
pub fn body_text(body: &serde_json::Value) -> String {
    match body {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Formats values for templates.
pub struct Display;

impl Display {
    /// A value.
    pub fn val<T: ToText + ?Sized>(v: &T) -> String {
        v.to_text()
    }
    /// An optional value (`None` is the empty string).
    pub fn opt<T: ToText>(v: &Option<T>) -> String {
        v.as_ref().map(ToText::to_text).unwrap_or_default()
    }
}

/// How a value is written into a string.
pub trait ToText {
    /// The text.
    fn to_text(&self) -> String;
}

macro_rules! to_text_display {
    ($($t:ty),*) => { $( impl ToText for $t { fn to_text(&self) -> String { self.to_string() } } )* };
}
to_text_display!(String, str, i64, f64, bool, u16);

impl<T: serde::Serialize> ToText for Vec<T> {
    fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl ToText for serde_json::Value {
    fn to_text(&self) -> String {
        match self {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }
}

/// Truthiness of a condition operand: `true`, or present and not `false`/`null`.
pub fn truthy<T: Truthy + ?Sized>(v: &T) -> bool {
    v.truthy()
}

/// See [`truthy`].
pub trait Truthy {
    /// Whether it counts as true.
    fn truthy(&self) -> bool;
}
impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}
impl<T: Truthy> Truthy for Option<T> {
    fn truthy(&self) -> bool {
        self.as_ref().is_some_and(Truthy::truthy)
    }
}
impl Truthy for serde_json::Value {
    fn truthy(&self) -> bool {
        !matches!(self, serde_json::Value::Null | serde_json::Value::Bool(false))
    }
}
impl<T> Truthy for Vec<T> {
    fn truthy(&self) -> bool {
        true
    }
}
impl Truthy for String {
    fn truthy(&self) -> bool {
        true
    }
}

/// Case-insensitive equality of `simple` conditions (Arazzo 1.0.1: string comparisons
/// are case-insensitive).
pub fn eq_ignore_case(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b) || a.to_lowercase() == b.to_lowercase(),
        (None, None) => true,
        _ => false,
    }
}

/// Whether `pattern` (checked at compile time) matches the text of `value`.
pub fn regex_matches<T: ToText + ?Sized>(pattern: &str, value: &T) -> bool {
    regex::Regex::new(pattern).is_ok_and(|r| r.is_match(&value.to_text()))
}

/// Whether the RFC 9535 query (checked at compile time) selects anything in `value`.
pub fn jsonpath_exists<T: serde::Serialize + ?Sized>(query: &str, value: &T) -> bool {
    let Ok(path) = serde_json_path::JsonPath::parse(query) else { return false };
    serde_json::to_value(value).is_ok_and(|v| !path.query(&v).is_empty())
}

/// An Arazzo 1.1 Selector Object of type `jsonpath` whose query is not singular (the
/// query was checked at compile time): the nodes it selects in the JSON of `value`.
/// `None` when there are none, the node itself when there is one, an array of the
/// nodes (in nodelist order) when there are several.
pub fn select_jsonpath<T: serde::Serialize>(value: &Option<T>, query: &str) -> Option<serde_json::Value> {
    let path = serde_json_path::JsonPath::parse(query).ok()?;
    let json = serde_json::to_value(value.as_ref()?).ok()?;
    let nodes = path.query(&json).all();
    match nodes.as_slice() {
        [] => None,
        [one] => Some((*one).clone()),
        many => Some(serde_json::Value::Array(many.iter().map(|v| (*v).clone()).collect())),
    }
}

/// Comparison operators, for [`compare_json`].
#[derive(Clone, Copy, Debug)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// RFC 9535 comparison of two JSON values (a missing value is `None`): `==` needs
/// equal values, ordering needs two numbers or two strings.
pub fn compare_json<A: serde::Serialize, B: serde::Serialize>(a: &A, op: CmpOp, b: &B) -> bool {
    let a = serde_json::to_value(a).unwrap_or_default();
    let b = serde_json::to_value(b).unwrap_or_default();
    let eq = match (&a, &b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    };
    let ord = match (&a, &b) {
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) => x.as_f64().partial_cmp(&y.as_f64()),
        (serde_json::Value::String(x), serde_json::Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    };
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => eq,
        CmpOp::Ne => !eq,
        CmpOp::Lt => ord == Some(Less),
        CmpOp::Le => eq || ord == Some(Less),
        CmpOp::Gt => ord == Some(Greater),
        CmpOp::Ge => eq || ord == Some(Greater),
    }
}

#[cfg(test)]
mod tests {
    use super::{check_path_segment, label_style, matrix_style};
    use serde_json::json;

    #[test]
    fn label_style_follows_the_openapi_table() {
        let object = json!({"role": "admin", "firstName": "Alex"});
        for explode in [false, true] {
            assert_eq!(label_style(&json!(5), explode), ".5");
            assert_eq!(label_style(&json!("blue"), explode), ".blue");
            assert_eq!(label_style(&json!(""), explode), ".");
            assert_eq!(label_style(&json!(null), explode), "");
            assert_eq!(label_style(&json!([]), explode), "");
            assert_eq!(label_style(&json!({}), explode), "");
        }
        assert_eq!(label_style(&json!([3, 4, 5]), false), ".3,4,5");
        assert_eq!(label_style(&json!([3, 4, 5]), true), ".3.4.5");
        assert_eq!(label_style(&object, false), ".role,admin,firstName,Alex");
        assert_eq!(label_style(&object, true), ".role=admin.firstName=Alex");
        // RFC 6570: undefined members are skipped.
        assert_eq!(label_style(&json!({"a": null, "b": 1}), true), ".b=1");
    }

    #[test]
    fn matrix_style_follows_the_openapi_table() {
        let object = json!({"role": "admin", "firstName": "Alex"});
        for explode in [false, true] {
            assert_eq!(matrix_style(&json!(5), "id", explode), ";id=5");
            assert_eq!(matrix_style(&json!(true), "id", explode), ";id=true");
            assert_eq!(matrix_style(&json!(""), "id", explode), ";id");
            assert_eq!(matrix_style(&json!(null), "id", explode), "");
            assert_eq!(matrix_style(&json!([]), "id", explode), "");
            assert_eq!(matrix_style(&json!({}), "id", explode), "");
        }
        assert_eq!(matrix_style(&json!([3, 4, 5]), "id", false), ";id=3,4,5");
        assert_eq!(matrix_style(&json!([3, 4, 5]), "id", true), ";id=3;id=4;id=5");
        assert_eq!(matrix_style(&object, "id", false), ";id=role,admin,firstName,Alex");
        assert_eq!(matrix_style(&object, "id", true), ";role=admin;firstName=Alex");
        // An empty item or member is named without `=` (RFC 6570's `ifemp`).
        assert_eq!(matrix_style(&json!(["a", ""]), "id", true), ";id=a;id");
        assert_eq!(matrix_style(&json!({"k": ""}), "id", true), ";k");
    }

    #[test]
    fn styled_path_values_are_percent_encoded_by_the_client_except_delimiters() {
        // progenitor calls `encode_path` on the text the generated code gives it.
        let wire = |s: String| progenitor_client::encode_path(&s);
        assert_eq!(wire(label_style(&json!("a b/c"), false)), ".a%20b%2Fc");
        assert_eq!(wire(label_style(&json!(["x y", "1/2"]), true)), ".x%20y.1%2F2");
        assert_eq!(wire(matrix_style(&json!("a b/c?d#e%"), "id", false)), ";id=a%20b%2Fc%3Fd%23e%25");
        assert_eq!(wire(matrix_style(&json!({"r g": "1/2"}), "id", true)), ";r%20g=1%2F2");
        assert_eq!(wire(matrix_style(&json!({"role": "admin"}), "id", false)), ";id=role,admin");
    }

    #[test]
    fn styled_path_values_pass_the_segment_check_unless_they_are_dot_segments() {
        for text in
            [matrix_style(&json!(""), "id", false), label_style(&json!("1.5"), false), label_style(&json!(5), false)]
        {
            assert!(check_path_segment("s", "$inputs.id", &text).is_ok(), "{text}");
        }
        // `.` and `..` would be dropped from the URL's path.
        for text in [label_style(&json!(""), false), label_style(&json!("."), false)] {
            assert!(check_path_segment("s", "$inputs.id", &text).is_err(), "{text}");
        }
    }
}
