//! `arazzo_workflow!`: compiles an Arazzo workflow file into typed async functions that
//! call a progenitor-generated client. A thin shell over `arazzo-codegen`.
//!
//! ```ignore
//! arazzo_workflow!("../workflows/openai-download-batch-results-workflow.yml");
//! // or, from another crate:
//! arazzo_workflow!("workflows/cancel.yml", client = generated_client);
//! ```
//!
//! The path is relative to the crate's manifest directory (`CARGO_MANIFEST_DIR`), or
//! to `ARAZZO_MANIFEST_DIR` when that is set (trybuild runs cases from a copy of the
//! crate, where the manifest directory is not the source tree).

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::{LitStr, Token};

struct Input {
    path: LitStr,
    client: Option<syn::Path>,
}

impl Parse for Input {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let path: LitStr = input.parse()?;
        let mut client = None;
        while input.peek(Token![,]) {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: syn::Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            if key == "client" {
                client = Some(input.parse()?);
            } else {
                return Err(syn::Error::new(
                    key.span(),
                    "unknown option; the only option is `client = <path of the client crate>`",
                ));
            }
        }
        Ok(Input { path, client })
    }
}

/// Compiles the Arazzo file at the given path (relative to the crate's manifest
/// directory) into typed Rust: per workflow an inputs struct, per step an outputs
/// struct, an enum of the ways the workflow can end, an outputs struct and an
/// `async fn`. Errors in the file are compile errors that point into it.
///
/// Options: `client = path` names the crate with the progenitor client (default
/// `crate`); it must export `Client`, `types`, `arazzo_runtime` and
/// `ARAZZO_OPERATIONS`, as `generated-client` does.
#[proc_macro]
pub fn arazzo_workflow(input: TokenStream) -> TokenStream {
    let input = match syn::parse::<Input>(input) {
        Ok(i) => i,
        Err(e) => return e.to_compile_error().into(),
    };
    expand(&input).into()
}

fn expand(input: &Input) -> TokenStream2 {
    let span = input.path.span();
    let base = std::env::var_os("ARAZZO_MANIFEST_DIR")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(std::path::PathBuf::from)
        .unwrap_or_default();
    let path = base.join(input.path.value());
    let root = arazzo_codegen::workspace_root(&base);
    let client = match &input.client {
        Some(p) => quote!(#p),
        None => quote!(crate),
    };
    match arazzo_codegen::expand_cached(&path, root.as_deref(), &client) {
        Ok((expansion, _hit)) => expansion.tokens,
        Err(diags) => errors(&diags, span),
    }
}

fn errors(diags: &arazzo_codegen::Diagnostics, span: Span) -> TokenStream2 {
    let errors = diags.errors().map(|d| {
        let msg = d.to_string();
        quote_spanned! {span=> ::core::compile_error!(#msg); }
    });
    quote! { #( #errors )* }
}
