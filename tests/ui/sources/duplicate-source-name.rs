arazzo_macros::arazzo_workflow!("ui/sources/duplicate-source-name.arazzo.yml", client = generated_client);

fn main() {}
