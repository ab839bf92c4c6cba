arazzo_macros::arazzo_workflow!("ui/workflows/duplicate-workflow-id.arazzo.yml", client = generated_client);

fn main() {}
