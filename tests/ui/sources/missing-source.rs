arazzo_macros::arazzo_workflow!("ui/sources/missing-source.arazzo.yml", client = generated_client);

fn main() {}
