arazzo_macros::arazzo_workflow!("ui/actions/duplicate-end-name.arazzo.yml", client = generated_client);

fn main() {}
