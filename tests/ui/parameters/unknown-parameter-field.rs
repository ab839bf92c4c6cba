arazzo_macros::arazzo_workflow!("ui/parameters/unknown-parameter-field.arazzo.yml", client = generated_client);

fn main() {}
