arazzo_macros::arazzo_workflow!("ui/expressions/pointer-into-file.arazzo.yml", client = generated_client);

fn main() {}
