//! Malformed problem files: every kind of mistake an author can make must come back as located
//! errors (file, line, column, what is wrong), all of a file's errors together, and never a panic.
//!
//! Each fixture in `tests/malformed/` is a small problem file with its expected errors written
//! next to the lines they point at, as TOML comments:
//!
//! ```toml
//! hiden = true #~ 1: unknown field `hiden`
//! #~^ 12: an error on the line above, at column 12
//! ```
//!
//! `#~ COLUMN: TEXT` expects an error on its own line, at that column, whose message contains
//! TEXT; each `^` after `#~` moves the expectation one line up (for lines that cannot hold a
//! comment). A fixture's errors must be exactly its annotations, in file order.

use std::path::Path;

use pixelbank_spec::{Bank, BankError, Origin, Problem, SourceFile, SpecError};

/// One error a fixture's annotation expects.
#[derive(Debug)]
struct Expectation {
    line: usize,
    column: usize,
    text: String,
}

/// A fixture as the bank would see it, named by its path inside the crate.
fn fixture(name: &str) -> SourceFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/malformed")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    SourceFile {
        name: format!("tests/malformed/{name}"),
        text,
    }
}

/// The `#~` annotations of a fixture.
fn expectations(file: &SourceFile) -> Vec<Expectation> {
    let mut out = Vec::new();
    for (index, line) in file.text.lines().enumerate() {
        let Some((_, annotation)) = line.split_once("#~") else {
            continue;
        };
        let up = annotation.len() - annotation.trim_start_matches('^').len();
        let (column, text) = annotation[up..]
            .trim()
            .split_once(": ")
            .unwrap_or_else(|| panic!("{}:{}: malformed annotation", file.name, index + 1));
        out.push(Expectation {
            line: index + 1 - up,
            column: column
                .parse()
                .unwrap_or_else(|_| panic!("{}:{}: column is not a number", file.name, index + 1)),
            text: text.to_string(),
        });
    }
    out
}

/// Loads `files` as a bank and returns its errors; the bank must be invalid.
fn bank_errors(files: Vec<SourceFile>) -> Vec<SpecError> {
    match Bank::from_files(files, Origin::Official) {
        Ok(_) => panic!("the bank loaded, but it should not have"),
        Err(BankError::Invalid(errors)) => errors,
        Err(other) => panic!("expected located errors, got: {other}"),
    }
}

/// Loads one fixture and checks that its errors are exactly its annotations.
fn check(name: &str) {
    let file = fixture(name);
    let expected = expectations(&file);
    assert!(!expected.is_empty(), "{name} has no `#~` annotation");
    let errors = bank_errors(vec![file.clone()]);
    let rendered: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        errors.len(),
        expected.len(),
        "{name}: expected {} errors, got:\n{}",
        expected.len(),
        rendered.join("\n\n")
    );
    for (error, want) in errors.iter().zip(&expected) {
        assert_eq!(error.file, file.name, "the error names the file");
        assert_eq!(
            (error.line, error.column),
            (want.line, want.column),
            "{name}: `{}` is located at {}:{}, expected {}:{}\n{error}",
            want.text,
            error.line,
            error.column,
            want.line,
            want.column
        );
        assert!(
            error.message.contains(&want.text),
            "{name}:{}: the message does not say `{}`:\n{error}",
            want.line,
            want.text
        );
    }
}

#[test]
fn the_fixture_they_all_break_is_valid() {
    let problem =
        Problem::parse(&fixture("valid.toml")).unwrap_or_else(|errors| panic!("{}", errors[0]));
    assert_eq!(problem.id, "valid");
}

#[test]
fn a_toml_syntax_error_points_where_the_parser_gave_up() {
    check("toml-syntax-error.toml");
}

#[test]
fn an_unknown_top_level_key_is_named_with_the_keys_that_exist() {
    check("unknown-top-level-field.toml");
}

#[test]
fn an_unknown_key_in_a_case_is_named_with_the_keys_a_case_has() {
    check("unknown-case-field.toml");
}

#[test]
fn expected_values_of_the_wrong_type_say_where_inside_the_value() {
    check("expected-wrong-type.toml");
}

#[test]
fn inputs_missing_extra_or_of_the_wrong_type_are_all_reported() {
    check("inputs-not-matching-params.toml");
}

#[test]
fn a_missing_key_points_at_the_file_without_quoting_a_line() {
    check("missing-hints.toml");
    let errors = bank_errors(vec![fixture("missing-hints.toml")]);
    assert_eq!(
        errors[0].to_string(),
        "tests/malformed/missing-hints.toml:1:1: missing field `hints`"
    );
}

#[test]
fn fewer_than_three_hints_and_blank_hints_are_errors() {
    check("too-few-hints.toml");
}

#[test]
fn the_id_must_be_kebab_case_and_the_file_name() {
    check("id-not-file-name.toml");
}

#[test]
fn rejects_needs_a_function_that_can_reject() {
    check("rejects-without-result.toml");
}

#[test]
fn ragged_and_misshapen_arrays_are_errors() {
    check("ragged-array.toml");
}

#[test]
fn an_unknown_type_in_the_signature_lists_the_known_ones() {
    check("unknown-type.toml");
}

#[test]
fn every_case_must_bind_the_generics_and_only_them() {
    check("unbound-generic.toml");
}

#[test]
fn types_in_places_the_judge_cannot_handle_are_errors() {
    check("misplaced-types.toml");
}

#[test]
fn declared_names_must_be_usable_in_rust() {
    check("declared-names.toml");
}

#[test]
fn limits_and_tolerances_are_located_at_their_tables() {
    check("limits-and-tolerance.toml");
}

#[test]
fn values_their_types_cannot_hold_are_errors() {
    check("values-out-of-range.toml");
}

#[test]
fn a_generators_dimensions_inputs_and_variants_are_checked_against_the_signature() {
    check("generator-keys.toml");
}

#[test]
fn every_generated_input_is_checked_against_its_parameter() {
    check("generator-inputs.toml");
}

#[test]
fn a_duplicate_id_across_files_points_at_the_second_id() {
    let first = SourceFile {
        name: "first/duplicate-id.toml".into(),
        ..fixture("duplicate-id.toml")
    };
    let second = SourceFile {
        name: "second/duplicate-id.toml".into(),
        ..fixture("duplicate-id.toml")
    };
    let errors = bank_errors(vec![first, second]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Line 3, not the comment on line 1 that happens to contain the letters "id" ("Valid").
    assert_eq!(
        errors[0].to_string(),
        "second/duplicate-id.toml:3:6: duplicate id `duplicate-id`: \
         first/duplicate-id.toml already defines it\n  \
         |\n\
         3 | id = \"duplicate-id\"\n  \
         |      ^"
    );
}

#[test]
fn a_bank_reports_every_error_of_every_file_with_a_count() {
    let err = Bank::from_files(
        vec![
            fixture("too-few-hints.toml"),
            fixture("valid.toml"),
            fixture("id-not-file-name.toml"),
        ],
        Origin::Official,
    )
    .expect_err("two files are invalid");
    let text = err.to_string();
    assert!(
        text.starts_with(
            "tests/malformed/too-few-hints.toml:7:9: a problem needs at least 3 progressive \
             hints, this one has 2\n  |\n7 | hints = ["
        ),
        "{text}"
    );
    assert!(
        text.contains("tests/malformed/id-not-file-name.toml:2:6: id `ReLU`"),
        "{text}"
    );
    assert!(text.ends_with("\n\n4 errors in 2 problem files"), "{text}");
}

/// Text that is not a problem file at all; each must give errors, not a panic or a stack overflow.
fn garbage() -> Vec<(&'static str, String)> {
    let valid = fixture("valid.toml").text;
    vec![
        ("an empty file", String::new()),
        ("only a comment", "# nothing here\n".into()),
        (
            "binary-ish bytes",
            "\u{0}\u{1}\u{2}\u{7f}\u{fffd}ÿþ\r\n\u{1b}[31m".into(),
        ),
        ("a lone bracket", "[".into()),
        (
            "a number too large for TOML",
            "id = 99999999999999999999999999999\n".into(),
        ),
        (
            "a number too large for a u64",
            valid.replace(
                "hints =",
                "limits = { time_ms = 18446744073709551616 }\nhints =",
            ),
        ),
        (
            "a float too large",
            valid.replace("[0.0, 2.0]", "[1e99999, 2.0]"),
        ),
        (
            "deeply nested arrays",
            format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "deeply nested inline tables",
            format!("x = {}1{}\n", "{ a = ".repeat(10_000), " }".repeat(10_000)),
        ),
        (
            "a deeply nested input",
            valid.replace(
                "[-1.0, 2.0]",
                &format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            ),
        ),
        (
            "a deeply nested type",
            valid.replace(
                "\"&[f64]\"",
                &format!("\"&{}f64{}\"", "Vec<".repeat(100_000), ">".repeat(100_000)),
            ),
        ),
        (
            "a huge array shape",
            valid.replace("&[f64]", "&ArrayD<f64>").replace(
                "[-1.0, 2.0]",
                "{ shape = [9223372036854775807, 2], data = [] }",
            ),
        ),
        (
            "a negative shape",
            valid.replace("[-1.0, 2.0]", "{ shape = [-1], data = [] }"),
        ),
        ("many empty cases", "[[cases]]\n".repeat(10_000)),
        (
            "a case with every value wrong",
            valid.replace("[-1.0, 2.0] }", "{ a = { b = [] } } }"),
        ),
    ]
}

#[test]
fn garbage_gives_errors_never_a_panic() {
    for (what, text) in garbage() {
        let file = SourceFile {
            name: "garbage.toml".into(),
            text,
        };
        let errors = match Problem::parse(&file) {
            Ok(_) => panic!("{what}: parsed as a problem"),
            Err(errors) => errors,
        };
        assert!(!errors.is_empty(), "{what}: Err without an error");
        let lines = line_count(&file.text);
        for e in &errors {
            assert_eq!(e.file, "garbage.toml", "{what}");
            assert!(
                e.line >= 1 && e.line <= lines,
                "{what}: line {} of {lines}",
                e.line
            );
            assert!(!e.message.trim().is_empty(), "{what}: an empty message");
            // Rendering must not panic either, and never prints raw control characters.
            let rendered = e.to_string();
            assert!(
                !rendered.chars().any(|c| c.is_control() && c != '\n'),
                "{what}: {rendered:?}"
            );
        }
    }
}

#[test]
fn every_prefix_of_a_valid_file_parses_or_gives_located_errors() {
    let text = fixture("valid.toml").text;
    let boundaries = (0..text.len()).filter(|&i| text.is_char_boundary(i));
    for end in boundaries {
        let file = SourceFile {
            name: "tests/malformed/valid.toml".into(),
            text: text[..end].to_string(),
        };
        // Some prefixes are whole problems (cut after a case); the others must say why not.
        if let Err(errors) = Problem::parse(&file) {
            assert!(!errors.is_empty(), "prefix of {end} bytes");
            for e in &errors {
                assert!(
                    e.line <= line_count(&file.text),
                    "prefix of {end} bytes: {e}"
                );
            }
        }
    }
}

/// The number of lines an error may point at, counting an empty last line.
fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

#[test]
fn names_a_terminal_would_act_on_or_rustc_would_refuse_are_errors() {
    check("unsafe-names.toml");
}

#[test]
fn a_file_nested_too_deep_is_refused_before_it_is_parsed() {
    let valid = fixture("valid.toml");
    let deep = format!(
        "{}\n[[cases]]\nname = \"deep\"\ninputs = {{ x = {}{} }}\nexpected = 1.0\n",
        valid.text,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let errors = bank_errors(vec![SourceFile {
        name: "tests/malformed/valid.toml".into(),
        text: deep,
    }]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].message.contains("nest more than 64 levels"),
        "{}",
        errors[0]
    );
    let dotted = format!("{}\nx{} = 1\n", valid.text, ".x".repeat(100));
    let errors = bank_errors(vec![SourceFile {
        name: "tests/malformed/valid.toml".into(),
        text: dotted,
    }]);
    assert!(
        errors[0].message.contains("nest more than"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_file_too_large_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("a bank directory");
    let huge = dir.path().join("huge.toml");
    let file = std::fs::File::create(&huge).expect("huge.toml");
    file.set_len(52_000_000).expect("a sparse 52 MB file");
    let start = std::time::Instant::now();
    let err = Bank::load_dir(dir.path()).expect_err("too large");
    assert!(
        start.elapsed() < std::time::Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    let text = err.to_string();
    assert!(
        text.contains("huge.toml:1:1: the file is 52.0 MB"),
        "{text}"
    );
    assert!(text.contains("at most 4 MiB"), "{text}");
}
