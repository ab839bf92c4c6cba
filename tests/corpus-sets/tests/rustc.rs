//! The complete Arazzo + OpenAPI sets of the corpus through rustc: reads the manifest
//! `build.rs` wrote (this test binary only links if every included module compiled),
//! prints `CORPUS_SETS_RUSTC total=… library=… rustc=… excluded=…` and a line per
//! excluded document, and checks that every document the library compiles reached rustc
//! unless `build.rs`'s `EXCLUDED` lists it (with its reason).

use serde_json::Value;

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

#[test]
fn library_compiled_sets_reach_rustc() {
    let manifest: Value = serde_json::from_str(arazzo_corpus_sets::MANIFEST).expect("the manifest is JSON");
    if !flag(&manifest, "found") {
        println!("skipped: corpus not found at {} (set ARAZZO_CORPUS to its path)", arazzo_corpus_sets::CORPUS_DIR);
        return;
    }
    let docs = manifest["documents"].as_array().expect("documents");
    let library: Vec<&Value> = docs.iter().filter(|d| flag(&d["library"], "compiled")).collect();
    let rustc = docs.iter().filter(|d| flag(&d["rustc"], "included")).count();
    let excluded: Vec<&&Value> = library.iter().filter(|d| !flag(&d["rustc"], "included")).collect();
    println!(
        "CORPUS_SETS_RUSTC total={} library={} rustc={rustc} excluded={}",
        docs.len(),
        library.len(),
        excluded.len()
    );
    let mut failures = Vec::new();
    for d in &excluded {
        let reason = format!("[{}] {}", text(&d["rustc"], "code"), text(&d["rustc"], "message"));
        println!("excluded {}: {reason}", text(d, "document"));
        if d["excluded"].is_null() {
            failures.push(format!("{} is compiled by the library but not by rustc: {reason}", text(d, "document")));
        }
    }
    for d in docs.iter().filter(|d| !flag(&d["library"], "compiled")) {
        println!("not compiled by the library {}: [{}]", text(d, "document"), text(&d["library"], "code"));
    }
    for stale in manifest["stale_exclusions"].as_array().into_iter().flatten() {
        failures.push(format!(
            "EXCLUDED lists {}, which is not a complete set the library compiles: remove it",
            stale.as_str().unwrap_or_default()
        ));
    }
    assert!(failures.is_empty(), "not in EXCLUDED (build.rs):\n{}", failures.join("\n"));
    assert_eq!(library.len(), rustc + excluded.len(), "only documents the library compiles reach rustc");
}
