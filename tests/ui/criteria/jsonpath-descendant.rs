arazzo_macros::arazzo_workflow!("ui/criteria/jsonpath-descendant.arazzo.yml", client = generated_client);

fn main() {}
