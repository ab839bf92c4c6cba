arazzo_macros::arazzo_workflow!("ui/workflows/depends-on-missing-input.arazzo.yml", client = generated_client);

fn main() {}
