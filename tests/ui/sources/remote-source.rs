arazzo_macros::arazzo_workflow!("ui/sources/remote-source.arazzo.yml", client = generated_client);

fn main() {}
