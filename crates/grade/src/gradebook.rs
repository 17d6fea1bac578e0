//! The gradebook: a row per submission, a column per problem, the total. Written as JSON (which
//! `merge` reads back) and CSV for spreadsheets; the partial gradebooks of a partitioned batch
//! merge into exactly the gradebook one full run would have written.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::batch::Partition;
use crate::{GradeError, Status, SubmissionGrade};

/// The gradebook format's version.
pub const GRADEBOOK_VERSION: u32 = 1;

/// A problem column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The problem's id.
    pub id: String,
    /// Its points.
    pub max_score: u32,
}

/// A submission's row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// The submission's name.
    pub submission: String,
    /// Pass, fail or error.
    pub status: Status,
    /// Points per problem id.
    pub scores: BTreeMap<String, u32>,
    /// Points earned.
    pub total: u32,
    /// Points available.
    pub max_score: u32,
}

/// Rows of graded submissions, sorted by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gradebook {
    /// [`GRADEBOOK_VERSION`].
    pub schema_version: u32,
    /// The share this gradebook holds, or `None` for a whole class.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<Partition>,
    /// The pass mark, in percent of the maximum score.
    pub min_score_percent: f64,
    /// The problem columns.
    pub problems: Vec<Column>,
    /// One row per submission.
    pub rows: Vec<Row>,
}

impl Gradebook {
    /// The gradebook of graded submissions.
    pub fn new(
        columns: Vec<Column>,
        grades: &[SubmissionGrade],
        partition: Option<Partition>,
        min_score_percent: f64,
    ) -> Gradebook {
        let mut rows: Vec<Row> = grades
            .iter()
            .map(|g| Row {
                submission: g.name.clone(),
                status: g.status(),
                scores: g
                    .problems
                    .iter()
                    .map(|p| (p.id().to_string(), p.score()))
                    .collect(),
                total: g.score(),
                max_score: g.max_score(),
            })
            .collect();
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition,
            min_score_percent,
            problems: columns,
            rows,
        }
    }

    /// Joins the gradebooks of every share of one partitioned batch.
    pub fn merge(parts: Vec<Gradebook>) -> Result<Gradebook, GradeError> {
        let Some(first) = parts.first() else {
            return Err(GradeError::Merge("nothing to merge".into()));
        };
        let problems = first.problems.clone();
        let min_score_percent = first.min_score_percent;
        let mut seen_shares = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        for part in &parts {
            if part.schema_version != GRADEBOOK_VERSION {
                return Err(GradeError::Merge(format!(
                    "gradebook version {} is not {GRADEBOOK_VERSION}",
                    part.schema_version
                )));
            }
            if part.problems != problems || part.min_score_percent != min_score_percent {
                return Err(GradeError::Merge(
                    "the gradebooks were graded on different problems or pass marks".into(),
                ));
            }
            if let Some(p) = part.partition {
                if seen_shares.contains(&p) {
                    return Err(GradeError::Merge(format!("partition {p} is given twice")));
                }
                seen_shares.push(p);
            }
            rows.extend(part.rows.iter().cloned());
        }
        if let Some(count) = seen_shares.first().map(|p| p.count) {
            if seen_shares.iter().any(|p| p.count != count) {
                return Err(GradeError::Merge(
                    "the partitions split the class differently".into(),
                ));
            }
            let missing: Vec<String> = (1..=count)
                .filter(|k| !seen_shares.iter().any(|p| p.index == *k))
                .map(|k| format!("{k}/{count}"))
                .collect();
            if !missing.is_empty() {
                return Err(GradeError::Merge(format!(
                    "partition {} is missing",
                    missing.join(", ")
                )));
            }
        }
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        if let Some(w) = rows.windows(2).find(|w| w[0].submission == w[1].submission) {
            return Err(GradeError::Merge(format!(
                "submission `{}` appears in two gradebooks",
                w[0].submission
            )));
        }
        Ok(Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition: None,
            min_score_percent,
            problems,
            rows,
        })
    }
}
