arazzo_macros::arazzo_workflow!("ui/multiple/several-errors.arazzo.yml", client = generated_client);

fn main() {}
