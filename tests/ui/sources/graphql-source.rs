arazzo_macros::arazzo_workflow!("ui/sources/graphql-source.arazzo.yml", client = generated_client);

fn main() {}
