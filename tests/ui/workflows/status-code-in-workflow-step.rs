arazzo_macros::arazzo_workflow!("ui/workflows/status-code-in-workflow-step.arazzo.yml", client = generated_client);

fn main() {}
