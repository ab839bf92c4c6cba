arazzo_macros::arazzo_workflow!("ui/criteria/failure-criterion-reads-body.arazzo.yml", client = generated_client);

fn main() {}
