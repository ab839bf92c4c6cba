arazzo_macros::arazzo_workflow!("ui/operations/reserved-expansion-path.arazzo.yml", client = generated_client);

fn main() {}
