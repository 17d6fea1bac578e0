//! The gradebook as files: JSON (read back by `pixelbank merge`) and CSV for spreadsheets, with a
//! column per problem and the total.

use pixelbank_verdict::Gradebook;

/// The gradebook as pretty JSON.
pub fn json(book: &Gradebook) -> String {
    serde_json::to_string_pretty(book).unwrap_or_default() + "\n"
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
