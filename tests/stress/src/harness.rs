//! One API of the stress corpus through the pipeline a user's build runs: synthesise a
//! workflow ([`crate::synth`]), `arazzo check` it (the library's `compile`, exactly what
//! the CLI and the macro run), generate the client (`generate_client`, what a build
//! script runs) and the workflow module (`generate_source`, what the macro expands to).
//! What rustc makes of the result is decided by whoever compiles the modules (the
//! `arazzo-stress` binary's batch crates, or this crate's build script for the CI
//! sample).
//!
//! Shared by `build.rs` and the binary through `#[path]` (a build script cannot use the
//! crate it builds).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::synth;

/// One description of the corpus.
#[derive(Clone, Debug)]
pub struct Api {
    /// Relative to the corpus (`vendor/api/openapi.json`).
    pub rel: String,
    /// `vendor/api`, for reports.
    pub name: String,
    pub path: PathBuf,
}

/// Why an API did not compile.
#[derive(Clone, Debug)]
pub struct Reason {
    /// The diagnostic code, or the stage (`rustc`, `panic`, …).
    pub code: String,
    pub message: String,
    /// `file:line:col` of the diagnostic, when it has one.
    pub at: Option<String>,
}

impl Reason {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Reason { code: code.into(), message: message.into(), at: None }
    }

    fn from_diags(d: &arazzo_codegen::Diagnostics) -> Self {
        match d.0.iter().find(|d| d.severity == arazzo_codegen::Severity::Error) {
            Some(e) => Reason {
                code: e.code.to_string(),
                message: e.message.clone(),
                at: e.file.as_ref().map(|f| format!("{}:{}:{}", f.display, e.line, e.column)),
            },
            None => Reason::new("unknown", d.to_string()),
        }
    }
}

/// The verdict for one API.
#[derive(Clone, Debug)]
pub enum Verdict {
    /// Generated and compiled by rustc.
    Compiled,
    /// `arazzo check` rejected the document with a diagnostic.
    Rejected(Reason),
    /// `arazzo check` accepted it, and something later failed: the invariant is broken.
    Failed(Reason),
    /// A panic escaped the generator (counted apart; the target is none).
    Panicked(Reason),
    /// The description has no operations (webhooks only): nothing to synthesise.
    Empty,
}

impl Verdict {
    pub fn label(&self) -> &'static str {
        match self {
            Verdict::Compiled => "compiled",
            Verdict::Rejected(_) => "rejected",
            Verdict::Failed(_) => "failed",
            Verdict::Panicked(_) => "panicked",
            Verdict::Empty => "empty",
        }
    }

    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Verdict::Rejected(r) | Verdict::Failed(r) | Verdict::Panicked(r) => Some(r),
            Verdict::Compiled | Verdict::Empty => None,
        }
    }
}

/// An API through the library: generated code ready for rustc, or a verdict.
pub struct Prepared {
    pub api: Api,
    pub operations: usize,
    pub steps: usize,
    /// Features (parameter location/style, body media type) the API uses and the sample covers.
    pub features: usize,
    pub covered: usize,
    /// The synthesised workflow.
    pub workflow: PathBuf,
    /// `Ok(generated)` when check accepted it and the client and module were generated;
    /// the verdict otherwise.
    pub outcome: Result<Generated, Verdict>,
}

/// The generated code of one API.
pub struct Generated {
    /// progenitor's client (plus `ARAZZO_OPERATIONS`).
    pub client: String,
    /// The workflows, against the client at `client_path`.
    pub workflows: String,
    /// Files read (for `rerun-if-changed`).
    pub files: Vec<PathBuf>,
}

/// The descriptions of the corpus, as `INDEX.md` lists them (sorted).
pub fn corpus_apis(corpus: &Path) -> Vec<Api> {
    let Ok(index) = std::fs::read_to_string(corpus.join("INDEX.md")) else { return Vec::new() };
    let mut out: Vec<Api> = index
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|rel| rel.ends_with("openapi.json"))
        .map(|rel| Api {
            rel: rel.to_string(),
            name: rel.trim_end_matches("/openapi.json").to_string(),
            path: corpus.join(rel),
        })
        .collect();
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    out.dedup_by(|a, b| a.rel == b.rel);
    out
}

/// A file name for an API (`vendor/api` → `vendor__api`, other characters as `_`).
pub fn slug(name: &str) -> String {
    name.replace('/', "__")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-' { c } else { '_' })
        .collect()
}

/// The text of a panic payload.
fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default()
}

/// Synthesises the API's workflow into `work` and runs it through the library. The
/// workflow module refers to its client as `client_path` (e.g. `crate::a3::client`);
/// `include_bytes!` paths in it are relative to `out_dir`.
pub fn prepare(api: &Api, work: &Path, root: Option<&Path>, client_path: &str, out_dir: &Path) -> Prepared {
    let wf = work.join(format!("{}.arazzo.json", slug(&api.name)));
    let mut p = Prepared {
        api: api.clone(),
        operations: 0,
        steps: 0,
        features: 0,
        covered: 0,
        workflow: wf.clone(),
        outcome: Err(Verdict::Empty),
    };
    let doc: Value = match std::fs::read(&api.path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(d) => d,
        Err(e) => {
            p.outcome = Err(Verdict::Failed(Reason::new("read", format!("cannot read {}: {e}", api.path.display()))));
            return p;
        }
    };
    let s = synth::synthesise(&doc, &api.path.to_string_lossy(), &api.name);
    p.operations = s.operations;
    p.steps = s.steps;
    p.features = s.features.len();
    p.covered = s.covered.len();
    if s.steps == 0 {
        return p;
    }
    let text = serde_json::to_string_pretty(&s.document).unwrap_or_default();
    if let Err(e) = std::fs::write(&wf, text) {
        p.outcome = Err(Verdict::Failed(Reason::new("write", format!("cannot write {}: {e}", wf.display()))));
        return p;
    }
    let run = catch_unwind(AssertUnwindSafe(|| generate(&wf, root, client_path, out_dir)));
    p.outcome = match run {
        Ok(r) => r,
        Err(panic) => Err(Verdict::Panicked(Reason::new("panic", panic_text(&*panic)))),
    };
    p
}

/// An Arazzo document through the library: `arazzo check`, the client, the workflows.
pub fn generate(wf: &Path, root: Option<&Path>, client_path: &str, out_dir: &Path) -> Result<Generated, Verdict> {
    // `arazzo check`.
    let (module, _) = arazzo_codegen::compile(wf, root).map_err(|d| Verdict::Rejected(Reason::from_diags(&d)))?;
    // The build script.
    let client = arazzo_codegen::client::generate_client(&[wf.to_path_buf()], root).map_err(|d| {
        let r = Reason::from_diags(&d);
        let culprits = culprits(wf, root);
        let message = if culprits.is_empty() {
            r.message
        } else {
            format!("{} (fails alone: {})", r.message, culprits.join(", "))
        };
        Verdict::Failed(Reason { code: format!("client/{}", r.code), message, at: r.at })
    })?;
    // The macro.
    let path: proc_macro2::TokenStream =
        client_path.parse().map_err(|e| Verdict::Failed(Reason::new("internal", format!("client path: {e}"))))?;
    let workflows = arazzo_codegen::generate_source(wf, root, &path, out_dir).map_err(|d| {
        Verdict::Failed(Reason { code: format!("generate/{}", Reason::from_diags(&d).code), ..Reason::from_diags(&d) })
    })?;
    let mut files = module.files.clone();
    files.extend(client.files.iter().cloned());
    files.sort();
    files.dedup();
    Ok(Generated { client: client.code, workflows, files })
}

/// The steps whose operation alone makes the client fail (each tried in a workflow of
/// its own, next to `wf`).
fn culprits(wf: &Path, root: Option<&Path>) -> Vec<String> {
    let Some(doc) = std::fs::read(wf).ok().and_then(|b| serde_json::from_slice::<Value>(&b).ok()) else {
        return Vec::new();
    };
    let steps = doc.pointer("/workflows/0/steps").and_then(Value::as_array).cloned().unwrap_or_default();
    if steps.len() < 2 {
        return Vec::new();
    }
    let one = wf.with_extension("one.json");
    let mut out = Vec::new();
    for step in steps {
        let mut step = step.clone();
        if let Some(m) = step.as_object_mut() {
            m.remove("onSuccess");
        }
        let mut d = doc.clone();
        d["workflows"][0]["steps"] = json!([step]);
        if let Some(w) = d["workflows"][0].as_object_mut() {
            w.remove("outputs");
        }
        if std::fs::write(&one, serde_json::to_string(&d).unwrap_or_default()).is_err() {
            break;
        }
        if arazzo_codegen::client::generate_client(std::slice::from_ref(&one), root).is_err() {
            let op = step
                .get("operationId")
                .or_else(|| step.get("operationPath"))
                .and_then(Value::as_str)
                .unwrap_or_default();
            out.push(op.to_string());
        }
    }
    let _ = std::fs::remove_file(&one);
    out
}

/// The module `module` (`a<k>`) of a batch: the client (with the runtime and the hook
/// that sends undeclared headers) and the workflows, from the files
/// `<module>_client.rs` and `<module>_workflows.rs` (`include` makes the `include!`).
pub fn module_text(module: &str, title: &str, runtime: &str, include: &dyn Fn(&str) -> String) -> String {
    format!(
        r#"
/// `{title}`.
pub mod {module} {{
    #[allow(unused_imports, dead_code, missing_docs, clippy::all)]
    pub mod client {{
        {client}
        pub use {runtime};
        impl progenitor_client::ClientHooks<()> for Client {{
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &progenitor_client::OperationInfo,
            ) -> Result<(), progenitor_client::Error<E>> {{
                arazzo_runtime::apply_extra_headers(request).map_err(progenitor_client::Error::InvalidRequest)
            }}
        }}
    }}
    #[allow(dead_code, clippy::all)]
    pub mod workflows {{
        {workflows}
    }}
}}
"#,
        client = include(&format!("{module}_client.rs")),
        workflows = include(&format!("{module}_workflows.rs")),
    )
}

/// One API's line of the report.
pub fn report_line(name: &str, steps: usize, operations: usize, v: &Verdict) -> String {
    let mut line = format!("{:<9} {name} ({steps}/{operations} operations)", v.label());
    if let Some(r) = v.reason() {
        let msg: String = r.message.lines().next().unwrap_or_default().chars().take(240).collect();
        line.push_str(&format!(": [{}] {msg}", r.code));
        if let Some(at) = &r.at {
            line.push_str(&format!(" (at {at})"));
        }
    }
    line
}

/// The JSON record of one API.
pub fn record(p: &Prepared, v: &Verdict) -> Value {
    json!({
        "api": p.api.name,
        "workflow": p.workflow.display().to_string(),
        "verdict": v.label(),
        "operations": p.operations,
        "steps": p.steps,
        "features": p.features,
        "covered": p.covered,
        "code": v.reason().map(|r| r.code.clone()),
        "message": v.reason().map(|r| r.message.clone()),
        "at": v.reason().and_then(|r| r.at.clone()),
    })
}
