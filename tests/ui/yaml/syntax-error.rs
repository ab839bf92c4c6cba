arazzo_macros::arazzo_workflow!("ui/yaml/syntax-error.arazzo.yml", client = generated_client);

fn main() {}
