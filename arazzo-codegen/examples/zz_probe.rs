use std::path::Path;
use std::time::Instant;
fn main() {
    let stack: usize = std::env::var("STACK").ok().and_then(|v| v.parse().ok()).unwrap_or(8 << 20);
    std::thread::Builder::new().stack_size(stack).spawn(inner).unwrap().join().unwrap();
}
fn inner() {
    let which = std::env::args().nth(1).unwrap();
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let s = match which.as_str() {
        "[" => "[".repeat(n),
        "{" => "{".repeat(n),
        "-" => "- ".repeat(n),
        "{a" => "{a: ".repeat(n),
        "a[" => "a: [".repeat(n),
        "?" => "? ".repeat(n),
        "&[" => "&a [".repeat(n),
        "[]" => format!("{}{}", "[".repeat(n), "]".repeat(n)),
        _ => panic!(),
    };
    let t = Instant::now();
    let r = arazzo_codegen::load::parse_str(s, Path::new("x"), "x".into());
    println!("{which} {n}: {:?} in {:?}", r.map(|_| ()).map_err(|e| e.message), t.elapsed());
}
