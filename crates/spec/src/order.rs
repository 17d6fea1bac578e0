//! The study order of a bank: the order in which a learner takes its problems, which `list`,
//! `next` and `run --all` follow. A bank declares it in `_order.toml` beside its problem files
//! (a name no problem id can have): its collections in the order to take them; within one
//! collection, problems go from easy to hard, then by id. Collections the file does not name come
//! after those it names, alphabetically; a bank without the file takes every collection that way.

use std::collections::BTreeSet;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{SourceFile, SpecError};
use crate::problem::{Difficulty, Problem};

/// The file of a bank directory that declares its study order.
pub const ORDER_FILE: &str = "_order.toml";

/// The order of a bank's collections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StudyOrder {
    collections: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrder {
    collections: Spanned<Vec<Spanned<String>>>,
}

impl StudyOrder {
    /// Reads an order file for a bank whose problems belong to the collections `used`: each
    /// collection it names must be one of them, and named once.
    pub fn parse(file: &SourceFile, used: &BTreeSet<&str>) -> Result<StudyOrder, Vec<SpecError>> {
        let raw: RawOrder = toml::from_str(&file.text).map_err(|e| {
            vec![match e.span() {
                Some(span) if !span.is_empty() || span.start > 0 => {
                    file.error_at(span.start, e.message().trim_end())
                }
                _ => file.error_in_file(e.message().trim_end()),
            }]
        })?;
        let mut errors = Vec::new();
        let mut seen = BTreeSet::new();
        for name in raw.collections.get_ref() {
            let text = name.get_ref();
            if !seen.insert(text.clone()) {
                errors.push(file.error_at(
                    name.span().start,
                    format!("the collection `{text}` is named twice"),
                ));
            } else if !used.contains(text.as_str()) {
                let known: Vec<String> = used.iter().map(|c| format!("`{c}`")).collect();
                errors.push(file.error_at(
                    name.span().start,
                    format!(
                        "no problem belongs to the collection `{text}` (collections: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(StudyOrder {
            collections: raw
                .collections
                .into_inner()
                .into_iter()
                .map(Spanned::into_inner)
                .collect(),
        })
    }

    /// The collections in the order the file names them.
    pub fn collections(&self) -> &[String] {
        &self.collections
    }

    /// What a problem sorts by: its collection's place, its difficulty, its id.
    pub fn key<'a>(
        &self,
        collection: &'a str,
        difficulty: Difficulty,
        id: &'a str,
    ) -> (usize, &'a str, Difficulty, &'a str) {
        let rank = self
            .collections
            .iter()
            .position(|c| c == collection)
            .unwrap_or(self.collections.len());
        // Collections the file does not name sort after it, alphabetically; named ones by rank.
        let name = if rank < self.collections.len() {
            ""
        } else {
            collection
        };
        (rank, name, difficulty, id)
    }

    /// Sorts problems into the study order.
    pub fn sort(&self, problems: &mut [&Problem]) {
        problems.sort_by(|a, b| {
            self.key(&a.collection, a.difficulty, &a.id).cmp(&self.key(
                &b.collection,
                b.difficulty,
                &b.id,
            ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(text: &str, used: &[&str]) -> Result<StudyOrder, Vec<SpecError>> {
        let file = SourceFile {
            name: ORDER_FILE.into(),
            text: text.into(),
        };
        StudyOrder::parse(&file, &used.iter().copied().collect())
    }

    #[test]
    fn named_collections_come_first_then_the_others_alphabetically() {
        let o = order("collections = [\"B\", \"A\"]", &["A", "B", "C", "D"]).expect("valid");
        let mut keys = [
            o.key("D", Difficulty::Easy, "d"),
            o.key("A", Difficulty::Hard, "a2"),
            o.key("C", Difficulty::Easy, "c"),
            o.key("A", Difficulty::Easy, "a1"),
            o.key("B", Difficulty::Medium, "b"),
        ];
        keys.sort();
        let ids: Vec<&str> = keys.iter().map(|k| k.3).collect();
        assert_eq!(ids, ["b", "a1", "a2", "c", "d"]);
    }

    #[test]
    fn an_unknown_or_repeated_collection_is_located() {
        let errors = order("collections = [\"A\", \"Nope\", \"A\"]", &["A"]).expect_err("invalid");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].message.contains("`Nope`"), "{}", errors[0]);
        assert_eq!(errors[0].column, 21);
        assert!(errors[1].message.contains("named twice"), "{}", errors[1]);
    }
}
