arazzo_macros::arazzo_workflow!("ui/parameters/invalid-header-name.arazzo.yml", client = generated_client);

fn main() {}
