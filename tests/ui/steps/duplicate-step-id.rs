arazzo_macros::arazzo_workflow!("ui/steps/duplicate-step-id.arazzo.yml", client = generated_client);

fn main() {}
