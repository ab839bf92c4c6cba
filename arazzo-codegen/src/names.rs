//! Rust names, computed exactly as progenitor 0.15 and typify 0.8 compute them.
//!
//! progenitor's `sanitize` is private, so this module reproduces it; the test
//! `progenitor_names` in this crate checks it against the methods progenitor really
//! generates.

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// Which case a name is converted to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// `snake_case`: methods, fields, parameters.
    Snake,
    /// `PascalCase`: types.
    Pascal,
}

/// progenitor's `util::sanitize`: the name of a method, parameter or type.
pub fn sanitize(input: &str, case: Case) -> String {
    let to_case = match case {
        Case::Pascal => <str as ToPascalCase>::to_pascal_case,
        Case::Snake => <str as ToSnakeCase>::to_snake_case,
    };
    let out = match input {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => to_case(&input.replace('\'', "").replace(|c: char| !is_xid_continue(c), "-")),
    };
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("_{out}"),
    };
    if accept_as_ident(&out) { out } else { format!("{out}_") }
}

/// The name progenitor gives the client method of an operation.
pub fn method_name(operation_id: &str) -> String {
    sanitize(operation_id, Case::Snake)
}

/// typify's `accept_as_ident`: false for Rust keywords.
pub fn accept_as_ident(ident: &str) -> bool {
    !matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// A Rust identifier for a name from a workflow (step id, output name, input name).
pub fn ident(input: &str, case: Case) -> proc_macro2::Ident {
    let name = sanitize(input, case);
    // `sanitize` never returns a keyword or an empty string, so this is an identifier;
    // raw identifiers are not needed.
    proc_macro2::Ident::new(&name, proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(method_name("retrieveBatch"), "retrieve_batch");
        assert_eq!(method_name("downloadFile"), "download_file");
        assert_eq!(method_name("list-batches"), "list_batches");
        assert_eq!(method_name("getHTTPResponse"), "get_http_response");
        assert_eq!(method_name("type"), "type_");
        assert_eq!(method_name("1up"), "_1up");
        assert_eq!(sanitize("download-batch-results", Case::Pascal), "DownloadBatchResults");
    }
}
