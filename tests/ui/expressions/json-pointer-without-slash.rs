arazzo_macros::arazzo_workflow!("ui/expressions/json-pointer-without-slash.arazzo.yml", client = generated_client);

fn main() {}
