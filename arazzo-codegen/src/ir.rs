//! Stage 3, the intermediate form: a workflow with every name resolved, every value
//! typed and every branch explicit. [`crate::emit`] turns it into Rust tokens.

/// A Rust type the generated code handles.
#[derive(Clone, Debug, PartialEq)]
pub enum Ty {
    /// `String`
    String,
    /// `i64`
    I64,
    /// `f64`
    F64,
    /// `bool`
    Bool,
    /// `u16` (status codes)
    U16,
    /// `serde_json::Value`
    Json,
    /// A type of a client's `types` module: the OpenAPI description it comes from (as
    /// in [`Step::source`]) and its name.
    Named {
        /// The description's path.
        source: String,
        /// The type's name in `types`.
        name: String,
    },
    /// A streamed body (`arazzo_runtime::Body`).
    Body,
    /// A type generated next to the workflow (a struct or enum of its inputs), by name.
    Local(String),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// A parameter type progenitor chose (a named type, a newtype, a format such as
    /// `uuid`): the value is converted through JSON into whatever the method takes,
    /// passed by reference when `true`.
    Infer(bool),
}

impl Ty {
    /// Whether comparisons read it as JSON (no scalar view of it).
    pub fn is_structured(&self) -> bool {
        matches!(self, Ty::Json | Ty::Local(_) | Ty::Vec(_) | Ty::Infer(_))
    }
}

/// A type generated from the workflow's `inputs` schema.
#[derive(Clone, Debug, PartialEq)]
pub enum LocalType {
    /// A struct from an object schema.
    Struct {
        /// Its name.
        name: String,
        /// Doc text.
        doc: Option<String>,
        /// Its fields.
        fields: Vec<Input>,
    },
    /// An enum from a string `enum`.
    Enum {
        /// Its name.
        name: String,
        /// Doc text.
        doc: Option<String>,
        /// Variant name and the string it stands for.
        variants: Vec<(String, String)>,
    },
}

/// A type, possibly wrapped in `Option`.
#[derive(Clone, Debug, PartialEq)]
pub struct TyOpt {
    /// The type.
    pub ty: Ty,
    /// Whether it is `Option<ty>`.
    pub optional: bool,
}

impl TyOpt {
    /// A required type.
    pub fn req(ty: Ty) -> Self {
        TyOpt { ty, optional: false }
    }
    /// An optional type.
    pub fn opt(ty: Ty) -> Self {
        TyOpt { ty, optional: true }
    }
}

/// A value: a constant or something read at run time.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A string constant.
    Str(String),
    /// An integer constant.
    Int(i64),
    /// A float constant.
    Float(f64),
    /// A boolean constant.
    Bool(bool),
    /// `null`.
    Null,
    /// Any other JSON constant.
    Json(serde_json::Value),
    /// A workflow input (`inputs.<field>`).
    Input { field: String, ty: TyOpt },
    /// A step output (`<step>.<field>` of the step's outputs, if the step ran).
    StepOutput { step: String, field: String, ty: TyOpt, field_optional: bool },
    /// A string built from pieces.
    Template(Vec<Value>),
    /// The status code of the current step's response.
    StatusCode,
    /// A header of the current step's response (`Option<String>`).
    ResponseHeader(String),
    /// A top-level field of the current step's typed response body.
    BodyField { field: String, ty: TyOpt },
    /// The current step's response body, whole.
    BodyWhole { ty: TyOpt },
    /// A JSON pointer into the current step's response body, read as JSON.
    BodyPointer(String),
    /// An output of the workflow the current step called (`$outputs.<name>` or
    /// `$workflows.<id>.outputs.<name>` in a `workflowId` step).
    CalleeOutput { field: String, ty: TyOpt },
    /// An output of a workflow this one depends on (`dependsOn`), or that an earlier step
    /// called: `$workflows.<id>.outputs.<name>`.
    WorkflowOutput { var: String, field: String, ty: TyOpt },
    /// A JSON pointer into a value, read as JSON (`$inputs.x#/a/b`, `$steps.s.outputs.o#/0`).
    Pointer { base: Box<Value>, pointer: String },
    /// An output of the workflow an earlier `workflowId` step (`step`, its field name)
    /// called: `$workflows.<id>.outputs.<name>` after that step.
    EarlierCallee { step: String, field: String, ty: TyOpt },
    /// The failed response's body as JSON, or a JSON pointer into it (criteria of
    /// `onFailure` actions).
    FailedBody(String),
    /// A header of the failed response (criteria of `onFailure` actions).
    FailedHeader(String),
    /// A constant string the document knows (`$sourceDescriptions.<name>.url`, `$method`).
    Known(String),
    /// A part of the request the current step sent (`$url`, `$request.*`), as the
    /// client's hook captured it.
    Request(RequestPart),
    /// An Arazzo 1.1 Selector Object with an RFC 9535 query that is not singular: the
    /// nodelist of `query` on the JSON of `base` (`None` when empty, the node when
    /// there is one, an array of the nodes otherwise).
    JsonPath { base: Box<Value>, query: String },
    /// An Arazzo 1.1 Selector Object of type `xpath`: the string value of `expr`
    /// (its first item) on the XML text of `base`.
    XPath { base: Box<Value>, expr: String, version: String },
}

impl Value {
    /// The Rust type of this value.
    pub fn ty(&self) -> TyOpt {
        match self {
            Value::Str(_) | Value::Template(_) => TyOpt::req(Ty::String),
            Value::Int(_) => TyOpt::req(Ty::I64),
            Value::Float(_) => TyOpt::req(Ty::F64),
            Value::Bool(_) => TyOpt::req(Ty::Bool),
            Value::Null => TyOpt::opt(Ty::Json),
            Value::Json(_) => TyOpt::req(Ty::Json),
            Value::Input { ty, .. }
            | Value::StepOutput { ty, .. }
            | Value::BodyField { ty, .. }
            | Value::BodyWhole { ty } => ty.clone(),
            Value::StatusCode => TyOpt::req(Ty::U16),
            Value::ResponseHeader(_) => TyOpt::opt(Ty::String),
            Value::BodyPointer(_) | Value::Pointer { .. } | Value::FailedBody(_) => TyOpt::opt(Ty::Json),
            Value::FailedHeader(_) => TyOpt::opt(Ty::String),
            Value::CalleeOutput { ty, .. } | Value::WorkflowOutput { ty, .. } | Value::EarlierCallee { ty, .. } => {
                ty.clone()
            }
            Value::Known(_) | Value::Request(RequestPart::Url) => TyOpt::req(Ty::String),
            Value::Request(RequestPart::Body(_)) => TyOpt::opt(Ty::Json),
            Value::Request(_) => TyOpt::opt(Ty::String),
            Value::JsonPath { .. } => TyOpt::opt(Ty::Json),
            Value::XPath { .. } => TyOpt::opt(Ty::String),
        }
    }
}

/// What a `$url` or `$request.*` expression reads of the request a step sent.
#[derive(Clone, Debug, PartialEq)]
pub enum RequestPart {
    /// `$url`: the whole URL, query included.
    Url,
    /// `$request.header.<name>` (lower-case).
    Header(String),
    /// `$request.query.<name>`: its first value, decoded.
    Query(String),
    /// `$request.path.<name>`: the segment of the sent path at `{name}` of `template`.
    Path { template: String, name: String },
    /// `$request.body`, or a JSON pointer into it (empty: the whole body).
    Body(String),
}

/// A server that an operation or its path item declares, other than the description's
/// root server.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// Its URL, variables at their defaults.
    pub url: String,
    /// The description's root server URL, which the client's base URL stands for.
    pub root: String,
}

/// A value together with the expression it came from (for error messages).
#[derive(Clone, Debug, PartialEq)]
pub struct Sourced {
    /// The value.
    pub value: Value,
    /// The text in the workflow.
    pub text: String,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A condition, lowered.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// Always true.
    True,
    /// A comparison. `case_insensitive` for `simple` string equality.
    Cmp { lhs: Value, op: CmpOp, rhs: Value, case_insensitive: bool },
    /// Both.
    And(Box<Cond>, Box<Cond>),
    /// Either.
    Or(Box<Cond>, Box<Cond>),
    /// Not.
    Not(Box<Cond>),
    /// A value that must be `true` (or present and not `false`).
    Truthy(Value),
    /// A regular expression that must match the string value.
    Regex { value: Value, pattern: String },
    /// An RFC 9535 query whose nodelist must be non-empty, run on the JSON of `value`.
    JsonPathQuery { value: Value, query: String },
    /// An XPath expression whose effective boolean value must be true, run on the XML
    /// text of `value`; `version` is one of `xpath-10`, `xpath-20`, `xpath-30`, `xpath-31`.
    XPath { value: Value, expr: String, version: String },
    /// An Arazzo 1.1 `jsonpointer` criterion: the RFC 6901 pointer resolves in the JSON
    /// of `value` (to any value, `null` included).
    JsonPointer { value: Value, pointer: String },
}

/// Where a parameter goes.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgKind {
    /// A positional argument of the progenitor method, of this type. `styled`: a path
    /// value the generated code writes as text in an OpenAPI style (the client then
    /// takes a string, see `openapi::normalize`).
    Positional { ty: TyOpt, path: bool, styled: Option<PathStyle> },
    /// A header (declared or not), sent by the runtime in OpenAPI's `style`/`explode`.
    ExtraHeader { name: String, style: String, explode: bool },
    /// A query parameter the generated client does not send (undeclared, or of a style
    /// it does not serialise), sent by the runtime.
    ExtraQuery { name: String, style: String, explode: bool },
    /// A cookie, sent by the runtime.
    Cookie { name: String, style: String, explode: bool },
}

/// How the generated code writes a path value as text (OpenAPI's `style` and
/// `explode`, RFC 6570) before the client percent-encodes it into the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathStyle {
    /// The style.
    pub kind: PathStyleKind,
    /// OpenAPI's `explode`.
    pub explode: bool,
}

/// An OpenAPI style of path parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStyleKind {
    /// `simple`: `3,4,5` (used for arrays and objects; a primitive goes as it is).
    Simple,
    /// `label`: `.3,4,5`, exploded `.3.4.5`.
    Label,
    /// `matrix`: `;id=3,4,5`, exploded `;id=3;id=4;id=5` (`id` is the [`Arg`]'s name).
    Matrix,
}

/// One argument of a call.
#[derive(Clone, Debug, PartialEq)]
pub struct Arg {
    /// The parameter's name in the API.
    pub name: String,
    /// Where it goes.
    pub kind: ArgKind,
    /// Its value; `None` passes `None` for an optional parameter the workflow omits.
    pub value: Option<Sourced>,
}

/// A request body template: JSON with runtime values in it.
#[derive(Clone, Debug, PartialEq)]
pub enum Payload {
    /// A constant.
    Const(serde_json::Value),
    /// A value from a runtime expression (or a template string), serialised to JSON.
    Value(Sourced),
    /// An object whose members are templates.
    Object(Vec<(String, Payload)>),
    /// An array of templates.
    Array(Vec<Payload>),
}

/// How progenitor's method takes the body.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyArg {
    /// `&T` of a typed JSON or form body (`T` is inferred from the method).
    Ref,
    /// `T` by value (a simple enum or a scalar).
    ByValue,
    /// `&str` (a string schema).
    Str,
    /// A raw body: `String` (text) or `Into<reqwest::Body>` (octet-stream).
    Raw,
    /// `multipart/form-data`, built by the runtime from the payload object (one part
    /// per member) and passed as raw bytes; the runtime sets the `Content-Type` (with
    /// its boundary). The parts the operation's schema or `encoding` say something
    /// about; other members follow the default rules.
    Multipart(Vec<FormPart>),
    /// XML text (`application/xml`, `text/xml`, `*+xml`), passed as raw bytes with its
    /// media type set by the runtime; replacement targets are XPath 1.0 expressions.
    Xml,
}

/// How one member of a `multipart/form-data` payload is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct FormPart {
    /// The member (and part) name.
    pub name: String,
    /// The part's `Content-Type` (`encoding.<name>.contentType`, or a binary member's
    /// `contentMediaType`); `None`: the default for its value.
    pub content_type: Option<String>,
    /// A file: the schema is `format: binary` (or has `contentMediaType`); sent with a
    /// `filename`.
    pub file: bool,
}

/// A step's request body.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// The media type sent.
    pub content_type: String,
    /// Whether the runtime sends `content_type` as the `Content-Type` header (progenitor
    /// sends the body as another media type: JSON or bytes).
    pub header: bool,
    /// How it is passed.
    pub arg: BodyArg,
    /// The payload.
    pub payload: Payload,
    /// Whether the payload is text to parse as JSON (a template string for a JSON body).
    pub parse_text: bool,
    /// Replacements: a JSON pointer (an XPath 1.0 expression for [`BodyArg::Xml`]) and
    /// the value put there.
    pub replacements: Vec<(String, Sourced)>,
}

/// A call of another workflow of the document (a `workflowId` step, `goto` a workflow,
/// `dependsOn`).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The callee's workflowId as the caller names it (`x` or `$sourceDescriptions.s.x`).
    pub id: String,
    /// The callee's function name.
    pub fn_name: String,
    /// The callee's type prefix.
    pub type_prefix: String,
    /// Its inputs: field name, type, value (`None`: not given, optional).
    pub inputs: Vec<(String, TyOpt, Option<Sourced>)>,
}

/// What an action does.
#[derive(Clone, Debug, PartialEq)]
pub enum ActionKind {
    /// End the workflow through this variant of the end enum.
    End { variant: String },
    /// Continue with the step at this index.
    Goto { step: usize },
    /// Run another workflow and end this one with its outputs (variant of the end enum).
    GotoWorkflow { call: Call, variant: String },
    /// End the workflow with the step's error (an `end` action of `onFailure`).
    Fail,
    /// Run the step again after `after` seconds (or the response's `Retry-After`), at
    /// most `limit` times in one run of the workflow.
    Retry { after: f64, limit: u64 },
}

/// A success or failure action.
#[derive(Clone, Debug, PartialEq)]
pub struct Action {
    /// Its name.
    pub name: String,
    /// What it does.
    pub kind: ActionKind,
    /// When it applies (all of them).
    pub criteria: Vec<Cond>,
}

/// How a step's response body is read.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum BodyKind {
    /// Decoded into a typed value.
    Typed(TyOpt),
    /// Raw bytes, streamed.
    Stream,
    /// A body the description does not describe: read whole and parsed as JSON (`null`
    /// when empty) when the workflow reads it.
    Untyped,
    /// Nothing to read.
    #[default]
    Empty,
}

/// A step output.
#[derive(Clone, Debug, PartialEq)]
pub struct Output {
    /// Name in the workflow.
    pub name: String,
    /// Rust field name.
    pub field: String,
    /// Its value.
    pub value: Sourced,
}

/// A step another step depends on (Arazzo 1.1 step-level `dependsOn`).
#[derive(Clone, Debug, PartialEq)]
pub enum StepDependency {
    /// A step of the same workflow.
    Local {
        /// Its stepId.
        step_id: String,
        /// Its snake_case name.
        field: String,
    },
    /// A step of a workflow this one depends on (workflow `dependsOn`).
    OfDependency {
        /// The reference as written (`$workflows.<id>.steps.<stepId>`).
        reference: String,
        /// The variable holding that workflow's outputs.
        var: String,
        /// The stepId.
        step_id: String,
    },
    /// A step of the workflow an earlier `workflowId` step called.
    OfCallee {
        /// The reference as written.
        reference: String,
        /// The snake_case name of the calling step.
        step: String,
        /// The stepId in the called workflow.
        step_id: String,
    },
}

/// A step.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Its stepId.
    pub id: String,
    /// snake_case name.
    pub field: String,
    /// PascalCase name.
    pub variant: String,
    /// Doc text.
    pub doc: Option<String>,
    /// The operationId it calls (empty for a `workflowId` step).
    pub operation_id: String,
    /// The OpenAPI description the operation is in (its path; empty for a `workflowId` step).
    pub source: String,
    /// The workflow it calls instead of an operation.
    pub call: Option<Call>,
    /// Steps that must have completed before it runs (Arazzo 1.1 step-level
    /// `dependsOn`).
    pub depends_on: Vec<StepDependency>,
    /// The request body.
    pub request_body: Option<RequestBody>,
    /// The progenitor method.
    pub method: String,
    /// Arguments, in progenitor's order, then extra headers.
    pub args: Vec<Arg>,
    /// How the body is read.
    pub body: BodyKind,
    /// Whether the response headers are read.
    pub reads_headers: bool,
    /// Whether the sent request is read (`$url`, `$request.*`).
    pub reads_request: bool,
    /// The operation's own server, when it is not the description's root server.
    pub server: Option<Server>,
    /// successCriteria (all must hold), with their text.
    pub success: Vec<(Cond, String)>,
    /// onSuccess actions.
    pub on_success: Vec<Action>,
    /// onFailure actions.
    pub on_failure: Vec<Action>,
    /// Outputs.
    pub outputs: Vec<Output>,
}

/// A workflow input field.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// Name in the workflow.
    pub name: String,
    /// Rust field name.
    pub field: String,
    /// Type (optional when not required).
    pub ty: TyOpt,
    /// Description.
    pub doc: Option<String>,
    /// Redacted in `Debug` and scrubbed from errors.
    pub secret: bool,
}

/// What an end variant carries.
#[derive(Clone, Debug, PartialEq)]
pub enum EndPayload {
    /// Nothing.
    None,
    /// The outputs of this step.
    Step(usize),
    /// The outputs of the workflow with this type prefix (`goto` a workflow).
    Workflow(String),
}

/// A way the workflow can end.
#[derive(Clone, Debug, PartialEq)]
pub struct End {
    /// Variant name.
    pub variant: String,
    /// Doc text.
    pub doc: String,
    /// What it carries.
    pub payload: EndPayload,
}

/// A workflow this one runs first (`dependsOn`).
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// Its workflowId.
    pub id: String,
    /// The variable holding its outputs.
    pub var: String,
    /// How it is called.
    pub call: Call,
}

/// A workflow, ready to emit.
#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    /// Its workflowId.
    pub id: String,
    /// The function name.
    pub fn_name: String,
    /// Prefix of its types.
    pub type_prefix: String,
    /// Doc text.
    pub doc: String,
    /// Inputs.
    pub inputs: Vec<Input>,
    /// Types generated for the inputs (nested objects, enums).
    pub types: Vec<LocalType>,
    /// Workflows run first.
    pub depends_on: Vec<Dependency>,
    /// Steps, in document order.
    pub steps: Vec<Step>,
    /// Workflow outputs.
    pub outputs: Vec<Output>,
    /// Ends: `Completed` first, then one per `end` action.
    pub ends: Vec<End>,
}

/// Everything one macro invocation emits.
#[derive(Clone, Debug)]
pub struct Module {
    /// The workflows.
    pub workflows: Vec<Workflow>,
    /// Operations the client must have (of every description).
    pub operations: Vec<String>,
    /// The OpenAPI descriptions the steps call, in order of their module names. With
    /// one, the client is the client crate itself (`client::Client`); with several,
    /// each has a module of its own (`client::<module>::Client`).
    pub clients: Vec<ClientSource>,
    /// Files read (tracked for rebuilds).
    pub files: Vec<std::path::PathBuf>,
}

/// One OpenAPI description the steps call.
#[derive(Clone, Debug, PartialEq)]
pub struct ClientSource {
    /// Its path (as in [`Step::source`]).
    pub path: String,
    /// The module of its client when there are several: the snake_case name of the
    /// source description that names it.
    pub module: String,
    /// The source description's name.
    pub name: String,
    /// The operations called in it.
    pub operations: Vec<String>,
}
