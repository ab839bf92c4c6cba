arazzo_macros::arazzo_workflow!("ui/bodies/invalid-xpath-target.arazzo.yml", client = generated_client);

fn main() {}
