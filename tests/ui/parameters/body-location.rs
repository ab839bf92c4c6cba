arazzo_macros::arazzo_workflow!("ui/parameters/body-location.arazzo.yml", client = generated_client);

fn main() {}
