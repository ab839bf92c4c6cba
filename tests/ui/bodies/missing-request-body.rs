arazzo_macros::arazzo_workflow!("ui/bodies/missing-request-body.arazzo.yml", client = generated_client);

fn main() {}
