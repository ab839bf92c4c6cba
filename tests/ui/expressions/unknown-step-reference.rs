arazzo_macros::arazzo_workflow!("ui/expressions/unknown-step-reference.arazzo.yml", client = generated_client);

fn main() {}
