arazzo_macros::arazzo_workflow!("ui/inputs/required-without-property.arazzo.yml", client = generated_client);

fn main() {}
