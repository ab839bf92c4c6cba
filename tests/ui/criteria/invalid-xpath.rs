arazzo_macros::arazzo_workflow!("ui/criteria/invalid-xpath.arazzo.yml", client = generated_client);

fn main() {}
