arazzo_macros::arazzo_workflow!("ui/criteria/jsonpath-version.arazzo.yml", client = generated_client);

fn main() {}
