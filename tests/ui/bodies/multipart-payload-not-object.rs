arazzo_macros::arazzo_workflow!("ui/bodies/multipart-payload-not-object.arazzo.yml", client = generated_client);

fn main() {}
