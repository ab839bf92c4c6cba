arazzo_macros::arazzo_workflow!("ui/yaml/root-is-sequence.arazzo.yml", client = generated_client);

fn main() {}
