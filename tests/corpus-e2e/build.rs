//! Compiles the Arazzo files of JaredCE/Arazzo-Runner's end-to-end scenarios (a
//! third-party corpus, read in place, never copied) into Rust for `src/lib.rs`:
//!
//! - every Arazzo file a scenario runs goes through `arazzo_codegen::compile`;
//! - the files that compile are grouped by their OpenAPI description, and one
//!   progenitor client is generated per description over the union of the operations
//!   (module `c<k>`);
//! - the workflows of each file are generated into a module `w<j>` against that client;
//! - `run_scenario(i, base, inputs)` dispatches a scenario index to a function that runs
//!   the file's workflows in document order (what JaredCE's runner does);
//! - `manifest.json` records, per scenario, whether it compiled and, if not, the first
//!   diagnostic (code and message).
//!
//! Nothing that fails here fails the build: a scenario that cannot be compiled is
//! recorded as "not compiled" with its reason. Generated code that does not compile
//! through rustc is excluded by [`DENY`], with the reason (`CORPUS_E2E_NO_DENY=1`
//! includes it anyway, to re-check the list: rustc's errors point into `OUT_DIR/w<j>.rs`,
//! whose first lines name the Arazzo file).

#[path = "../corpus_build_support.rs"]
mod support;

use support::{Reason, client_parts, first_error, set_url_map, track, write_out};

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The scenario file, relative to the corpus.
const SCENARIOS: &str = "JaredCE__Arazzo-Runner/scenarios-e2e.json";
/// The folder the scenarios' paths are relative to.
const RUNNER_DIR: &str = "JaredCE__Arazzo-Runner";

/// Arazzo files (as the scenarios name them) whose generated code is not given to rustc,
/// with the reason: each is a bug or gap of the generator (or of progenitor), found by
/// building this crate with every file included. Measured with `$schema` accepted at the
/// root of an Arazzo document (most files have it).
// Empty since the generator sends every parameter style and passes progenitor's own
// parameter types (rebuild with `CORPUS_E2E_NO_DENY=1` to re-check when it is not).
const DENY: &[(&str, &str)] = &[];

/// One Arazzo file that some scenario runs.
struct ArazzoFile {
    /// As the scenarios name it (relative to the runner's folder).
    rel: String,
    path: PathBuf,
    status: Result<Compiled, Reason>,
}

struct Compiled {
    /// What the client is generated for: the OpenAPI description, or with several,
    /// the Arazzo file itself (a client of its own, a module per description).
    group: PathBuf,
    /// Per description: the module of its client (`None`: the client module itself)
    /// and the path its server URL starts with.
    sources: Vec<(Option<String>, String)>,
    /// The origins (`http://host:80`) of every server the descriptions name.
    origins: Vec<String>,
    /// workflowId, function name, type prefix — in document order.
    workflows: Vec<(String, String, String)>,
    client: usize,
}

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let root = arazzo_codegen::workspace_root(&manifest_dir);
    println!("cargo:rerun-if-env-changed=ARAZZO_CORPUS");
    println!("cargo:rerun-if-env-changed=CORPUS_E2E_NO_DENY");
    println!("cargo:rerun-if-changed=build.rs");
    let corpus = match std::env::var_os("ARAZZO_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => arazzo_codegen::clean_path(&manifest_dir.join("../../../shared/corpus")),
    };
    let scenarios_path = corpus.join(SCENARIOS);
    println!("cargo:rerun-if-changed={}", scenarios_path.display());
    let scenarios: Vec<Value> =
        match std::fs::read_to_string(&scenarios_path).ok().and_then(|t| serde_json::from_str::<Value>(&t).ok()) {
            Some(Value::Array(list)) => list,
            _ => {
                write_out(&out, "scenarios.rs", &missing_corpus(&corpus));
                write_out(&out, "manifest.json", "{\"scenarios\": []}");
                return;
            }
        };
    set_url_map(&corpus);

    // Every Arazzo file once, in order of first use.
    let mut files: Vec<ArazzoFile> = Vec::new();
    let mut file_of: Vec<usize> = Vec::new();
    for s in &scenarios {
        let rel = s.get("arazzo_file").and_then(Value::as_str).unwrap_or_default().to_string();
        let j = match files.iter().position(|f| f.rel == rel) {
            Some(j) => j,
            None => {
                let path = corpus.join(RUNNER_DIR).join(&rel);
                files.push(ArazzoFile { rel, path, status: Err(Reason::new("pending", "")) });
                files.len() - 1
            }
        };
        file_of.push(j);
    }

    for f in &mut files {
        f.status = compile_file(f, root.as_deref());
    }

    // One client per OpenAPI description, over the union of the operations.
    let mut groups: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    for (j, f) in files.iter().enumerate() {
        if let Ok(c) = &f.status {
            groups.entry(c.group.clone()).or_default().push(j);
        }
    }
    // The code of each client and the modules of its descriptions.
    let mut clients: Vec<(String, Vec<Option<String>>)> = Vec::new();
    for members in groups.values() {
        let paths: Vec<PathBuf> = members.iter().map(|&j| files[j].path.clone()).collect();
        match arazzo_codegen::client::generate_client(&paths, root.as_deref()) {
            Ok(client) => {
                track(&client.files);
                for &j in members {
                    if let Ok(c) = &mut files[j].status {
                        c.client = clients.len();
                    }
                }
                clients.push(client_parts(client));
            }
            // One file can make progenitor fail for all: try each on its own.
            Err(_) if members.len() > 1 => {
                for &j in members {
                    match arazzo_codegen::client::generate_client(&[files[j].path.clone()], root.as_deref()) {
                        Ok(client) => {
                            track(&client.files);
                            if let Ok(c) = &mut files[j].status {
                                c.client = clients.len();
                            }
                            clients.push(client_parts(client));
                        }
                        Err(d) => files[j].status = Err(first_error(&d)),
                    }
                }
            }
            Err(d) => {
                for &j in members {
                    files[j].status = Err(first_error(&d));
                }
            }
        }
    }

    // The workflow modules.
    let mut workflow_code: BTreeMap<usize, String> = BTreeMap::new();
    for (j, f) in files.iter_mut().enumerate() {
        let Ok(c) = &f.status else { continue };
        let client: proc_macro2::TokenStream = match format!("crate::scenarios::c{}", c.client).parse() {
            Ok(t) => t,
            Err(e) => {
                f.status = Err(Reason::new("internal", format!("client path: {e}")));
                continue;
            }
        };
        match arazzo_codegen::generate_source(&f.path, root.as_deref(), &client, &out) {
            Ok(code) => {
                workflow_code.insert(j, code);
            }
            Err(d) => f.status = Err(first_error(&d)),
        }
    }

    let mut used_clients: Vec<usize> = files.iter().filter_map(|f| f.status.as_ref().ok().map(|c| c.client)).collect();
    used_clients.sort_unstable();
    used_clients.dedup();

    let mut rs = String::new();
    rs.push_str("// @generated by tests/corpus-e2e/build.rs\n\n");
    rs.push_str("/// Whether the corpus was found when this crate was built.\npub const CORPUS_FOUND: bool = true;\n");
    let _ = writeln!(
        rs,
        "/// Where the corpus was read.\npub const CORPUS_DIR: &str = {:?};",
        corpus.display().to_string()
    );
    for &k in &used_clients {
        write_out(&out, &format!("c{k}.rs"), &clients[k].0);
        rs.push_str(&support::client_module(k, &clients[k].1));
    }
    for (j, code) in &workflow_code {
        write_out(&out, &format!("w{j}.rs"), code);
        let Ok(c) = &files[*j].status else { continue };
        let _ = write!(
            rs,
            "\n/// The workflows of `{}`.\n#[allow(dead_code, clippy::all)]\npub mod w{j} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/w{j}.rs\"));\n}}\n",
            files[*j].rel
        );
        let hosts: Vec<String> = c.origins.iter().filter_map(|o| origin_host(o)).collect();
        let http = format!("crate::routed_client(base, &{hosts:?})");
        let client = match c.sources.as_slice() {
            [(None, prefix)] => {
                format!("c{}::Client::new_with_client(&format!(\"{{base}}{prefix}\"), {http})", c.client)
            }
            sources => {
                let fields: String = sources
                    .iter()
                    .map(|(m, prefix)| {
                        let m = m.as_deref().unwrap_or_default();
                        format!(
                            "{m}: c{}::{m}::Client::new_with_client(&format!(\"{{base}}{prefix}\"), {http}), ",
                            c.client
                        )
                    })
                    .collect();
                format!("w{j}::Clients {{ {fields}}}")
            }
        };
        let _ = write!(
            rs,
            "\n/// Runs the workflows of `{}` in document order, each with `inputs[workflowId]`.\nasync fn run_w{j}(base: &str, inputs: &::serde_json::Value) -> Result<::serde_json::Value, String> {{\n    let client = {client};\n    let mut outputs = ::serde_json::Map::new();\n",
            files[*j].rel
        );
        for (id, fn_name, prefix) in &c.workflows {
            let _ = write!(
                rs,
                "    {{\n        let raw = inputs.get({id:?}).cloned().unwrap_or_else(|| ::serde_json::json!({{}}));\n        let inputs: w{j}::{prefix}Inputs = ::serde_json::from_value(raw).map_err(|e| format!(\"inputs of workflow `{{}}`: {{e}}\", {id:?}))?;\n        let out = w{j}::{fn_name}(&client, inputs).await.map_err(|e| format!(\"workflow `{{}}`: {{e}}\", {id:?}))?;\n        outputs.insert({id:?}.to_string(), ::serde_json::Value::String(format!(\"{{out:?}}\")));\n    }}\n"
            );
        }
        rs.push_str("    Ok(::serde_json::Value::Object(outputs))\n}\n");
    }
    rs.push_str(
        "\n/// Runs scenario `i` against `base` (the mock server's URL; each description's server path is added).\n/// `Ok` holds each workflow's outputs (their `Debug` text) by workflowId.\npub async fn run_scenario(i: usize, base: &str, inputs: ::serde_json::Value) -> Result<::serde_json::Value, String> {\n    let _ = (base, &inputs);\n    match i {\n",
    );
    for (i, &j) in file_of.iter().enumerate() {
        if workflow_code.contains_key(&j) {
            let _ = writeln!(rs, "        {i} => run_w{j}(base, &inputs).await,");
        }
    }
    rs.push_str("        _ => Err(format!(\"scenario {i} is not compiled\")),\n    }\n}\n");
    write_out(&out, "scenarios.rs", &rs);

    // The manifest.
    let entries: Vec<Value> = scenarios
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let f = &files[file_of[i]];
            let mut e = json!({
                "index": i,
                "test": s.get("test").cloned().unwrap_or(Value::Null),
                "source_file": s.get("source_file").cloned().unwrap_or(Value::Null),
                "arazzo_file": f.rel,
                "inputs_file": s.get("inputs_file").cloned().unwrap_or(Value::Null),
                "expect_error": s.get("expect_error").cloned().unwrap_or(Value::Bool(false)),
                "compiled": f.status.is_ok(),
            });
            match &f.status {
                Ok(c) => {
                    e["module"] = json!(format!("w{}", file_of[i]));
                    e["client"] = json!(format!("c{}", c.client));
                    e["server_prefixes"] = json!(c.sources.iter().map(|s| s.1.clone()).collect::<Vec<_>>());
                    e["server_origins"] = json!(c.origins);
                    e["workflows"] = json!(c.workflows.iter().map(|w| w.0.clone()).collect::<Vec<_>>());
                }
                Err(r) => e["reason"] = json!({"code": r.code, "message": r.message}),
            }
            e
        })
        .collect();
    let manifest = json!({"corpus": corpus.display().to_string(), "scenarios": entries});
    write_out(&out, "manifest.json", &serde_json::to_string_pretty(&manifest).unwrap_or_default());
}

/// Compiles one file with the library: `Ok` with what the glue needs, or the reason.
fn compile_file(f: &ArazzoFile, root: Option<&Path>) -> Result<Compiled, Reason> {
    println!("cargo:rerun-if-changed={}", f.path.display());
    if !f.path.is_file() {
        return Err(Reason::new("missing-file", format!("`{}` is not in the corpus", f.rel)));
    }
    let (module, _) = arazzo_codegen::compile(&f.path, root).map_err(|d| first_error(&d))?;
    track(&module.files);
    // Only files the library accepts are reported as denied: the others keep its reason.
    // `CORPUS_E2E_NO_DENY=1` gives every file to rustc: to re-check the list.
    if std::env::var_os("CORPUS_E2E_NO_DENY").is_none()
        && let Some((_, why)) = DENY.iter().find(|(rel, _)| *rel == f.rel)
    {
        return Err(Reason::new("deny-list", *why));
    }
    let several = module.clients.len() > 1;
    let sources =
        module.clients.iter().map(|c| (several.then(|| c.module.clone()), server_prefix(Path::new(&c.path)))).collect();
    let group = match module.clients.as_slice() {
        [one] => PathBuf::from(&one.path),
        _ => arazzo_codegen::clean_path(&f.path),
    };
    // The file's own workflows come last, after those of its `arazzo` sources, which
    // the runner only runs when a step or `dependsOn` calls them.
    let own = arazzo_codegen::load::load_file(&f.path, f.rel.clone())
        .ok()
        .and_then(|doc| doc.root.get("workflows").and_then(Value::as_array).map(Vec::len))
        .unwrap_or(module.workflows.len());
    let workflows = module.workflows[module.workflows.len().saturating_sub(own)..]
        .iter()
        .map(|w| (w.id.clone(), w.fn_name.clone(), w.type_prefix.clone()))
        .collect();
    let mut origins: Vec<String> = module.clients.iter().flat_map(|c| server_origins(Path::new(&c.path))).collect();
    origins.sort();
    origins.dedup();
    Ok(Compiled { group, sources, origins, workflows, client: 0 })
}

/// The path part of the description's first server URL (variables at their defaults),
/// without a trailing `/`: what the mock's paths start with.
fn server_prefix(openapi: &Path) -> String {
    let Ok(doc) = arazzo_codegen::load::load_file(openapi, openapi.display().to_string()) else {
        return String::new();
    };
    let Some(server) = doc.root.pointer("/servers/0") else { return String::new() };
    let mut url = server.get("url").and_then(Value::as_str).unwrap_or_default().to_string();
    if let Some(Value::Object(vars)) = server.get("variables") {
        for (name, var) in vars {
            let default = var.get("default").and_then(Value::as_str).unwrap_or_default();
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    let after_scheme = url.split_once("://").map(|(_, rest)| rest.to_string());
    let path = match after_scheme {
        Some(rest) => rest.find('/').map(|i| rest[i..].to_string()).unwrap_or_default(),
        None => url,
    };
    path.trim_end_matches('/').to_string()
}

/// The origins of every server of a description (root, path items and operations;
/// variables at their defaults), with the scheme's port made explicit: `http://h:80`.
fn server_origins(openapi: &Path) -> Vec<String> {
    let Ok(doc) = arazzo_codegen::load::load_file(openapi, openapi.display().to_string()) else {
        return Vec::new();
    };
    let mut lists = vec![doc.root.get("servers")];
    for item in doc.root.get("paths").and_then(Value::as_object).into_iter().flat_map(|p| p.values()) {
        lists.push(item.get("servers"));
        for method in arazzo_codegen::openapi::METHODS {
            lists.push(item.get(method).and_then(|op| op.get("servers")));
        }
    }
    let mut out = Vec::new();
    for server in lists.into_iter().flatten().filter_map(Value::as_array).flatten() {
        let one = Value::Array(vec![server.clone()]);
        let Some(url) = arazzo_codegen::openapi::server_url(&one) else { continue };
        let Some((scheme, rest)) = url.split_once("://") else { continue };
        let authority = rest.split('/').next().unwrap_or_default().to_ascii_lowercase();
        let port = match scheme {
            _ if authority.contains(':') => "",
            "https" => ":443",
            _ => ":80",
        };
        out.push(format!("{}://{authority}{port}", scheme.to_ascii_lowercase()));
    }
    out
}

/// `http://h:80` → `h`.
fn origin_host(origin: &str) -> Option<String> {
    let authority = origin.split_once("://")?.1;
    Some(authority.rsplit_once(':').map_or(authority, |(h, _)| h).to_string())
}

fn missing_corpus(corpus: &Path) -> String {
    format!(
        "// @generated by tests/corpus-e2e/build.rs: the corpus was not found.\n\
         /// Whether the corpus was found when this crate was built.\n\
         pub const CORPUS_FOUND: bool = false;\n\
         /// Where the corpus was looked for.\n\
         pub const CORPUS_DIR: &str = {:?};\n\
         /// No scenario is compiled without the corpus.\n\
         pub async fn run_scenario(i: usize, _base: &str, _inputs: ::serde_json::Value) -> Result<::serde_json::Value, String> {{\n\
         \x20   Err(format!(\"scenario {{i}} is not compiled: the corpus was not found\"))\n\
         }}\n",
        corpus.display().to_string()
    )
}
