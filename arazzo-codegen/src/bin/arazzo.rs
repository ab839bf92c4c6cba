//! `arazzo`: check Arazzo workflows in CI, and print the Rust `arazzo_workflow!` emits.
//!
//! ```text
//! arazzo check [--format human|json] FILE...
//! arazzo generate [--client PATH] [--output FILE [--check]] FILE
//! ```
//!
//! `check` exits 0 when there is no error (warnings allowed), 1 when there is one,
//! 2 on bad usage. `generate --check` exits 1 when the file at `--output` differs from
//! what would be generated.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use arazzo_codegen::{Diagnostic, Diagnostics, Severity};

const USAGE: &str = "usage:
  arazzo check [--format human|json] FILE...
  arazzo generate [--client PATH] [--output FILE [--check]] FILE";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("generate") => generate(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage("expected a command, `check` or `generate`"),
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\n{USAGE}");
    ExitCode::from(2)
}

fn root() -> Option<PathBuf> {
    std::env::current_dir().ok().and_then(|d| arazzo_codegen::workspace_root(&d).or(Some(d)))
}

fn check(args: &[String]) -> ExitCode {
    let mut json = false;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("json") => json = true,
                Some("human") => json = false,
                _ => return usage("--format takes `human` or `json`"),
            },
            s if s.starts_with('-') => return usage(&format!("unknown option `{s}`")),
            file => files.push(PathBuf::from(file)),
        }
    }
    if files.is_empty() {
        return usage("`check` needs at least one file");
    }
    let root = root();
    let mut all = Diagnostics::default();
    for f in &files {
        let path = std::fs::canonicalize(f).unwrap_or_else(|_| f.clone());
        match arazzo_codegen::compile(&path, root.as_deref()) {
            Ok((_module, warnings)) => {
                all.0.extend(warnings.0);
                // What the build script does next: the client (progenitor) must generate.
                #[cfg(feature = "progenitor")]
                if !_module.clients.is_empty()
                    && let Err(d) =
                        arazzo_codegen::client::generate_client(std::slice::from_ref(&path), root.as_deref())
                {
                    all.0.extend(d.0);
                }
            }
            Err(d) => all.0.extend(d.0),
        }
    }
    if json {
        let items: Vec<serde_json::Value> = all.0.iter().map(to_json).collect();
        println!("{}", serde_json::Value::Array(items));
    } else {
        for d in &all.0 {
            let label = if d.severity == Severity::Error { "error" } else { "" };
            let text = d.to_string();
            if label.is_empty() { eprintln!("{text}\n") } else { eprintln!("{label}: {text}\n") }
        }
        let errors = all.errors().count();
        let warnings = all.0.len() - errors;
        eprintln!("{} file(s) checked: {errors} error(s), {warnings} warning(s)", files.len());
    }
    if all.has_errors() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn to_json(d: &Diagnostic) -> serde_json::Value {
    serde_json::json!({
        "file": d.file.as_ref().map(|f| f.display.clone()),
        "line": d.line,
        "column": d.column,
        "pointer": d.pointer,
        "severity": if d.severity == Severity::Error { "error" } else { "warning" },
        "code": d.code,
        "message": d.message,
        "help": d.help,
    })
}

fn generate(args: &[String]) -> ExitCode {
    let mut client = "crate".to_string();
    let mut output: Option<PathBuf> = None;
    let mut check = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--client" => match it.next() {
                Some(c) => client = c.clone(),
                None => return usage("--client takes a path"),
            },
            "--output" => match it.next() {
                Some(o) => output = Some(PathBuf::from(o)),
                None => return usage("--output takes a file"),
            },
            "--check" => check = true,
            s if s.starts_with('-') => return usage(&format!("unknown option `{s}`")),
            f if file.is_none() => file = Some(PathBuf::from(f)),
            _ => return usage("`generate` takes one file"),
        }
    }
    let Some(file) = file else { return usage("`generate` needs a file") };
    if check && output.is_none() {
        return usage("--check needs --output");
    }
    let Ok(client_tokens) = client.parse::<proc_macro2::TokenStream>() else {
        return usage("--client must be a Rust path");
    };
    let root = root();
    let path = std::fs::canonicalize(&file).unwrap_or(file);
    let out_dir = output
        .as_ref()
        .and_then(|o| {
            std::fs::canonicalize(o.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))).ok()
        })
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default();
    let code = match arazzo_codegen::generate_source(&path, root.as_deref(), &client_tokens, &out_dir) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::from(1);
        }
    };
    match (output, check) {
        (None, _) => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        (Some(o), false) => match std::fs::write(&o, code) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", o.display());
                ExitCode::from(1)
            }
        },
        (Some(o), true) => {
            if std::fs::read_to_string(&o).is_ok_and(|old| old == code) {
                ExitCode::SUCCESS
            } else {
                eprintln!("error: {} is stale; run `arazzo generate --output {} ...` again", o.display(), o.display());
                ExitCode::from(1)
            }
        }
    }
}
