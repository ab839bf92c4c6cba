arazzo_macros::arazzo_workflow!("ui/schema/unknown-field.arazzo.yml", client = generated_client);

fn main() {}
