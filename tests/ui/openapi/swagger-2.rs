arazzo_macros::arazzo_workflow!("ui/openapi/swagger-2.arazzo.yml", client = generated_client);

fn main() {}
