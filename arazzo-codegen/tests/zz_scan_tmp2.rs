fn run(v: &serde_json::Value) -> Result<(), String> {
    let api: openapiv3::OpenAPI = serde_json::from_value(v.clone()).map_err(|e| e.to_string())?;
    let r = std::panic::catch_unwind(|| {
        let mut settings = progenitor::GenerationSettings::default();
        settings.with_interface(progenitor::InterfaceStyle::Positional);
        let mut g = progenitor::Generator::new(&settings);
        g.generate_tokens(&api).map(|_| ()).map_err(|e| e.to_string())
    });
    r.map_err(|_| "panic".to_string())?
}
fn defaults(v: &serde_json::Value, path: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            if m.contains_key("default") && !path.ends_with("/properties") {
                out.push(format!("{path}/default"));
            }
            for (k, x) in m {
                defaults(x, format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                defaults(x, format!("{path}/{i}"), out)
            }
        }
        _ => {}
    }
}
fn remove(v: &mut serde_json::Value, ptr: &str) {
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    if let Some(serde_json::Value::Object(m)) = v.pointer_mut(parent) {
        m.remove(key);
    }
}
#[test]
fn bisect() {
    let file = std::env::var("SCAN_FILE").unwrap();
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    eprintln!("as is: {:?}", run(&v));
    let mut ds = Vec::new();
    defaults(&v, String::new(), &mut ds);
    let mut all = v.clone();
    for d in &ds {
        remove(&mut all, d);
    }
    eprintln!("without {} defaults: {:?}", ds.len(), run(&all));
    for d in &ds {
        let mut one = v.clone();
        remove(&mut one, d);
        if run(&one).is_ok() {
            eprintln!("culprit: {d}: {}", v.pointer(&d[..d.len() - 8]).unwrap());
        }
    }
}
