//! The snapshot of the generated code (arazzo-codegen/tests/snapshots) compiles against
//! the real generated client, and behaves like the macro's expansion.

pub use generated_client::{ARAZZO_OPERATIONS, Client, arazzo_runtime, types};

#[allow(dead_code, clippy::all)]
mod snapshot {
    include!("../../arazzo-codegen/tests/snapshots/download_batch_results.rs");
}

// The composition snapshot (sub-workflows, dependsOn, components, typed inputs) compiles
// against the client too; batch-tools runs the same code through the macro.
#[allow(dead_code, clippy::all)]
mod composition_snapshot {
    include!("../../arazzo-codegen/tests/snapshots/batch_composition.rs");
}

#[tokio::test]
async fn the_snapshot_runs_the_workflow() {
    let server = fake_openai::FakeOpenAi::start(fake_openai::demo_config()).await.expect("server");
    let client = generated_client::new_client(&server.base_url(), &Default::default()).expect("client");
    let inputs =
        snapshot::DownloadBatchResultsInputs { api_key: "sk-demo-key".into(), batch_id: "batch_demo_completed".into() };
    let out = snapshot::download_batch_results(&client, inputs).await.expect("workflow");
    assert!(matches!(out.end, snapshot::DownloadBatchResultsEnd::Completed));
    assert!(!out.contents.expect("contents").bytes().await.expect("bytes").is_empty());
}
