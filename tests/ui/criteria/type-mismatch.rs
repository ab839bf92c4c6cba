arazzo_macros::arazzo_workflow!("ui/criteria/type-mismatch.arazzo.yml", client = generated_client);

fn main() {}
