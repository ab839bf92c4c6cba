arazzo_macros::arazzo_workflow!("ui/operations/source-without-operation.arazzo.yml", client = generated_client);

fn main() {}
