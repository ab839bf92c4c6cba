//! The fixed sample of the stress corpus that CI compiles (`build.rs`; `arazzo-stress
//! --sample`): small APIs chosen to cover the failure classes the full run found, each
//! with the verdict it must get.

/// `vendor/api` (as `INDEX.md` lists it, without `/openapi.json`) and its verdict.
pub const SAMPLE: &[(&str, &str)] = &[
    // Operations without an operationId, called by operationPath.
    ("xkcd.com/main", "compiled"),
    // `<`/`>=` on response fields read as JSON.
    ("axesso.de/main", "compiled"),
    // `application/vnd.amadeus+json` request bodies: JSON with the declared Content-Type.
    ("amadeus.com/amadeus-flight-offers-price", "compiled"),
    // `\ud83d\ude00` escapes in a JSON description.
    ("vtex.local/Catalog-API-Seller-Portal", "compiled"),
    // Media types without a schema.
    ("fungenerators.com/taunt", "compiled"),
    // `type: object, format: string` and the like.
    ("scideas.net/regression", "compiled"),
    ("json2video.com/main", "compiled"),
    // Path parameters the path template has no `{name}` for.
    ("marketdata.app/main", "compiled"),
    // `$ref`s into other schemas (`#/components/schemas/A/definitions/b`, `#/paths/…`).
    ("codat.io/banking", "compiled"),
    ("eos.local/main", "compiled"),
    // `maximum: "2030"`, `required: "true"`, `schema: null`.
    ("nytimes.com/archive", "compiled"),
    // `type: bool`.
    ("transitapp.com/main", "compiled"),
    // `enum` values of another type than the schema's.
    ("gov.bc.ca/jobposting", "compiled"),
    // `{+parent}` in a path template: rejected, with the position of the step.
    ("javatpoint.com/main", "rejected"),
];
