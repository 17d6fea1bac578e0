//! Hostile submissions against `pixelbank grade`: for every class of attack, a submission that
//! tries it (tests/fixtures/hostile/), graded as an instructor would. Each attack must fail and
//! say so within its limits, no hidden input or expected value and no secret may appear in any
//! output, no file outside the judged program's scratch directory may be written, no process may
//! be left, and honest submissions graded beside it must be graded as usual.

use std::fs;
use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pixelbank_report::grade::{CaseStatus, GradeReport, ProblemOutcome};
use pixelbank_verdict::{Gradebook, Verdict};
use tempfile::TempDir;

use crate::support::{Output, Test, processes_running, repo_root};

/// A hidden case's expected value in the fixture bank, found nowhere a learner may look.
const HIDDEN_EXPECTED: &str = "271828.75";

/// One attack's surroundings: a copy of the fixture bank, a secret in a file and in the
/// environment, a directory the judged programs' scratch directories go in, and paths an attack
/// would write to.
struct Arena {
    root: TempDir,
    secret: String,
}

impl Arena {
    fn new() -> Arena {
        let root = TempDir::new().expect("a temporary directory");
        let bank = root.path().join("bank");
        fs::create_dir(&bank).expect("the bank");
        for file in ["add-vectors.toml", "dot-product.toml"] {
            fs::copy(
                repo_root().join("tests/fixtures/grade-bank").join(file),
                bank.join(file),
            )
            .expect("a copy of the fixture bank");
        }
        fs::create_dir(root.path().join("tmp")).expect("TMPDIR");
        let secret = format!("pixelbank-secret-{}", std::process::id());
        fs::write(root.path().join("secret.txt"), &secret).expect("the secret file");
        Arena { root, secret }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.path().join(relative)
    }

    /// A submission made from the hostile template `name`, with its placeholders filled in.
    fn submission(&self, name: &str, extra: &[(&str, String)]) -> PathBuf {
        let template = fs::read_to_string(
            repo_root()
                .join("tests/fixtures/hostile")
                .join(format!("{name}.rs")),
        )
        .expect("a hostile template");
        let mut text = template
            .replace("@BANK@", &self.path("bank").display().to_string())
            .replace("@SECRET_VAR@", "PIXELBANK_TEST_SECRET")
            .replace(
                "@SECRET_FILE@",
                &self.path("secret.txt").display().to_string(),
            )
            .replace("@OUTSIDE@", &self.path("outside").display().to_string())
            .replace(
                "@REFERENCE@",
                &repo_root()
                    .join("tests/fixtures/grade-class/perfect/src/add_vectors.rs")
                    .display()
                    .to_string(),
            );
        for (key, value) in extra {
            text = text.replace(key, value);
        }
        assert!(!text.contains('@'), "a placeholder is left in {name}");
        let dir = self.path("class").join(name);
        fs::create_dir_all(dir.join("src")).expect("a submission");
        fs::write(dir.join("src/add_vectors.rs"), text).expect("the submission's file");
        dir
    }

    /// `pixelbank grade` as an instructor runs it, with a secret in its environment.
    fn grade(&self) -> Test {
        Test::new()
            .env("PIXELBANK_TEST_SECRET", &self.secret)
            .env("TMPDIR", self.path("tmp"))
            .env("GITHUB_ACTIONS", "false")
            .arg("--problems")
            .arg(self.path("bank"))
            .arg("grade")
            .timeout(Duration::from_secs(120))
    }

    /// Grades `dir` on add-vectors, as JSON; checks that nothing leaked and nothing was left.
    #[track_caller]
    fn graded(&self, dir: &Path) -> (Output, GradeReport) {
        self.graded_as(self.grade(), dir)
    }

    /// [`Arena::graded`], by the grader `grade` (an [`Arena::grade`] changed).
    #[track_caller]
    fn graded_as(&self, grade: Test, dir: &Path) -> (Output, GradeReport) {
        let run = grade
            .arg(dir)
            .args(["--problem", "add-vectors", "--format", "json"])
            .run();
        self.assert_clean(&run);
        let report: GradeReport = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("not a JSON report ({e}):\n{}", run.stdout));
        (run, report)
    }

    /// No hidden value and no secret in what pixelbank printed; nothing left in TMPDIR.
    #[track_caller]
    fn assert_clean(&self, run: &Output) {
        for text in [&run.stdout, &run.stderr] {
            assert!(
                !text.contains(HIDDEN_EXPECTED),
                "a hidden value leaks:\n{text}"
            );
            assert!(!text.contains(&self.secret), "the secret leaks:\n{text}");
        }
        let left: Vec<_> = fs::read_dir(self.path("tmp"))
            .expect("TMPDIR")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert!(left.is_empty(), "left in TMPDIR: {left:?}");
    }
}

/// The add-vectors entry of a report.
fn add_vectors(report: &GradeReport) -> &pixelbank_report::grade::ProblemEntry {
    report
        .problems
        .iter()
        .find(|p| p.id == "add-vectors")
        .expect("add-vectors was graded")
}

/// An attack that returns nothing unless it succeeds passes only the case whose answer is nothing.
#[track_caller]
fn assert_only_the_empty_case_passed(add: &pixelbank_report::grade::ProblemEntry) {
    for case in &add.cases {
        let passed = case.status == CaseStatus::Passed;
        assert_eq!(passed, case.name == "empty", "{case:#?}");
    }
}

#[test]
fn hidden_expected_values_cannot_be_read_at_run_time() {
    let arena = Arena::new();
    let (run, report) = arena.graded(&arena.submission("reads_the_bank", &[]));
    run.code(1);
    let add = add_vectors(&report);
    assert_only_the_empty_case_passed(add);
    let large = add
        .cases
        .iter()
        .find(|c| c.name == "large values")
        .expect("the hidden case");
    assert_eq!(large.status, CaseStatus::Failed);
    // Whatever it could read, it printed; the bank's text is nowhere in what the judge shows.
    for text in [&run.stdout, &run.stderr] {
        assert!(!text.contains("[[cases]]"), "{text}");
    }
}

#[test]
fn hidden_expected_values_cannot_be_pulled_in_at_compile_time() {
    let arena = Arena::new();
    for attack in ["includes_the_bank", "includes_the_reference"] {
        let (run, report) = arena.graded(&arena.submission(attack, &[]));
        run.code(1);
        let add = add_vectors(&report);
        assert_eq!(
            add.status,
            ProblemOutcome::CompileError,
            "{attack}: {add:#?}"
        );
        assert_eq!(add.score, 0);
    }
}

#[test]
fn the_graders_secrets_reach_neither_the_compiler_nor_the_program_nor_a_report() {
    let arena = Arena::new();
    let (run, report) = arena.graded(&arena.submission("steals_secrets", &[]));
    run.code(1);
    let printed = add_vectors(&report)
        .cases
        .iter()
        .find_map(|c| c.output.clone())
        .expect("a visible case shows what the program printed");
    assert!(printed.contains("compile time: None"), "{printed}");
    assert!(printed.contains("run time: Err(NotPresent)"), "{printed}");
    assert!(printed.contains("file: Err("), "{printed}");
    assert!(printed.contains("home: Err("), "{printed}");
}

#[test]
fn the_network_is_closed() {
    let arena = Arena::new();
    let tcp = TcpListener::bind("127.0.0.1:0").expect("a listening socket");
    let port = tcp.local_addr().expect("its address").port();
    let udp = UdpSocket::bind(("127.0.0.1", port)).expect("a UDP socket on the same port");
    tcp.set_nonblocking(true).expect("non-blocking");
    udp.set_nonblocking(true).expect("non-blocking");
    let daemon_path = arena.path("daemon.sock");
    let daemon = UnixListener::bind(&daemon_path).expect("a daemon's socket");
    daemon.set_nonblocking(true).expect("non-blocking");
    let dir = arena.submission(
        "sends_the_inputs",
        &[
            ("@PORT@", port.to_string()),
            ("@DAEMON@", daemon_path.display().to_string()),
        ],
    );
    let (run, report) = arena.graded(&dir);
    // It computes the right answer: only what it sent is at stake.
    run.success();
    assert_eq!(report.score, report.max_score);
    if let Ok((mut stream, _)) = tcp.accept() {
        let mut got = String::new();
        let _ = stream.read_to_string(&mut got);
        panic!("a judged program reached a server: {got:?}");
    }
    let mut buf = [0u8; 256];
    assert!(
        udp.recv(&mut buf).is_err(),
        "a judged program sent a datagram"
    );
    if let Ok((mut stream, _)) = daemon.accept() {
        let mut got = String::new();
        let _ = stream.read_to_string(&mut got);
        panic!("a judged program reached the daemon: {got:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn escapes_end_at_the_time_limit_and_leave_nothing_behind() {
    let arena = Arena::new();
    let start = Instant::now();
    let (run, report) = arena.graded(&arena.submission("escapes_the_judge", &[]));
    run.code(1);
    let add = add_vectors(&report);
    assert_eq!(add.cases[0].verdict, Verdict::TimeLimit, "{add:#?}");
    for case in &add.cases {
        // After the first time-out the others start only within one more limit.
        if case.verdict == Verdict::NotRun {
            continue;
        }
        assert_eq!(case.verdict, Verdict::TimeLimit, "{case:#?}");
        if let Some(ms) = case.duration_ms {
            // The problem's 300 ms, plus the judge's own 2 s of grace at most.
            assert!(ms < 2300.0, "{case:#?}");
        }
    }
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    // The daemons would have written after 3 s: wait for them, then look.
    std::thread::sleep(Duration::from_secs(4));
    crate::support::assert_none_left("sleep 271.828");
    for written in ["outside", "outside.later"] {
        assert!(!arena.path(written).exists(), "{written} was written");
    }
}

#[test]
fn memory_the_limits_do_not_count_and_the_disk_cannot_be_filled() {
    let arena = Arena::new();
    let (run, report) = arena.graded(&arena.submission("fills_memory_and_disk", &[]));
    // It answers right only if it held the memory: it could not.
    run.code(1);
    let add = add_vectors(&report);
    assert_only_the_empty_case_passed(add);
    let printed = add
        .cases
        .iter()
        .find_map(|c| c.output.clone())
        .expect("what it printed");
    assert!(printed.contains("memfd: false, shm: false"), "{printed}");
    // The scratch directory is bounded; nothing outside it was written.
    assert!(!printed.contains("filler: 200 MiB"), "{printed}");
    assert!(!Path::new("/tmp/pixelbank-filler").exists());
    assert!(!Path::new("/dev/shm/pixelbank-filler").exists());
}

#[test]
fn learner_text_cannot_forge_a_ci_log() {
    let arena = Arena::new();
    let dir = arena.submission("forges_ci_logs", &[]);
    for format in ["text", "json", "junit"] {
        let run = arena
            .grade()
            .env("GITHUB_ACTIONS", "true")
            .arg(&dir)
            .args(["--problem", "add-vectors", "--format", format])
            .run();
        run.code(1);
        arena.assert_clean(&run);
        for line in run.stdout.lines().chain(run.stderr.lines()) {
            assert!(!line.contains("##["), "{format}: {line}");
            assert!(!line.contains('\u{1b}'), "{format}: a raw escape: {line:?}");
            let command = line.trim_start();
            if command.starts_with("::") {
                // Only pixelbank's own: its stop-commands fence and its annotations.
                assert!(
                    command.starts_with("::stop-commands::pixelbank-")
                        || command.starts_with("::pixelbank-")
                        || command.starts_with("::error file="),
                    "{format}: a forged workflow command: {line}"
                );
                assert!(!command.contains("forged"), "{format}: {line}");
            }
        }
    }
}

#[test]
fn a_signal_a_program_sends_itself_is_its_own_error_not_a_limit() {
    let arena = Arena::new();
    let (run, report) = arena.graded(&arena.submission("kills_itself", &[]));
    run.code(1);
    let add = add_vectors(&report);
    for name in ["two pairs", "negatives"] {
        let case = add.cases.iter().find(|c| c.name == name).expect("the case");
        assert_eq!(case.verdict, Verdict::RuntimeError, "{case:#?}");
        assert_eq!(case.failure.as_deref(), Some("killed"), "{case:#?}");
    }
}

#[test]
fn a_submission_cannot_harm_a_classmate_graded_beside_it() {
    let arena = Arena::new();
    let victim = arena.path("class/victim");
    fs::create_dir_all(victim.join("src")).expect("the classmate");
    let honest = fs::read_to_string(
        repo_root().join("tests/fixtures/grade-class/perfect/src/add_vectors.rs"),
    )
    .expect("an honest solution");
    fs::write(victim.join("src/add_vectors.rs"), &honest).expect("the classmate's file");
    let cache = Path::new(crate::support::JUDGE_CACHE);
    arena.submission(
        "harms_a_classmate",
        &[
            (
                "@VICTIM@",
                victim.join("src/add_vectors.rs").display().to_string(),
            ),
            ("@CACHE@", cache.display().to_string()),
        ],
    );
    let out = arena.path("grades");
    let run = arena
        .grade()
        .arg("--batch")
        .arg(arena.path("class"))
        .args(["--problem", "add-vectors", "-j", "2", "--out-dir"])
        .arg(&out)
        .run();
    run.success();
    arena.assert_clean(&run);
    let book: Gradebook = serde_json::from_str(
        &fs::read_to_string(out.join("gradebook.json")).expect("the gradebook"),
    )
    .expect("a gradebook");
    for row in &book.rows {
        assert_eq!(row.total, row.max_score, "{row:?}");
    }
    assert_eq!(
        fs::read_to_string(victim.join("src/add_vectors.rs")).expect("the classmate's file"),
        honest
    );
    assert!(!cache.join("artifacts/planted").exists());
    assert!(
        fs::read_dir(cache.join("runtime"))
            .expect("the runtime")
            .filter_map(Result::ok)
            .all(|e| e.file_name() != "planted")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_batch_killed_midway_keeps_its_gradebook_and_resumes() {
    let arena = Arena::new();
    let perfect = repo_root().join("tests/fixtures/grade-class/perfect/src/add_vectors.rs");
    let hangs = repo_root().join("tests/fixtures/grade-class/hangs/src/add_vectors.rs");
    for (i, file) in [&perfect, &hangs, &perfect, &hangs, &perfect, &perfect]
        .iter()
        .enumerate()
    {
        let dir = arena.path(&format!("class/student-{i}/src"));
        fs::create_dir_all(&dir).expect("a submission");
        let text = fs::read_to_string(file).expect("a fixture");
        fs::write(
            dir.join("add_vectors.rs"),
            format!("// student {i}\n{text}"),
        )
        .expect("its file");
    }
    let out = arena.path("grades");
    let batch = || {
        arena
            .grade()
            .arg("--batch")
            .arg(arena.path("class"))
            .args(["--problem", "add-vectors", "--format", "json", "--out-dir"])
            .arg(&out)
    };
    let started = batch().start();
    let gradebook = out.join("gradebook.json");
    let graded = || -> Option<Gradebook> {
        serde_json::from_str(&fs::read_to_string(&gradebook).ok()?).ok()
    };
    let deadline = Instant::now() + Duration::from_secs(90);
    while graded().is_none_or(|b| b.rows.is_empty()) {
        assert!(Instant::now() < deadline, "nothing was graded");
        std::thread::sleep(Duration::from_millis(20));
    }
    started.signal(9);
    let _ = started.finish();
    let left = graded().expect("the gradebook survives the kill");
    assert!(
        !left.pending.is_empty(),
        "the kill came too late to test anything"
    );
    assert_eq!(left.rows.len() + left.pending.len(), 6);
    let resumed = batch().arg("--resume").run();
    resumed.code(1).stderr_contains("resuming:");
    let finished = graded().expect("the finished gradebook");
    assert!(finished.pending.is_empty());
    // The same gradebook a batch never stopped would have written.
    let whole = arena.path("whole");
    let full = arena
        .grade()
        .arg("--batch")
        .arg(arena.path("class"))
        .args(["--problem", "add-vectors", "--format", "json", "--out-dir"])
        .arg(&whole)
        .run();
    full.code(1);
    assert_eq!(
        fs::read_to_string(&gradebook).expect("resumed"),
        fs::read_to_string(whole.join("gradebook.json")).expect("whole")
    );
}

#[test]
fn grade_refuses_without_the_sandbox_unless_told_so() {
    let arena = Arena::new();
    let dir = repo_root().join("tests/fixtures/grade-class/perfect");
    arena
        .grade()
        .env("PIXELBANK_WITHOUT", "landlock")
        .arg(&dir)
        .run()
        .code(2)
        .stderr_contains("Landlock")
        .stderr_contains("--no-sandbox");
    arena
        .grade()
        .env("PIXELBANK_WITHOUT", "landlock")
        .arg(&dir)
        .arg("--no-sandbox")
        .run()
        .success()
        .stderr_contains("without the sandbox");
    Test::new()
        .env("PIXELBANK_WITHOUT", "landlock,seccomp")
        .arg("doctor")
        .run()
        .code(1)
        .stdout_contains("✗ Landlock")
        .stdout_contains("will refuse untrusted code");
}

#[cfg(target_os = "linux")]
#[test]
fn the_sandbox_works_for_an_ordinary_user_too() {
    let setpriv = Path::new("/usr/bin/setpriv");
    assert!(
        setpriv.is_file(),
        "setpriv (util-linux) is needed for this test"
    );
    // As `nobody`, whatever the tests run as: the layers a grader without privileges gets.
    let out = std::process::Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_pixelbank"))
        .args(["--color", "never", "doctor"])
        .env("HOME", "/nonexistent")
        .env("PIXELBANK_CACHE_DIR", "/tmp/pixelbank-nobody-doctor")
        .output()
        .expect("setpriv runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("✓ Landlock"), "{stdout}");
    assert!(stdout.contains("✓ namespaces"), "{stdout}");
    assert!(stdout.contains("✓ seccomp"), "{stdout}");
    assert!(
        stdout.contains("pixelbank grade can run untrusted code here"),
        "{stdout}"
    );

    // A grade without a single capability (the toolchain stays readable, as it is the user's
    // own): the layers hold, and the honest submission is graded as usual.
    let arena = Arena::new();
    let without_privileges = [
        "/usr/bin/setpriv",
        "--bounding-set=-all",
        "--inh-caps=-all",
        "--no-new-privs",
        "--",
    ];
    let (run, report) = arena.graded_as(
        arena.grade().through(without_privileges),
        &arena.submission("reads_the_bank", &[]),
    );
    run.code(1);
    assert_only_the_empty_case_passed(add_vectors(&report));
    let honest = repo_root().join("tests/fixtures/grade-class/perfect");
    arena
        .grade()
        .through(without_privileges)
        .arg(&honest)
        .args(["--problem", "add-vectors"])
        .run()
        .success();
    assert!(processes_running("pixelbank-nobody").is_empty());
}
