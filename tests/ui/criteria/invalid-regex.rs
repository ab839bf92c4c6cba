arazzo_macros::arazzo_workflow!("ui/criteria/invalid-regex.arazzo.yml", client = generated_client);

fn main() {}
