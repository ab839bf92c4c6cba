//! Hand-written HTTP/1.1 over tokio: request parsing, keep-alive, response
//! writing, and the delivery of body faults (reset, short body, stall, drip).
//!
//! Owning the socket directly is what makes it possible to send fewer bytes
//! than the declared `Content-Length`, to reset the connection at an exact
//! byte offset, or to stall while keeping the connection open.

use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinSet;

use crate::RecordedRequest;
use crate::generated::{GeneratedBytes, generated_bytes};
use crate::server::{State, error_response};

/// Largest accepted request head (request line and headers).
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Most headers accepted in one request.
const MAX_HEADERS: usize = 100;
/// Listen backlog, sized for a thousand clients connecting at once.
const BACKLOG: u32 = 4096;
/// A small body is sent in the same write as the head.
const COALESCE_LIMIT: usize = 16 * 1024;

/// A response body.
pub(crate) enum Body {
    /// No body (`Content-Length: 0`).
    Empty,
    /// These bytes.
    Full(Bytes),
    /// [`generated_bytes`] of this length, produced while sending.
    Generated(u64),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::Empty => 0,
            Body::Full(bytes) => bytes.len() as u64,
            Body::Generated(len) => *len,
        }
    }

    fn chunks(&self) -> Chunks {
        match self {
            Body::Empty => Chunks::Once(None),
            Body::Full(bytes) => Chunks::Once(Some(bytes.clone())),
            Body::Generated(len) => Chunks::Generated(generated_bytes(*len)),
        }
    }
}

/// The chunks of a [`Body`], in order.
enum Chunks {
    Once(Option<Bytes>),
    Generated(GeneratedBytes),
}

impl Iterator for Chunks {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        match self {
            Chunks::Once(bytes) => bytes.take(),
            Chunks::Generated(generator) => generator.next(),
        }
    }
}

/// How the body of a response is transmitted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delivery {
    /// All of it, at full speed.
    Normal,
    /// This many body bytes, then a TCP reset.
    Reset(u64),
    /// This many body bytes, then a clean close.
    Short(u64),
    /// This many body bytes, then silence with the connection open.
    Stall(u64),
    /// All of it, `chunk` bytes at a time with `delay_ms` between pieces.
    Slow { chunk: usize, delay_ms: u64 },
}

impl Delivery {
    /// Body bytes to send before the fault takes over, if limited.
    fn limit(self) -> Option<u64> {
        match self {
            Delivery::Reset(n) | Delivery::Short(n) | Delivery::Stall(n) => Some(n),
            Delivery::Normal | Delivery::Slow { .. } => None,
        }
    }
}

/// A response ready to be written.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    /// Extra headers (lower-case names).
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Body,
    pub(crate) delivery: Delivery,
}

impl Response {
    pub(crate) fn new(status: u16, content_type: &'static str, body: Body) -> Response {
        Response { status, content_type, headers: Vec::new(), body, delivery: Delivery::Normal }
    }
}

/// The reason phrase for a status code.
pub(crate) fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}

/// Binds a listener with a large backlog.
pub(crate) fn bind(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4()? } else { TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(BACKLOG)
}

/// Accepts connections until the task is aborted; aborting it drops the
/// listener and (through the `JoinSet`) every connection task.
pub(crate) async fn accept_loop(listener: TcpListener, state: Arc<State>) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    connections.spawn(serve_connection(stream, Arc::clone(&state)));
                }
                // Typically EMFILE: back off briefly instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// How a request body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    None,
    Length(u64),
    Chunked,
}

/// A parsed request head.
struct Head {
    request: RecordedRequest,
    framing: Framing,
    keep_alive: bool,
    expect_continue: bool,
}

enum ReadHead {
    Request(Head),
    /// The client closed the connection (possibly mid-head).
    Eof,
    /// Reject with this status and close.
    Bad(u16),
}

/// Serves requests on one connection until it closes or a fault ends it.
async fn serve_connection(mut stream: TcpStream, state: Arc<State>) {
    // Responses are written in few, large writes; never delay them.
    let _ = stream.set_nodelay(true);
    let mut buf = BytesMut::with_capacity(8 * 1024);
    loop {
        let head = match read_head(&mut stream, &mut buf).await {
            Ok(ReadHead::Request(head)) => head,
            Ok(ReadHead::Bad(status)) => {
                let message = match status {
                    431 => "Request header fields too large.",
                    _ => "Malformed HTTP request.",
                };
                let response = error_response(status, message, "invalid_request_error", None, None);
                let _ = send(&mut stream, &state, response, false, true).await;
                return;
            }
            Ok(ReadHead::Eof) | Err(_) => return,
        };
        if head.expect_continue
            && head.framing != Framing::None
            && buf.is_empty()
            && stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await.is_err()
        {
            return;
        }
        if discard_body(&mut stream, &mut buf, head.framing).await.is_err() {
            return;
        }
        let head_only = head.request.method == "HEAD";
        let response = state.handle(&head.request);
        match send(&mut stream, &state, response, head_only, !head.keep_alive).await {
            Ok(true) => continue,
            Ok(false) | Err(_) => return,
        }
    }
}

/// Reads and parses the next request head from `stream`, buffering in `buf`.
async fn read_head(stream: &mut TcpStream, buf: &mut BytesMut) -> io::Result<ReadHead> {
    loop {
        if !buf.is_empty() {
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(buf) {
                Ok(httparse::Status::Complete(head_len)) => {
                    let head = parse_head(&request);
                    buf.advance(head_len);
                    return Ok(match head {
                        Ok(head) => ReadHead::Request(head),
                        Err(status) => ReadHead::Bad(status),
                    });
                }
                Ok(httparse::Status::Partial) => {
                    if buf.len() >= MAX_HEAD_BYTES {
                        return Ok(ReadHead::Bad(431));
                    }
                }
                Err(httparse::Error::TooManyHeaders) => return Ok(ReadHead::Bad(431)),
                Err(_) => return Ok(ReadHead::Bad(400)),
            }
        }
        if stream.read_buf(buf).await? == 0 {
            return Ok(ReadHead::Eof);
        }
    }
}

/// Turns a complete httparse request into an owned [`Head`], or a status to reject with.
fn parse_head(request: &httparse::Request<'_, '_>) -> Result<Head, u16> {
    let method = request.method.ok_or(400u16)?.to_owned();
    let target = request.path.ok_or(400u16)?;
    let http11 = request.version.ok_or(400u16)? >= 1;
    let headers: Vec<(String, String)> =
        request.headers.iter().map(|h| (h.name.to_owned(), String::from_utf8_lossy(h.value).into_owned())).collect();

    let mut content_length = None;
    let mut transfer_encoding = None;
    let mut connection_close = !http11;
    let mut expect_continue = false;
    for (name, value) in &headers {
        if name.eq_ignore_ascii_case("content-length") {
            let n: u64 = value.trim().parse().map_err(|_| 400u16)?;
            if content_length.is_some_and(|previous| previous != n) {
                return Err(400);
            }
            content_length = Some(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            transfer_encoding = Some(value.as_str());
        } else if name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                if token.eq_ignore_ascii_case("close") {
                    connection_close = true;
                } else if token.eq_ignore_ascii_case("keep-alive") {
                    connection_close = false;
                }
            }
        } else if name.eq_ignore_ascii_case("expect") {
            expect_continue = value.trim().eq_ignore_ascii_case("100-continue");
        }
    }
    let framing = match (transfer_encoding, content_length) {
        (Some(_), Some(_)) => return Err(400),
        (Some(codings), None) => {
            let last = codings.rsplit(',').next().unwrap_or("").trim();
            if !last.eq_ignore_ascii_case("chunked") {
                return Err(400);
            }
            Framing::Chunked
        }
        (None, Some(0) | None) => Framing::None,
        (None, Some(n)) => Framing::Length(n),
    };

    let (raw_path, query) = split_target(target);
    Ok(Head {
        request: RecordedRequest { method, raw_path, query, headers },
        framing,
        keep_alive: !connection_close,
        expect_continue,
    })
}

/// Splits a request target into raw path and raw query. Absolute-form targets
/// (`http://host/path`) are reduced to their path.
fn split_target(target: &str) -> (String, Option<String>) {
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let path_and_query = if lower.starts_with("http://") || lower.starts_with("https://") {
        let after_scheme = target.find("://").map_or(target, |i| &target[i + 3..]);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    } else {
        target
    };
    match path_and_query.split_once('?') {
        Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
        None => (path_and_query.to_owned(), None),
    }
}

/// Reads more bytes into `buf`; a closed connection is an error here.
async fn fill(stream: &mut TcpStream, buf: &mut BytesMut) -> io::Result<()> {
    if stream.read_buf(buf).await? == 0 {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

/// Skips `n` bytes of the stream (buffered bytes first).
async fn skip(stream: &mut TcpStream, buf: &mut BytesMut, mut n: u64) -> io::Result<()> {
    loop {
        let take = buf.len().min(usize::try_from(n).unwrap_or(usize::MAX));
        buf.advance(take);
        n -= take as u64;
        if n == 0 {
            return Ok(());
        }
        fill(stream, buf).await?;
    }
}

/// Reads and throws away the request body (no route needs it).
async fn discard_body(stream: &mut TcpStream, buf: &mut BytesMut, framing: Framing) -> io::Result<()> {
    match framing {
        Framing::None => Ok(()),
        Framing::Length(n) => skip(stream, buf, n).await,
        Framing::Chunked => loop {
            let size = loop {
                match httparse::parse_chunk_size(buf) {
                    Ok(httparse::Status::Complete((consumed, size))) => {
                        buf.advance(consumed);
                        break size;
                    }
                    Ok(httparse::Status::Partial) if buf.len() < 4096 => fill(stream, buf).await?,
                    _ => return Err(io::ErrorKind::InvalidData.into()),
                }
            };
            if size == 0 {
                // Trailer section: header lines up to an empty line.
                loop {
                    match buf.windows(2).position(|w| w == b"\r\n") {
                        Some(0) => {
                            buf.advance(2);
                            return Ok(());
                        }
                        Some(end) => buf.advance(end + 2),
                        None if buf.len() < MAX_HEAD_BYTES => fill(stream, buf).await?,
                        None => return Err(io::ErrorKind::InvalidData.into()),
                    }
                }
            }
            skip(stream, buf, size).await?;
            while buf.len() < 2 {
                fill(stream, buf).await?;
            }
            if &buf[..2] != b"\r\n" {
                return Err(io::ErrorKind::InvalidData.into());
            }
            buf.advance(2);
        },
    }
}

/// Encodes the status line and headers.
fn encode_head(response: &Response, content_length: u64, close: bool, request_id: &str) -> Vec<u8> {
    let mut head = Vec::with_capacity(256);
    // Writing into a Vec cannot fail.
    let _ = write!(
        head,
        "HTTP/1.1 {} {}\r\ncontent-type: {}\r\ncontent-length: {}\r\nx-request-id: {}\r\nopenai-version: 2020-10-01\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        content_length,
        request_id,
    );
    for (name, value) in &response.headers {
        let _ = write!(head, "{name}: {value}\r\n");
    }
    if close {
        head.extend_from_slice(b"connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head
}

/// Writes `response` and carries out its delivery fault. Returns whether the
/// connection can serve another request.
async fn send(
    stream: &mut TcpStream,
    state: &State,
    response: Response,
    head_only: bool,
    close_requested: bool,
) -> io::Result<bool> {
    let delivery = if head_only { Delivery::Normal } else { response.delivery };
    let close = close_requested || delivery.limit().is_some();
    let head = encode_head(&response, response.body.len(), close, &state.next_request_id());
    if head_only {
        stream.write_all(&head).await?;
    } else {
        write_with_body(stream, head, &response.body, delivery).await?;
    }
    match delivery {
        Delivery::Reset(_) => {
            wait_until_sent(stream).await;
            // Dropping a socket with a zero linger sends RST instead of FIN.
            stream.set_zero_linger()?;
            Ok(false)
        }
        Delivery::Short(_) => {
            stream.shutdown().await?;
            drain_until_closed(stream, Some(Duration::from_secs(10))).await;
            Ok(false)
        }
        Delivery::Stall(_) => {
            drain_until_closed(stream, None).await;
            Ok(false)
        }
        Delivery::Normal | Delivery::Slow { .. } if close => {
            stream.shutdown().await?;
            Ok(false)
        }
        Delivery::Normal | Delivery::Slow { .. } => Ok(true),
    }
}

/// Writes the head and the body (as much of it as `delivery` allows, at its pace).
async fn write_with_body(stream: &mut TcpStream, head: Vec<u8>, body: &Body, delivery: Delivery) -> io::Result<()> {
    let limit = delivery.limit();
    let mut pending_head = Some(head);
    let mut sent = 0u64;
    let mut first_piece = true;
    for mut chunk in body.chunks() {
        if let Some(limit) = limit {
            let room = limit.saturating_sub(sent);
            if room == 0 {
                break;
            }
            if chunk.len() as u64 > room {
                // room < chunk.len(), so it fits in usize.
                chunk.truncate(room as usize);
            }
        }
        sent += chunk.len() as u64;
        if let Delivery::Slow { chunk: piece_len, delay_ms } = delivery {
            if let Some(head) = pending_head.take() {
                stream.write_all(&head).await?;
            }
            for piece in chunk.chunks(piece_len.max(1)) {
                if !first_piece {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                }
                first_piece = false;
                stream.write_all(piece).await?;
            }
            continue;
        }
        match pending_head.take() {
            Some(mut head) if chunk.len() <= COALESCE_LIMIT => {
                head.extend_from_slice(&chunk);
                stream.write_all(&head).await?;
            }
            Some(head) => {
                stream.write_all(&head).await?;
                stream.write_all(&chunk).await?;
            }
            None => stream.write_all(&chunk).await?,
        }
    }
    if let Some(head) = pending_head {
        stream.write_all(&head).await?;
    }
    stream.flush().await
}

/// Reads and discards until the peer closes (or `timeout` passes).
async fn drain_until_closed(stream: &mut TcpStream, timeout: Option<Duration>) {
    let drain = async {
        let mut scratch = [0u8; 4096];
        while let Ok(1..) = stream.read(&mut scratch).await {}
    };
    match timeout {
        Some(timeout) => {
            let _ = tokio::time::timeout(timeout, drain).await;
        }
        None => drain.await,
    }
}

/// Waits (up to 3 s) until the kernel has sent and the peer acknowledged every
/// byte written, so that a following reset does not discard queued data.
#[cfg(target_os = "linux")]
async fn wait_until_sent(stream: &TcpStream) {
    use std::os::fd::AsRawFd;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while tokio::time::Instant::now() < deadline {
        let mut queued: libc::c_int = 0;
        // SAFETY: TIOCOUTQ (SIOCOUTQ for TCP sockets) stores one c_int through the
        // pointer, which points at a live local; the fd is open because `stream`
        // is borrowed for the whole call.
        let rc = unsafe { libc::ioctl(stream.as_raw_fd(), libc::TIOCOUTQ, &mut queued) };
        if rc != 0 || queued == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Elsewhere: give the kernel a moment to flush before the reset.
#[cfg(not(target_os = "linux"))]
async fn wait_until_sent(_stream: &TcpStream) {
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[cfg(test)]
mod tests {
    use super::split_target;

    #[test]
    fn targets() {
        assert_eq!(
            split_target("/v1/batches?limit=2&after=x"),
            ("/v1/batches".to_owned(), Some("limit=2&after=x".to_owned()))
        );
        assert_eq!(split_target("/v1/batches/a%2Fb"), ("/v1/batches/a%2Fb".to_owned(), None));
        assert_eq!(
            split_target("http://127.0.0.1:1/v1/files/x/content?a"),
            ("/v1/files/x/content".to_owned(), Some("a".to_owned()))
        );
        assert_eq!(split_target("http://host"), ("/".to_owned(), None));
    }
}
