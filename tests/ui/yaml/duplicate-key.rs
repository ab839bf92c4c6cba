arazzo_macros::arazzo_workflow!("ui/yaml/duplicate-key.arazzo.yml", client = generated_client);

fn main() {}
