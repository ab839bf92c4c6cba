arazzo_macros::arazzo_workflow!("ui/criteria/unknown-criterion-field.arazzo.yml", client = generated_client);

fn main() {}
