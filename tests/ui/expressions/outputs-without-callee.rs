arazzo_macros::arazzo_workflow!("ui/expressions/outputs-without-callee.arazzo.yml", client = generated_client);

fn main() {}
