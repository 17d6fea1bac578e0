//! `pixelbank watch`: judges a problem again on every save of its file, or of whichever problem's
//! file changed, until the learner quits. Files are watched through their directory, with a
//! debouncer (notify's), so that an editor's burst of writes is one judging and a save by rename
//! (vim, JetBrains) or a deleted file is seen like any other change. Keys as in rustlings: `h` the
//! next hint, `n` the next unsolved problem, `r` judge again, `q` quit. On a terminal they act at
//! once (raw mode, restored on every way out); on a pipe, each line read is a list of keys, so
//! that a script or a test can drive it.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use colored::Colorize;
use notify::RecursiveMode;
use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use pixelbank_judge::Judge;
use pixelbank_report::text::NextStep;
use pixelbank_spec::Problem;
use pixelbank_workspace::Workspace;

use crate::commands::{Session, hint_line, interrupted_code, judge_live, record};
use crate::output::{self, out, outln};
use crate::progress::Live;

/// What the loop reacts to.
enum Input {
    /// A file of the watched directory changed (or appeared, or went away).
    Changed(PathBuf),
    /// A key.
    Key(Key),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Hint,
    Next,
    Again,
    Quit,
}

impl Key {
    fn of(c: char) -> Option<Key> {
        match c.to_ascii_lowercase() {
            'h' => Some(Key::Hint),
            'n' => Some(Key::Next),
            'r' => Some(Key::Again),
            'q' => Some(Key::Quit),
            _ => None,
        }
    }
}

/// Puts the terminal in raw mode, and back as it was on drop.
struct RawMode;

impl RawMode {
    fn enable() -> Option<RawMode> {
        crossterm::terminal::enable_raw_mode().ok()?;
        output::set_raw(true);
        Some(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        output::set_raw(false);
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Runs `pixelbank watch`.
pub fn watch(ctx: &Session, id: Option<String>) -> Result<ExitCode> {
    let Some(workspace) = &ctx.workspace else {
        bail!(
            "`watch` follows a workspace's files: run it inside one (`pixelbank init` creates one)"
        );
    };
    let bank = ctx.bank()?;
    let order: Vec<&str> = bank
        .in_study_order()
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    let mut problem = ctx.chosen(id)?;
    let judge = ctx.judge()?;

    let (tx, rx) = mpsc::channel();
    let src = workspace.root().join("src");
    let mut debouncer = new_debouncer(Duration::from_millis(150), None, {
        let tx = tx.clone();
        move |result: DebounceEventResult| {
            for event in result.into_iter().flatten() {
                if !matters(&event.kind) {
                    continue;
                }
                for path in &event.paths {
                    let _ = tx.send(Input::Changed(path.clone()));
                }
            }
        }
    })
    .context("cannot watch files")?;
    debouncer
        .watch(&src, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", src.display()))?;

    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    let _raw = if terminal { RawMode::enable() } else { None };
    read_keys(tx, _raw.is_some());

    let screen = Screen {
        ctx,
        workspace,
        judge: &judge,
        clear: terminal,
    };
    screen.judge(&problem)?;
    loop {
        let input = match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(input) => input,
            Err(RecvTimeoutError::Timeout) => {
                if crate::signals::received().is_some() {
                    return Ok(interrupted_code());
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        match input {
            Input::Changed(path) => {
                // One judging for a burst of changes: the last problem file among them.
                let mut changed = vec![path];
                changed.extend(rx.try_iter().filter_map(|i| match i {
                    Input::Changed(p) => Some(p),
                    Input::Key(_) => None,
                }));
                let Some(found) = changed
                    .iter()
                    .rev()
                    .find_map(|p| workspace.problem_at(p, bank))
                else {
                    continue;
                };
                if found.id != problem.id {
                    problem = found.clone();
                    ctx.update(|s| s.choose(&problem.id));
                }
                screen.judge(&problem)?;
            }
            Input::Key(Key::Quit) => break,
            Input::Key(Key::Again) => screen.judge(&problem)?,
            Input::Key(Key::Hint) => screen.hint(&problem)?,
            Input::Key(Key::Next) => match ctx.state().next_after(&order, &problem.id) {
                Some(next) => {
                    problem = ctx.problem(next)?;
                    ctx.update(|s| s.choose(next));
                    screen.judge(&problem)?;
                }
                None => outln!(
                    "{}",
                    "Every other problem is solved: nothing comes next.".green()
                ),
            },
        }
        if crate::signals::received().is_some() {
            return Ok(interrupted_code());
        }
    }
    Ok(ExitCode::from(crate::commands::PASSED))
}

/// Whether a file event can change what the judge would say: a write, a creation, a rename, a
/// removal; not the judge's own reads.
fn matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

/// Reads keys on a thread of its own: single key presses in raw mode, lines otherwise. The end of
/// a piped input stops only the keys, not the watching.
fn read_keys(tx: Sender<Input>, raw: bool) {
    std::thread::spawn(move || {
        if raw {
            // In raw mode each key press arrives as it is typed; Ctrl-C is a byte (3), not SIGINT.
            use std::io::Read as _;
            let mut stdin = std::io::stdin().lock();
            let mut byte = [0u8; 1];
            while let Ok(1) = stdin.read(&mut byte) {
                let pressed = match byte[0] {
                    3 | 4 => Some(Key::Quit),
                    b => Key::of(char::from(b)),
                };
                if let Some(k) = pressed
                    && tx.send(Input::Key(k)).is_err()
                {
                    break;
                }
            }
        } else {
            for line in std::io::stdin().lock().lines().map_while(Result::ok) {
                for k in line.chars().filter_map(Key::of) {
                    if tx.send(Input::Key(k)).is_err() {
                        return;
                    }
                }
            }
        }
    });
}

/// The watch screen: one report at a time, then the keys.
struct Screen<'a> {
    ctx: &'a Session,
    workspace: &'a Workspace,
    judge: &'a Judge,
    /// Whether to clear the terminal before each report (not on a pipe).
    clear: bool,
}

impl Screen<'_> {
    /// Judges `problem`'s file and shows the report.
    fn judge(&self, problem: &Problem) -> Result<()> {
        if self.clear {
            out!("\x1b[2J\x1b[H");
        }
        let file = self.workspace.submission(problem);
        let live = Live::new();
        let (report, mut rest) = judge_live(self.judge, problem, &file, &live)?;
        live.clear();
        let hints_seen = record(self.ctx, &report, problem);
        out!(
            "{}",
            rest.finish(
                &report,
                NextStep {
                    hints_seen,
                    hints_total: problem.hints.len(),
                },
            )
        );
        let next = if report.solved() {
            "n next problem".green().bold().to_string()
        } else {
            "n next problem".to_string()
        };
        outln!(
            "\n{} {} · h hint · {next} · r run again · q quit",
            "watching".dimmed(),
            pixelbank_report::pretty::clean(&relative(self.workspace, &file)).dimmed()
        );
        Ok(())
    }

    /// Reveals and shows the next hint of `problem`.
    fn hint(&self, problem: &Problem) -> Result<()> {
        let total = problem.hints.len();
        let seen = self
            .ctx
            .update(|state| {
                let entry = state.problems.entry(problem.id.clone()).or_default();
                entry.hints_seen = (entry.hints_seen + 1).min(total);
                entry.hints_seen
            })
            .unwrap_or(total);
        match seen.checked_sub(1).and_then(|i| problem.hints.get(i)) {
            Some(hint) => out!("\n{}", hint_line(seen - 1, total, hint)),
            None => outln!("\n{} has no hints.", problem.id),
        }
        Ok(())
    }
}

/// `file` relative to the workspace's root.
fn relative(workspace: &Workspace, file: &std::path::Path) -> String {
    file.strip_prefix(workspace.root())
        .unwrap_or(file)
        .display()
        .to_string()
}
