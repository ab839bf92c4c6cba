arazzo_macros::arazzo_workflow!("ui/outputs/output-not-string.arazzo.yml", client = generated_client);

fn main() {}
