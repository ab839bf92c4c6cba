arazzo_macros::arazzo_workflow!("ui/steps/unknown-goto-step.arazzo.yml", client = generated_client);

fn main() {}
