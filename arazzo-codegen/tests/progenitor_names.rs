//! `names::method_name` predicts the names of the methods progenitor generates (its
//! `sanitize` is private, so `names` carries a copy). This test runs progenitor on a
//! synthetic description whose operationIds exercise every branch of that rule, and
//! checks that the prediction matches the methods of the generated `impl Client`.

use std::collections::{BTreeMap, BTreeSet};

use arazzo_codegen::names::method_name;
use serde_json::{Value, json};

/// operationIds chosen to exercise `sanitize`: case conversions, separators that are
/// not identifier characters, leading digits, the `+1`/`-1` special cases, keywords,
/// apostrophes and unicode. Each maps to a distinct method name (progenitor does not
/// check that, and a clash would not compile).
///
/// Left out on purpose: pairs that collapse to the same method (`self` and `Self`, or
/// `list-items` next to `listItems`): progenitor emits both methods under one name,
/// so their set of methods could not match one to one.
const OPERATION_IDS: &[&str] = &[
    // Case styles.
    "retrieveBatch",
    "downloadFile",
    "CreatePascalThing",
    "list-batches",
    "snake_case_already",
    "SCREAMING_SNAKE_OP",
    "Train-Case-Op",
    // Acronyms and digits inside words.
    "getHTTPResponse",
    "listV2Items",
    "parseJSON2XML",
    "getOAuth2Token",
    "op2fa",
    // Characters that are not XID_continue become word breaks.
    "with.dots.in.it",
    "with spaces in it",
    "slash/separated",
    "colon:separated",
    "emoji💥inside",
    "tab\tseparated",
    // Leading and trailing separators.
    "-leadingDash",
    "trailingDash-",
    "__double_underscored__",
    // Leading digits get an underscore.
    "1stThing",
    "42",
    "3d-render",
    // progenitor's special cases.
    "+1",
    "-1",
    // Apostrophes are dropped, not turned into breaks.
    "don't",
    "it's-o'clock",
    // Keywords get a trailing underscore.
    "type",
    "match",
    "self",
    "fn",
    "gen",
    "async",
    // Non-ASCII identifiers.
    "créerLot",
    "überÄnderung",
    "получитьФайл",
    // XID_continue but not XID_start: an Arabic-Indic digit first.
    "٣items",
    // Nothing left after sanitising: becomes `x`.
    "!!!",
];

/// A minimal OpenAPI 3.0 description with one `GET` per operationId, each answering
/// 200 with a JSON `Thing` (by reference, so no per-operation types are generated).
fn spec(ids: &[&str]) -> Value {
    let mut paths = serde_json::Map::new();
    for (i, id) in ids.iter().enumerate() {
        paths.insert(
            format!("/op{i}"),
            json!({
                "get": {
                    "operationId": id,
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": { "$ref": "#/components/schemas/Thing" }
                                }
                            }
                        }
                    }
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Names", "version": "7.8.9-names" },
        "paths": paths,
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": { "id": { "type": "string" } }
                }
            }
        }
    })
}

fn generate(spec: &Value) -> syn::File {
    let api: openapiv3::OpenAPI = serde_json::from_value(spec.clone()).expect("the synthetic spec is OpenAPI 3.0");
    let mut settings = progenitor::GenerationSettings::default();
    settings.with_interface(progenitor::InterfaceStyle::Positional);
    let mut generator = progenitor::Generator::new(&settings);
    let tokens = generator.generate_tokens(&api).expect("progenitor accepts the synthetic spec");
    syn::parse2(tokens).expect("progenitor's output parses")
}

/// The methods of every `impl Client` block, except the constructors.
fn client_methods(file: &syn::File) -> Vec<String> {
    let mut out = Vec::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let syn::Type::Path(ty) = &*imp.self_ty else {
            continue;
        };
        if !ty.path.is_ident("Client") {
            continue;
        }
        for it in &imp.items {
            if let syn::ImplItem::Fn(f) = it {
                let name = f.sig.ident.to_string();
                if name != "new" && name != "new_with_client" {
                    out.push(name);
                }
            }
        }
    }
    out
}

#[test]
fn method_names_match_progenitor() {
    let predicted: BTreeMap<&str, String> = OPERATION_IDS.iter().map(|id| (*id, method_name(id))).collect();
    let distinct: BTreeSet<&String> = predicted.values().collect();
    assert_eq!(
        distinct.len(),
        OPERATION_IDS.len(),
        "the test's operationIds must map to distinct names: {predicted:#?}"
    );

    let file = generate(&spec(OPERATION_IDS));
    let methods = client_methods(&file);
    let generated: BTreeSet<String> = methods.iter().cloned().collect();
    assert_eq!(methods.len(), generated.len(), "progenitor generated a method twice: {methods:?}");

    let missing: Vec<String> = predicted
        .iter()
        .filter(|(_, m)| !generated.contains(*m))
        .map(|(id, m)| format!("{id:?} -> predicted `{m}`"))
        .collect();
    assert!(missing.is_empty(), "predicted names progenitor did not generate: {missing:#?}\ngenerated: {generated:#?}");

    let predicted_set: BTreeSet<String> = predicted.values().cloned().collect();
    assert_eq!(generated, predicted_set);
}

#[test]
fn spot_checks() {
    // Documented expectations, so a change in `sanitize` shows up as a readable diff.
    for (id, expected) in [
        ("retrieveBatch", "retrieve_batch"),
        ("downloadFile", "download_file"),
        ("getHTTPResponse", "get_http_response"),
        ("listV2Items", "list_v2_items"),
        ("with.dots.in.it", "with_dots_in_it"),
        ("with spaces in it", "with_spaces_in_it"),
        ("1stThing", "_1st_thing"),
        ("+1", "plus1"),
        ("-1", "minus1"),
        ("don't", "dont"),
        ("type", "type_"),
        ("self", "self_"),
        ("créerLot", "créer_lot"),
        ("-leadingDash", "leading_dash"),
        ("trailingDash-", "trailing_dash"),
        ("!!!", "x"),
    ] {
        assert_eq!(method_name(id), expected, "method_name({id:?})");
    }
    // Each case checked against progenitor itself, one operation per spec.
    for (id, expected) in
        [("self", "self_"), ("Self", "self_"), ("list-items", "list_items"), ("listItems", "list_items")]
    {
        let methods = client_methods(&generate(&spec(&[id])));
        assert_eq!(methods, [expected], "progenitor's method for {id:?}");
        assert_eq!(method_name(id), expected);
    }
}

/// The version in `info.version` is what `ClientInfo::api_version` returns, and every
/// request sends it in the `api-version` header.
#[test]
fn api_version_is_info_version() {
    let file = generate(&spec(&["retrieveBatch"]));
    let info = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Impl(imp)
                if imp
                    .trait_
                    .as_ref()
                    .is_some_and(|(_, p, _)| p.segments.last().is_some_and(|s| s.ident == "ClientInfo")) =>
            {
                Some(imp)
            }
            _ => None,
        })
        .expect("an `impl ClientInfo for Client`");
    let api_version = info
        .items
        .iter()
        .find_map(|it| match it {
            syn::ImplItem::Fn(f) if f.sig.ident == "api_version" => Some(f),
            _ => None,
        })
        .expect("`ClientInfo::api_version`");
    let body = quote::quote!(#api_version).to_string();
    assert!(body.contains("\"7.8.9-names\""), "api_version returns info.version: {body}");

    let code = prettyplease::unparse(&file);
    assert!(code.contains("from_static(\"api-version\")"), "requests send the `api-version` header");
    assert!(code.contains("Self::api_version()"), "the header's value is `api_version()`");
}
