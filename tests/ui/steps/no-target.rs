arazzo_macros::arazzo_workflow!("ui/steps/no-target.arazzo.yml", client = generated_client);

fn main() {}
