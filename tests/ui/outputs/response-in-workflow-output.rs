arazzo_macros::arazzo_workflow!("ui/outputs/response-in-workflow-output.arazzo.yml", client = generated_client);

fn main() {}
