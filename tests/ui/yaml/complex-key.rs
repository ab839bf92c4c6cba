arazzo_macros::arazzo_workflow!("ui/yaml/complex-key.arazzo.yml", client = generated_client);

fn main() {}
