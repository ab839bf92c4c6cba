arazzo_macros::arazzo_workflow!("ui/bodies/payload-unknown-property.arazzo.yml", client = generated_client);

fn main() {}
