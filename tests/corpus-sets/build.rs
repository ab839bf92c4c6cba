//! Compiles every complete Arazzo + OpenAPI set of the third-party corpus (the documents
//! `INDEX.md` lists under "### Complete sets": every source resolves locally; read in
//! place, never copied) into Rust for `src/lib.rs`:
//!
//! - every document goes through `arazzo_codegen::compile` (with `ARAZZO_URL_MAP` from
//!   the corpus's `url-map.json`, so remote source URLs map to local files);
//! - the documents that compile are grouped by their OpenAPI description, and one
//!   progenitor client is generated per description over the union of the operations
//!   (module `c<k>`); a document whose workflows call several descriptions gets a client
//!   of its own, with a module per description;
//! - the workflows of each document are generated into a module `w<j>` against its client;
//! - `manifest.json` records, per document, whether the library compiled it (or the
//!   first error), whether its client was generated (or progenitor's failure), and
//!   whether it is given to rustc (or why not);
//! - this crate's own [`FIXTURES`] (shapes of the corpus that the generator once got
//!   wrong) go through the same steps, with or without the corpus, and must compile.
//!
//! Nothing that fails here for a corpus document fails the build: the manifest records
//! it, and `tests/rustc.rs` fails unless every document the library compiles reaches
//! rustc or is in [`EXCLUDED`]. Generated code that rustc rejects fails the build:
//! rustc's errors point into `OUT_DIR/w<j>.rs` (whose first lines name the Arazzo
//! document) or `OUT_DIR/c<k>.rs`.

#[path = "../corpus_build_support.rs"]
mod support;

use support::{Reason, client_parts, first_error, set_url_map, track, write_out};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// Documents (relative to the corpus) that the library compiles but whose generated code
/// is not given to rustc, each with the reason (a gap of the generator or of progenitor).
/// `CORPUS_SETS_NO_EXCLUDE=1` includes them anyway, to re-check the list.
const EXCLUDED: &[(&str, &str)] = &[];

/// Arazzo documents of this crate (relative to it), generated like the corpus's: each
/// must compile through the library, progenitor and rustc (the build fails otherwise).
const FIXTURES: &[&str] = &["fixtures/regressions.arazzo.yaml"];

/// One document: a complete set of the corpus, or one of [`FIXTURES`].
struct Doc {
    /// Relative to the corpus root, as INDEX.md lists it (or to this crate: a fixture).
    rel: String,
    /// One of [`FIXTURES`].
    fixture: bool,
    path: PathBuf,
    /// What the library made of it.
    library: Result<Compiled, Reason>,
    /// The client (index into the generated clients) or why there is none; `None` when
    /// not attempted.
    client: Option<Result<usize, Reason>>,
    /// The workflow module's code, or why it could not be generated (or is excluded).
    rustc: Result<String, Reason>,
}

struct Compiled {
    /// What the client is generated for: the OpenAPI description, or with several (or
    /// none), the Arazzo document itself (a client of its own).
    group: PathBuf,
    /// Whether [`EXCLUDED`] lists it (with the reason).
    excluded: Option<&'static str>,
    /// The workflowIds, in the module's order.
    workflows: Vec<String>,
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let root = arazzo_codegen::workspace_root(&manifest_dir);
    println!("cargo:rerun-if-env-changed=ARAZZO_CORPUS");
    println!("cargo:rerun-if-env-changed=CORPUS_SETS_NO_EXCLUDE");
    println!("cargo:rerun-if-changed=build.rs");
    let corpus = match std::env::var_os("ARAZZO_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => arazzo_codegen::clean_path(&manifest_dir.join("../../../shared/corpus")),
    };
    let index = corpus.join("INDEX.md");
    println!("cargo:rerun-if-changed={}", index.display());
    let listed = std::fs::read_to_string(&index).ok().map(|t| complete_sets(&t));
    let found = listed.is_some();
    if found {
        set_url_map(&corpus);
    }
    let no_exclude = std::env::var_os("CORPUS_SETS_NO_EXCLUDE").is_some();

    let fixtures = FIXTURES.iter().map(|rel| (rel.to_string(), manifest_dir.join(rel), true));
    let listed = listed.unwrap_or_default().into_iter().map(|rel| {
        let path = corpus.join(&rel);
        (rel, path, false)
    });
    let mut docs: Vec<Doc> = fixtures
        .chain(listed)
        .map(|(rel, path, fixture)| {
            let library = compile_doc(&rel, &path, root.as_deref(), no_exclude || fixture);
            Doc { rel, path, fixture, library, client: None, rustc: Err(Reason::new("pending", "")) }
        })
        .collect();

    // One client per OpenAPI description, over the union of the operations.
    let mut groups: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (j, d) in docs.iter().enumerate() {
        if let Ok(c) = &d.library
            && c.excluded.is_none()
        {
            groups.entry(c.group.clone()).or_default().push(j);
        }
    }
    // The code of each client and the modules of its descriptions.
    let mut clients: Vec<(String, Vec<Option<String>>)> = Vec::new();
    for members in groups.values() {
        let paths: Vec<PathBuf> = members.iter().map(|&j| docs[j].path.clone()).collect();
        match arazzo_codegen::client::generate_client(&paths, root.as_deref()) {
            Ok(client) => {
                track(&client.files);
                for &j in members {
                    docs[j].client = Some(Ok(clients.len()));
                }
                clients.push(client_parts(client));
            }
            // One document can make progenitor fail for all: try each on its own.
            Err(_) if members.len() > 1 => {
                for &j in members {
                    match arazzo_codegen::client::generate_client(&[docs[j].path.clone()], root.as_deref()) {
                        Ok(client) => {
                            track(&client.files);
                            docs[j].client = Some(Ok(clients.len()));
                            clients.push(client_parts(client));
                        }
                        Err(d) => docs[j].client = Some(Err(first_error(&d))),
                    }
                }
            }
            Err(d) => {
                for &j in members {
                    docs[j].client = Some(Err(first_error(&d)));
                }
            }
        }
    }

    // The workflow modules.
    for d in &mut docs {
        d.rustc = match (&d.library, &d.client) {
            (Err(r), _) => Err(Reason::new("library", format!("not compiled by the library: [{}]", r.code))),
            (Ok(Compiled { excluded: Some(why), .. }), _) => Err(Reason::new("excluded", *why)),
            (Ok(_), Some(Err(r))) => Err(Reason::new("client", format!("no client: [{}] {}", r.code, r.message))),
            (Ok(_), None) => Err(Reason::new("internal", "no client was attempted")),
            (Ok(_), Some(Ok(k))) => match format!("crate::sets::c{k}").parse::<proc_macro2::TokenStream>() {
                Err(e) => Err(Reason::new("internal", format!("client path: {e}"))),
                Ok(client) => {
                    arazzo_codegen::generate_source(&d.path, root.as_deref(), &client, &out).map_err(|diags| {
                        let r = first_error(&diags);
                        Reason::new("generate", format!("[{}] {}", r.code, r.message))
                    })
                }
            },
        };
    }

    for d in docs.iter().filter(|d| d.fixture) {
        if let Err(r) = &d.rustc {
            let first = d.library.as_ref().err().unwrap_or(r);
            panic!("the fixture {} does not compile: [{}] {}", d.rel, first.code, first.message);
        }
    }

    let mut used_clients: Vec<usize> =
        docs.iter().filter(|d| d.rustc.is_ok()).filter_map(|d| d.client.as_ref()?.as_ref().ok().copied()).collect();
    used_clients.sort_unstable();
    used_clients.dedup();

    let mut rs = String::new();
    rs.push_str("// @generated by tests/corpus-sets/build.rs\n\n");
    let _ = writeln!(
        rs,
        "/// Whether the corpus was found when this crate was built.\npub const CORPUS_FOUND: bool = {found};"
    );
    let _ = writeln!(
        rs,
        "/// Where the corpus was read (or looked for).\npub const CORPUS_DIR: &str = {:?};",
        corpus.display().to_string()
    );
    for &k in &used_clients {
        write_out(&out, &format!("c{k}.rs"), &clients[k].0);
        rs.push_str(&support::client_module(k, &clients[k].1));
    }
    for (j, d) in docs.iter().enumerate() {
        let Ok(code) = &d.rustc else { continue };
        write_out(&out, &format!("w{j}.rs"), code);
        let _ = write!(
            rs,
            "\n/// The workflows of `{}`.\n#[allow(dead_code, clippy::all)]\npub mod w{j} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/w{j}.rs\"));\n}}\n",
            d.rel
        );
    }
    write_out(&out, "sets.rs", &rs);

    // The manifest.
    let entries: Vec<Value> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.fixture)
        .map(|(j, d)| {
            let library = match &d.library {
                Ok(c) => json!({"compiled": true, "workflows": c.workflows}),
                Err(r) => json!({"compiled": false, "code": r.code, "message": r.message}),
            };
            let client = match &d.client {
                None => Value::Null,
                Some(Ok(k)) => json!({"generated": true, "module": format!("c{k}")}),
                Some(Err(r)) => json!({"generated": false, "code": r.code, "message": r.message}),
            };
            let rustc = match &d.rustc {
                Ok(_) => json!({"included": true, "module": format!("w{j}")}),
                Err(r) => json!({"included": false, "code": r.code, "message": r.message}),
            };
            let excluded = d.library.as_ref().ok().and_then(|c| c.excluded);
            json!({"document": d.rel, "library": library, "client": client, "rustc": rustc, "excluded": excluded})
        })
        .collect();
    // Entries of `EXCLUDED` that name no document the library compiles: to be removed.
    let stale: Vec<&str> = EXCLUDED
        .iter()
        .map(|(rel, _)| *rel)
        .filter(|rel| !docs.iter().any(|d| d.rel == *rel && !d.fixture && d.library.is_ok()))
        .filter(|_| found)
        .collect();
    let fixtures: Vec<Value> = docs
        .iter()
        .enumerate()
        .filter(|(_, d)| d.fixture)
        .map(|(j, d)| json!({"document": d.rel, "module": format!("w{j}")}))
        .collect();
    let manifest = json!({
        "corpus": corpus.display().to_string(),
        "found": found,
        "documents": entries,
        "stale_exclusions": stale,
        "fixtures": fixtures,
    });
    write_out(&out, "manifest.json", &serde_json::to_string_pretty(&manifest).unwrap_or_default());
}

/// The documents of INDEX.md's "### Complete sets" section, relative to the corpus root
/// (lines such as ``- **owner__repo** (2): `a.yaml`, `b.yaml` ``).
fn complete_sets(index: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in index.lines() {
        if line.starts_with("### ") || line.starts_with("## ") {
            inside = line.starts_with("### Complete sets");
            continue;
        }
        let Some(rest) = line.strip_prefix("- **").filter(|_| inside) else { continue };
        let Some((repo, files)) = rest.split_once("**") else { continue };
        for (i, part) in files.split('`').enumerate() {
            if i % 2 == 1 {
                out.push(format!("{repo}/{part}"));
            }
        }
    }
    out
}

/// Compiles one document with the library: `Ok` with what the glue needs, or the reason.
/// `no_exclude`: [`EXCLUDED`] is not read.
fn compile_doc(rel: &str, path: &Path, root: Option<&Path>, no_exclude: bool) -> Result<Compiled, Reason> {
    println!("cargo:rerun-if-changed={}", path.display());
    if !path.is_file() {
        return Err(Reason::new("missing-file", format!("`{rel}` is not in the corpus")));
    }
    let (module, _) = arazzo_codegen::compile(path, root).map_err(|d| first_error(&d))?;
    track(&module.files);
    let excluded = EXCLUDED.iter().find(|(r, _)| *r == rel).map(|(_, why)| *why).filter(|_| !no_exclude);
    let group = match module.clients.as_slice() {
        [one] => PathBuf::from(&one.path),
        _ => arazzo_codegen::clean_path(path),
    };
    let workflows = module.workflows.iter().map(|w| w.id.clone()).collect();
    Ok(Compiled { group, excluded, workflows })
}
