arazzo_macros::arazzo_workflow!("ui/bodies/xml-payload-not-text.arazzo.yml", client = generated_client);

fn main() {}
