arazzo_macros::arazzo_workflow!("ui/sources/source-name-conflict.arazzo.yml", client = generated_client);

fn main() {}
