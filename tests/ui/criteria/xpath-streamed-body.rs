arazzo_macros::arazzo_workflow!("ui/criteria/xpath-streamed-body.arazzo.yml", client = generated_client);

fn main() {}
