//! The official bank's policy: what every problem shipped with pixelbank carries.

use std::collections::BTreeSet;

use pixelbank_spec::Bank;

fn bank() -> Bank {
    Bank::official().unwrap_or_else(|e| panic!("the official bank is invalid:\n{e}"))
}

#[test]
fn every_problem_has_six_visible_and_four_hidden_cases_and_three_hints() {
    for p in bank().problems() {
        let visible = p.visible_cases().count();
        let hidden = p.cases.len() - visible;
        assert!(visible >= 6, "{}: {visible} visible cases", p.id);
        assert!(hidden >= 4, "{}: {hidden} hidden cases", p.id);
        assert!(p.hints.len() >= 3, "{}: {} hints", p.id, p.hints.len());
        assert!(
            p.cases.iter().any(|c| !c.mistakes.is_empty()),
            "{}: no known mistake",
            p.id
        );
    }
}

#[test]
fn the_bank_spans_the_seed_problems_and_at_least_six_collections() {
    let bank = bank();
    for id in [
        "array-properties",
        "higher-order-functions",
        "bce-loss",
        "batch-norm-forward",
    ] {
        assert!(bank.get(id).is_ok(), "seed problem {id} is missing");
    }
    assert!(
        bank.problems().len() >= 22,
        "{} problems",
        bank.problems().len()
    );
    let collections: BTreeSet<&str> = bank
        .problems()
        .iter()
        .map(|p| p.collection.as_str())
        .collect();
    assert!(collections.len() >= 6, "{collections:?}");
}

#[test]
fn every_problem_has_a_derivation_script_and_a_reference_solution() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    for p in bank().problems() {
        let module = p.module_name();
        let derivation = format!("{root}/problems/derivations/{module}.py");
        let solution = format!("{root}/solutions/src/{module}.rs");
        assert!(
            std::path::Path::new(&derivation).is_file(),
            "{}: no {derivation}",
            p.id
        );
        assert!(
            std::path::Path::new(&solution).is_file(),
            "{}: no {solution}",
            p.id
        );
    }
}

/// Problems without a bench size, and why.
const NO_BENCH: &[(&str, &str)] = &[(
    "array-properties",
    "every property is read from the shape in O(1): there is no work to time",
)];

#[test]
fn every_problem_has_a_generator_with_a_bench_size() {
    for problem in bank().problems() {
        let generator = problem
            .generator
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no `[generator]`", problem.id));
        let exempt = NO_BENCH.iter().any(|(id, _)| *id == problem.id);
        assert_eq!(
            generator.bench.is_some(),
            !exempt,
            "{}: a bench size, unless NO_BENCH says why not",
            problem.id
        );
        assert!(
            generator.variants.iter().all(|v| !v.why.trim().is_empty()),
            "{}",
            problem.id
        );
    }
}
