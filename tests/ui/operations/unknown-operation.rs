arazzo_macros::arazzo_workflow!("ui/operations/unknown-operation.arazzo.yml", client = generated_client);

fn main() {}
