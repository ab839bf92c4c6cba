arazzo_macros::arazzo_workflow!("ui/outputs/invalid-output-name.arazzo.yml", client = generated_client);

fn main() {}
