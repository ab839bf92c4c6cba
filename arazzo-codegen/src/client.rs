//! The client side of the pipeline, for build scripts: collect the operations a set of
//! workflows uses, prune and normalise their OpenAPI description, run progenitor.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Diagnostic, Diagnostics, display_path, prepare_openapi};

/// The generated client.
pub struct ClientCode {
    /// Formatted Rust source: progenitor's client, plus `ARAZZO_OPERATIONS`.
    pub code: String,
    /// Every file read (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
    /// The operations generated.
    pub operations: BTreeSet<String>,
    /// The normalised OpenAPI 3.0 document progenitor read.
    pub openapi: Value,
}

/// Expands directories to the `.yml`/`.yaml`/`.json` Arazzo files in them (sorted).
pub fn workflow_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|e| e == "yml" || e == "yaml" || e == "json"))
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Generates the client for the union of the operations `workflows` use. All
/// workflows must use the same OpenAPI description.
pub fn generate_client(workflows: &[PathBuf], root: Option<&Path>) -> Result<ClientCode, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    let mut operations = BTreeSet::new();
    let mut spec: Option<(PathBuf, Value)> = None;
    for wf in workflow_files(workflows) {
        files.push(wf.clone());
        let Some(loaded) = crate::load_workflow(&wf, root, &mut diags) else { continue };
        for source in loaded.all_sources() {
            let path = source.doc.file.path.clone();
            if let Some((p, _)) = &spec {
                if crate::clean_path(p) != crate::clean_path(&path) {
                    diags.push(Diagnostic::error(
                        "several-sources",
                        format!(
                            "workflows use several OpenAPI descriptions ({} and {}); one client is generated from one",
                            display_path(p, root),
                            display_path(&path, root)
                        ),
                    ));
                    continue;
                }
            } else {
                files.push(path.clone());
                spec = Some((path, source.doc.root.clone()));
            }
            operations.extend(source.used.iter().cloned());
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let Some((spec_path, spec)) = spec else {
        return Err(Diagnostic::error("no-source", "no workflow references an OpenAPI description").into());
    };
    let prepared = prepare_openapi(&spec, &operations);
    let api: openapiv3::OpenAPI = serde_json::from_value(prepared.clone()).map_err(|e| {
        Diagnostic::error(
            "progenitor",
            format!("the normalised form of {} is not valid OpenAPI 3.0: {e}", display_path(&spec_path, root)),
        )
    })?;
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Positional).with_hooks(progenitor::HooksMode::Expected);
    let mut generator = progenitor::Generator::new(&settings);
    // progenitor asserts in places (`todo!`, `assert!`) where it should return errors; a
    // build script must report them, not crash.
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate_tokens(&api)));
    let tokens = match generated {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(Diagnostic::error(
                "progenitor",
                format!("progenitor failed on {}: {e}", display_path(&spec_path, root)),
            )
            .into());
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            return Err(Diagnostic::error(
                "progenitor",
                format!(
                    "progenitor cannot generate a client for the operations {:?} of {}: it panicked ({what})",
                    operations,
                    display_path(&spec_path, root)
                ),
            )
            .into());
        }
    };
    let ops: Vec<&String> = operations.iter().collect();
    let tokens = quote::quote! {
        #tokens

        /// The operations this client was generated with (checked by `arazzo_workflow!`).
        pub const ARAZZO_OPERATIONS: &[&str] = &[#( #ops ),*];
    };
    let code = crate::format_tokens(tokens).map_err(Diagnostics::from)?;
    Ok(ClientCode { code, files, operations, openapi: prepared })
}
