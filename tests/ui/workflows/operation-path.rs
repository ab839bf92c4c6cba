arazzo_macros::arazzo_workflow!("ui/workflows/operation-path.arazzo.yml", client = generated_client);

fn main() {}
