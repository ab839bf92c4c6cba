//! Realistic Batch JSON and the demo configuration.

use bytes::Bytes;
use serde_json::{Value, json};

use crate::{Config, FileBody};

/// `created_at` of every batch built by [`batch_json`] (2024-04-30T20:21:39Z).
const CREATED_AT: i64 = 1_714_508_499;

/// Builds a Batch object the way the real API returns it.
///
/// Like the real API (and unlike what the OpenAPI schema suggests), fields that
/// do not apply are present with `null`: `model`, `errors` (an error list only
/// for `"failed"`), `error_file_id`, the `*_at` timestamps that have not
/// happened for this `status`, `usage` and `metadata`. `output_file_id` is
/// exactly what is passed (`null` for `None`, whatever the status). It also has
/// a field the schema does not list: `"output_expires_after": null`.
/// Timestamps are fixed, so the result is deterministic.
pub fn batch_json(id: &str, status: &str, output_file_id: Option<&str>) -> Value {
    let t = |offset: i64| json!(CREATED_AT + offset);
    let mut batch = json!({
        "id": id,
        "object": "batch",
        "endpoint": "/v1/chat/completions",
        "model": null,
        "errors": null,
        "input_file_id": input_file_id(id),
        "completion_window": "24h",
        "status": status,
        "output_file_id": output_file_id,
        "error_file_id": null,
        "created_at": CREATED_AT,
        "in_progress_at": null,
        "expires_at": t(86_400),
        "finalizing_at": null,
        "completed_at": null,
        "failed_at": null,
        "expired_at": null,
        "cancelling_at": null,
        "cancelled_at": null,
        "request_counts": {"total": 0, "completed": 0, "failed": 0},
        "usage": null,
        "metadata": null,
        "output_expires_after": null,
    });
    let (stamps, counts): (&[(&str, i64)], [u64; 3]) = match status {
        "validating" => (&[], [0, 0, 0]),
        "failed" => (&[("failed_at", 5)], [0, 0, 0]),
        "in_progress" => (&[("in_progress_at", 5)], [3, 1, 0]),
        "finalizing" => (&[("in_progress_at", 5), ("finalizing_at", 600)], [3, 3, 0]),
        "completed" => (&[("in_progress_at", 5), ("finalizing_at", 600), ("completed_at", 630)], [3, 3, 0]),
        "expired" => (&[("in_progress_at", 5), ("expired_at", 86_400)], [3, 1, 0]),
        "cancelling" => (&[("in_progress_at", 5), ("cancelling_at", 120)], [3, 1, 0]),
        "cancelled" => (&[("in_progress_at", 5), ("cancelling_at", 120), ("cancelled_at", 180)], [3, 1, 0]),
        _ => (&[], [0, 0, 0]),
    };
    for (field, offset) in stamps {
        batch[*field] = t(*offset);
    }
    batch["request_counts"] = json!({"total": counts[0], "completed": counts[1], "failed": counts[2]});
    if status == "failed" {
        batch["errors"] = json!({
            "object": "list",
            "data": [{
                "code": "invalid_json_line",
                "message": "This line is not parseable as valid JSON.",
                "param": null,
                "line": 1,
            }],
        });
    }
    batch
}

/// The configuration served by `fake-openai --demo`:
///
/// * API key `"sk-demo-key"`;
/// * `batch_demo_completed`: `completed`, output file `file-demo-output`
///   (three JSONL lines shaped like real Batch API output lines);
/// * `batch_demo_in_progress`: `in_progress`, `output_file_id: null`;
/// * `batch_demo_failed_all`: `completed` but every request failed, so
///   `output_file_id: null`; its `error_file_id` is `file-demo-errors`.
pub fn demo_config() -> Config {
    let mut failed_all = batch_json("batch_demo_failed_all", "completed", None);
    failed_all["error_file_id"] = json!("file-demo-errors");
    failed_all["request_counts"] = json!({"total": 2, "completed": 0, "failed": 2});
    Config {
        api_key: "sk-demo-key".to_owned(),
        batches: vec![
            batch_json("batch_demo_completed", "completed", Some("file-demo-output")),
            batch_json("batch_demo_in_progress", "in_progress", None),
            failed_all,
        ],
        files: vec![
            ("file-demo-output".to_owned(), demo_output_file()),
            ("file-demo-errors".to_owned(), demo_error_file()),
        ],
        faults: Vec::new(),
    }
}

fn demo_output_file() -> FileBody {
    let answers = ["The capital of France is Paris.", "2 + 2 = 4.", "Hello! How can I help you today?"];
    let mut out = String::new();
    for (n, answer) in answers.iter().enumerate() {
        let n = n as u64 + 1;
        let line = json!({
            "id": format!("batch_req_demo{n:020}"),
            "custom_id": format!("request-{n}"),
            "response": {
                "status_code": 200,
                "request_id": format!("req_demo{n:024x}"),
                "body": {
                    "id": format!("chatcmpl-demo{n:016}"),
                    "object": "chat.completion",
                    "created": CREATED_AT + 60,
                    "model": "gpt-4o-mini-2024-07-18",
                    "choices": [{
                        "index": 0,
                        "message": {"role": "assistant", "content": answer, "refusal": null},
                        "logprobs": null,
                        "finish_reason": "stop",
                    }],
                    "usage": {"prompt_tokens": 20 + n, "completion_tokens": 9, "total_tokens": 29 + n},
                    "system_fingerprint": "fp_demo000001",
                },
            },
            "error": null,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    FileBody::Bytes(Bytes::from(out))
}

fn demo_error_file() -> FileBody {
    let mut out = String::new();
    for n in 1..=2u64 {
        let line = json!({
            "id": format!("batch_req_demoerr{n:017}"),
            "custom_id": format!("request-{n}"),
            "response": {
                "status_code": 400,
                "request_id": format!("req_demoerr{n:021x}"),
                "body": {
                    "error": {
                        "message": "The model `gpt-nonexistent` does not exist or you do not have access to it.",
                        "type": "invalid_request_error",
                        "param": null,
                        "code": "model_not_found",
                    },
                },
            },
            "error": null,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    FileBody::Bytes(Bytes::from(out))
}

/// A deterministic, realistic-looking input file id for a batch id.
fn input_file_id(batch_id: &str) -> String {
    let h = fnv1a(batch_id.as_bytes());
    let h2 = fnv1a(&h.to_le_bytes());
    format!("file-{h:016x}{:06x}", h2 & 0xff_ffff)
}

/// FNV-1a, for deterministic ids derived from strings.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completed_batch_has_nulls_and_extra_field() {
        let b = batch_json("batch_1", "completed", Some("file-out"));
        assert_eq!(b["status"], "completed");
        assert_eq!(b["output_file_id"], "file-out");
        for field in [
            "model",
            "errors",
            "error_file_id",
            "failed_at",
            "expired_at",
            "cancelling_at",
            "cancelled_at",
            "usage",
            "metadata",
            "output_expires_after",
        ] {
            assert!(b.get(field).is_some_and(Value::is_null), "{field}");
        }
        assert!(b["completed_at"].is_i64());
    }

    #[test]
    fn in_progress_batch() {
        let b = batch_json("batch_2", "in_progress", None);
        assert!(b["output_file_id"].is_null());
        assert!(b["completed_at"].is_null());
        assert!(b["in_progress_at"].is_i64());
    }

    #[test]
    fn failed_batch_has_errors() {
        let b = batch_json("batch_3", "failed", None);
        assert_eq!(b["errors"]["object"], "list");
        assert!(b["failed_at"].is_i64());
    }

    #[test]
    fn demo_files_are_jsonl() {
        let config = demo_config();
        for (_, body) in &config.files {
            let FileBody::Bytes(bytes) = body else { panic!("demo files are bytes") };
            let text = std::str::from_utf8(bytes).expect("utf8");
            for line in text.lines() {
                let v: Value = serde_json::from_str(line).expect("json line");
                assert!(v["custom_id"].is_string());
            }
        }
    }
}
