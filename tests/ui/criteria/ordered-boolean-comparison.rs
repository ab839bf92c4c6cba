arazzo_macros::arazzo_workflow!("ui/criteria/ordered-boolean-comparison.arazzo.yml", client = generated_client);

fn main() {}
