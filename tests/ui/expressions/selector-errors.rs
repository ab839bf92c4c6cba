arazzo_macros::arazzo_workflow!("ui/expressions/selector-errors.arazzo.yml", client = generated_client);

fn main() {}
