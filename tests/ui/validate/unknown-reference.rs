arazzo_macros::arazzo_workflow!("ui/validate/unknown-reference.arazzo.yml", client = generated_client);

fn main() {}
