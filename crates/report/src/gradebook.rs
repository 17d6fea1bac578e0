//! The gradebook as files: JSON (read back by `pixelbank merge`; its
//! schema is `docs/gradebook.schema.json`, generated from the types) and CSV for spreadsheets,
//! with a column per problem and the total.

use pixelbank_verdict::Gradebook;
use pixelbank_verdict::gradebook::GRADEBOOK_VERSION;

/// A file that is not a gradebook this pixelbank can read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not JSON, or not shaped like a gradebook.
    #[error("not a pixelbank gradebook")]
    Malformed(#[source] serde_json::Error),
    /// A gradebook of another format version.
    #[error(
        "a gradebook of version {found}; this pixelbank reads version {GRADEBOOK_VERSION}: \
         grade the class again with this pixelbank, or use the one that wrote it"
    )]
    Version {
        /// The version the file has.
        found: u64,
    },
}

/// The gradebook as pretty JSON.
pub fn json(book: &Gradebook) -> String {
    serde_json::to_string_pretty(book).unwrap_or_default() + "\n"
}

/// Reads a gradebook's JSON, checking its version first so that an old gradebook is named as
/// one rather than as a malformed file.
pub fn read(text: &str) -> Result<Gradebook, ReadError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(ReadError::Malformed)?;
    if let Some(found) = value.get("schema_version").and_then(|v| v.as_u64())
        && found != u64::from(GRADEBOOK_VERSION)
    {
        return Err(ReadError::Version { found });
    }
    serde_json::from_value(value).map_err(ReadError::Malformed)
}

/// The JSON Schema of [`Gradebook`], as committed in `docs/gradebook.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Gradebook);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// The gradebook as CSV: `submission,status,<problem ids...>,total,max_score`.
pub fn csv(book: &Gradebook) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["submission".to_string(), "status".to_string()];
    header.extend(book.problems.iter().map(|p| p.id.clone()));
    header.extend(["total".to_string(), "max_score".to_string()]);
    writer.write_record(&header)?;
    for row in &book.rows {
        let mut record = vec![row.submission.clone(), row.status.as_str().to_string()];
        record.extend(
            book.problems
                .iter()
                .map(|p| row.scores.get(&p.id).map_or(String::new(), u32::to_string)),
        );
        record.extend([row.total.to_string(), row.max_score.to_string()]);
        writer.write_record(&record)?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
