use std::collections::BTreeSet;
#[test]
fn scan() {
    let p = std::path::Path::new("/work/shared/openapi/openai-openapi.yml");
    let doc = arazzo_codegen::load::load_file(p, "x".into()).unwrap();
    let ops = arazzo_codegen::openapi::operations(&doc);
    let mut fails = Vec::new();
    let only = std::env::var("SCAN_OP").ok();
    for op in &ops {
        if only.as_deref().is_some_and(|o| o != op.operation_id) {
            continue;
        }
        let keep: BTreeSet<String> = [op.operation_id.clone()].into();
        let prepared = arazzo_codegen::prepare_openapi(&doc.root, &keep);
        {
            std::fs::write(
                format!("/tmp/scan/all-{}.json", op.operation_id),
                serde_json::to_string_pretty(&prepared).unwrap(),
            )
            .unwrap();
        }
        let api: openapiv3::OpenAPI = match serde_json::from_value(prepared.clone()) {
            Ok(a) => a,
            Err(e) => {
                fails.push(format!("{}: openapiv3: {e}", op.operation_id));
                continue;
            }
        };
        let r = std::panic::catch_unwind(|| {
            let mut settings = progenitor::GenerationSettings::default();
            settings.with_interface(progenitor::InterfaceStyle::Positional).with_hooks(progenitor::HooksMode::Expected);
            let mut g = progenitor::Generator::new(&settings);
            g.generate_tokens(&api).map_err(|e| e.to_string())
        });
        match r {
            Err(_) => fails.push(format!("{}: PANIC", op.operation_id)),
            Ok(Err(e)) => fails.push(format!("{}: progenitor error: {e}", op.operation_id)),
            Ok(Ok(t)) => match syn::parse2::<syn::File>(t) {
                Err(e) => fails.push(format!("{}: parse: {e}", op.operation_id)),
                Ok(f) => {
                    let code = prettyplease::unparse(&f);
                    let m = arazzo_codegen::names::method_name(&op.operation_id);
                    if !code.contains(&format!("pub async fn {m}<")) && !code.contains(&format!("pub async fn {m}(")) {
                        fails.push(format!("{}: method {m} missing", op.operation_id));
                    }
                }
            },
        }
    }
    eprintln!("{} operations, {} failures", ops.len(), fails.len());
    for f in &fails {
        eprintln!("{f}");
    }
}
