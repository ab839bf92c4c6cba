//! Deterministic, on-the-fly JSONL content for [`crate::FileBody::Generated`].

use std::fmt::Write as _;
use std::sync::OnceLock;

use bytes::Bytes;

/// Nominal length of one generated line, newline included.
const LINE_LEN: u64 = 1024;
/// Chunks are built from whole lines until they reach at least this size.
const CHUNK_TARGET: usize = 64 * 1024;
/// Length of the filler text the message contents are cut from.
const TEXT_LEN: usize = 8 * 1024;
/// Number of distinct start offsets into the filler text.
const TEXT_OFFSETS: u64 = 4 * 1024;

/// Returns the deterministic JSONL content of exactly `len` bytes that
/// [`crate::FileBody::Generated`]` { len }` serves, as an iterator of chunks
/// (about 64 KiB each) so that it is never held whole in memory.
///
/// Each line looks like a real Batch API output line
/// (`{"id":"batch_req_…","custom_id":"request-N","response":{"status_code":200,…},"error":null}`)
/// and is unique. All lines are 1024 bytes except the last one, whose length
/// absorbs the remainder so that the content stays valid JSONL. Lengths below
/// one minimal line (about 600 bytes) give trivial filler (`{}` padded with
/// spaces and a newline) instead.
pub fn generated_bytes(len: u64) -> GeneratedBytes {
    GeneratedBytes { remaining: len, index: 0, prefix: String::new(), suffix: String::new() }
}

/// Iterator returned by [`generated_bytes`].
#[derive(Debug, Clone)]
pub struct GeneratedBytes {
    remaining: u64,
    index: u64,
    prefix: String,
    suffix: String,
}

impl GeneratedBytes {
    /// Bytes not yet yielded.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// Appends the next line to `out`, decrementing `remaining`.
    fn push_line(&mut self, out: &mut Vec<u8>) {
        let i = self.index;
        self.index += 1;
        line_parts(i, &mut self.prefix, &mut self.suffix);
        // Only the custom_id's digit count varies between lines, so the next
        // line's base length is at most one more than this one's.
        let base = (self.prefix.len() + self.suffix.len() + 1) as u64;
        let rem = self.remaining;
        let total = if rem > LINE_LEN + base {
            LINE_LEN
        } else if rem >= base {
            rem
        } else {
            push_filler(out, rem);
            self.remaining = 0;
            return;
        };
        // `total - base` <= LINE_LEN < TEXT_LEN - TEXT_OFFSETS, so the slice is in bounds.
        let content_len = (total - base) as usize;
        let start = (mix(i ^ 0xC0FF_EE00) % TEXT_OFFSETS) as usize;
        let text = filler_text();
        out.extend_from_slice(self.prefix.as_bytes());
        out.extend_from_slice(&text[start..start + content_len]);
        out.extend_from_slice(self.suffix.as_bytes());
        out.push(b'\n');
        self.remaining -= total;
    }
}

impl Iterator for GeneratedBytes {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        if self.remaining == 0 {
            return None;
        }
        let mut buf = Vec::with_capacity(CHUNK_TARGET + 2 * LINE_LEN as usize);
        while buf.len() < CHUNK_TARGET && self.remaining > 0 {
            self.push_line(&mut buf);
        }
        Some(Bytes::from(buf))
    }
}

/// Content shorter than one minimal line: `{}` padded with spaces, ending in a newline.
fn push_filler(out: &mut Vec<u8>, len: u64) {
    match len {
        0 => {}
        1 => out.push(b'\n'),
        2 => out.extend_from_slice(b"{}"),
        n => {
            out.extend_from_slice(b"{}");
            out.resize(out.len() + (n - 3) as usize, b' ');
            out.push(b'\n');
        }
    }
}

/// Writes the JSON before and after the message content of line `i`.
/// Every number except the custom_id is fixed-width.
fn line_parts(i: u64, prefix: &mut String, suffix: &mut String) {
    let h1 = mix(i);
    let h2 = mix(h1);
    let prompt_tokens = 100 + h1 % 400;
    let completion_tokens = 100 + h2 % 400;
    let total_tokens = prompt_tokens + completion_tokens;
    let created = 1_711_652_795 + i % 100_000;
    prefix.clear();
    suffix.clear();
    // Writing to a String cannot fail.
    let _ = write!(
        prefix,
        "{{\"id\":\"batch_req_{h1:016x}\",\"custom_id\":\"request-{n}\",\"response\":{{\
         \"status_code\":200,\"request_id\":\"req_{h2:016x}{h1:016x}\",\"body\":{{\
         \"id\":\"chatcmpl-{h2:016x}\",\"object\":\"chat.completion\",\"created\":{created},\
         \"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{{\"index\":0,\"message\":{{\
         \"role\":\"assistant\",\"content\":\"",
        n = u128::from(i) + 1,
    );
    let _ = write!(
        suffix,
        "\",\"refusal\":null}},\"logprobs\":null,\"finish_reason\":\"stop\"}}],\
         \"usage\":{{\"prompt_tokens\":{prompt_tokens},\"completion_tokens\":{completion_tokens},\
         \"total_tokens\":{total_tokens}}},\"system_fingerprint\":\"fp_{fp:010x}\"}}}},\"error\":null}}",
        fp = h2 & 0xff_ffff_ffff,
    );
}

/// SplitMix64 finaliser: a bijection on `u64`, so distinct lines get distinct ids.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Pseudo-random ASCII prose (letters, spaces, full stops; nothing that needs
/// escaping in JSON) that message contents are sliced from.
fn filler_text() -> &'static [u8] {
    static TEXT: OnceLock<Vec<u8>> = OnceLock::new();
    TEXT.get_or_init(|| {
        const WORDS: &[&str] = &[
            "the",
            "batch",
            "request",
            "model",
            "answer",
            "quick",
            "brown",
            "fox",
            "jumps",
            "over",
            "lazy",
            "dog",
            "token",
            "stream",
            "result",
            "output",
            "line",
            "file",
            "download",
            "retry",
            "server",
            "client",
            "response",
            "completion",
            "assistant",
            "hello",
            "world",
            "data",
            "value",
            "json",
            "resume",
            "byte",
            "chunk",
            "network",
        ];
        let mut text = Vec::with_capacity(TEXT_LEN + 16);
        let mut state = 42u64;
        let mut words_in_sentence = 0;
        while text.len() < TEXT_LEN {
            state = mix(state);
            let word = WORDS[(state % WORDS.len() as u64) as usize];
            text.extend_from_slice(word.as_bytes());
            words_in_sentence += 1;
            if words_in_sentence > 6 && state.is_multiple_of(5) {
                text.push(b'.');
                words_in_sentence = 0;
            }
            text.push(b' ');
        }
        text.truncate(TEXT_LEN);
        text
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(len: u64) -> Vec<u8> {
        generated_bytes(len).flat_map(|b| b.to_vec()).collect()
    }

    #[test]
    fn exact_lengths_and_valid_jsonl() {
        for len in [0, 1, 2, 3, 10, 500, 700, 1023, 1024, 1025, 1700, 2048, 2049, 3000, 65_536, 200_001] {
            let data = collect(len);
            assert_eq!(data.len() as u64, len, "len {len}");
            let text = std::str::from_utf8(&data).expect("utf8");
            for line in text.lines().filter(|l| !l.trim().is_empty()) {
                let v: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("len {len}: invalid line {line:?}: {e}"));
                assert!(v.is_object());
            }
        }
    }

    #[test]
    fn lines_are_realistic_and_unique() {
        let data = collect(100 * 1024);
        let text = std::str::from_utf8(&data).expect("utf8");
        let mut ids = std::collections::HashSet::new();
        for (n, line) in text.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).expect("json");
            assert_eq!(v["custom_id"], format!("request-{}", n + 1));
            assert_eq!(v["response"]["status_code"], 200);
            assert!(v["error"].is_null());
            assert!(ids.insert(v["id"].as_str().expect("id").to_owned()));
        }
        assert_eq!(data.iter().filter(|&&b| b == b'\n').count(), 100);
    }

    #[test]
    fn deterministic_and_chunked() {
        let a: Vec<Bytes> = generated_bytes(300_000).collect();
        let b: Vec<Bytes> = generated_bytes(300_000).collect();
        assert_eq!(a, b);
        assert!(a.len() > 1);
        assert!(a.iter().all(|c| c.len() <= CHUNK_TARGET + 2 * LINE_LEN as usize));
    }

    #[test]
    fn base_length_fits_in_a_line_for_any_index() {
        let (mut p, mut s) = (String::new(), String::new());
        line_parts(u64::MAX - 1, &mut p, &mut s);
        assert!(((p.len() + s.len() + 2) as u64) < LINE_LEN);
    }
}
