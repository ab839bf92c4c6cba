arazzo_macros::arazzo_workflow!("ui/validate/duplicate-header.arazzo.yml", client = generated_client);

fn main() {}
