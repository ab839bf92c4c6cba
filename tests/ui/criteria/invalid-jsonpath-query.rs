arazzo_macros::arazzo_workflow!("ui/criteria/invalid-jsonpath-query.arazzo.yml", client = generated_client);

fn main() {}
