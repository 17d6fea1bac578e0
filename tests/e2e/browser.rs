//! Headless Chromium for the tests that load a page as a reader's browser would: Debian's
//! `chromium` (`/usr/bin/chromium`, installed by `.ci/run`), or the binary `PIXELBANK_CHROMIUM`
//! names. A test that needs it fails, saying how to install it, when it is missing: it never
//! passes without having looked.
//!
//! Each load starts a fresh browser with a new empty profile and everything that would reach the
//! network turned off, and returns the DOM after the page's scripts ran (`--dump-dom`) with what
//! the page wrote to its console. The console comes from Chromium's own log on stderr
//! (`--enable-logging=stderr`), where every console message, uncaught exception and blocked load
//! (a Content-Security-Policy violation) is an `INFO:CONSOLE` line: no DevTools client needed, no
//! extra process, and [`Chromium::find`] proves on a control page that the capture works before a
//! test relies on an empty console.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use regex::Regex;
use tempfile::TempDir;

use crate::support::{read_on_thread, wait_at_most};

/// Where Debian's package puts the browser.
const DEBIAN_CHROMIUM: &str = "/usr/bin/chromium";

/// How long one load may take.
const LOAD_TIMEOUT: Duration = Duration::from_secs(120);

/// A headless Chromium that was found and whose console capture works.
#[derive(Debug, Clone)]
pub struct Chromium {
    binary: PathBuf,
}

/// A page as the browser left it.
#[derive(Debug)]
pub struct Loaded {
    /// The serialised DOM after the page's scripts ran.
    pub dom: String,
    /// What the page wrote to its console, errors and blocked loads included.
    pub console: Vec<String>,
}

impl Chromium {
    /// The browser, checked once per test run: it exists, it renders a page, and a control page's
    /// console error, uncaught exception and blocked load all reach [`Loaded::console`].
    #[track_caller]
    pub fn find() -> &'static Chromium {
        static FOUND: LazyLock<Chromium> = LazyLock::new(|| {
            let binary = std::env::var_os("PIXELBANK_CHROMIUM")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(DEBIAN_CHROMIUM));
            let chromium = Chromium::at(binary).unwrap_or_else(|missing| panic!("{missing}"));
            chromium.check_console_capture();
            chromium
        });
        &FOUND
    }

    /// The browser at `binary`, or why a test cannot run without one.
    pub fn at(binary: PathBuf) -> Result<Chromium, String> {
        if binary.is_file() {
            Ok(Chromium { binary })
        } else {
            Err(format!(
                "headless Chromium is needed to test the class page and there is none at {}: \
                 install Debian's package (`apt-get install -y chromium`, as .ci/run does) or name \
                 a Chromium binary in PIXELBANK_CHROMIUM",
                binary.display()
            ))
        }
    }

    /// Proves that what the assertions on an empty console rely on is seen.
    fn check_console_capture(&self) {
        let dir = TempDir::new().expect("a temporary directory");
        let page = dir.path().join("control.html");
        std::fs::write(
            &page,
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             script-src 'unsafe-inline'\"><title>control</title></head><body>\
             <p id=\"p\">control</p><img src=\"http://control.invalid/blocked.png\">\
             <script>document.getElementById('p').dataset.ran = 'yes';\
             console.error('control console error'); no_such_function();</script>\
             </body></html>",
        )
        .expect("the control page");
        let loaded = self.load(&file_url(&page));
        assert!(
            loaded.dom.contains("data-ran=\"yes\""),
            "Chromium did not run the control page's script:\n{}",
            loaded.dom
        );
        for expected in ["control console error", "no_such_function", "blocked.png"] {
            assert!(
                loaded.console.iter().any(|line| line.contains(expected)),
                "Chromium's console log lacks `{expected}` of the control page, so an empty \
                 console would prove nothing: {:#?}",
                loaded.console
            );
        }
    }

    /// The arguments every run starts with: headless, and nothing that reaches the network.
    fn command(&self, profile: &Path) -> Command {
        let mut command = Command::new(&self.binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `command` to its end: its stdout and stderr.
    #[track_caller]
    fn run(&self, mut command: Command) -> (String, String) {
        let mut child = command.spawn().unwrap_or_else(|e| {
            panic!("cannot start {}: {e}", self.binary.display());
        });
        let stdout = read_on_thread(child.stdout.take());
        let stderr = read_on_thread(child.stderr.take());
        let status = wait_at_most(&mut child, LOAD_TIMEOUT);
        let stdout = stdout.join();
        let stderr = stderr.join();
        match status {
            Some(s) if s.success() => (stdout, stderr),
            Some(s) => panic!("Chromium failed ({s}):\n{stderr}"),
            None => panic!("Chromium took more than {LOAD_TIMEOUT:?}:\n{stderr}"),
        }
    }

    /// Loads `url` and returns the DOM and the console.
    #[track_caller]
    pub fn load(&self, url: &str) -> Loaded {
        static CONSOLE: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r":CONSOLE[:(][^\]]*\] (.*)$").expect("a valid pattern"));
        let profile = TempDir::new().expect("a browser profile");
        let mut command = self.command(profile.path());
        command
            .args(["--enable-logging=stderr", "--v=0", "--dump-dom"])
            .arg(url);
        let (dom, stderr) = self.run(command);
        let console = stderr
            .lines()
            .filter_map(|line| CONSOLE.captures(line).map(|c| c[1].to_string()))
            .collect();
        Loaded { dom, console }
    }

    /// Saves a screenshot of `url` in a window of `width` × `height` CSS pixels to `png`.
    #[track_caller]
    pub fn screenshot(&self, url: &str, width: u32, height: u32, png: &Path) {
        let profile = TempDir::new().expect("a browser profile");
        let mut command = self.command(profile.path());
        command
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--screenshot={}", png.display()))
            .arg(url);
        self.run(command);
        let bytes = std::fs::read(png)
            .unwrap_or_else(|e| panic!("Chromium wrote no screenshot at {}: {e}", png.display()));
        assert!(
            bytes.starts_with(b"\x89PNG"),
            "{} is not a PNG",
            png.display()
        );
    }
}

/// What a URL's path segment keeps as it is: RFC 3986's unreserved characters.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The `file://` URL of a local file.
pub fn file_url(path: &Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let encoded: String = path
        .to_string_lossy()
        .split('/')
        .map(|segment| percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    format!("file://{encoded}")
}
