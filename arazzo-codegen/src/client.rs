//! The client side of the pipeline, for build scripts: collect the operations a set of
//! workflows uses, prune and normalise their OpenAPI description, run progenitor.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{Diagnostic, Diagnostics, display_path, prepare_openapi};

/// The generated client.
pub struct ClientCode {
    /// Formatted Rust source: progenitor's client, plus `ARAZZO_OPERATIONS`; with
    /// several OpenAPI descriptions, a module of that per description.
    pub code: String,
    /// Every file read (for `cargo:rerun-if-changed`).
    pub files: Vec<PathBuf>,
    /// The operations generated (of every description).
    pub operations: BTreeSet<String>,
    /// The normalised OpenAPI 3.0 document progenitor read (of the first description).
    pub openapi: Value,
    /// One entry per OpenAPI description, in the order of their modules.
    pub descriptions: Vec<Description>,
}

/// One OpenAPI description a client was generated from.
pub struct Description {
    /// The file.
    pub path: PathBuf,
    /// Its module when there are several descriptions (the snake_case name of the
    /// first source description that points to it), `None` when the client is the
    /// generated file itself.
    pub module: Option<String>,
    /// Other names source descriptions give it: `pub use <module> as <alias>`.
    pub aliases: Vec<String>,
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

/// Generates the client for the union of the operations `workflows` use.
///
/// With one OpenAPI description, the code is progenitor's client (`Client`, `types`)
/// and `ARAZZO_OPERATIONS`. With several, each description's client is in a module
/// named after the source description that names it (`petStore` → `pet_store`), with
/// `pub use <module> as <other name>` for other names other workflow files give it;
/// each module re-exports `super::arazzo_runtime`, so the file must be included where
/// the runtime is a public name (`pub use my_client::arazzo_runtime;` next to the
/// `include!`).
pub fn generate_client(workflows: &[PathBuf], root: Option<&Path>) -> Result<ClientCode, Diagnostics> {
    let mut diags = Diagnostics::default();
    let mut files = Vec::new();
    // Path → (names in order of first use, document, operations).
    let mut specs: Vec<(PathBuf, Vec<String>, Value, BTreeSet<String>)> = Vec::new();
    for wf in workflow_files(workflows) {
        files.push(wf.clone());
        let Some(loaded) = crate::load_workflow(&wf, root, &mut diags) else { continue };
        let (modules, errors) = loaded.client_modules();
        let used: Vec<_> = loaded.all_sources().into_iter().filter(|s| !s.used.is_empty()).collect();
        if used.iter().map(|s| crate::clean_path(&s.doc.file.path)).collect::<BTreeSet<_>>().len() > 1 {
            for d in errors.0 {
                diags.push(d);
            }
        }
        for source in used {
            let path = crate::clean_path(&source.doc.file.path);
            let module = match modules.iter().find(|m| m.path == path) {
                Some(m) => m.module.clone(),
                None => crate::client_module(&source.name),
            };
            let entry = match specs.iter().position(|s| s.0 == path) {
                Some(i) => &mut specs[i],
                None => {
                    files.push(path.clone());
                    specs.push((path, Vec::new(), source.doc.root.clone(), BTreeSet::new()));
                    let last = specs.len() - 1;
                    &mut specs[last]
                }
            };
            if !entry.1.contains(&module) {
                entry.1.push(module);
            }
            entry.3.extend(source.used.iter().cloned());
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    if specs.is_empty() {
        return Err(Diagnostic::error("no-source", "no workflow references an OpenAPI description").into());
    }
    let several = specs.len() > 1;
    if several {
        check_module_names(&specs, root)?;
        specs.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let mut descriptions = Vec::new();
    let mut parts = Vec::new();
    for (path, names, spec, operations) in specs {
        let prepared = prepare_openapi(&spec, &operations);
        let tokens = progenitor_tokens(&path, &prepared, &operations, root)?;
        let ops: Vec<&String> = operations.iter().collect();
        let tokens = quote::quote! {
            #tokens

            /// The operations this client was generated with (checked by `arazzo_workflow!`).
            pub const ARAZZO_OPERATIONS: &[&str] = &[#( #ops ),*];
        };
        let module = several.then(|| names[0].clone());
        let aliases = if several { names[1..].to_vec() } else { Vec::new() };
        parts.push(match &module {
            Some(m) => {
                let m = crate::names::ident(m, crate::names::Case::Snake);
                let doc = format!(" The client of `{}`.", display_path(&path, root));
                let aliases = aliases.iter().map(|a| crate::names::ident(a, crate::names::Case::Snake));
                quote::quote! {
                    #[doc = #doc]
                    pub mod #m {
                        #tokens

                        #[doc(hidden)]
                        pub use super::arazzo_runtime;
                    }
                    #( pub use #m as #aliases; )*
                }
            }
            None => tokens,
        });
        descriptions.push(Description { path, module, aliases, operations, openapi: prepared });
    }
    let code = crate::format_tokens(quote::quote! { #( #parts )* }).map_err(Diagnostics::from)?;
    let operations = descriptions.iter().flat_map(|d| d.operations.iter().cloned()).collect();
    let openapi = descriptions.first().map(|d| d.openapi.clone()).unwrap_or_default();
    Ok(ClientCode { code, files, operations, openapi, descriptions })
}

/// With several descriptions: every module name and alias names one description, and
/// none hides the runtime.
fn check_module_names(
    specs: &[(PathBuf, Vec<String>, Value, BTreeSet<String>)],
    root: Option<&Path>,
) -> Result<(), Diagnostics> {
    let mut diags = Diagnostics::default();
    for (i, (path, names, _, _)) in specs.iter().enumerate() {
        for name in names {
            if name == "arazzo_runtime" {
                diags.push(Diagnostic::error(
                    "source-name-conflict",
                    format!(
                        "a source description of {} is named `arazzo_runtime`: its client module would hide the runtime",
                        display_path(path, root)
                    ),
                ));
            }
            if let Some((other, _, _, _)) = specs[..i].iter().find(|s| s.1.contains(name)) {
                diags.push(
                    Diagnostic::error(
                        "source-name-conflict",
                        format!(
                            "source descriptions named `{name}` point to two OpenAPI descriptions ({} and {}); their clients need modules of their own",
                            display_path(other, root),
                            display_path(path, root)
                        ),
                    )
                    .with_help("name the source descriptions of different OpenAPI files differently in every workflow file"),
                );
            }
        }
    }
    if diags.has_errors() { Err(diags) } else { Ok(()) }
}

/// progenitor's client for `operations` of a prepared (pruned, normalised) description.
fn progenitor_tokens(
    spec_path: &Path,
    prepared: &Value,
    operations: &BTreeSet<String>,
    root: Option<&Path>,
) -> Result<proc_macro2::TokenStream, Diagnostic> {
    let api: openapiv3::OpenAPI = serde_path_to_error::deserialize(prepared).map_err(|e| {
        Diagnostic::error(
            "progenitor",
            format!(
                "the normalised form of {} is not valid OpenAPI 3.0 at `{}`: {}",
                display_path(spec_path, root),
                e.path(),
                e.inner()
            ),
        )
    })?;
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Positional).with_hooks(progenitor::HooksMode::Expected);
    let mut generator = progenitor::Generator::new(&settings);
    // progenitor asserts in places (`todo!`, `assert!`) where it should return errors; a
    // build script must report them, not crash.
    let generated = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| generator.generate_tokens(&api)));
    match generated {
        Ok(Ok(tokens)) => Ok(crate::openapi::paths::through_runtime(tokens)),
        Ok(Err(e)) => {
            Err(Diagnostic::error("progenitor", format!("progenitor failed on {}: {e}", display_path(spec_path, root))))
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(Diagnostic::error(
                "progenitor",
                format!(
                    "progenitor cannot generate a client for the operations {:?} of {}: it panicked ({what})",
                    operations,
                    display_path(spec_path, root)
                ),
            ))
        }
    }
}
