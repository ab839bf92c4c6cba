arazzo_macros::arazzo_workflow!("ui/outputs/unknown-output.arazzo.yml", client = generated_client);

fn main() {}
