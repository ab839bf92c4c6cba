arazzo_macros::arazzo_workflow!("ui/client/operation-not-in-client.arazzo.yml", client = generated_client);

fn main() {}
