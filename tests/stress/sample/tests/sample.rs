//! The CI sample of the stress corpus: every API either compiled (its module is in this
//! crate, so rustc accepted it) or was rejected by `arazzo check` with a diagnostic that
//! has a position, as `src/sample.rs` pins; none failed after `check` accepted it, and
//! no panic escaped the generator.

use serde_json::Value;

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

#[test]
fn every_sampled_api_compiles_or_is_rejected_with_a_position() {
    let manifest: Value = serde_json::from_str(arazzo_stress_sample::MANIFEST).expect("the manifest is JSON");
    if manifest["found"] != Value::Bool(true) {
        println!(
            "skipped: stress corpus not found at {} (set ARAZZO_OPENAPI_CORPUS to its path)",
            arazzo_stress_sample::CORPUS_DIR
        );
        return;
    }
    let apis = manifest["apis"].as_array().expect("apis");
    let mut failures = Vec::new();
    for a in apis {
        let (name, verdict, expected) = (text(a, "api"), text(a, "verdict"), text(a, "expected"));
        println!("{verdict:<9} {name} [{}] {}", text(a, "code"), text(a, "message").lines().next().unwrap_or_default());
        if verdict != expected {
            failures.push(format!(
                "{name}: {verdict}, expected {expected}: [{}] {}",
                text(a, "code"),
                text(a, "message")
            ));
        }
        if verdict == "rejected" && text(a, "at").is_empty() {
            failures.push(format!("{name}: rejected without a position: {}", text(a, "message")));
        }
        // `check` accepted it exactly when it was generated for rustc.
        if (verdict == "compiled") != a["module"].is_string() {
            failures.push(format!("{name}: check's verdict and the build disagree"));
        }
    }
    let compiled = apis.iter().filter(|a| a["verdict"] == "compiled").count();
    println!("STRESS_SAMPLE total={} compiled={compiled}", apis.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
