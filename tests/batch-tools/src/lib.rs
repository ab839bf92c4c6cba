//! A user crate: it depends on `generated-client` and declares its own workflows
//! (`workflows/batch-admin.arazzo.yml`), which call operations the seed workflow does
//! not use (`cancelBatch`, `listBatches`).

arazzo_macros::arazzo_workflow!("workflows/batch-admin.arazzo.yml", client = generated_client);
