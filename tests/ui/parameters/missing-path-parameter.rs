arazzo_macros::arazzo_workflow!("ui/parameters/missing-path-parameter.arazzo.yml", client = generated_client);

fn main() {}
