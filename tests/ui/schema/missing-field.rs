arazzo_macros::arazzo_workflow!("ui/schema/missing-field.arazzo.yml", client = generated_client);

fn main() {}
