arazzo_macros::arazzo_workflow!("ui/yaml/alias-bomb.arazzo.yml", client = generated_client);

fn main() {}
