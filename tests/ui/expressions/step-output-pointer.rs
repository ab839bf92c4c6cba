arazzo_macros::arazzo_workflow!("ui/expressions/step-output-pointer.arazzo.yml", client = generated_client);

fn main() {}
