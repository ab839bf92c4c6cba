arazzo_macros::arazzo_workflow!("ui/workflows/workflow-cycle.arazzo.yml", client = generated_client);

fn main() {}
