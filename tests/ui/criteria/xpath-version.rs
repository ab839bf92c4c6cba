arazzo_macros::arazzo_workflow!("ui/criteria/xpath-version.arazzo.yml", client = generated_client);

fn main() {}
