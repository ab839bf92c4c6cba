arazzo_macros::arazzo_workflow!("ui/bodies/xml-payload-malformed.arazzo.yml", client = generated_client);

fn main() {}
