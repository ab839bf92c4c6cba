arazzo_macros::arazzo_workflow!("ui/criteria/unknown-criterion-type.arazzo.yml", client = generated_client);

fn main() {}
