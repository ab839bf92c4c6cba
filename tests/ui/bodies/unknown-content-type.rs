arazzo_macros::arazzo_workflow!("ui/bodies/unknown-content-type.arazzo.yml", client = generated_client);

fn main() {}
