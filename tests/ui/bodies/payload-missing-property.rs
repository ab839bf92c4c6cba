arazzo_macros::arazzo_workflow!("ui/bodies/payload-missing-property.arazzo.yml", client = generated_client);

fn main() {}
