//! Server state, authentication, faults and routing (everything above HTTP framing).

use std::collections::HashMap;
use std::io;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::http::{Body, Delivery, Response};
use crate::{Config, Fault, FaultKind, FileBody, RecordedRequest};

const MISSING_KEY_MESSAGE: &str = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
const WRONG_KEY_MESSAGE: &str =
    "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.";

/// Batches by id, plus their list order.
#[derive(Default)]
struct BatchStore {
    order: Vec<String>,
    by_id: HashMap<String, Value>,
}

impl BatchStore {
    fn put(&mut self, batch: Value) -> io::Result<()> {
        let id = batch
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid_input("batch JSON has no string \"id\" field"))?
            .to_owned();
        if !self.by_id.contains_key(&id) {
            self.order.push(id.clone());
        }
        self.by_id.insert(id, batch);
        Ok(())
    }
}

struct ArmedFault {
    fault: Fault,
    remaining: Option<u32>,
}

/// Shared state of one server.
pub(crate) struct State {
    api_key: String,
    batches: Mutex<BatchStore>,
    files: HashMap<String, FileBody>,
    faults: Mutex<Vec<ArmedFault>>,
    requests: Mutex<Vec<RecordedRequest>>,
    response_counter: AtomicU64,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn invalid_input(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.into())
}

fn validate_fault(fault: &Fault) -> io::Result<()> {
    let bad_header = |v: &str| v.contains(['\r', '\n']);
    match &fault.kind {
        FaultKind::Status { status, .. } if !(200..=599).contains(status) || matches!(status, 204 | 304) => {
            Err(invalid_input(format!("fault status {status} is outside 200..=599 or has no body (204, 304)")))
        }
        FaultKind::Status { retry_after: Some(v), .. } if bad_header(v) => {
            Err(invalid_input("Retry-After value contains CR/LF"))
        }
        FaultKind::RedirectTo { location } if bad_header(location) => {
            Err(invalid_input("redirect location contains CR/LF"))
        }
        _ => Ok(()),
    }
}

impl State {
    pub(crate) fn new(config: Config) -> io::Result<State> {
        let mut batches = BatchStore::default();
        for batch in config.batches {
            batches.put(batch)?;
        }
        let mut faults = Vec::with_capacity(config.faults.len());
        for fault in config.faults {
            validate_fault(&fault)?;
            faults.push(ArmedFault { remaining: fault.times, fault });
        }
        Ok(State {
            api_key: config.api_key,
            batches: Mutex::new(batches),
            files: config.files.into_iter().collect(),
            faults: Mutex::new(faults),
            requests: Mutex::new(Vec::new()),
            response_counter: AtomicU64::new(1),
        })
    }

    pub(crate) fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.requests).clone()
    }

    pub(crate) fn clear_requests(&self) {
        lock(&self.requests).clear();
    }

    pub(crate) fn batch(&self, id: &str) -> Option<Value> {
        lock(&self.batches).by_id.get(id).cloned()
    }

    pub(crate) fn put_batch(&self, batch: Value) -> io::Result<()> {
        lock(&self.batches).put(batch)
    }

    pub(crate) fn add_fault(&self, fault: Fault) -> io::Result<()> {
        validate_fault(&fault)?;
        lock(&self.faults).push(ArmedFault { remaining: fault.times, fault });
        Ok(())
    }

    /// A fresh `x-request-id` value.
    pub(crate) fn next_request_id(&self) -> String {
        let n = self.response_counter.fetch_add(1, Ordering::Relaxed);
        format!("req_{n:032x}")
    }

    /// Records the request, then produces its response.
    pub(crate) fn handle(&self, request: &RecordedRequest) -> Response {
        lock(&self.requests).push(request.clone());
        let fault = self.take_fault(&request.raw_path);
        self.respond(request, fault)
    }

    fn respond(&self, request: &RecordedRequest, fault: Option<FaultKind>) -> Response {
        let delivery = match fault {
            None => Delivery::Normal,
            Some(FaultKind::ResetMidBody { after_bytes }) => Delivery::Reset(after_bytes),
            Some(FaultKind::ShortBody { after_bytes }) => Delivery::Short(after_bytes),
            Some(FaultKind::StallAfter { after_bytes }) => Delivery::Stall(after_bytes),
            Some(FaultKind::SlowBody { chunk, delay_ms }) => Delivery::Slow { chunk: chunk.max(1), delay_ms },
            Some(FaultKind::Status { status, retry_after }) => return status_fault(status, retry_after),
            Some(FaultKind::MalformedJson) => {
                return Response::new(
                    200,
                    "application/json",
                    Body::Full(Bytes::from_static(b"{\"id\":\"batch_abc123\",\"object\":\"batch\",\"status\":\"compl")),
                );
            }
            Some(FaultKind::WrongContentType) => {
                return Response::new(
                    200,
                    "text/html; charset=utf-8",
                    Body::Full(Bytes::from_static(
                        b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head>\
                          <body><h1>Checking your browser before accessing api.openai.com</h1>\
                          </body></html>\n",
                    )),
                );
            }
            Some(FaultKind::EmptyBody) => {
                return Response::new(200, "application/json", Body::Empty);
            }
            Some(FaultKind::RedirectTo { location }) => {
                let mut response = Response::new(307, "text/plain; charset=utf-8", Body::Empty);
                response.headers.push(("location", location));
                return response;
            }
        };
        let mut response = self.route(request);
        response.delivery = delivery;
        response
    }

    /// Consumes one use of the first matching fault that has uses left.
    fn take_fault(&self, raw_path: &str) -> Option<FaultKind> {
        let mut faults = lock(&self.faults);
        let armed =
            faults.iter_mut().find(|a| a.remaining != Some(0) && raw_path.starts_with(a.fault.path_prefix.as_str()))?;
        if let Some(n) = &mut armed.remaining {
            *n -= 1;
        }
        Some(armed.fault.kind.clone())
    }

    fn check_auth(&self, request: &RecordedRequest) -> Result<(), Response> {
        let token = request
            .header("authorization")
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty());
        match token {
            None => Err(error_response(401, MISSING_KEY_MESSAGE, "invalid_request_error", None, None)),
            Some(token) if constant_time_eq(token.as_bytes(), self.api_key.as_bytes()) => Ok(()),
            Some(_) => {
                Err(error_response(401, WRONG_KEY_MESSAGE, "invalid_request_error", None, Some("invalid_api_key")))
            }
        }
    }

    fn route(&self, request: &RecordedRequest) -> Response {
        if let Err(response) = self.check_auth(request) {
            return response;
        }
        let Some(rest) = request.raw_path.strip_prefix("/v1/") else {
            return invalid_url(request);
        };
        let segments: Vec<&str> = rest.split('/').collect();
        let read = matches!(request.method.as_str(), "GET" | "HEAD");
        let post = request.method == "POST";
        match segments.as_slice() {
            ["batches"] if read => self.list_batches(request.query.as_deref()),
            ["batches", id] if read && !id.is_empty() => self.get_batch(&decode(id)),
            ["batches", id, "cancel"] if post && !id.is_empty() => self.cancel_batch(&decode(id)),
            ["files", id] if read && !id.is_empty() => self.file_object(&decode(id)),
            ["files", id, "content"] if read && !id.is_empty() => self.file_content(&decode(id)),
            _ => invalid_url(request),
        }
    }

    fn get_batch(&self, id: &str) -> Response {
        match lock(&self.batches).by_id.get(id) {
            Some(batch) => json_response(200, batch),
            None => batch_not_found(id),
        }
    }

    fn cancel_batch(&self, id: &str) -> Response {
        let mut store = lock(&self.batches);
        let Some(batch) = store.by_id.get_mut(id) else {
            return batch_not_found(id);
        };
        if let Some(object) = batch.as_object_mut() {
            object.insert("status".to_owned(), json!("cancelling"));
            if object.get("cancelling_at").is_none_or(Value::is_null) {
                object.insert("cancelling_at".to_owned(), json!(unix_now()));
            }
        }
        json_response(200, batch)
    }

    fn list_batches(&self, query: Option<&str>) -> Response {
        let mut after = None;
        let mut limit = 20usize;
        for (key, value) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match key.as_ref() {
                "after" if !value.is_empty() => after = Some(value.into_owned()),
                "limit" => match value.parse::<i64>() {
                    Ok(n) if n < 1 => {
                        return limit_error(
                            format!("integer below minimum value. Expected a value >= 1, but got {n} instead."),
                            "integer_below_min_value",
                        );
                    }
                    Ok(n) if n > 100 => {
                        return limit_error(
                            format!("integer above maximum value. Expected a value <= 100, but got {n} instead."),
                            "integer_above_max_value",
                        );
                    }
                    // 1..=100 fits in usize.
                    Ok(n) => limit = n as usize,
                    Err(_) => {
                        return limit_error(format!("expected an integer, but got {value:?} instead."), "invalid_type");
                    }
                },
                _ => {}
            }
        }
        let store = lock(&self.batches);
        let start = match &after {
            None => 0,
            // An unknown cursor yields an empty page.
            Some(cursor) => store.order.iter().position(|id| id == cursor).map_or(store.order.len(), |i| i + 1),
        };
        let page: Vec<&String> = store.order.iter().skip(start).take(limit).collect();
        let has_more = start + page.len() < store.order.len();
        let data: Vec<&Value> = page.iter().filter_map(|id| store.by_id.get(*id)).collect();
        json_response(
            200,
            &json!({
                "object": "list",
                "data": data,
                "first_id": page.first(),
                "last_id": page.last(),
                "has_more": has_more,
            }),
        )
    }

    fn file_object(&self, id: &str) -> Response {
        match self.files.get(id) {
            Some(body) => json_response(
                200,
                &json!({
                    "object": "file",
                    "id": id,
                    "purpose": "batch_output",
                    "filename": "batch_output.jsonl",
                    "bytes": body.len(),
                    "created_at": 1_714_509_129,
                    "expires_at": null,
                    "status": "processed",
                    "status_details": null,
                }),
            ),
            None => file_not_found(id),
        }
    }

    fn file_content(&self, id: &str) -> Response {
        let Some(file) = self.files.get(id) else {
            return file_not_found(id);
        };
        let body = match file {
            FileBody::Bytes(bytes) => Body::Full(bytes.clone()),
            FileBody::Generated { len } => Body::Generated(*len),
        };
        Response::new(200, "application/octet-stream", body)
    }
}

/// Percent-decodes one raw path segment (invalid UTF-8 is replaced).
fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn json_response(status: u16, value: &Value) -> Response {
    Response::new(status, "application/json", Body::Full(Bytes::from(value.to_string())))
}

/// An OpenAI-style error response.
pub(crate) fn error_response(
    status: u16,
    message: &str,
    kind: &str,
    param: Option<&str>,
    code: Option<&str>,
) -> Response {
    json_response(status, &json!({"error": {"message": message, "type": kind, "param": param, "code": code}}))
}

fn invalid_url(request: &RecordedRequest) -> Response {
    let message = format!("Invalid URL ({} {})", request.method, request.raw_path);
    error_response(404, &message, "invalid_request_error", None, None)
}

fn batch_not_found(id: &str) -> Response {
    let message = format!("No batch found with id '{id}'.");
    error_response(404, &message, "invalid_request_error", None, None)
}

fn file_not_found(id: &str) -> Response {
    let message = format!("No such File object: {id}");
    error_response(404, &message, "invalid_request_error", Some("id"), None)
}

fn limit_error(detail: String, code: &str) -> Response {
    let message = format!("Invalid 'limit': {detail}");
    error_response(400, &message, "invalid_request_error", Some("limit"), Some(code))
}

/// The OpenAI-style error response of a `Status` fault.
fn status_fault(status: u16, retry_after: Option<String>) -> Response {
    let generic = || format!("{status} {}", crate::http::reason(status));
    let (message, kind) = match status {
        429 => ("Rate limit reached for requests. Please try again later.".to_owned(), "rate_limit_error"),
        500 => ("The server had an error while processing your request. Sorry about that!".to_owned(), "server_error"),
        503 => ("The engine is currently overloaded, please try again later.".to_owned(), "server_error"),
        501 | 502 | 504..=599 => (generic(), "server_error"),
        _ => (generic(), "invalid_request_error"),
    };
    let mut response = error_response(status, &message, kind, None, None);
    if let Some(value) = retry_after {
        response.headers.push(("retry-after", value));
    }
    response
}
