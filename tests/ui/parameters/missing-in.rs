arazzo_macros::arazzo_workflow!("ui/parameters/missing-in.arazzo.yml", client = generated_client);

fn main() {}
