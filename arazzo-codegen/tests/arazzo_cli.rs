//! The `arazzo` command: `check` exit codes and JSON, `generate --check`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    arazzo_codegen::clean_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

fn arazzo(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_arazzo")).args(args).current_dir(root()).output().expect("run arazzo")
}

#[test]
fn check_a_clean_workflow_exits_0_with_warnings() {
    let out = arazzo(&["check", "--format", "json", "workflows/openai-download-batch-results-workflow.yml"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let items = v.as_array().expect("array");
    assert!(!items.is_empty(), "the unbraced `Bearer $inputs.apiKey` is a warning");
    let codes: Vec<&str> = items.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(codes.iter().filter(|c| **c == "bare-expression").count(), 2, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == "undeclared-parameter").count(), 2, "{codes:?}");
    for d in items {
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["file"], "workflows/openai-download-batch-results-workflow.yml");
        assert!(d["line"].as_u64().is_some_and(|l| l > 0) && d["column"].as_u64().is_some_and(|c| c > 0));
        assert!(d["pointer"].as_str().is_some_and(|p| p.starts_with("/workflows/0/steps/")));
    }
}

#[test]
fn check_a_broken_workflow_exits_1_with_every_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join("workflows/openai-download-batch-results-workflow.yml"))
        .expect("workflow")
        .replace("operationId: retrieveBatch", "operationId: retrieveBatchh")
        .replace("stepId: downloadOutput\n      criteria", "stepId: downloadOutputt\n      criteria")
        .replace("url: ../openapi/", &format!("url: {}/openapi/", root().display()));
    let file = dir.path().join("broken.yml");
    std::fs::write(&file, text).expect("write");
    let out = arazzo(&["check", "--format", "json", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let codes: Vec<&str> = v.as_array().expect("array").iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"unknown-operation") && codes.contains(&"unknown-step"), "{codes:?}");

    let human = arazzo(&["check", file.to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(stderr.contains("did you mean `retrieveBatch`?") && stderr.contains("broken.yml:"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(arazzo(&[]).status.code(), Some(2));
    assert_eq!(arazzo(&["check"]).status.code(), Some(2));
    assert_eq!(arazzo(&["check", "--format", "xml", "x.yml"]).status.code(), Some(2));
    assert_eq!(arazzo(&["generate", "--check", "x.yml"]).status.code(), Some(2));
}

#[test]
fn generate_check_detects_a_stale_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out_file = dir.path().join("generated.rs");
    let out_path = out_file.to_str().expect("utf-8");
    let wf = "workflows/openai-download-batch-results-workflow.yml";
    assert_eq!(arazzo(&["generate", "--output", out_path, wf]).status.code(), Some(0));
    let code = std::fs::read_to_string(&out_file).expect("generated");
    assert!(code.contains("pub async fn download_batch_results"));
    assert_eq!(arazzo(&["generate", "--output", out_path, "--check", wf]).status.code(), Some(0));
    std::fs::write(&out_file, code.replace("download_batch_results", "old_name")).expect("write");
    assert_eq!(arazzo(&["generate", "--output", out_path, "--check", wf]).status.code(), Some(1));
}

#[test]
fn unreachable_steps_are_warnings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(root().join("workflows/openai-download-batch-results-workflow.yml"))
        .expect("workflow")
        // The first action always jumps past nothing and ends: downloadOutput is never reached.
        .replace("      type: goto\n      stepId: downloadOutput\n      criteria:", "      type: end\n      criteria:")
        .replace("    - name: batchNotReady\n      type: end\n      criteria:\n      - context: $response.body\n        condition: $.status != \"completed\"\n        type: jsonpath\n", "    - name: batchNotReady\n      type: end\n")
        .replace("url: ../openapi/", &format!("url: {}/openapi/", root().display()));
    let file = dir.path().join("unreachable.yml");
    std::fs::write(&file, text).expect("write");
    let out = arazzo(&["check", "--format", "json", file.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "warnings only: {}", String::from_utf8_lossy(&out.stdout));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let unreachable: Vec<&serde_json::Value> =
        v.as_array().expect("array").iter().filter(|d| d["code"] == "unreachable-step").collect();
    assert_eq!(unreachable.len(), 1, "{v}");
    assert!(unreachable[0]["message"].as_str().is_some_and(|m| m.contains("downloadOutput")));
    assert_eq!(unreachable[0]["pointer"], "/workflows/0/steps/1/stepId");
}

#[test]
fn check_warns_where_a_schema_is_read_otherwise_than_written() {
    // tests/stress/fixtures: an `allOf` cycle (typify would overflow its stack on it).
    let out = arazzo(&["check", "--format", "json", "tests/stress/fixtures/recursion.arazzo.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let rewritten: Vec<&serde_json::Value> =
        v.as_array().expect("array").iter().filter(|d| d["code"] == "schema-rewritten").collect();
    assert_eq!(rewritten.len(), 1, "{v}");
    let d = rewritten[0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "tests/stress/fixtures/recursion.openapi.json");
    assert_eq!(d["pointer"], "/components/schemas/CycleB");
    assert!(d["line"].as_u64().is_some_and(|l| l > 1), "{d}");
}
