arazzo_macros::arazzo_workflow!("ui/workflows/callee-input.arazzo.yml", client = generated_client);

fn main() {}
