//! A workflow whose success criteria are XPath (3.1 and 1.0), Goessner JSONPath and a
//! `simple` condition with `.` dereference, generated and run against the fake server.

use fake_openai::{Config, FakeOpenAi, batch_json};
use generated_client::arazzo_runtime::WorkflowError;
use generated_client::{ClientOptions, new_client};

arazzo_macros::arazzo_workflow!("tests/xpath-criterion.arazzo.yml", client = generated_client);

const KEY: &str = "sk-xpath-Hq2vN8pLt4";
const XML: &str = "<?xml version=\"1.0\"?><batch status=\"completed\"><file id=\"a\"/><file id=\"b\"/></batch>";

async fn run(status: &str, xml: &str) -> Result<CriteriaCheckOutputs, WorkflowError> {
    let config = Config {
        api_key: KEY.into(),
        batches: vec![batch_json("batch_1", status, Some("file-out"))],
        files: Default::default(),
        faults: vec![],
    };
    let server = FakeOpenAi::start(config).await.expect("the fake server starts");
    let client = new_client(&server.base_url(), &ClientOptions::default()).expect("client");
    let inputs = CriteriaCheckInputs { api_key: KEY.into(), batch_id: "batch_1".into(), xml: xml.into() };
    criteria_check(&client, inputs).await
}

#[tokio::test]
async fn every_criterion_holds() {
    let out = run("completed", XML).await.expect("every criterion holds");
    assert!(matches!(out.end, CriteriaCheckEnd::Completed));
}

#[tokio::test]
async fn an_xpath_criterion_that_does_not_hold_fails_the_step() {
    let xml = XML.replace("status=\"completed\"", "status=\"failed\"");
    let err = run("completed", &xml).await.expect_err("the xpath criterion does not hold");
    assert!(matches!(err, WorkflowError::CriteriaNotMet { step: "readBatch", .. }), "{err:?}");
    let err = run("completed", "<batch>").await.expect_err("XML that is not well-formed satisfies nothing");
    assert!(matches!(err, WorkflowError::CriteriaNotMet { .. }), "{err:?}");
}

#[tokio::test]
async fn jsonpath_and_simple_criteria_read_the_body() {
    let err = run("in_progress", XML).await.expect_err("status is not completed");
    assert!(matches!(err, WorkflowError::CriteriaNotMet { step: "readBatch", .. }), "{err:?}");
}

#[test]
fn xpath_selectors_read_the_string_value_of_the_first_item() {
    use generated_client::arazzo_runtime::{XPathVersion, select_xpath};
    let xml = Some(XML.to_string());
    for v in [XPathVersion::V1_0, XPathVersion::V3_1] {
        assert_eq!(select_xpath(v, "/batch/@status", &xml).as_deref(), Some("completed"), "{v:?}");
        assert_eq!(select_xpath(v, "/batch/file/@id", &xml).as_deref(), Some("a"), "{v:?}: the first node");
        assert_eq!(select_xpath(v, "count(/batch/file)", &xml).as_deref(), Some("2"), "{v:?}: a number");
        assert_eq!(select_xpath(v, "/batch/nothing", &xml), None, "{v:?}: nothing selected");
        assert_eq!(select_xpath(v, "/batch/@status", &Some("not xml".to_string())), None, "{v:?}");
        assert_eq!(select_xpath(v, "/batch/@status", &None::<String>), None, "{v:?}");
    }
}

#[test]
fn jsonpath_selectors_give_one_node_or_an_array() {
    use generated_client::arazzo_runtime::select_jsonpath;
    use generated_client::arazzo_runtime::serde_json::json;
    let v = Some(json!({"data": [{"id": "a", "ok": true}, {"id": "b", "ok": false}, {"id": "c", "ok": true}]}));
    assert_eq!(select_jsonpath(&v, "$.data[*].id"), Some(json!(["a", "b", "c"])));
    assert_eq!(select_jsonpath(&v, "$.data[?@.ok == false].id"), Some(json!("b")), "one node is the node");
    assert_eq!(select_jsonpath(&v, "$.data[?@.id == 'z']"), None, "no node is None");
    assert_eq!(select_jsonpath(&None::<serde_json::Value>, "$.data[*]"), None);
}
