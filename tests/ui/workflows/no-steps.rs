arazzo_macros::arazzo_workflow!("ui/workflows/no-steps.arazzo.yml", client = generated_client);

fn main() {}
