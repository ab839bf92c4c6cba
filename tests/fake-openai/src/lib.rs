//! A fake of OpenAI's Batch and Files REST API, for end-to-end tests and demos.
//!
//! The server speaks plain HTTP/1.1 on loopback (hand-written on top of
//! [`tokio::net`], so that faults such as a connection reset in the middle of a
//! body can be injected precisely). It serves:
//!
//! | route | behaviour |
//! | --- | --- |
//! | `GET /v1/batches` | cursor-paginated list (`after`, `limit`; default 20, 1..=100), in [`Config::batches`] order |
//! | `GET /v1/batches/{batch_id}` | the stored Batch JSON, or 404 |
//! | `POST /v1/batches/{batch_id}/cancel` | sets `status` to `"cancelling"` (stored), returns the batch, or 404 |
//! | `GET /v1/files/{file_id}` | a File object describing a stored file, or 404 |
//! | `GET /v1/files/{file_id}/content` | the raw bytes (`application/octet-stream`, streamed), or 404 |
//!
//! Every request is first recorded (see [`FakeOpenAi::requests`]), then checked
//! against the configured [`Fault`]s, then authenticated
//! (`Authorization: Bearer <api_key>`), then routed. Path segments are split on
//! the raw request target and percent-decoded one by one, so `a%2Fb` is a
//! single id `a/b`. The API key is never echoed in any response.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use fake_openai::{batch_json, Config, FakeOpenAi, FileBody};
//! let server = FakeOpenAi::start(Config {
//!     batches: vec![batch_json("batch_1", "completed", Some("file-out"))],
//!     files: vec![("file-out".into(), FileBody::Generated { len: 1 << 20 })],
//!     ..Config::default()
//! })
//! .await?;
//! println!("{}", server.base_url()); // http://127.0.0.1:PORT/v1
//! # Ok(()) }
//! ```

mod fixtures;
mod generated;
mod http;
mod server;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use tokio::task::JoinHandle;

pub use fixtures::{batch_json, demo_config};
pub use generated::{GeneratedBytes, generated_bytes};

/// The API key that [`Config::default`] accepts.
pub const DEFAULT_API_KEY: &str = "sk-test-key";

/// What a [`FakeOpenAi`] serves.
#[derive(Clone)]
pub struct Config {
    /// The only key accepted as `Authorization: Bearer <api_key>`.
    pub api_key: String,
    /// Batch JSON objects, served as-is and looked up by their string field `"id"`.
    /// List order is the order of this vector. Later duplicates replace earlier ones.
    pub batches: Vec<serde_json::Value>,
    /// Files by id: `(file_id, contents)`.
    pub files: Vec<(String, FileBody)>,
    /// Injected faults; see [`Fault`].
    pub faults: Vec<Fault>,
}

impl Default for Config {
    /// `api_key = "sk-test-key"`, no batches, no files, no faults.
    fn default() -> Self {
        Config { api_key: DEFAULT_API_KEY.to_owned(), batches: Vec::new(), files: Vec::new(), faults: Vec::new() }
    }
}

impl fmt::Debug for Config {
    /// Like a derived `Debug`, but the API key is redacted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("api_key", &"<redacted>")
            .field("batches", &self.batches)
            .field("files", &self.files)
            .field("faults", &self.faults)
            .finish()
    }
}

/// The contents of a file served by `GET /v1/files/{id}/content`.
#[derive(Clone, PartialEq, Eq)]
pub enum FileBody {
    /// Exactly these bytes.
    Bytes(Bytes),
    /// Deterministic JSONL of exactly `len` bytes, generated on the fly in chunks
    /// (never held whole in memory), so tests can serve gigabytes.
    /// The same content is produced by [`generated_bytes`]`(len)`.
    Generated {
        /// Total length in bytes.
        len: u64,
    },
}

impl FileBody {
    /// Length of the contents in bytes.
    pub fn len(&self) -> u64 {
        match self {
            FileBody::Bytes(b) => b.len() as u64,
            FileBody::Generated { len } => *len,
        }
    }

    /// Whether the contents are empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for FileBody {
    /// Shows the length rather than the (possibly huge) contents.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileBody::Bytes(b) => write!(f, "Bytes({} bytes)", b.len()),
            FileBody::Generated { len } => write!(f, "Generated {{ len: {len} }}"),
        }
    }
}

impl From<Bytes> for FileBody {
    fn from(b: Bytes) -> Self {
        FileBody::Bytes(b)
    }
}

impl From<&'static str> for FileBody {
    fn from(s: &'static str) -> Self {
        FileBody::Bytes(Bytes::from_static(s.as_bytes()))
    }
}

impl From<String> for FileBody {
    fn from(s: String) -> Self {
        FileBody::Bytes(Bytes::from(s))
    }
}

impl From<Vec<u8>> for FileBody {
    fn from(v: Vec<u8>) -> Self {
        FileBody::Bytes(Bytes::from(v))
    }
}

/// A fault injected into requests whose raw path starts with `path_prefix`.
///
/// * `path_prefix` is compared with the full raw path as received on the wire
///   (starting with `/v1`, not percent-decoded, query string excluded), e.g.
///   `"/v1/files/file-abc/content"` or just `"/v1/batches"`.
/// * Faults are checked in order after the request is recorded and **before**
///   authentication and routing. The first fault that matches and still has
///   uses left is applied (and one use consumed); the others are not consulted.
///   So `[A { times: Some(1) }, B { times: Some(1) }]` on the same prefix gives
///   A, then B, then normal behaviour.
/// * Replacing kinds (`Status`, `MalformedJson`, `WrongContentType`,
///   `EmptyBody`, `RedirectTo`) replace the response entirely. Body kinds
///   (`ResetMidBody`, `ShortBody`, `StallAfter`, `SlowBody`) change how the
///   normal response body (file content or JSON, whatever the request yields)
///   is transmitted; `after_bytes` counts body bytes, not header bytes. If
///   `after_bytes` is at least the body length, the whole body is sent before
///   the reset, close or stall. These kinds always end the connection (no keep-alive),
///   except `SlowBody`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fault {
    /// Raw path prefix, starting with `/v1`.
    pub path_prefix: String,
    /// What goes wrong.
    pub kind: FaultKind,
    /// `None`: every matching request; `Some(n)`: only the first `n` matching requests.
    pub times: Option<u32>,
}

impl Fault {
    /// A fault that applies to every request matching `path_prefix`.
    pub fn always(path_prefix: impl Into<String>, kind: FaultKind) -> Fault {
        Fault { path_prefix: path_prefix.into(), kind, times: None }
    }

    /// A fault that applies to the first `times` requests matching `path_prefix`.
    pub fn times(path_prefix: impl Into<String>, kind: FaultKind, times: u32) -> Fault {
        Fault { path_prefix: path_prefix.into(), kind, times: Some(times) }
    }
}

/// The kinds of fault a [`Fault`] can inject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Respond with an OpenAI-style error JSON with this status (200..=599 but
    /// not 204 or 304, which cannot carry a body), e.g.
    /// `{"error":{"message":"...","type":"server_error","param":null,"code":null}}`
    /// (`rate_limit_error` for 429, `server_error` for 5xx, `invalid_request_error`
    /// otherwise), with an optional `Retry-After` header.
    Status {
        /// HTTP status code: 200..=599 except 204 and 304.
        status: u16,
        /// Value of the `Retry-After` header, if any.
        retry_after: Option<String>,
    },
    /// Send the headers with the `Content-Length` of the full body, then
    /// `after_bytes` body bytes, then reset the connection (TCP RST).
    ResetMidBody {
        /// Body bytes sent before the reset.
        after_bytes: u64,
    },
    /// Declare the full `Content-Length`, send `after_bytes` body bytes, then
    /// close the connection cleanly (FIN).
    ShortBody {
        /// Body bytes sent before the close.
        after_bytes: u64,
    },
    /// Send `after_bytes` body bytes, then send nothing more while keeping the
    /// connection open (until the client closes it or the server is dropped).
    StallAfter {
        /// Body bytes sent before stalling.
        after_bytes: u64,
    },
    /// Send the whole body in pieces of `chunk` bytes (at least 1), waiting
    /// `delay_ms` between pieces. The connection stays usable afterwards.
    SlowBody {
        /// Bytes per piece.
        chunk: usize,
        /// Milliseconds to wait between pieces.
        delay_ms: u64,
    },
    /// `200 application/json` whose body is truncated, invalid JSON.
    MalformedJson,
    /// `200 text/html` with an HTML page as body.
    WrongContentType,
    /// `200 application/json` with an empty body (`Content-Length: 0`).
    EmptyBody,
    /// `307 Temporary Redirect` with this `Location` and an empty body.
    RedirectTo {
        /// Value of the `Location` header.
        location: String,
    },
}

/// One request as received by the server.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Method, e.g. `"GET"`.
    pub method: String,
    /// The path exactly as on the wire (not percent-decoded), without the query string.
    pub raw_path: String,
    /// The raw query string (without `?`), if the target had one.
    pub query: Option<String>,
    /// Headers in the order received, names as sent by the client.
    pub headers: Vec<(String, String)>,
}

impl RecordedRequest {
    /// The first header with this name (ASCII case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// A running fake server. It stops (listener and all connections) when dropped.
///
/// Must be started and dropped within a Tokio runtime context; the server runs
/// on the runtime it was started on.
pub struct FakeOpenAi {
    addr: SocketAddr,
    state: Arc<server::State>,
    task: JoinHandle<()>,
}

impl FakeOpenAi {
    /// Starts a server on `127.0.0.1` with an ephemeral port.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] if the config is invalid
    /// (a batch without a string `"id"`, a `Status` fault outside 200..=599 or
    /// equal to 204/304, a header value containing CR/LF).
    pub async fn start(config: Config) -> io::Result<FakeOpenAi> {
        Self::start_at(config, SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
    }

    /// Starts a server listening on `addr` (port 0 picks a free port).
    pub async fn start_at(config: Config, addr: SocketAddr) -> io::Result<FakeOpenAi> {
        let state = Arc::new(server::State::new(config)?);
        let listener = http::bind(addr)?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(http::accept_loop(listener, Arc::clone(&state)));
        Ok(FakeOpenAi { addr, state, task })
    }

    /// Base URL including the `/v1` prefix, e.g. `http://127.0.0.1:40123/v1`.
    pub fn base_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.requests()
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        self.state.clear_requests();
    }

    /// The current stored JSON of a batch (reflects cancellations and [`Self::put_batch`]).
    pub fn batch(&self, id: &str) -> Option<serde_json::Value> {
        self.state.batch(id)
    }

    /// Inserts or replaces a batch while the server runs (e.g. to move a batch
    /// from `in_progress` to `completed` during a polling test). New ids are
    /// appended to the list order. Fails if the value has no string `"id"`.
    pub fn put_batch(&self, batch: serde_json::Value) -> io::Result<()> {
        self.state.put_batch(batch)
    }

    /// Adds a fault while the server runs (after the configured ones).
    pub fn add_fault(&self, fault: Fault) -> io::Result<()> {
        self.state.add_fault(fault)
    }
}

impl Drop for FakeOpenAi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl fmt::Debug for FakeOpenAi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeOpenAi").field("addr", &self.addr).finish_non_exhaustive()
    }
}
