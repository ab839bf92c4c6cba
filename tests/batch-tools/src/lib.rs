//! A user crate: it depends on `generated-client` and declares its own workflows
//! (`workflows/batch-admin.arazzo.yml`), which call operations the seed workflow does
//! not use (`cancelBatch`, `listBatches`), and `workflows/batch-composition.arazzo.yml`.

arazzo_macros::arazzo_workflow!("workflows/batch-admin.arazzo.yml", client = generated_client);

/// Workflows built from other workflows (`workflowId` steps, `dependsOn`) and from
/// reusable components (`components.inputs`, `parameters`, `failureActions`).
pub mod composition {
    arazzo_macros::arazzo_workflow!("workflows/batch-composition.arazzo.yml", client = generated_client);
}

/// Arazzo 1.1: a whole query string from one value (`in: querystring`).
pub mod query {
    arazzo_macros::arazzo_workflow!("workflows/batch-query.arazzo.yml", client = generated_client);
}

/// A `multipart/form-data` body: upload a batch's JSONL input file (`createFile`).
pub mod upload {
    arazzo_macros::arazzo_workflow!("workflows/batch-upload.arazzo.yml", client = generated_client);
}
