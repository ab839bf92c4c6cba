arazzo_macros::arazzo_workflow!("ui/validate/retry-field-on-goto.arazzo.yml", client = generated_client);

fn main() {}
