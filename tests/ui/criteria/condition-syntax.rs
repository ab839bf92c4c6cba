arazzo_macros::arazzo_workflow!("ui/criteria/condition-syntax.arazzo.yml", client = generated_client);

fn main() {}
