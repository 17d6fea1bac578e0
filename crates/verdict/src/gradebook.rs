//! The gradebook: a row per submission, a column per problem, the total. Written as JSON (which
//! `merge` reads back) and CSV for spreadsheets; the partial gradebooks of a partitioned batch
//! merge into exactly the gradebook one full run would have written.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::grade::{Status, SubmissionGrade};

/// A deterministic share of a batch: the K-th of N (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    /// Which share, from 1.
    pub index: usize,
    /// How many shares.
    pub count: usize,
}

impl FromStr for Partition {
    type Err = PartitionError;

    fn from_str(s: &str) -> Result<Partition, PartitionError> {
        let bad = || PartitionError(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(Partition { index, count })
    }
}

impl std::fmt::Display for Partition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Partition {
    /// Whether the item at `position` (in name order) belongs to this share: round-robin, so
    /// shares differ in size by at most one whatever the names.
    pub fn contains(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

/// A `--partition` value that is not `K/N` with 1 <= K <= N.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid partition `{0}`: expected K/N with 1 <= K <= N, such as 2/4")]
pub struct PartitionError(pub String);

/// Gradebooks that do not fit together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MergeError(pub String);

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
    /// The submissions of the batch not graded yet: a gradebook is written as the batch goes,
    /// so a stopped batch leaves one with the rest here (`grade --batch --resume` grades them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<String>,
}

impl Row {
    /// The row of a graded submission.
    pub fn of(g: &SubmissionGrade) -> Row {
        Row {
            submission: g.name.clone(),
            status: g.status(),
            scores: g
                .problems
                .iter()
                .map(|p| (p.id().to_string(), p.score()))
                .collect(),
            total: g.score(),
            max_score: g.max_score(),
        }
    }
}

impl Gradebook {
    /// The gradebook of graded submissions.
    pub fn new(
        columns: Vec<Column>,
        grades: &[SubmissionGrade],
        partition: Option<Partition>,
        min_score_percent: f64,
    ) -> Gradebook {
        let mut rows: Vec<Row> = grades.iter().map(Row::of).collect();
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        Gradebook {
            schema_version: GRADEBOOK_VERSION,
            partition,
            min_score_percent,
            problems: columns,
            rows,
            pending: Vec::new(),
        }
    }

    /// Joins the gradebooks of every share of one partitioned batch.
    pub fn merge(parts: Vec<Gradebook>) -> Result<Gradebook, MergeError> {
        let Some(first) = parts.first() else {
            return Err(MergeError("nothing to merge".into()));
        };
        let problems = first.problems.clone();
        let min_score_percent = first.min_score_percent;
        let mut seen_shares = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        for part in &parts {
            if !part.pending.is_empty() {
                return Err(MergeError(format!(
                    "a gradebook is unfinished ({} submissions pending): finish its batch with \
                     `grade --batch --resume` first",
                    part.pending.len()
                )));
            }
            if part.schema_version != GRADEBOOK_VERSION {
                return Err(MergeError(format!(
                    "gradebook version {} is not {GRADEBOOK_VERSION}",
                    part.schema_version
                )));
            }
            if part.problems != problems || part.min_score_percent != min_score_percent {
                return Err(MergeError(
                    "the gradebooks were graded on different problems or pass marks".into(),
                ));
            }
            if let Some(p) = part.partition {
                if seen_shares.contains(&p) {
                    return Err(MergeError(format!("partition {p} is given twice")));
                }
                seen_shares.push(p);
            }
            rows.extend(part.rows.iter().cloned());
        }
        if let Some(count) = seen_shares.first().map(|p| p.count) {
            if seen_shares.iter().any(|p| p.count != count) {
                return Err(MergeError(
                    "the partitions split the class differently".into(),
                ));
            }
            let missing: Vec<String> = (1..=count)
                .filter(|k| !seen_shares.iter().any(|p| p.index == *k))
                .map(|k| format!("{k}/{count}"))
                .collect();
            if !missing.is_empty() {
                return Err(MergeError(format!(
                    "partition {} is missing",
                    missing.join(", ")
                )));
            }
        }
        rows.sort_by(|a, b| a.submission.cmp(&b.submission));
        if let Some(w) = rows.windows(2).find(|w| w[0].submission == w[1].submission) {
            return Err(MergeError(format!(
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
            pending: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_parse_and_cover_every_item_once() {
        let parts: Vec<Partition> = ["1/3", "2/3", "3/3"]
            .iter()
            .map(|s| s.parse().expect("valid"))
            .collect();
        for i in 0..10 {
            assert_eq!(parts.iter().filter(|p| p.contains(i)).count(), 1);
        }
        for bad in ["0/3", "4/3", "3", "a/b", "1/0"] {
            assert!(bad.parse::<Partition>().is_err(), "{bad}");
        }
    }
}
