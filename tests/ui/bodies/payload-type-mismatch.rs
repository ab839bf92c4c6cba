arazzo_macros::arazzo_workflow!("ui/bodies/payload-type-mismatch.arazzo.yml", client = generated_client);

fn main() {}
