arazzo_macros::arazzo_workflow!("ui/validate/invalid-step-id.arazzo.yml", client = generated_client);

fn main() {}
