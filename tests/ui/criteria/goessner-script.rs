arazzo_macros::arazzo_workflow!("ui/criteria/goessner-script.arazzo.yml", client = generated_client);

fn main() {}
