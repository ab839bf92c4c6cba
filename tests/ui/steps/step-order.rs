arazzo_macros::arazzo_workflow!("ui/steps/step-order.arazzo.yml", client = generated_client);

fn main() {}
