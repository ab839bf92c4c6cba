arazzo_macros::arazzo_workflow!("ui/expressions/file-in-string.arazzo.yml", client = generated_client);

fn main() {}
