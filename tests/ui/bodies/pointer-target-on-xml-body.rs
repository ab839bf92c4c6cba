arazzo_macros::arazzo_workflow!("ui/bodies/pointer-target-on-xml-body.arazzo.yml", client = generated_client);

fn main() {}
