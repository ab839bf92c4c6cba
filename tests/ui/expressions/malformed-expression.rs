arazzo_macros::arazzo_workflow!("ui/expressions/malformed-expression.arazzo.yml", client = generated_client);

fn main() {}
