arazzo_macros::arazzo_workflow!("ui/expressions/unknown-body-property.arazzo.yml", client = generated_client);

fn main() {}
