arazzo_macros::arazzo_workflow!("ui/criteria/xpath-unsupported.arazzo.yml", client = generated_client);

fn main() {}
