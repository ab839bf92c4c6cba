arazzo_macros::arazzo_workflow!("ui/openapi/unresolved-ref.arazzo.yml", client = generated_client);

fn main() {}
