arazzo_macros::arazzo_workflow!("ui/operations/ambiguous-operation.arazzo.yml", client = generated_client);

fn main() {}
