//! Compile-fail UI tests for `arazzo_workflow!`: every case under `ui/<category>/`
//! is a one-line crate whose workflow file holds one deliberate mistake (or, under
//! `ui/multiple/`, several), and its `.stderr` is the diagnostic the macro gives.
//!
//! Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test -p arazzo-tests --test ui`.

#[test]
fn ui() {
    // trybuild compiles the cases from a copy of this crate under `target/tests/`, where
    // `CARGO_MANIFEST_DIR` is not this folder; the macro resolves workflow paths against
    // `ARAZZO_MANIFEST_DIR` first. trybuild has no API to pass environment variables to
    // the compiler, and its cargo subprocesses inherit ours.
    //
    // SAFETY: nothing else reads or writes the environment at this point: this test is
    // the only one in this binary, and trybuild starts its subprocesses only later.
    unsafe {
        std::env::set_var("ARAZZO_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*/*.rs");
}
