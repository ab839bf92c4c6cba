//! A cache of expansions, keyed by the content of every input, so that a build where
//! neither the workflow nor its OpenAPI files changed does not parse a 3 MB description
//! again (rustc re-expands a crate's macros on every build of that crate).
//!
//! The key hashes the generator's own fingerprint, the client path, the workflow's
//! path and bytes, and the path and bytes of every source file it references (found by
//! reading only the workflow), plus `ARAZZO_URL_MAP`. Entries live in
//! `<target>/arazzo-cache/`; only successful expansions are stored. Any I/O problem
//! simply means no cache.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The cache folder: `$ARAZZO_CACHE_DIR`, else `$CARGO_TARGET_DIR/arazzo-cache`, else
/// `<workspace>/target/arazzo-cache`. `ARAZZO_CACHE_DIR=off` disables the cache.
pub fn dir(root: Option<&Path>) -> Option<PathBuf> {
    match std::env::var_os("ARAZZO_CACHE_DIR") {
        Some(d) if d == "off" => return None,
        Some(d) => return Some(PathBuf::from(d)),
        None => {}
    }
    if let Some(t) = std::env::var_os("CARGO_TARGET_DIR") {
        return Some(PathBuf::from(t).join("arazzo-cache"));
    }
    root.map(|r| r.join("target").join("arazzo-cache"))
}

/// The key for expanding `path` with `client`, or `None` when an input cannot be read.
pub fn key(path: &Path, client: &str) -> Option<String> {
    let workflow = std::fs::read(path).ok()?;
    let mut h = std::hash::DefaultHasher::new();
    env!("ARAZZO_CODEGEN_FINGERPRINT").hash(&mut h);
    client.hash(&mut h);
    path.hash(&mut h);
    workflow.hash(&mut h);
    std::env::var_os("ARAZZO_URL_MAP").hash(&mut h);
    // The sources, as the loader will find them (a cheap parse of the small workflow).
    let text = String::from_utf8(workflow).ok()?;
    let doc = crate::load::parse_str(text, path, String::new()).ok()?;
    let base = path.parent().unwrap_or(Path::new("."));
    for sd in doc.root.get("sourceDescriptions").and_then(Value::as_array).into_iter().flatten() {
        let url = sd.get("url").and_then(Value::as_str)?;
        let file = crate::map_url(url, base)?;
        file.hash(&mut h);
        std::fs::read(&file).ok()?.hash(&mut h);
    }
    Some(format!("{:016x}", h.finish()))
}

/// The cached expansion for `key`.
pub fn get(dir: &Path, key: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(format!("{key}.rs"))).ok()
}

/// Stores an expansion (atomically: a temporary file renamed into place).
pub fn put(dir: &Path, key: &str, code: &str) {
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!("{key}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, code).is_ok() && std::fs::rename(&tmp, dir.join(format!("{key}.rs"))).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
