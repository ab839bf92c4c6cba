arazzo_macros::arazzo_workflow!("ui/actions/invalid-action-type.arazzo.yml", client = generated_client);

fn main() {}
