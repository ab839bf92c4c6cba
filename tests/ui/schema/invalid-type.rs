arazzo_macros::arazzo_workflow!("ui/schema/invalid-type.arazzo.yml", client = generated_client);

fn main() {}
