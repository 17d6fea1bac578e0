//! The committed JSON Schemas, `docs/grade-report.schema.json` (of `pixelbank grade --format json`)
//! and `docs/gradebook.schema.json` (of a batch's `gradebook.json`), are generated from the types
//! that write them and must not drift from them. After changing
//! `pixelbank_report::grade::GradeReport` or `pixelbank_verdict::Gradebook` (and bumping its
//! version if a reader would break), regenerate them with
//! `UPDATE_SCHEMA=1 cargo test -p pixelbank-report --test schema`.

use std::path::PathBuf;

use pixelbank_report::grade::{SCHEMA_VERSION, json_schema};
use pixelbank_report::gradebook;
use pixelbank_verdict::gradebook::GRADEBOOK_VERSION;

fn committed_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(name)
}

/// Fails unless `docs/<name>` holds `generated`; with `UPDATE_SCHEMA=1`, writes it.
fn assert_committed(name: &str, generated: &str, source: &str) {
    let path = committed_path(name);
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| v == "1") {
        std::fs::write(&path, generated)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nregenerate it with UPDATE_SCHEMA=1 cargo test -p pixelbank-report --test schema",
            path.display()
        )
    });
    assert!(
        committed == generated,
        "{} is out of date with {source}; regenerate it with \
         UPDATE_SCHEMA=1 cargo test -p pixelbank-report --test schema and review the diff \
         (bump the version if an existing reader would break)",
        path.display()
    );
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    assert_committed(
        "grade-report.schema.json",
        &json_schema(),
        "pixelbank_report::grade::GradeReport",
    );
}

#[test]
fn the_committed_gradebook_schema_is_the_generated_one() {
    assert_committed(
        "gradebook.schema.json",
        &gradebook::json_schema(),
        "pixelbank_verdict::Gradebook",
    );
}

/// The schema's names of the required properties of its root.
fn required(schema: &serde_json::Value) -> Vec<String> {
    schema["required"]
        .as_array()
        .expect("a list of required properties")
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_schema_describes_a_versioned_report() {
    let schema: serde_json::Value =
        serde_json::from_str(&json_schema()).expect("the generated schema is JSON");
    assert_eq!(schema["title"], "GradeReport");
    assert_eq!(schema["type"], "object");
    let required = required(&schema);
    for property in ["schema_version", "status", "score", "max_score", "problems"] {
        assert!(
            required.iter().any(|r| r == property),
            "`{property}` should be required: {required:?}"
        );
    }
    // Unknown fields are rejected by the Rust reader; the schema says so too.
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        SCHEMA_VERSION, 2,
        "a new version needs docs/grading.md updated"
    );
}

#[test]
fn the_gradebook_schema_pins_its_version_and_requires_the_results() {
    let schema: serde_json::Value =
        serde_json::from_str(&gradebook::json_schema()).expect("the generated schema is JSON");
    assert_eq!(schema["title"], "Gradebook");
    assert_eq!(
        schema["properties"]["schema_version"]["const"],
        GRADEBOOK_VERSION
    );
    for property in ["schema_version", "min_score_percent", "problems", "rows"] {
        assert!(
            required(&schema).iter().any(|r| r == property),
            "{property}"
        );
    }
    let row = &schema["$defs"]["Row"];
    assert!(required(row).iter().any(|r| r == "results"), "{row}");
    let case = &schema["$defs"]["CaseResult"];
    assert!(
        !required(case).iter().any(|r| r == "mistake"),
        "a mistake is optional: {case}"
    );
    assert_eq!(
        GRADEBOOK_VERSION, 2,
        "a new version needs docs/grading.md updated"
    );
}

#[test]
fn the_committed_verify_schema_is_the_generated_one() {
    assert_committed(
        "verify-report.schema.json",
        &pixelbank_report::verify::json_schema(),
        "pixelbank_report::verify::VerifyReport",
    );
}
