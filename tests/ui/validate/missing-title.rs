arazzo_macros::arazzo_workflow!("ui/validate/missing-title.arazzo.yml", client = generated_client);

fn main() {}
