arazzo_macros::arazzo_workflow!("ui/actions/goto-without-target.arazzo.yml", client = generated_client);

fn main() {}
