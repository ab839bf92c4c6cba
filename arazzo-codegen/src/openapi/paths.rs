//! The crates progenitor's types name for formats (`::chrono` for `date`/`date-time`,
//! `::uuid` for `uuid`, `::regress` for `pattern`), read through the runtime's
//! re-exports instead, so that a crate holding a generated client compiles without
//! declaring them.
//!
//! Every `::chrono::…` path (and `::uuid`, `::regress`) becomes
//! `super::…::arazzo_runtime::chrono::…`, with as many `super::` as the path is deep in
//! the client's modules: the client is included where `arazzo_runtime` is in scope, which
//! is what the generated workflow code needs of a client anyway.

use proc_macro2::{Span, TokenStream};
use syn::visit_mut::VisitMut;

/// The crates that are read through the runtime.
pub const REEXPORTED: [&str; 3] = ["chrono", "uuid", "regress"];

/// Rewrites the paths in a client's code (see the module docs). Tokens that do not
/// parse as a file are returned as they are.
pub fn through_runtime(tokens: TokenStream) -> TokenStream {
    let Ok(mut file) = syn::parse2::<syn::File>(tokens.clone()) else { return tokens };
    let mut v = Rewriter { depth: 0 };
    v.visit_file_mut(&mut file);
    quote::quote!(#file)
}

struct Rewriter {
    /// How many modules deep the visitor is, from the client's top level.
    depth: usize,
}

impl VisitMut for Rewriter {
    fn visit_item_mod_mut(&mut self, m: &mut syn::ItemMod) {
        self.depth += 1;
        syn::visit_mut::visit_item_mod_mut(self, m);
        self.depth -= 1;
    }

    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        let reexported = path.leading_colon.is_some()
            && path.segments.len() > 1
            && path.segments.first().is_some_and(|s| REEXPORTED.iter().any(|c| s.ident == c));
        if reexported {
            let mut segments: syn::punctuated::Punctuated<syn::PathSegment, syn::Token![::]> =
                syn::punctuated::Punctuated::new();
            for _ in 0..self.depth {
                segments.push(syn::PathSegment::from(syn::Ident::new("super", Span::call_site())));
            }
            segments.push(syn::PathSegment::from(syn::Ident::new("arazzo_runtime", Span::call_site())));
            for s in std::mem::take(&mut path.segments) {
                segments.push(s);
            }
            path.leading_colon = None;
            path.segments = segments;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_crates_are_read_through_the_runtime_at_every_depth() {
        let code = quote::quote! {
            pub struct A { pub at: ::chrono::DateTime<::chrono::offset::Utc> }
            pub mod types {
                pub struct B { pub id: ::uuid::Uuid, pub s: ::std::string::String }
                pub mod builder {
                    static P: ::std::sync::LazyLock<::regress::Regex> = ::std::sync::LazyLock::new(|| ::regress::Regex::new("a").unwrap());
                }
            }
        };
        let out = through_runtime(code).to_string();
        assert!(
            out.contains("arazzo_runtime :: chrono :: DateTime < arazzo_runtime :: chrono :: offset :: Utc >"),
            "{out}"
        );
        assert!(out.contains("super :: arazzo_runtime :: uuid :: Uuid"), "{out}");
        assert!(out.contains("super :: super :: arazzo_runtime :: regress :: Regex :: new"), "{out}");
        assert!(out.contains(":: std :: string :: String"), "{out}");
        assert_eq!(out.matches(":: chrono").count(), out.matches("arazzo_runtime :: chrono").count(), "{out}");
    }
}
