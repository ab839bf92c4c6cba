arazzo_macros::arazzo_workflow!("ui/steps/depends-on-errors.arazzo.yml", client = generated_client);

fn main() {}
