//! arazzo-codegen compiles [Arazzo](https://spec.openapis.org/arazzo/latest.html)
//! workflows, and the OpenAPI descriptions they reference, into typed Rust.
//!
//! The stages, one module each:
//! 1. [`load`]: YAML/JSON with the position of every node;
//! 2. [`resolve`]: workflows checked against the operations of their sources, lowered;
//! 3. [`ir`]: the intermediate form;
//! 4. [`emit`]: Rust tokens.
//!
//! [`openapi`] holds the pipeline that prunes an OpenAPI 3.1 description to the
//! operations the workflows use and normalises it into the 3.0 progenitor accepts;
//! [`client`] (feature `progenitor`) runs progenitor on it, for build scripts.
//!
//! Nothing here panics on bad input: every problem is a [`Diagnostic`] with the file,
//! line, column and JSON pointer.

// Diagnostics are large (position, pointer, help) and travel only on the error path of
// a compile-time tool; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

pub mod arazzo;
pub mod cache;
#[cfg(feature = "progenitor")]
pub mod client;
pub mod criteria;
pub mod diagnostic;
pub mod emit;
pub mod expr;
pub mod ir;
pub mod load;
pub mod names;
pub mod openapi;
pub mod resolve;
pub mod validate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use serde_json::Value;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};

/// A workflow file with its sources, loaded and checked.
pub struct Loaded {
    /// The Arazzo document.
    pub doc: load::Document,
    /// Its model.
    pub model: arazzo::Arazzo,
    /// Its OpenAPI sources.
    pub sources: Vec<resolve::ApiSource>,
    /// Names of the sources that could not be loaded (already reported).
    pub failed_sources: Vec<String>,
    /// Its `arazzo` sources (other workflow documents), loaded, by source name.
    pub children: Vec<(String, Loaded)>,
    /// `arazzo` sources that lead back to a document above this one (not loaded again;
    /// calling their workflows would be recursion).
    pub cyclic_sources: Vec<String>,
}

impl Loaded {
    /// Every OpenAPI source of this document and of the documents it uses.
    pub fn all_sources(&self) -> Vec<&resolve::ApiSource> {
        let mut out: Vec<&resolve::ApiSource> = self.sources.iter().collect();
        for (_, child) in &self.children {
            out.extend(child.all_sources());
        }
        out
    }

    /// The client module of every OpenAPI description this document and its `arazzo`
    /// sources use (see [`client_module`]), with errors for names that collide.
    pub fn client_modules(&self) -> (Vec<ClientModule>, Diagnostics) {
        let mut modules: Vec<ClientModule> = Vec::new();
        let mut diags = Diagnostics::default();
        self.name_modules("", &mut modules, &mut diags);
        (modules, diags)
    }

    fn name_modules(&self, prefix: &str, modules: &mut Vec<ClientModule>, diags: &mut Diagnostics) {
        for source in &self.sources {
            let path = clean_path(&source.doc.file.path);
            if modules.iter().any(|m| m.path == path) {
                continue;
            }
            let plain = client_module(&source.name);
            // A name a document used already goes to the source of the document that
            // uses this one first; this one's is qualified by its `arazzo` source's name.
            let candidates = if prefix.is_empty() {
                vec![plain]
            } else {
                vec![plain, client_module(&format!("{prefix}_{}", source.name))]
            };
            let free = candidates.iter().find(|c| *c != "arazzo_runtime" && !modules.iter().any(|m| &m.module == *c));
            match free {
                Some(module) => {
                    modules.push(ClientModule { path, module: module.clone(), name: source.name.clone() });
                }
                None => {
                    let index =
                        self.model.source_descriptions.iter().position(|s| s.name == source.name).unwrap_or_default();
                    let message = match modules.iter().find(|m| m.module == candidates[0]) {
                        Some(other) => format!(
                            "source descriptions `{}` and `{}` point to different OpenAPI descriptions, but their clients would share the module `{}`",
                            other.name, source.name, other.module
                        ),
                        None => "a source description cannot be named `arazzo_runtime`: its client module would hide the runtime".to_string(),
                    };
                    diags.push(
                        self.doc
                            .error_at(&format!("/sourceDescriptions/{index}/name"), "source-name-conflict", message)
                            .with_help("give it a name whose snake_case form no other source description has"),
                    );
                    // Still listed (under the colliding name), so that the module counts it.
                    modules.push(ClientModule { path, module: candidates[0].clone(), name: source.name.clone() });
                }
            }
        }
        for (name, child) in &self.children {
            let qualified = if prefix.is_empty() { name.clone() } else { format!("{prefix}_{name}") };
            child.name_modules(&qualified, modules, diags);
        }
    }

    /// Every file read: this document, its sources, its children's.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut out = vec![self.doc.file.path.clone()];
        out.extend(self.sources.iter().map(|s| s.doc.file.path.clone()));
        for (_, child) in &self.children {
            for f in child.files() {
                if !out.contains(&f) {
                    out.push(f);
                }
            }
        }
        out
    }
}

/// Finds the workspace root above `dir` (the last ancestor with a `Cargo.toml` that
/// has a `[workspace]` table), for showing paths relative to it.
pub fn workspace_root(dir: &Path) -> Option<PathBuf> {
    let mut found = None;
    for a in dir.ancestors() {
        let manifest = a.join("Cargo.toml");
        if std::fs::read_to_string(&manifest).is_ok_and(|t| t.contains("[workspace]")) {
            found = Some(a.to_path_buf());
        }
    }
    found
}

/// Normalises `.` and `..` in a path without touching the file system.
pub fn clean_path(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// How a path is shown: relative to `root` when inside it.
pub fn display_path(path: &Path, root: Option<&Path>) -> String {
    let path = clean_path(path);
    match root.and_then(|r| path.strip_prefix(clean_path(r)).ok()) {
        Some(rel) => rel.to_string_lossy().replace('\\', "/"),
        None => path.to_string_lossy().into_owned(),
    }
}

/// `to` as a relative path from the folder `from` (both cleaned, not canonicalised).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from = clean_path(from);
    let to = clean_path(to);
    let a: Vec<_> = from.components().collect();
    let b: Vec<_> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..a.len() {
        out.push("..");
    }
    for c in &b[common..] {
        out.push(c);
    }
    out.to_string_lossy().replace('\\', "/")
}

/// The URL → local path mapping for remote source URLs: `ARAZZO_URL_MAP` holds
/// `prefix=dir` pairs separated by `;` (the build never touches the network).
pub(crate) fn map_url(url: &str, base: &Path) -> Option<PathBuf> {
    if url.starts_with("http://") || url.starts_with("https://") {
        let map = std::env::var("ARAZZO_URL_MAP").ok()?;
        for pair in map.split(';') {
            if let Some((prefix, dir)) = pair.split_once('=')
                && let Some(rest) = url.strip_prefix(prefix)
            {
                return Some(PathBuf::from(dir).join(rest));
            }
        }
        return None;
    }
    let url = url.strip_prefix("file://").unwrap_or(url);
    let url = url.split('#').next().unwrap_or(url);
    Some(base.join(url))
}

/// A remote source URL that `ARAZZO_URL_MAP` does not map (the build never fetches).
fn remote_source(doc: &load::Document, sp: &str, url: &str) -> Diagnostic {
    doc.error_at(&format!("{sp}/url"), "remote-source", format!("`{url}` is remote and no local copy is mapped"))
        .with_help("set ARAZZO_URL_MAP=\"<url prefix>=<local dir>\" to map remote URLs to local files")
}

/// Loads a workflow file and every OpenAPI file it references, checks the document's
/// shape, and normalises the sources.
pub fn load_workflow(path: &Path, root: Option<&Path>, diags: &mut Diagnostics) -> Option<Loaded> {
    load_nested(path, root, diags, &mut Vec::new())
}

/// [`load_workflow`], with the documents being loaded above this one (`arazzo` sources
/// that refer back to a document on the stack are a cycle).
fn load_nested(path: &Path, root: Option<&Path>, diags: &mut Diagnostics, stack: &mut Vec<PathBuf>) -> Option<Loaded> {
    let doc = match load::load_file(path, display_path(path, root)) {
        Ok(d) => d,
        Err(e) => {
            diags.push(e);
            return None;
        }
    };
    if !doc.root.is_object() {
        diags.push(doc.error_at(
            "",
            "invalid-type",
            "an Arazzo document is a mapping (with `arazzo`, `info`, `sourceDescriptions` and `workflows`)",
        ));
        return None;
    }
    // Structural validation first: every problem at its node, all at once.
    let before = diags.errors().count();
    validate::validate_document(&doc, diags);
    let invalid = diags.errors().count() > before;
    let model: arazzo::Arazzo = match arazzo::from_value(&doc, "", &doc.root) {
        Ok(m) => m,
        Err(e) => {
            // The validation already explained why the model does not deserialise.
            if !invalid {
                diags.push(e);
            }
            return None;
        }
    };
    let base = path.parent().unwrap_or(Path::new("."));
    let mut sources = Vec::new();
    let mut failed_sources = Vec::new();
    let mut names = BTreeSet::new();
    let mut children = Vec::new();
    let mut cyclic_sources = Vec::new();
    let used = resolve::operations_used(&model);
    for (i, sd) in model.source_descriptions.iter().enumerate() {
        let sp = format!("/sourceDescriptions/{i}");
        // Counted as failed until it loads.
        failed_sources.push(sd.name.clone());
        if !names.insert(sd.name.clone()) {
            diags.push(doc.error_at(
                &format!("{sp}/name"),
                "duplicate-id",
                format!("source name `{}` is used twice", sd.name),
            ));
            // Loading it too would make every operation ambiguous.
            failed_sources.pop();
            continue;
        }
        match sd.kind.as_deref() {
            Some("openapi") | None => {}
            Some("arazzo") => {
                let Some(file) = map_url(&sd.url, base) else {
                    diags.push(remote_source(&doc, &sp, &sd.url));
                    continue;
                };
                let me = clean_path(path);
                let target = clean_path(&file);
                if stack.contains(&target) || target == me || stack.len() > 16 {
                    // Documents may name each other; only calling back is recursion
                    // (reported where a step does it).
                    failed_sources.pop();
                    cyclic_sources.push(sd.name.clone());
                    continue;
                }
                if !file.is_file() {
                    diags.push(
                        doc.error_at(
                            &format!("{sp}/url"),
                            "missing-source",
                            format!("cannot load source `{}`: there is no file there", sd.name),
                        )
                        .with_help(format!("looked for {}", display_path(&file, root))),
                    );
                    continue;
                }
                stack.push(me);
                let child = load_nested(&file, root, diags, stack);
                stack.pop();
                if let Some(child) = child {
                    failed_sources.pop();
                    children.push((sd.name.clone(), child));
                }
                continue;
            }
            Some(kind @ "asyncapi") => {
                diags.push(doc.error_at(
                    &format!("{sp}/type"),
                    "unsupported",
                    format!("`{kind}` sources are not supported yet"),
                ));
                continue;
            }
            Some(other) => {
                diags.push(doc.error_at(
                    &format!("{sp}/type"),
                    "invalid-source",
                    format!("source type `{other}` is neither `openapi` nor `arazzo`"),
                ));
                continue;
            }
        }
        let Some(file) = map_url(&sd.url, base) else {
            diags.push(remote_source(&doc, &sp, &sd.url));
            continue;
        };
        let api = match load::load_file_shared(&file, display_path(&file, root)) {
            Ok(d) => d,
            Err(e) => {
                let d = doc
                    .error_at(
                        &format!("{sp}/url"),
                        "missing-source",
                        format!("cannot load source `{}`: {}", sd.name, e.message),
                    )
                    .with_help(format!("looked for {}", display_path(&file, root)));
                diags.push(d);
                continue;
            }
        };
        let problem = match (api.root.get("openapi"), api.root.get("swagger")) {
            (Some(Value::String(v)), _) if v.starts_with("3.") => None,
            (Some(Value::String(v)), _) => {
                Some(("/openapi", format!("OpenAPI version `{v}` is not supported (3.0 and 3.1 are)")))
            }
            (Some(other), _) => {
                Some(("/openapi", format!("the OpenAPI version must be a string like \"3.1.0\", not `{other}`")))
            }
            (None, Some(v)) => Some((
                "/swagger",
                format!(
                    "Swagger/OpenAPI {} is not supported (3.0 and 3.1 are)",
                    v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
                ),
            )),
            (None, None) => Some(("", "this is not an OpenAPI description: it has no `openapi` field".to_string())),
        };
        if let Some((pointer, message)) = problem {
            let d = if pointer.is_empty() {
                api.error_at(pointer, "unsupported", message)
            } else {
                api.error_at_key(pointer, "unsupported", message)
            };
            diags.push(d.with_help(format!("referenced by source `{}` of {}", sd.name, doc.file.display)));
            continue;
        }
        // Operations without an operationId, or with one declared twice, get ids of
        // their own (progenitor names a method after each); percent-encoded `$ref`
        // fragments are decoded once, here.
        let renamed = openapi::ids::plan(&api.root);
        let encoded = openapi::has_encoded_refs(&api.root);
        let api = if renamed.is_empty() && !encoded {
            api
        } else {
            let mut copy = (*api).clone();
            openapi::ids::assign(&mut copy.root);
            openapi::decode_refs(&mut copy.root);
            std::sync::Arc::new(copy)
        };
        // Which components responses reach: read leniently, by the index and the client.
        let lenient = openapi::prune::response_reachable(&api.root);
        let operations = openapi::operations_with(&api, &lenient);
        let mut keep: BTreeSet<String> = BTreeSet::new();
        for key in ["", sd.name.as_str()] {
            for named in used.get(key).into_iter().flatten() {
                // A declared id names the operations that declare it.
                keep.extend(
                    operations.iter().filter(|o| o.declared.as_ref() == Some(named)).map(|o| o.operation_id.clone()),
                );
                keep.insert(named.clone());
            }
        }
        // Operations named by `operationPath` (`{$sourceDescriptions.<name>.url}#<pointer>`).
        for wf in &model.workflows {
            for step in &wf.steps {
                let Some((head, fragment)) = step.operation_path.as_deref().and_then(|p| p.split_once('#')) else {
                    continue;
                };
                let fragment = fragment.replace("%7B", "{").replace("%7b", "{").replace("%7D", "}").replace("%7d", "}");
                let names_this = head.contains(&format!("$sourceDescriptions.{}.", sd.name))
                    || head.trim_start_matches('{').strip_prefix("$sourceDescriptions.") == Some(sd.name.as_str())
                    || head == sd.url;
                if names_this && let Some(op) = operations.iter().find(|o| o.pointer == fragment) {
                    keep.insert(op.operation_id.clone());
                }
            }
        }
        let used: Vec<String> =
            operations.iter().filter(|o| keep.contains(&o.operation_id)).map(|o| o.pointer.clone()).collect();
        let ref_errors = openapi::check_refs(&api, &used);
        if !ref_errors.is_empty() {
            diags.0.extend(ref_errors);
            continue;
        }
        let normalized = prepare_openapi_with(&api.root, &keep, &lenient);
        // Schemas normalisation had to read otherwise than the description says.
        for r in normalized.get(openapi::normalize::REWRITTEN).and_then(Value::as_array).into_iter().flatten() {
            let pointer = r.get("pointer").and_then(Value::as_str).unwrap_or_default();
            let message = r.get("message").and_then(Value::as_str).unwrap_or_default();
            diags.push(
                api.error_at(pointer, "schema-rewritten", message)
                    .warning()
                    .with_help(format!("referenced by source `{}` of {}", sd.name, doc.file.display)),
            );
        }
        failed_sources.pop();
        let used =
            operations.iter().filter(|o| keep.contains(&o.operation_id)).map(|o| o.operation_id.clone()).collect();
        sources.push(resolve::ApiSource { name: sd.name.clone(), doc: api, normalized, operations, used });
    }
    Some(Loaded { doc, model, sources, failed_sources, children, cyclic_sources })
}

/// Prunes an OpenAPI description to `operations` and normalises it for progenitor.
pub fn prepare_openapi(spec: &Value, operations: &BTreeSet<String>) -> Value {
    prepare_openapi_with(spec, operations, &openapi::prune::response_reachable(spec))
}

/// [`prepare_openapi`], given the components responses reach in `spec`
/// ([`openapi::prune::response_reachable`]).
fn prepare_openapi_with(
    spec: &Value,
    operations: &BTreeSet<String>,
    lenient: &std::collections::HashSet<String>,
) -> Value {
    let mut pruned = openapi::prune::prune(spec, operations);
    openapi::normalize::normalize(&mut pruned, lenient);
    pruned
}

/// What one `arazzo_workflow!` produces.
pub struct Expansion {
    /// The items, or `compile_error!`s.
    pub tokens: TokenStream,
    /// Every diagnostic (warnings included).
    pub diagnostics: Diagnostics,
}

/// Checks and lowers a workflow file; `Err` when there is any error.
pub fn compile(path: &Path, root: Option<&Path>) -> Result<(ir::Module, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(loaded) = load_workflow(path, root, &mut diags) else {
        diags.sort();
        return Err(diags);
    };
    let workflows = lower_loaded(&loaded, "", &mut diags);
    validate::drop_superseded(&mut diags);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let files = loaded.files();
    let mut operations: Vec<String> = workflows
        .iter()
        .flat_map(|w| w.steps.iter().map(|s| s.operation_id.clone()))
        .filter(|o| !o.is_empty())
        .collect();
    operations.sort();
    operations.dedup();
    let clients = client_sources(&loaded, &workflows, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((ir::Module { workflows, operations, clients, files }, diags))
}

/// The module name of a source description's client when a crate has several: its
/// name in snake_case (`petStore` → `pet_store`).
pub fn client_module(source_name: &str) -> String {
    names::sanitize(source_name, names::Case::Snake)
}

/// The client module of an OpenAPI description, in a crate with several.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientModule {
    /// The description's file (cleaned).
    pub path: PathBuf,
    /// The module: [`client_module`] of the first source description that names the
    /// file (this document's first, then its `arazzo` sources' in order); when a
    /// document another one uses names a different file the same, its module is
    /// qualified by the `arazzo` source's name (`auth_arazzo_users_api`).
    pub module: String,
    /// The source description's name.
    pub name: String,
}

/// The OpenAPI descriptions the steps call, each with the module of its client.
fn client_sources(loaded: &Loaded, workflows: &[ir::Workflow], diags: &mut Diagnostics) -> Vec<ir::ClientSource> {
    let (modules, errors) = loaded.client_modules();
    let mut clients: Vec<ir::ClientSource> = Vec::new();
    for m in modules {
        let path = m.path.to_string_lossy().into_owned();
        let mut operations: Vec<String> = workflows
            .iter()
            .flat_map(|w| &w.steps)
            .filter(|s| s.source == path && !s.operation_id.is_empty())
            .map(|s| s.operation_id.clone())
            .collect();
        if operations.is_empty() {
            continue;
        }
        operations.sort();
        operations.dedup();
        clients.push(ir::ClientSource { path, module: m.module, name: m.name, operations });
    }
    // Module names matter only when there are several clients.
    if clients.len() > 1 {
        for d in errors.0 {
            diags.push(d);
        }
    }
    clients.sort_by(|a, b| a.module.cmp(&b.module));
    clients
}

/// Lowers a document and, first, the documents of its `arazzo` sources: their workflows
/// are emitted next to this document's, named `<source name>-<workflowId>`, and this
/// document's steps call them as `$sourceDescriptions.<name>.<workflowId>`.
fn lower_loaded(loaded: &Loaded, prefix: &str, diags: &mut Diagnostics) -> Vec<ir::Workflow> {
    let mut all = Vec::new();
    let mut external = std::collections::HashMap::new();
    for (name, child) in &loaded.children {
        let lowered = lower_loaded(child, &format!("{prefix}{name}-"), diags);
        // The child's own workflows come last, in its document order.
        let own = lowered.len().saturating_sub(child.model.workflows.len());
        for (w, model) in lowered[own..].iter().zip(&child.model.workflows) {
            external.insert(format!("$sourceDescriptions.{name}.{}", model.workflow_id), w.clone());
        }
        all.extend(lowered);
    }
    let arazzo_sources: Vec<String> = loaded
        .model
        .source_descriptions
        .iter()
        .filter(|s| s.kind.as_deref() == Some("arazzo"))
        .map(|s| s.name.clone())
        .collect();
    let external = resolve::External {
        prefix: prefix.to_string(),
        workflows: external,
        arazzo_sources,
        cyclic_sources: loaded.cyclic_sources.clone(),
    };
    all.extend(resolve::lower_with(
        &loaded.doc,
        &loaded.model,
        &loaded.sources,
        &loaded.failed_sources,
        external,
        diags,
    ));
    all
}

/// The tokens `arazzo_workflow!` emits for `path`, with `client` the path of the crate
/// holding the progenitor client.
pub fn expand(path: &Path, root: Option<&Path>, client: &TokenStream) -> Result<Expansion, Diagnostics> {
    let (module, diagnostics) = compile(path, root)?;
    let tracked: Vec<String> = module.files.iter().map(|f| f.to_string_lossy().into_owned()).collect();
    Ok(Expansion { tokens: emit::module(&module, client, &tracked), diagnostics })
}

/// [`expand`], served from the [`cache`] when no input changed since the last
/// successful expansion. Returns whether it was a cache hit.
pub fn expand_cached(path: &Path, root: Option<&Path>, client: &TokenStream) -> Result<(Expansion, bool), Diagnostics> {
    let dir = cache::dir(root);
    let key = dir.as_ref().and_then(|_| cache::key(path, &client.to_string()));
    if let (Some(dir), Some(key)) = (&dir, &key)
        && let Some(code) = cache::get(dir, key)
        && let Ok(tokens) = code.parse::<TokenStream>()
    {
        return Ok((Expansion { tokens, diagnostics: Diagnostics::default() }, true));
    }
    let expansion = expand(path, root, client)?;
    if let (Some(dir), Some(key)) = (&dir, &key) {
        cache::put(dir, key, &expansion.tokens.to_string());
    }
    Ok((expansion, false))
}

/// Fills the expansion cache for `arazzo_workflow!(path, client = client)` (a build
/// script that has just read the same OpenAPI description saves the macro a second
/// parse). Errors are left for the macro to report.
pub fn warm_cache(path: &Path, root: Option<&Path>, client: &str) {
    if let Ok(client) = client.parse::<TokenStream>() {
        let _ = expand_cached(path, root, &client);
    }
}

/// The generated code as formatted Rust source (for snapshots and `arazzo generate`).
/// File paths in `include_bytes!` are written relative to `out_dir`, the folder the
/// source will be saved in (so that the file compiles where it is saved).
pub fn generate_source(
    path: &Path,
    root: Option<&Path>,
    client: &TokenStream,
    out_dir: &Path,
) -> Result<String, Diagnostics> {
    let (mut module, _) = compile(path, root)?;
    let tracked: Vec<String> = module.files.iter().map(|f| relative_path(out_dir, f)).collect();
    module.files.clear();
    let tokens = emit::module(&module, client, &tracked);
    format_tokens(tokens).map_err(Diagnostics::from)
}

/// Formats tokens with prettyplease.
pub fn format_tokens(tokens: TokenStream) -> Result<String, Diagnostic> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| Diagnostic::error("internal", format!("the generated code does not parse: {e}")))?;
    Ok(prettyplease::unparse(&file))
}
