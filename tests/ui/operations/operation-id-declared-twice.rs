arazzo_macros::arazzo_workflow!("ui/operations/operation-id-declared-twice.arazzo.yml", client = generated_client);

fn main() {}
