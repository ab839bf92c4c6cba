arazzo_macros::arazzo_workflow!("ui/yaml/too-deep.arazzo.yml", client = generated_client);

fn main() {}
