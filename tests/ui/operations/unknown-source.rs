arazzo_macros::arazzo_workflow!("ui/operations/unknown-source.arazzo.yml", client = generated_client);

fn main() {}
