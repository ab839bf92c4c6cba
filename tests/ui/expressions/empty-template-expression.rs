arazzo_macros::arazzo_workflow!("ui/expressions/empty-template-expression.arazzo.yml", client = generated_client);

fn main() {}
