arazzo_macros::arazzo_workflow!("ui/inputs/inputs-not-object.arazzo.yml", client = generated_client);

fn main() {}
