//! Workspace-level tests live in this crate's test targets.
