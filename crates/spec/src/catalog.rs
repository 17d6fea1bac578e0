//! What `list` needs of a bank, without loading it: per problem its id, title, difficulty,
//! collection and number of hints. The official bank's catalogue is made at build time. A bank
//! directory's is kept in an index beside the judge's cache, one entry per file with the file's
//! size, modification time and inode: a file that is unchanged since it was validated is not read
//! again, and only new or changed files are parsed and validated. A bank of 1,000 problems then
//! lists in the time it takes to look at 1,000 files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::bank::{Origin, official_entries};
use crate::error::{BankError, SourceFile};
use crate::problem::{Difficulty, Problem};

/// One problem, as the catalogue lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The problem's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its difficulty.
    pub difficulty: Difficulty,
    /// Its collection.
    pub collection: String,
    /// How many hints it has.
    pub hints: usize,
}

impl Entry {
    /// The entry of a validated problem.
    pub fn of(problem: &Problem) -> Entry {
        Entry {
            id: problem.id.clone(),
            title: problem.title.clone(),
            difficulty: problem.difficulty,
            collection: problem.collection.clone(),
            hints: problem.hints.len(),
        }
    }
}

/// The index of one bank directory.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// The index format's version.
    version: u32,
    /// By file name.
    files: BTreeMap<String, Indexed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Indexed {
    /// Size, modification time in nanoseconds and inode, as seen when it was validated.
    stamp: (u64, i128, u64),
    entry: Entry,
}

const INDEX_VERSION: u32 = 1;

fn stamp(meta: &fs::Metadata) -> (u64, i128, u64) {
    use std::os::unix::fs::MetadataExt;
    (
        meta.len(),
        i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec()),
        meta.ino(),
    )
}

/// The catalogue of `origin`, in the bank's study order (see [`crate::order`]); a bank
/// directory's index is kept under `cache` (no index without one). Every problem file is
/// validated, once per change of the file.
pub fn catalog(origin: &Origin, cache: Option<&Path>) -> Result<Vec<Entry>, BankError> {
    let (mut entries, order) = match origin {
        Origin::Official => (official_entries(), crate::bank::official_order()),
        Origin::Dir(dir) => (indexed(dir, cache)?, crate::bank::order_file(dir)?),
    };
    let used: BTreeSet<&str> = entries.iter().map(|e| e.collection.as_str()).collect();
    let order = crate::bank::study_order(order, &used)?;
    entries.sort_by(|a, b| {
        order
            .key(&a.collection, a.difficulty, &a.id)
            .cmp(&order.key(&b.collection, b.difficulty, &b.id))
    });
    Ok(entries)
}

/// The entries of bank directory `dir`, through its index under `cache`.
fn indexed(dir: &Path, cache: Option<&Path>) -> Result<Vec<Entry>, BankError> {
    let index_path = cache.map(|c| index_path(c, dir));
    let old: Index = index_path
        .as_ref()
        .and_then(|p| fs::read(p).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .filter(|i: &Index| i.version == INDEX_VERSION)
        .unwrap_or_default();
    let io = |source| BankError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = BTreeMap::new();
    let mut changed = Vec::new();
    for item in fs::read_dir(dir).map_err(io)? {
        let item = item.map_err(io)?;
        let name = item.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".toml") || name == crate::order::ORDER_FILE {
            continue;
        }
        let path = item.path();
        let meta = fs::metadata(&path).map_err(|source| BankError::Io {
            path: path.clone(),
            source,
        })?;
        match old.files.get(&name) {
            Some(known) if known.stamp == stamp(&meta) => {
                files.insert(name, known.clone());
            }
            _ => changed.push((name, path, stamp(&meta))),
        }
    }
    if files.is_empty() && changed.is_empty() {
        return Err(BankError::Empty {
            path: dir.to_path_buf(),
        });
    }
    let dirty = !changed.is_empty() || files.len() != old.files.len();
    let mut errors = Vec::new();
    for (name, path, stamp) in changed {
        let text = crate::bank::read_problem_file(&path)?;
        let file = SourceFile {
            name: path.display().to_string(),
            text,
        };
        match Problem::parse(&file) {
            Ok(problem) => {
                files.insert(
                    name,
                    Indexed {
                        stamp,
                        entry: Entry::of(&problem),
                    },
                );
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(BankError::Invalid(errors));
    }
    let entries: Vec<Entry> = files.values().map(|f| f.entry.clone()).collect();
    // Every id is its file's name (validation sees to it), so no two entries share one.
    if dirty && let Some(path) = index_path {
        let index = Index {
            version: INDEX_VERSION,
            files,
        };
        // An index that cannot be written only costs the next listing the parsing again.
        if let (Some(parent), Ok(json)) = (path.parent(), serde_json::to_vec(&index)) {
            let _ = fs::create_dir_all(parent);
            let tmp = path.with_extension(format!("json.{}", std::process::id()));
            if fs::write(&tmp, json).is_ok() {
                let _ = fs::rename(&tmp, &path);
            }
        }
    }
    Ok(entries)
}

/// Where the index of bank directory `dir` is kept under `cache`.
fn index_path(cache: &Path, dir: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // A name for the directory, not a secret: a stable hash of its path is enough.
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    canonical.hash(&mut h);
    cache
        .join("catalog")
        .join(format!("{:016x}.json", h.finish()))
}

/// FNV-1a, stable across Rust releases (unlike the standard library's hasher).
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_is_used_until_a_file_changes() {
        let bank = tempfile::tempdir().expect("a bank");
        let cache = tempfile::tempdir().expect("a cache");
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../problems");
        for id in ["bce-loss", "z-score"] {
            fs::copy(
                format!("{root}/{id}.toml"),
                bank.path().join(format!("{id}.toml")),
            )
            .expect("a copy");
        }
        let origin = Origin::Dir(bank.path().to_path_buf());
        let first = catalog(&origin, Some(cache.path())).expect("a catalogue");
        assert_eq!(first.len(), 2);
        let index = fs::read_dir(cache.path().join("catalog"))
            .expect("an index")
            .count();
        assert_eq!(index, 1);
        // A changed file is read again: a broken one is an error, not a stale entry.
        let z = bank.path().join("z-score.toml");
        let text = fs::read_to_string(&z).expect("z-score");
        fs::write(&z, text.replace("title = ", "title = 1 #")).expect("a broken file");
        assert!(catalog(&origin, Some(cache.path())).is_err());
        fs::write(&z, text.replace("Z-Score", "Renamed")).expect("a renamed problem");
        let again = catalog(&origin, Some(cache.path())).expect("a catalogue");
        assert!(
            again.iter().any(|e| e.title.contains("Renamed")),
            "{again:?}"
        );
        assert_eq!(
            catalog(&Origin::Official, None).expect("official").len(),
            25
        );
    }
}
