//! The committed JSON Schema of `pixelbank grade --format json`, `docs/grade-report.schema.json`,
//! is generated from the report's types and must not drift from them. After changing
//! `pixelbank_report::grade::GradeReport` (and bumping `SCHEMA_VERSION` if a reader would break),
//! regenerate it with `UPDATE_SCHEMA=1 cargo test -p pixelbank-report --test schema`.

use std::path::PathBuf;

use pixelbank_report::grade::{SCHEMA_VERSION, json_schema};

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/grade-report.schema.json")
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let generated = json_schema();
    let path = committed_path();
    if std::env::var_os("UPDATE_SCHEMA").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated)
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
        "{} is out of date with pixelbank_report::grade::GradeReport; regenerate it with \
         UPDATE_SCHEMA=1 cargo test -p pixelbank-report --test schema and review the diff \
         (bump SCHEMA_VERSION if an existing reader would break)",
        path.display()
    );
}

#[test]
fn the_schema_describes_a_versioned_report() {
    let schema: serde_json::Value =
        serde_json::from_str(&json_schema()).expect("the generated schema is JSON");
    assert_eq!(schema["title"], "GradeReport");
    assert_eq!(schema["type"], "object");
    let required = schema["required"]
        .as_array()
        .expect("a list of required properties");
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
