arazzo_macros::arazzo_workflow!("ui/workflows/workflow-level-actions.arazzo.yml", client = generated_client);

fn main() {}
