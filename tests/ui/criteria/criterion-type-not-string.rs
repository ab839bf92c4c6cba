arazzo_macros::arazzo_workflow!("ui/criteria/criterion-type-not-string.arazzo.yml", client = generated_client);

fn main() {}
