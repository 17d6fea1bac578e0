//! Embeds the official bank (`problems/*.toml` at the workspace root, its study order
//! `problems/_order.toml`, the reference solutions `solutions/src/*.rs` and the wrong ones
//! `solutions/wrong/<module>/*.rs`) in the crate, so an installed `pixelbank` works offline from
//! any directory.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let problems = manifest.join("../../problems");
    // The directory's own mtime changes when a file is added or removed.
    println!("cargo:rerun-if-changed={}", problems.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&problems)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .filter(|p| p.file_name().is_some_and(|n| n != "_order.toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// The official problem files: (file name, contents).\npub static OFFICIAL: &[(&str, &str)] = &[\n",
    );
    for path in &files {
        let canonical = path.canonicalize().expect("a listed file exists");
        println!("cargo:rerun-if-changed={}", canonical.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            canonical.display().to_string()
        ));
    }
    out.push_str("];\n");
    // What `list` shows of each problem, read here so that listing never parses the bank.
    out.push_str(
        "/// The official problems' catalogue: (id, title, difficulty, collection, hints).\npub static INDEX: &[(&str, &str, &str, &str, usize)] = &[\n",
    );
    for path in &files {
        let text = fs::read_to_string(path).expect("a listed file is readable");
        let doc: toml::Table = text.parse().unwrap_or_default();
        let field = |key: &str| {
            doc.get(key)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let hints = doc
            .get("hints")
            .and_then(|v| v.as_array())
            .map_or(0, Vec::len);
        out.push_str(&format!(
            "    ({:?}, {:?}, {:?}, {:?}, {hints}),\n",
            field("id"),
            field("title"),
            field("difficulty"),
            field("collection")
        ));
    }
    out.push_str("];\n");
    // The study order (`_order.toml`), which is not a problem file.
    let order = problems.join("_order.toml");
    println!("cargo:rerun-if-changed={}", order.display());
    match order.canonicalize() {
        Ok(path) => out.push_str(&format!(
            "/// The official bank's study order.\npub static ORDER: Option<&str> = Some(include_str!({:?}));\n",
            path.display().to_string()
        )),
        Err(_) => out.push_str("/// The official bank's study order.\npub static ORDER: Option<&str> = None;\n"),
    }
    // The reference solutions, shown by `pixelbank solution` once a problem is solved.
    let solutions = manifest.join("../../solutions/src");
    println!("cargo:rerun-if-changed={}", solutions.display());
    let mut sources: Vec<PathBuf> = fs::read_dir(&solutions)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                .filter(|p| p.file_name().is_some_and(|n| n != "lib.rs"))
                .collect()
        })
        .unwrap_or_default();
    sources.sort();
    out.push_str("/// The official reference solutions: (module, source).\npub static SOLUTIONS: &[(&str, &str)] = &[\n");
    for path in &sources {
        let canonical = path.canonicalize().expect("a listed file exists");
        println!("cargo:rerun-if-changed={}", canonical.display());
        let module = path
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file name");
        out.push_str(&format!(
            "    ({module:?}, include_str!({:?})),\n",
            canonical.display().to_string()
        ));
    }
    out.push_str("];\n");
    // The wrong solutions, which `stress` runs on a counterexample to name the learner's mistake.
    let wrong = manifest.join("../../solutions/wrong");
    println!("cargo:rerun-if-changed={}", wrong.display());
    let mut modules: Vec<PathBuf> = fs::read_dir(&wrong)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    modules.sort();
    out.push_str("/// The official wrong solutions: (module, name, source).\npub static WRONG: &[(&str, &str, &str)] = &[\n");
    for dir in &modules {
        println!("cargo:rerun-if-changed={}", dir.display());
        let module = dir
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 directory name");
        let mut files: Vec<PathBuf> = fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "rs"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for path in &files {
            let canonical = path.canonicalize().expect("a listed file exists");
            println!("cargo:rerun-if-changed={}", canonical.display());
            let name = path
                .file_stem()
                .and_then(|n| n.to_str())
                .expect("UTF-8 file name");
            out.push_str(&format!(
                "    ({module:?}, {name:?}, include_str!({:?})),\n",
                canonical.display().to_string()
            ));
        }
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("official.rs");
    fs::write(dest, out).expect("OUT_DIR is writable");
}
