arazzo_macros::arazzo_workflow!("ui/bodies/multipart-file-object.arazzo.yml", client = generated_client);

fn main() {}
