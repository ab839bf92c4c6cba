arazzo_macros::arazzo_workflow!("ui/document/unsupported-arazzo-version.arazzo.yml", client = generated_client);

fn main() {}
