arazzo_macros::arazzo_workflow!("ui/components/unknown-component.arazzo.yml", client = generated_client);

fn main() {}
