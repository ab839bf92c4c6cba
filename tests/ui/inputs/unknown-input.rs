arazzo_macros::arazzo_workflow!("ui/inputs/unknown-input.arazzo.yml", client = generated_client);

fn main() {}
