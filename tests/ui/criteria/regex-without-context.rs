arazzo_macros::arazzo_workflow!("ui/criteria/regex-without-context.arazzo.yml", client = generated_client);

fn main() {}
