arazzo_macros::arazzo_workflow!("ui/expressions/request-errors.arazzo.yml", client = generated_client);

fn main() {}
