//! Stage 4, emit: the intermediate form as Rust tokens.
//!
//! Each workflow becomes an inputs struct, one outputs struct per step, an enum of the
//! ways it can end, an outputs struct and an `async fn`. The steps run in a
//! `loop`/`match` over a step enum: `goto` assigns the next step, `end` breaks out of
//! the loop with a variant of the end enum. There is no interpreter at run time.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote};

use crate::ir::{self, ActionKind, ArgKind, BodyArg, BodyKind, CmpOp, Cond, EndPayload, Payload, Ty, TyOpt, Value};

/// Most step transitions one call of a workflow function makes before it fails with
/// `WorkflowError::StepLimit` (a `goto` loop that never ends).
pub const MAX_TRANSITIONS: u32 = 10_000;

/// Where the generated code finds the client crate's items. It renders as the crate's
/// path, so `#client::arazzo_runtime` names the runtime; with several OpenAPI
/// descriptions, each description's client is in a module of its own.
struct Paths<'a> {
    /// The client crate (or module).
    root: &'a TokenStream,
    /// The descriptions the steps call; more than one means a module each.
    clients: &'a [ir::ClientSource],
}

impl ToTokens for Paths<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.root.to_tokens(tokens);
    }
}

impl Paths<'_> {
    fn several(&self) -> bool {
        self.clients.len() > 1
    }

    /// The module with `Client`, `types` and `ARAZZO_OPERATIONS` of a description.
    fn client_of(&self, source: &str) -> TokenStream {
        let root = self.root;
        match self.clients.iter().find(|c| c.path == source) {
            Some(c) if self.several() => {
                let m = id(&c.module);
                quote!(#root::#m)
            }
            _ => quote!(#root),
        }
    }

    /// The type of the workflow functions' `client` parameter.
    fn client_ty(&self) -> TokenStream {
        let root = self.root;
        if self.several() { quote!(Clients) } else { quote!(#root::Client) }
    }

    /// The expression for the client that calls operations of `source`.
    fn client_expr(&self, source: &str) -> TokenStream {
        match self.clients.iter().find(|c| c.path == source) {
            Some(c) if self.several() => {
                let m = id(&c.module);
                quote!(client.#m)
            }
            _ => quote!(client),
        }
    }
}

/// The `XPathVersion` variant of `xpath-10` … `xpath-31`.
fn xpath_version(version: &str) -> TokenStream {
    match version {
        "xpath-10" => quote!(V1_0),
        "xpath-20" => quote!(V2_0),
        "xpath-30" => quote!(V3_0),
        _ => quote!(V3_1),
    }
}

fn id(s: &str) -> Ident {
    Ident::new(s, Span::call_site())
}

fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| format!(" {l}"));
    quote! { #( #[doc = #lines] )* }
}

/// Emits a module's items. `client` is the path of the crate with the progenitor client.
pub fn module(m: &ir::Module, client: &TokenStream, tracked: &[String]) -> TokenStream {
    let client = &Paths { root: client, clients: &m.clients };
    let workflows = m.workflows.iter().map(|w| workflow(w, client));
    let assertions = m.clients.iter().flat_map(|c| {
        let module = client.client_of(&c.path);
        c.operations.iter().map(move |op| {
            // (A format string: braces in an operationId, `{userId}`, are escaped.)
            let message = format!(
                "operation `{op}` is not in the generated client: add the workflow that uses it to the list in the client crate's build.rs (see the README, \"Adding your own workflow\")"
            )
            .replace('{', "{{")
            .replace('}', "}}");
            quote! {
                const _: () = if !#client::arazzo_runtime::has_operation(#module::ARAZZO_OPERATIONS, #op) {
                    ::core::panic!(#message)
                };
            }
        })
    });
    let clients = client.several().then(|| {
        let fields = m.clients.iter().map(|c| {
            let field = id(&c.module);
            let module = client.client_of(&c.path);
            let doc = format!(" The client of source description `{}`.", c.name);
            quote! {
                #[doc = #doc]
                pub #field: #module::Client,
            }
        });
        quote! {
            /// The clients of the OpenAPI descriptions the workflows call, one per source
            /// description (the `client` argument of every workflow function here).
            #[derive(Clone, Debug)]
            pub struct Clients {
                #( #fields )*
            }
        }
    });
    quote! {
        // Rebuild when a workflow or an OpenAPI description changes.
        #( const _: &[u8] = include_bytes!(#tracked); )*
        #( #assertions )*
        #clients
        #( #workflows )*
    }
}

fn rust_ty(t: &TyOpt, client: &Paths<'_>) -> TokenStream {
    let base = match &t.ty {
        Ty::String => quote!(::std::string::String),
        Ty::I64 => quote!(i64),
        Ty::F64 => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::U16 => quote!(u16),
        Ty::Json => quote!(#client::arazzo_runtime::serde_json::Value),
        Ty::Named { source, name } => {
            let module = client.client_of(source);
            let n = id(name);
            quote!(#module::types::#n)
        }
        Ty::Body => quote!(#client::arazzo_runtime::Body),
        Ty::Local(n) => {
            let n = id(n);
            quote!(#n)
        }
        Ty::Vec(inner) => {
            let inner = rust_ty(&TyOpt::req((**inner).clone()), client);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Infer(_) => quote!(_),
    };
    if t.optional { quote!(::core::option::Option<#base>) } else { base }
}

fn workflow(w: &ir::Workflow, client: &Paths<'_>) -> TokenStream {
    let p = &w.type_prefix;
    let inputs_ty = format_ident!("{p}Inputs");
    let outputs_ty = format_ident!("{p}Outputs");
    let end_ty = format_ident!("{p}End");
    let step_enum = format_ident!("{p}Step");
    let fn_name = id(&w.fn_name);
    let wf_id = &w.id;
    let rt = quote!(#client::arazzo_runtime);
    let client_ty = client.client_ty();
    let step_vars_done: Vec<Ident> = w.steps.iter().map(|s| format_ident!("step_{}", s.field)).collect();
    let step_ids_done: Vec<&str> = w.steps.iter().map(|s| s.id.as_str()).collect();
    let serde_path = quote!(#rt::serde).to_string().replace(' ', "");

    // Inputs.
    let input_fields = w.inputs.iter().map(|i| {
        let f = id(&i.field);
        let ty = rust_ty(&i.ty, client);
        let name = &i.name;
        let d = doc(i.doc.as_deref().unwrap_or_default());
        let skip = i.ty.optional.then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
        quote! { #d #[serde(rename = #name)] #skip pub #f: #ty, }
    });
    let debug_fields = w.inputs.iter().map(|i| {
        let f = id(&i.field);
        let name = &i.field;
        if i.secret {
            quote! { .field(#name, &"<redacted>") }
        } else {
            quote! { .field(#name, &self.#f) }
        }
    });
    let secrets = w.inputs.iter().filter(|i| i.secret && i.ty.ty == Ty::String).map(|i| {
        let f = id(&i.field);
        if i.ty.optional {
            quote! { inputs.#f.as_deref().unwrap_or_default() }
        } else {
            quote! { inputs.#f.as_str() }
        }
    });
    let inputs_name = inputs_ty.to_string();
    let inputs_doc = format!(" Inputs of workflow `{wf_id}`.");

    // Types of the inputs.
    let local_types = w.types.iter().map(|t| local_type(t, client));

    // Step outputs structs.
    let step_structs = w.steps.iter().map(|s| {
        let name = format_ident!("{p}{}Outputs", s.variant);
        let has_body = s.outputs.iter().any(|o| o.value.value.ty().ty == Ty::Body);
        let derive = if has_body { quote!(#[derive(Debug)]) } else { quote!(#[derive(Clone, Debug)]) };
        let fields = s.outputs.iter().map(|o| {
            let f = id(&o.field);
            let ty = rust_ty(&o.value.value.ty(), client);
            let d = format!(" `{}`: `{}`", o.name, o.value.text);
            quote! { #[doc = #d] pub #f: #ty, }
        });
        let d = doc(&format!(
            "Outputs of step `{}`{}",
            s.id,
            s.doc.as_deref().map(|d| format!(": {d}")).unwrap_or_default()
        ));
        quote! {
            #d
            #derive
            #[allow(clippy::all)]
            pub struct #name { #( #fields )* }
        }
    });

    // Ends.
    let end_variants = w.ends.iter().map(|e| {
        let v = id(&e.variant);
        let d = doc(&e.doc);
        match &e.payload {
            EndPayload::Step(si) => {
                let st = format_ident!("{p}{}Outputs", w.steps[*si].variant);
                quote! { #d #v(#st), }
            }
            EndPayload::Workflow(prefix) => {
                let st = format_ident!("{prefix}Outputs");
                quote! { #d #v(::std::boxed::Box<#st>), }
            }
            EndPayload::None => quote! { #d #v, },
        }
    });
    let end_doc = format!(" Which way workflow `{wf_id}` ended.");

    // Outputs.
    let out_fields = w.outputs.iter().map(|o| {
        let f = id(&o.field);
        let ty = rust_ty(&TyOpt::opt(o.value.value.ty().ty), client);
        let d = format!(" `{}`: `{}`", o.name, o.value.text);
        quote! { #[doc = #d] pub #f: #ty, }
    });
    let out_values = w.outputs.iter().map(|o| {
        let f = id(&o.field);
        let v = value_opt(&o.value.value, &o.value.text, client, true);
        quote! { #f: #v, }
    });
    let outputs_doc = format!(" Outputs of workflow `{wf_id}`.");

    // Steps.
    let step_variants: Vec<Ident> = w.steps.iter().map(|s| id(&s.variant)).collect();
    let step_vars = w.steps.iter().map(|s| {
        let v = format_ident!("step_{}", s.field);
        let st = format_ident!("{p}{}Outputs", s.variant);
        // One retry counter per `retry` action: each has its own `retryLimit`.
        let retries = s.on_failure.iter().enumerate().filter(|(_, a)| matches!(a.kind, ActionKind::Retry { .. })).map(
            |(i, _)| {
                let counter = format_ident!("retries_{}_{i}", s.field);
                quote! { let mut #counter: u64 = 0; }
            },
        );
        // The outputs of the workflow a `workflowId` step called, for later steps.
        let callee = s.call.as_ref().map(|c| {
            let cv = format_ident!("callee_{}", s.field);
            let ct = format_ident!("{}Outputs", c.type_prefix);
            quote! { let mut #cv: ::core::option::Option<::std::boxed::Box<#ct>> = None; }
        });
        quote! { let mut #v: ::core::option::Option<#st> = None; #( #retries )* #callee }
    });
    let arms = w.steps.iter().enumerate().map(|(i, s)| step_arm(w, i, s, client));
    let first = step_variants.first().cloned().unwrap_or_else(|| id("Completed"));
    let deps = w.depends_on.iter().map(|d| {
        let var = id(&d.var);
        let call = call_tokens(&d.call, &d.id, client);
        let wf_id = &w.id;
        let _ = wf_id;
        quote! {
            let #var = {
                #call
                result?
            };
        }
    });
    let fn_doc = doc(&w.doc);
    let max = MAX_TRANSITIONS;

    quote! {
        #[doc = #inputs_doc]
        #[derive(Clone, #rt::serde::Deserialize, #rt::serde::Serialize)]
        #[serde(crate = #serde_path)]
        #[allow(clippy::all)]
        pub struct #inputs_ty { #( #input_fields )* }

        impl ::core::fmt::Debug for #inputs_ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#inputs_name) #( #debug_fields )* .finish()
            }
        }

        #( #local_types )*

        #( #step_structs )*

        #[doc = #end_doc]
        #[derive(Debug)]
        #[allow(clippy::all)]
        pub enum #end_ty { #( #end_variants )* }

        #[doc = #outputs_doc]
        #[derive(Debug)]
        #[allow(clippy::all)]
        pub struct #outputs_ty {
            #( #out_fields )*
            /// Which way the workflow ended.
            pub end: #end_ty,
            /// The HTTP status of the last response the workflow received (what
            /// `$statusCode` means in a step that calls this workflow).
            pub last_status: ::core::option::Option<u16>,
            /// The stepIds of the steps that completed, in document order (what an
            /// Arazzo 1.1 step-level `dependsOn` on them checks).
            pub completed_steps: ::std::vec::Vec<&'static str>,
        }

        #[allow(clippy::all)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum #step_enum { #( #step_variants, )* }

        #fn_doc
        #[allow(clippy::all, unused_variables, unused_mut, unreachable_code, unused_assignments, unused_parens)]
        pub async fn #fn_name(
            client: &#client_ty,
            inputs: #inputs_ty,
        ) -> ::core::result::Result<#outputs_ty, #rt::WorkflowError> {
            let secrets: &[&str] = &[#( #secrets ),*];
            #( #deps )*
            #( #step_vars )*
            let mut next = #step_enum::#first;
            let mut transitions: u32 = 0;
            let mut last_status: ::core::option::Option<u16> = None;
            let end = loop {
                transitions += 1;
                if transitions > #max {
                    return Err(#rt::WorkflowError::StepLimit { workflow: #wf_id, limit: #max });
                }
                match next {
                    #( #arms )*
                }
            };
            let mut completed_steps = ::std::vec::Vec::new();
            #( if #step_vars_done.is_some() { completed_steps.push(#step_ids_done); } )*
            Ok(#outputs_ty { #( #out_values )* end, last_status, completed_steps })
        }
    }
}

/// The value as an `Option<T>` expression (`as_outputs`: may move bodies out of step outputs).
fn value_opt(v: &Value, text: &str, client: &Paths<'_>, as_outputs: bool) -> TokenStream {
    match v {
        Value::StepOutput { step, field, ty, field_optional } => {
            let s = format_ident!("step_{step}");
            let f = id(field);
            if ty.ty == Ty::Body {
                if as_outputs {
                    // Move the stream out: it can be read once.
                    quote! { #s.as_mut().and_then(|o| o.#f.take()) }
                } else {
                    quote! { ::core::option::Option::<#client::arazzo_runtime::Body>::None }
                }
            } else if *field_optional {
                quote! { #s.as_ref().and_then(|o| o.#f.clone()) }
            } else {
                quote! { #s.as_ref().map(|o| o.#f.clone()) }
            }
        }
        other => {
            let t = value_tokens(other, text, client);
            if other.ty().optional {
                t
            } else {
                quote! { Some(#t) }
            }
        }
    }
}

/// The value with its own type (`TyOpt`).
fn value_tokens(v: &Value, text: &str, client: &Paths<'_>) -> TokenStream {
    match v {
        Value::Str(s) => quote! { ::std::string::String::from(#s) },
        Value::Int(i) => quote! { #i },
        Value::Float(f) => quote! { #f },
        Value::Bool(b) => quote! { #b },
        Value::Null => quote! { ::core::option::Option::<#client::arazzo_runtime::serde_json::Value>::None },
        Value::Json(j) => {
            let s = j.to_string();
            quote! { #client::arazzo_runtime::serde_json::from_str::<#client::arazzo_runtime::serde_json::Value>(#s).unwrap_or_default() }
        }
        Value::Input { field, .. } => {
            let f = id(field);
            quote! { inputs.#f.clone() }
        }
        Value::StepOutput { .. } => value_opt(v, text, client, false),
        Value::Template(parts) => {
            let mut fmt = String::new();
            let mut args = Vec::new();
            for p in parts {
                match p {
                    Value::Str(s) => fmt.push_str(&s.replace('{', "{{").replace('}', "}}")),
                    Value::Input { field, ty }
                        if !ty.optional && matches!(ty.ty, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool) =>
                    {
                        let f = id(field);
                        fmt.push_str("{}");
                        args.push(quote! { inputs.#f });
                    }
                    other => {
                        let t = value_tokens(other, text, client);
                        fmt.push_str("{}");
                        args.push(if other.ty().optional {
                            quote! { #client::arazzo_runtime::Display::opt(&#t) }
                        } else {
                            quote! { #client::arazzo_runtime::Display::val(&#t) }
                        });
                    }
                }
            }
            quote! { format!(#fmt #(, #args )*) }
        }
        Value::StatusCode => quote! { status },
        Value::ResponseHeader(h) => quote! {
            headers.get(#h).and_then(|v| v.to_str().ok()).map(::std::string::String::from)
        },
        Value::BodyField { field, .. } => {
            let f = id(field);
            quote! { body.#f.clone() }
        }
        Value::BodyWhole { ty } if ty.ty == Ty::Body => quote! { body.take() },
        // Read as JSON: a body whose schema is inline has a type progenitor chose (a
        // `Vec` of a named type, a map, a struct of its own), not `serde_json::Value`.
        Value::BodyWhole { ty } if ty.ty == Ty::Json => {
            quote! { #client::arazzo_runtime::serde_json::to_value(&body).unwrap_or_default() }
        }
        Value::BodyWhole { .. } => quote! { body.clone() },
        Value::BodyPointer(p) => quote! {
            #client::arazzo_runtime::serde_json::to_value(&body).ok().and_then(|v| v.pointer(#p).cloned())
        },
        Value::CalleeOutput { field, .. } => {
            let f = id(field);
            quote! { callee.#f.clone() }
        }
        Value::WorkflowOutput { var, field, .. } => {
            let (v, f) = (id(var), id(field));
            quote! { #v.#f.clone() }
        }
        Value::Pointer { base, pointer } => {
            let b = value_opt(base, text, client, false);
            quote! { #client::arazzo_runtime::json_pointer(&#b, #pointer) }
        }
        Value::Known(s) => quote! { ::std::string::String::from(#s) },
        Value::Request(part) => match part {
            ir::RequestPart::Url => quote! { sent_request.url() },
            ir::RequestPart::Header(h) => quote! { sent_request.header(#h) },
            ir::RequestPart::Query(q) => quote! { sent_request.query(#q) },
            ir::RequestPart::Path { template, name } => quote! { sent_request.path_param(#template, #name) },
            ir::RequestPart::Body(p) => quote! { sent_request.body_json(#p) },
        },
        Value::JsonPath { base, query } => {
            let b = value_opt(base, text, client, false);
            quote! { #client::arazzo_runtime::select_jsonpath(&#b, #query) }
        }
        Value::XPath { base, expr, version } => {
            let b = value_opt(base, text, client, false);
            let v = xpath_version(version);
            quote! { #client::arazzo_runtime::select_xpath(#client::arazzo_runtime::XPathVersion::#v, #expr, &#b) }
        }
        Value::FailedBody(p) if p.is_empty() => quote! { error.response_json() },
        Value::FailedBody(p) => quote! { error.response_json().and_then(|v| v.pointer(#p).cloned()) },
        Value::FailedHeader(h) => quote! { error.response_header(#h) },
        Value::EarlierCallee { step, field, .. } => {
            let (cv, f) = (format_ident!("callee_{step}"), id(field));
            quote! { #cv.as_ref().and_then(|o| o.#f.clone()) }
        }
    }
}

/// A struct or enum generated from the inputs schema, with the runtime's traits.
fn local_type(t: &ir::LocalType, client: &Paths<'_>) -> TokenStream {
    let rt = quote!(#client::arazzo_runtime);
    let serde_path = quote!(#rt::serde).to_string().replace(' ', "");
    let (name, def) = match t {
        ir::LocalType::Struct { name, doc: d, fields } => {
            let n = id(name);
            let d = doc(d.as_deref().unwrap_or_default());
            let fields = fields.iter().map(|f| {
                let fi = id(&f.field);
                let ty = rust_ty(&f.ty, client);
                let wire = &f.name;
                let fd = doc(f.doc.as_deref().unwrap_or_default());
                let skip = f.ty.optional.then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
                quote! { #fd #[serde(rename = #wire)] #skip pub #fi: #ty, }
            });
            (
                name,
                quote! {
                    #d
                    #[derive(Clone, Debug, PartialEq, #rt::serde::Deserialize, #rt::serde::Serialize)]
                    #[serde(crate = #serde_path)]
                    #[allow(clippy::all)]
                    pub struct #n { #( #fields )* }
                },
            )
        }
        ir::LocalType::Enum { name, doc: d, variants } => {
            let n = id(name);
            let d = doc(d.as_deref().unwrap_or_default());
            let vs = variants.iter().map(|(v, wire)| {
                let v = id(v);
                let vd = format!(" `{wire}`");
                quote! { #[doc = #vd] #[serde(rename = #wire)] #v, }
            });
            (
                name,
                quote! {
                    #d
                    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, #rt::serde::Deserialize, #rt::serde::Serialize)]
                    #[serde(crate = #serde_path)]
                    #[allow(clippy::all)]
                    pub enum #n { #( #vs )* }
                },
            )
        }
    };
    let n = id(name);
    quote! {
        #def
        impl #rt::ToText for #n {
            fn to_text(&self) -> ::std::string::String {
                #rt::ToText::to_text(&#rt::serde_json::to_value(self).unwrap_or_default())
            }
        }
        impl #rt::Truthy for #n {
            fn truthy(&self) -> bool {
                true
            }
        }
    }
}

/// A call of another workflow of the module: binds `result`.
fn call_tokens(call: &ir::Call, callee_id: &str, client: &Paths<'_>) -> TokenStream {
    let f = id(&call.fn_name);
    let inputs_ty = format_ident!("{}Inputs", call.type_prefix);
    let mut bindings = Vec::new();
    let mut fields = Vec::new();
    for (i, (field, ty, value)) in call.inputs.iter().enumerate() {
        let v = format_ident!("input{i}");
        let arg = ir::Arg {
            name: field.clone(),
            kind: ArgKind::Positional { ty: ty.clone(), path: false, styled: None },
            value: value.clone(),
        };
        bindings.push(arg_binding(&v, &arg, ty, callee_id, client));
        let f = id(field);
        fields.push(quote! { #f: #v, });
    }
    quote! {
        #( #bindings )*
        let result = ::std::boxed::Box::pin(#f(client, #inputs_ty { #( #fields )* })).await;
    }
}

/// The request body of a step, as `body_arg` (the type progenitor's method takes is
/// inferred), and, for a body the runtime builds (multipart, XML), the `Content-Type`
/// it sends in place of progenitor's (pushed to `extras`).
fn body_tokens(
    b: &ir::RequestBody,
    step_id: &str,
    client: &Paths<'_>,
) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let rt = quote!(#client::arazzo_runtime);
    if b.arg == BodyArg::Xml {
        return xml_body_tokens(b, step_id, client);
    }
    let json = payload_tokens(&b.payload, client);
    let parse = if b.parse_text {
        quote! { let body_json = #rt::parse_json_body(#step_id, &body_json)?; }
    } else {
        quote! {}
    };
    let replacements = b.replacements.iter().map(|(target, v)| {
        let value = value_opt(&v.value, &v.text, client, false);
        quote! { #rt::replace_pointer(#step_id, &mut body_json, #target, #rt::serde_json::to_value(&#value).unwrap_or_default())?; }
    });
    let (bind, pass) = match &b.arg {
        BodyArg::Ref => (quote! { let body_arg = #rt::body_from_json(#step_id, body_json)?; }, quote! { &body_arg }),
        BodyArg::ByValue => (quote! { let body_arg = #rt::body_from_json(#step_id, body_json)?; }, quote! { body_arg }),
        BodyArg::Str => (
            quote! { let body_arg: ::std::string::String = #rt::body_from_json(#step_id, body_json)?; },
            quote! { body_arg.as_str() },
        ),
        // (XML returned above.)
        BodyArg::Raw | BodyArg::Xml => {
            (quote! { let body_arg: ::std::string::String = #rt::body_text(&body_json); }, quote! { body_arg })
        }
        BodyArg::Multipart(parts) => {
            let parts = parts.iter().map(|p| {
                let (name, file) = (&p.name, p.file);
                let content_type = match &p.content_type {
                    Some(c) => quote! { ::core::option::Option::Some(#c) },
                    None => quote! { ::core::option::Option::None },
                };
                quote! { #rt::FormPart { name: #name, content_type: #content_type, file: #file } }
            });
            (
                quote! {
                    let (body_arg, body_content_type) = #rt::multipart_body(#step_id, &body_json, &[#( #parts ),*])?;
                },
                quote! { body_arg },
            )
        }
    };
    let declared = &b.content_type;
    let header = match &b.arg {
        BodyArg::Multipart(_) => Some(
            quote! { #rt::push_extra(&mut extras, #rt::Place::Header, "content-type", &body_content_type, "simple", false); },
        ),
        _ if b.header => Some(
            quote! { #rt::push_extra(&mut extras, #rt::Place::Header, "content-type", #declared, "simple", false); },
        ),
        _ => None,
    };
    (
        quote! {
            let mut body_json: #rt::serde_json::Value = #json;
            #parse
            #( #replacements )*
            #bind
        },
        pass,
        header,
    )
}

/// An XML request body: the payload's text (values in a template XML-escaped), the
/// XPath replacements applied by the runtime, sent with the body's media type.
fn xml_body_tokens(
    b: &ir::RequestBody,
    step_id: &str,
    client: &Paths<'_>,
) -> (TokenStream, TokenStream, Option<TokenStream>) {
    let rt = quote!(#client::arazzo_runtime);
    let text = match &b.payload {
        Payload::Const(serde_json::Value::String(s)) => quote! { ::std::string::String::from(#s) },
        Payload::Value(v) => match &v.value {
            Value::Template(parts) => {
                let mut fmt = String::new();
                let mut args = Vec::new();
                for p in parts {
                    match p {
                        Value::Str(s) => fmt.push_str(&s.replace('{', "{{").replace('}', "}}")),
                        other => {
                            let t = value_tokens(other, &v.text, client);
                            fmt.push_str("{}");
                            args.push(if other.ty().optional {
                                quote! { #rt::xml_escape(&#rt::Display::opt(&#t)) }
                            } else {
                                quote! { #rt::xml_escape(&#rt::Display::val(&#t)) }
                            });
                        }
                    }
                }
                quote! { format!(#fmt #(, #args )*) }
            }
            // One expression: its value is the XML text.
            other => {
                let value = value_opt(other, &v.text, client, false);
                let text = &v.text;
                quote! { #rt::xml_payload_text(#step_id, #text, #rt::serde_json::to_value(&#value).unwrap_or_default())? }
            }
        },
        // Not XML text (a compile error already): its JSON text.
        other => {
            let json = payload_tokens(other, client);
            quote! { #rt::body_text(&#json) }
        }
    };
    let replacements = b.replacements.iter().map(|(target, v)| {
        let value = value_opt(&v.value, &v.text, client, false);
        quote! { (#target, #rt::serde_json::to_value(&#value).unwrap_or_default()) }
    });
    let content_type = &b.content_type;
    (
        quote! {
            let body_arg: ::std::string::String = #rt::xml_body(#step_id, #text, &[#( #replacements ),*])?;
        },
        quote! { body_arg },
        Some(
            quote! { #rt::push_extra(&mut extras, #rt::Place::Header, "content-type", #content_type, "simple", false); },
        ),
    )
}

fn payload_tokens(p: &Payload, client: &Paths<'_>) -> TokenStream {
    let rt = quote!(#client::arazzo_runtime);
    match p {
        Payload::Const(v) => {
            let s = v.to_string();
            quote! { #rt::serde_json::from_str::<#rt::serde_json::Value>(#s).unwrap_or_default() }
        }
        Payload::Value(v) => {
            let t = value_tokens(&v.value, &v.text, client);
            quote! { #rt::serde_json::to_value(&#t).unwrap_or_default() }
        }
        Payload::Object(members) => {
            let inserts = members.iter().map(|(k, v)| {
                let v = payload_tokens(v, client);
                quote! { map.insert(::std::string::String::from(#k), #v); }
            });
            quote! {
                {
                    let mut map = #rt::serde_json::Map::new();
                    #( #inserts )*
                    #rt::serde_json::Value::Object(map)
                }
            }
        }
        Payload::Array(items) => {
            let items = items.iter().map(|v| payload_tokens(v, client));
            quote! { #rt::serde_json::Value::Array(::std::vec![#( #items ),*]) }
        }
    }
}

/// A value converted to `ty` for a progenitor argument, bound to `var`.
fn arg_binding(var: &Ident, arg: &ir::Arg, ty: &TyOpt, step_id: &str, client: &Paths<'_>) -> TokenStream {
    let rt = quote!(#client::arazzo_runtime);
    let rty = rust_ty(ty, client);
    let Some(src) = &arg.value else {
        return quote! { let #var: #rty = None; };
    };
    let text = &src.text;
    let vt = src.value.ty();
    let raw = value_tokens(&src.value, text, client);
    if !vt.optional && vt.ty == ty.ty {
        return if ty.optional {
            quote! { let #var: #rty = Some(#raw); }
        } else {
            quote! { let #var: #rty = #raw; }
        };
    }
    // First: an Option of the value's own type.
    let opt = if vt.optional {
        raw
    } else {
        quote! { Some(#raw) }
    };
    // Then: convert to the parameter's type.
    let conv = match (&vt.ty, &ty.ty) {
        (a, b) if a == b => quote! { v },
        (_, Ty::String) => quote! { #rt::Display::val(&v) },
        (Ty::Json, Ty::I64) => quote! {
            v.as_i64().ok_or(#rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "an integer" })?
        },
        (Ty::Json, Ty::F64) => quote! {
            v.as_f64().ok_or(#rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "a number" })?
        },
        (Ty::Json, Ty::Bool) => quote! {
            v.as_bool().ok_or(#rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "a boolean" })?
        },
        (Ty::I64, Ty::F64) => quote! { v as f64 },
        (Ty::String, Ty::I64) => quote! {
            v.parse::<i64>().map_err(|_| #rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "an integer" })?
        },
        (Ty::String, Ty::F64) => quote! {
            v.parse::<f64>().map_err(|_| #rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "a number" })?
        },
        (Ty::String, Ty::Bool) => quote! {
            v.parse::<bool>().map_err(|_| #rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "`true` or `false`" })?
        },
        (_, Ty::Json) => quote! { #client::arazzo_runtime::serde_json::to_value(&v).unwrap_or_default() },
        (_, Ty::Infer(_)) => quote! {
            #rt::from_json(#step_id, #text, #rt::serde_json::to_value(&v).unwrap_or_default())?
        },
        (_, Ty::Local(_) | Ty::Vec(_)) => quote! {
            #rt::serde_json::to_value(&v).ok().and_then(|j| #rt::serde_json::from_value(j).ok())
                .ok_or(#rt::WorkflowError::InvalidValue { step: #step_id, expression: #text, expected: "a value of the input's type" })?
        },
        // Any other pair (a boolean for an integer, a number for a boolean, …): through
        // JSON, so that the code type-checks whatever the two types; a value that does
        // not convert is `InvalidValue` at run time.
        _ => quote! {
            #rt::from_json(#step_id, #text, #rt::serde_json::to_value(&v).unwrap_or_default())?
        },
    };
    if ty.optional {
        quote! { let #var: #rty = match #opt { Some(v) => Some(#conv), None => None }; }
    } else {
        quote! {
            let #var: #rty = match #opt {
                Some(v) => #conv,
                None => return Err(#rt::WorkflowError::MissingValue { step: #step_id, expression: #text }),
            };
        }
    }
}

fn step_arm(w: &ir::Workflow, index: usize, s: &ir::Step, client: &Paths<'_>) -> TokenStream {
    let p = &w.type_prefix;
    let rt = quote!(#client::arazzo_runtime);
    let step_enum = format_ident!("{p}Step");
    let end_ty = format_ident!("{p}End");
    let variant = id(&s.variant);
    let step_id = &s.id;
    let outputs_ty = format_ident!("{p}{}Outputs", s.variant);
    let var = format_ident!("step_{}", s.field);
    // Arazzo 1.1 `dependsOn`: the steps named must have completed in this run.
    let deps_check = s.depends_on.iter().map(|d| {
        let (completed, name) = match d {
            ir::StepDependency::Local { step_id, field } => {
                let dep = format_ident!("step_{field}");
                (quote! { #dep.is_some() }, step_id)
            }
            ir::StepDependency::OfDependency { reference, var, step_id } => {
                let v = id(var);
                (quote! { #v.completed_steps.contains(&#step_id) }, reference)
            }
            ir::StepDependency::OfCallee { reference, step, step_id } => {
                let v = format_ident!("callee_{step}");
                (quote! { #v.as_ref().is_some_and(|c| c.completed_steps.contains(&#step_id)) }, reference)
            }
        };
        quote! {
            if !(#completed) {
                return Err(#rt::WorkflowError::DependencyNotMet { step: #step_id, depends_on: #name });
            }
        }
    });
    let deps_check = quote! { #( #deps_check )* };

    let mut bindings = Vec::new();
    let mut call_args = Vec::new();
    let mut extra = Vec::new();
    for (i, a) in s.args.iter().enumerate() {
        let v = format_ident!("arg{i}");
        match &a.kind {
            ArgKind::Positional { ty, path, styled } => {
                match (styled, &a.value) {
                    (Some(style), Some(src)) => {
                        let value = value_opt(&src.value, &src.text, client, false);
                        let text = &src.text;
                        let explode = style.explode;
                        let name = &a.name;
                        let write = match style.kind {
                            ir::PathStyleKind::Simple => quote! { #rt::simple_style(&v, #explode) },
                            ir::PathStyleKind::Label => quote! { #rt::label_style(&v, #explode) },
                            ir::PathStyleKind::Matrix => quote! { #rt::matrix_style(&v, #name, #explode) },
                        };
                        bindings.push(quote! {
                            let #v: ::std::string::String = match #value {
                                Some(v) => #write,
                                None => return Err(#rt::WorkflowError::MissingValue { step: #step_id, expression: #text }),
                            };
                        });
                    }
                    _ => bindings.push(arg_binding(&v, a, ty, step_id, client)),
                }
                if *path {
                    let text = a.value.as_ref().map(|v| v.text.clone()).unwrap_or_default();
                    bindings.push(if ty.ty == Ty::String && !ty.optional {
                        quote! { #rt::check_path_segment(#step_id, #text, &#v)?; }
                    } else {
                        quote! { #rt::check_path_segment(#step_id, #text, &#rt::json_text(&#v))?; }
                    });
                }
                let pass = match (&ty.ty, ty.optional) {
                    (Ty::String, false) => quote! { #v.as_str() },
                    (Ty::String, true) => quote! { #v.as_deref() },
                    (Ty::Infer(true), false) => quote! { &#v },
                    (Ty::Infer(true), true) => quote! { #v.as_ref() },
                    _ => quote! { #v },
                };
                call_args.push(pass);
            }
            ArgKind::ExtraHeader { name, style, explode }
            | ArgKind::ExtraQuery { name, style, explode }
            | ArgKind::Cookie { name, style, explode } => {
                let place = match &a.kind {
                    ArgKind::ExtraHeader { .. } => quote!(Header),
                    ArgKind::ExtraQuery { .. } => quote!(Query),
                    _ => quote!(Cookie),
                };
                // Serialised in the parameter's style; a value that is absent is not sent.
                match &a.value {
                    Some(src) if !src.value.ty().optional && !matches!(src.value, Value::StepOutput { .. }) => {
                        let value = value_tokens(&src.value, &src.text, client);
                        extra.push(quote! {
                            #rt::push_extra(&mut extras, #rt::Place::#place, #name, &#value, #style, #explode);
                        });
                    }
                    // An optional input left out is not sent; any other missing value
                    // (a step output that is null) stops the request.
                    Some(src) if matches!(src.value, Value::Input { .. }) => {
                        let value = value_opt(&src.value, &src.text, client, false);
                        extra.push(quote! {
                            if let Some(v) = #value {
                                #rt::push_extra(&mut extras, #rt::Place::#place, #name, &v, #style, #explode);
                            }
                        });
                    }
                    Some(src) => {
                        let value = value_opt(&src.value, &src.text, client, false);
                        let text = &src.text;
                        extra.push(quote! {
                            match #value {
                                Some(v) => #rt::push_extra(&mut extras, #rt::Place::#place, #name, &v, #style, #explode),
                                None => return Err(#rt::WorkflowError::MissingValue { step: #step_id, expression: #text }),
                            }
                        });
                    }
                    None => {}
                }
            }
        }
    }
    if let Some(b) = &s.request_body {
        let (bind, pass, content_type) = body_tokens(b, step_id, client);
        bindings.push(bind);
        call_args.push(pass);
        extra.extend(content_type);
    }

    let read_body = match &s.body {
        BodyKind::Stream => quote! {
            let mut body = Some(#rt::Body::from_response(#step_id, response));
        },
        BodyKind::Typed(_) => quote! { let body = response.into_inner(); },
        BodyKind::Untyped => quote! { let body = #rt::json_body(#step_id, response).await?; },
        BodyKind::Empty => quote! { let body = (); },
    };
    let headers = s.reads_headers.then(|| quote! { let headers = response.headers().clone(); });

    let goto = |target: usize| -> TokenStream {
        let t = id(&w.steps[target].variant);
        quote! { next = #step_enum::#t; continue; }
    };
    let wf_id = &w.id;
    let op_id = &s.operation_id;
    // onFailure actions, with `status` (0 when there was no response) and `error` in scope.
    let failure_actions: Vec<TokenStream> = s
        .on_failure
        .iter()
        .enumerate()
        .map(|(ai, a)| {
            let test = action_test(a, client);
            match &a.kind {
                ActionKind::Goto { step } => {
                    let g = goto(*step);
                    quote! { if #test { #g } }
                }
                ActionKind::Fail | ActionKind::End { .. } => quote! { if #test { return Err(error); } },
                ActionKind::GotoWorkflow { call, variant } => {
                    let c = call_tokens(call, step_id, client);
                    let v = id(variant);
                    quote! { if #test { #c break #end_ty::#v(::std::boxed::Box::new(result?)); } }
                }
                ActionKind::Retry { after, limit } => {
                    let counter = format_ident!("retries_{}_{ai}", s.field);
                    quote! {
                        if #test && #counter < #limit {
                            #counter += 1;
                            let delay = error.retry_after().unwrap_or(::std::time::Duration::from_secs_f64(#after));
                            #rt::retrying(#wf_id, #step_id, #counter, delay);
                            #rt::sleep(delay).await;
                            continue;
                        }
                    }
                }
            }
        })
        .collect();
    let criteria = s.success.iter().map(|(c, text)| {
        let c = cond(c, client);
        let c = match c.to_string().starts_with('(') {
            true => c,
            false => quote!((#c)),
        };
        let error = quote! { #rt::WorkflowError::CriteriaNotMet { step: #step_id, status, criterion: #text } };
        if failure_actions.is_empty() {
            quote! { if !#c { return Err(#error); } }
        } else {
            quote! {
                if !#c {
                    let error = #error;
                    #( #failure_actions )*
                    return Err(error);
                }
            }
        }
    });
    let on_error = if failure_actions.is_empty() {
        quote! {
            {
                let error = #rt::WorkflowError::from_client(#step_id, e, secrets).await;
                #rt::step_done(#wf_id, #step_id, #op_id, error.status(), started);
                return Err(error);
            }
        }
    } else {
        quote! {
            {
                let error = #rt::WorkflowError::from_client(#step_id, e, secrets).await;
                #rt::step_done(#wf_id, #step_id, #op_id, error.status(), started);
                last_status = error.status().or(last_status);
                let status: u16 = error.status().unwrap_or(0);
                #( #failure_actions )*
                return Err(error);
            }
        }
    };

    let outputs = s.outputs.iter().map(|o| {
        let f = id(&o.field);
        let v = value_tokens(&o.value.value, &o.value.text, client);
        quote! { #f: #v, }
    });

    let actions = s.on_success.iter().map(|a| {
        let test = action_test(a, client);
        match &a.kind {
            ActionKind::Goto { step } => {
                let g = goto(*step);
                quote! { if #test { #var = Some(outputs); #g } }
            }
            ActionKind::Fail | ActionKind::Retry { .. } => quote! {},
            ActionKind::End { variant } => {
                let v = id(variant);
                let carries = w.ends.iter().any(|e| &e.variant == variant && matches!(e.payload, EndPayload::Step(_)));
                if carries {
                    quote! { if #test { let end = #end_ty::#v(outputs.clone()); #var = Some(outputs); break end; } }
                } else {
                    quote! { if #test { #var = Some(outputs); break #end_ty::#v; } }
                }
            }
            ActionKind::GotoWorkflow { call, variant } => {
                let c = call_tokens(call, step_id, client);
                let v = id(variant);
                quote! { if #test { #var = Some(outputs); #c break #end_ty::#v(::std::boxed::Box::new(result?)); } }
            }
        }
    });
    let fallthrough = match w.steps.get(index + 1) {
        Some(n) => {
            let n = id(&n.variant);
            quote! { next = #step_enum::#n; }
        }
        None => quote! { break #end_ty::Completed; },
    };
    // A `workflowId` step has no method (it returned above); never an empty identifier.
    let method = id(if s.method.is_empty() { "missing_operation" } else { &s.method });
    let mut target = client.client_expr(&s.source);
    if let Some(server) = &s.server {
        // The operation's own server (`servers` of the operation or its path item): the
        // same HTTP client, at that server's URL rebased like the root server's.
        let module = client.client_of(&s.source);
        let (url, root) = (&server.url, &server.root);
        bindings.insert(
            0,
            quote! {
                let server_client = {
                    use #rt::ClientInfo as _;
                    #module::Client::new_with_client(
                        &#rt::rebase_server(#target.baseurl(), #root, #url),
                        #target.client().clone(),
                    )
                };
            },
        );
        target = quote!(server_client);
    }
    let call = if extra.is_empty() {
        quote! { #target.#method(#( #call_args ),*) }
    } else {
        bindings.push(quote! {
            let mut extras = #rt::Extras::new();
            #( #extra )*
        });
        quote! { #rt::with_extras(extras, #target.#method(#( #call_args ),*)) }
    };
    let sending = quote! {
        #rt::tracing::Instrument::instrument(
            #call,
            #rt::tracing::info_span!("step", workflow = #wf_id, step = #step_id, operation = #op_id),
        )
    };
    // `$url` and `$request.*` read the request as the client's hook saw it.
    let send = if s.reads_request {
        quote! {
            let (sent, sent_request) = #rt::capture_request(#sending).await;
            let response = match sent {
                Ok(response) => response,
                Err(e) => #on_error,
            };
        }
    } else {
        quote! {
            let response = match #sending.await {
                Ok(response) => response,
                Err(e) => #on_error,
            };
        }
    };

    if let Some(c) = &s.call {
        let call = call_tokens(c, step_id, client);
        let callee_var = format_ident!("callee_{}", s.field);
        let on_error = if failure_actions.is_empty() {
            quote! { return Err(error); }
        } else {
            quote! {
                let status: u16 = error.status().unwrap_or(0);
                #( #failure_actions )*
                return Err(error);
            }
        };
        return quote! {
            #step_enum::#variant => {
                #deps_check
                #call
                let callee = match result {
                    Ok(callee) => callee,
                    Err(error) => { #on_error }
                };
                // Kept for later steps (`$workflows.<id>.outputs`); read here by reference.
                let callee = &**#callee_var.insert(::std::boxed::Box::new(callee));
                // `$statusCode`: the last status the called workflow received.
                last_status = callee.last_status.or(last_status);
                let status: u16 = callee.last_status.unwrap_or(0);
                #( #criteria )*
                let outputs = #outputs_ty { #( #outputs )* };
                #( #actions )*
                #var = Some(outputs);
                #fallthrough
            }
        };
    }

    quote! {
        #step_enum::#variant => {
            #deps_check
            #( #bindings )*
            let started = ::std::time::Instant::now();
            #send
            let status = response.status().as_u16();
            last_status = Some(status);
            #rt::step_done(#wf_id, #step_id, #op_id, Some(status), started);
            #headers
            #read_body
            #( #criteria )*
            let outputs = #outputs_ty { #( #outputs )* };
            #( #actions )*
            #var = Some(outputs);
            #fallthrough
        }
    }
}

/// The condition under which an action applies: all its criteria.
fn action_test(a: &ir::Action, client: &Paths<'_>) -> TokenStream {
    let conds: Vec<TokenStream> = a.criteria.iter().map(|c| cond(c, client)).collect();
    match conds.as_slice() {
        [] => quote!(true),
        [one] => one.clone(),
        many => quote!( #( (#many) )&&* ),
    }
}

/// A borrowed scalar view of a value for comparisons: `Option<&str>`, `Option<i64>`,
/// ...; the bool says whether it is JSON instead.
fn scalar(v: &Value, client: &Paths<'_>, float: bool) -> (TokenStream, bool) {
    let ty = v.ty();
    let t = match v {
        Value::Str(s) => quote! { Some(#s) },
        Value::Int(i) if float => {
            let f = *i as f64;
            quote! { Some(#f) }
        }
        Value::Int(i) => quote! { Some(#i) },
        Value::Float(f) => quote! { Some(#f) },
        Value::Bool(b) => quote! { Some(#b) },
        Value::StatusCode => quote! { Some(i64::from(status)) },
        Value::ResponseHeader(h) => quote! { headers.get(#h).and_then(|v| v.to_str().ok()) },
        Value::Input { field, ty } => {
            let f = id(field);
            match (&ty.ty, ty.optional) {
                (Ty::String, false) => quote! { Some(inputs.#f.as_str()) },
                (Ty::String, true) => quote! { inputs.#f.as_deref() },
                (_, false) => quote! { Some(inputs.#f.clone()) },
                (_, true) => quote! { inputs.#f.clone() },
            }
        }
        Value::BodyField { field, ty } => {
            let f = id(field);
            match (&ty.ty, ty.optional) {
                (Ty::String, true) => quote! { body.#f.as_deref() },
                (Ty::String, false) => quote! { Some(body.#f.as_str()) },
                (_, true) => quote! { body.#f.clone() },
                (_, false) => quote! { Some(body.#f.clone()) },
            }
        }
        Value::StepOutput { step, field, ty, field_optional } => {
            let s = format_ident!("step_{step}");
            let f = id(field);
            match (&ty.ty, *field_optional) {
                (Ty::String, true) => quote! { #s.as_ref().and_then(|o| o.#f.as_deref()) },
                (Ty::String, false) => quote! { #s.as_ref().map(|o| o.#f.as_str()) },
                (_, true) => quote! { #s.as_ref().and_then(|o| o.#f.clone()) },
                (_, false) => quote! { #s.as_ref().map(|o| o.#f.clone()) },
            }
        }
        other => {
            let t = value_tokens(other, "", client);
            let t = if ty.optional { t } else { quote!(Some(#t)) };
            if ty.ty == Ty::String {
                quote! { (#t).as_deref() }
            } else {
                t
            }
        }
    };
    (t, ty.ty.is_structured())
}

fn cond(c: &Cond, client: &Paths<'_>) -> TokenStream {
    let rt = quote!(#client::arazzo_runtime);
    match c {
        Cond::True => quote!(true),
        Cond::And(a, b) => {
            let (a, b) = (cond(a, client), cond(b, client));
            quote! { (#a && #b) }
        }
        Cond::Or(a, b) => {
            let (a, b) = (cond(a, client), cond(b, client));
            quote! { (#a || #b) }
        }
        Cond::Not(a) => {
            let a = cond(a, client);
            quote! { !(#a) }
        }
        Cond::Truthy(v) => {
            let t = value_tokens(v, "", client);
            quote! { #rt::truthy(&#t) }
        }
        Cond::Regex { value, pattern } => {
            let t = value_tokens(value, "", client);
            quote! { #rt::regex_criterion(#pattern, &#t) }
        }
        Cond::JsonPathQuery { value, query } => {
            let t = value_tokens(value, "", client);
            quote! { #rt::jsonpath_criterion(#query, &#t) }
        }
        Cond::XPath { value, expr, version } => {
            let t = value_tokens(value, "", client);
            let v = xpath_version(version);
            quote! { #rt::xpath_matches(#rt::XPathVersion::#v, #expr, &#t) }
        }
        Cond::JsonPointer { value, pointer } => {
            let t = value_opt(value, "", client, false);
            quote! { #rt::json_pointer(&#t, #pointer).is_some() }
        }
        Cond::Cmp { lhs, op, rhs, case_insensitive } => {
            // Status code against an integer: plain comparison.
            if let (Value::StatusCode, Value::Int(i)) = (lhs, rhs) {
                let i = *i as u16;
                let o = op_tokens(*op);
                return quote! { status #o #i };
            }
            let float = lhs.ty().ty == Ty::F64 || rhs.ty().ty == Ty::F64;
            let (l, lj) = scalar(lhs, client, float);
            let (r, rj) = scalar(rhs, client, float);
            if lj || rj {
                let (l, r) = (value_tokens(lhs, "", client), value_tokens(rhs, "", client));
                let o = format!("{op:?}");
                let o = id(&o);
                // `simple` conditions compare strings ignoring case (Arazzo 1.0.1).
                let f = if *case_insensitive { quote!(compare_simple) } else { quote!(compare_json) };
                return quote! { #rt::#f(&#l, #rt::CmpOp::#o, &#r) };
            }
            let is_string = lhs.ty().ty == Ty::String;
            match op {
                CmpOp::Eq | CmpOp::Ne if is_string && *case_insensitive => {
                    let t = quote! { #rt::eq_ignore_case(#l, #r) };
                    if *op == CmpOp::Eq { t } else { quote!(!#t) }
                }
                CmpOp::Eq => quote! { #l == #r },
                CmpOp::Ne => quote! { #l != #r },
                _ => {
                    let o = op_tokens(*op);
                    quote! { matches!((#l, #r), (Some(a), Some(b)) if a #o b) }
                }
            }
        }
    }
}

fn op_tokens(op: CmpOp) -> TokenStream {
    match op {
        CmpOp::Eq => quote!(==),
        CmpOp::Ne => quote!(!=),
        CmpOp::Lt => quote!(<),
        CmpOp::Le => quote!(<=),
        CmpOp::Gt => quote!(>),
        CmpOp::Ge => quote!(>=),
    }
}
