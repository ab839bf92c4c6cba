arazzo_macros::arazzo_workflow!("ui/bodies/xpath-target-on-json-body.arazzo.yml", client = generated_client);

fn main() {}
