//! Hostile inputs: every file, path and rule file a scraper, a careless script or an attacker
//! can produce gets an answer (a finding, a note or an error with its position) and none makes
//! copydesk panic or hang. Every command runs under a timeout. Linux only: FIFOs, devices and
//! file names that are not UTF-8 are what is tested.

#![cfg(target_os = "linux")]

use crate::invariants::utf16;
use crate::util::write;
use assert_cmd::Command;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Far above what any of these inputs needs, far below what a hang would take.
const TIMEOUT: Duration = Duration::from_secs(60);

/// The binary under test, stopped at [`TIMEOUT`].
fn copydesk() -> Command {
    let mut cmd = crate::util::copydesk();
    cmd.timeout(TIMEOUT);
    cmd
}

/// Runs the command; returns (exit code, stdout, stderr). A timeout fails the test.
fn run(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().unwrap();
    let code = out
        .status
        .code()
        .unwrap_or_else(|| panic!("killed (timeout or signal): {out:?}"));
    (
        code,
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `check --format concise` on `args`.
fn concise(args: &[&str]) -> (i32, String, String) {
    run(copydesk()
        .args(["check", "--format", "concise", "--color", "never"])
        .args(args))
}

/// `check --format json` on one path; returns (exit code, diagnostics, stderr).
fn json(args: &[&str]) -> (i32, Vec<serde_json::Value>, String) {
    let (code, out, err) = run(copydesk()
        .args(["check", "--format", "json", "--color", "never"])
        .args(args));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    (code, v.as_array().unwrap().clone(), err)
}

/// (rule, start byte, end byte, line, column) of each diagnostic.
fn located(diagnostics: &[serde_json::Value]) -> Vec<(String, u64, u64, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start_byte"].as_u64().unwrap(),
                d["end_byte"].as_u64().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

const JUNK: &str = "Write to [email protected] today.";

/// `O_NONBLOCK` on Linux (std has no constant for it).
const O_NONBLOCK: i32 = 0o4000;

/// Opens `fifo` for writing as soon as a reader has it open. A plain open would wait for ever if
/// the reader never came (copydesk failing before it opens the FIFO); this gives up after the
/// timeout.
fn open_writer(fifo: &Path) -> std::fs::File {
    use std::os::unix::fs::OpenOptionsExt;
    let deadline = Instant::now() + TIMEOUT;
    loop {
        // Without a reader, a non-blocking open fails (ENXIO) instead of waiting.
        let probe = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(O_NONBLOCK)
            .open(fifo);
        if probe.is_ok() {
            // The probe keeps the reader from seeing an end of file until this one is open.
            return std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        }
        assert!(Instant::now() < deadline, "nobody opened {fifo:?}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

/// Whether permissions stop this process from reading a file (they do not for root).
fn permissions_apply(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let blocked = std::fs::read(&probe).is_err();
    std::fs::remove_file(&probe).unwrap();
    blocked
}

// ---------------------------------------------------------------------------------------------
// Contents

#[test]
fn an_empty_file_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "empty.txt", b"");
    assert_eq!(concise(&[&path]), (0, String::new(), String::new()));
    let (code, out, err) = run(copydesk().args(["check", "--color", "never", &path]));
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "1 file checked: 0 errors, 0 warnings, 0 suggestions\n");
    for name in ["empty.md", "empty.html"] {
        let path = write(dir.path(), name, b"");
        assert_eq!(json(&[&path]).0, 0);
    }
}

#[test]
fn white_space_only_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["ws.txt", "ws.md", "ws.html"] {
        let path = write(dir.path(), name, b"  \n\t\r\n   \n\n \t ");
        let (code, diagnostics, err) = json(&[&path]);
        assert_eq!(
            (code, diagnostics.len(), err.as_str()),
            (0, 0, ""),
            "{name}"
        );
    }
    // Vertical tab and form feed are white space to HTML and Markdown, but in a plain text
    // article they are control characters left by a converter.
    let ws = b"  \n\t\r\n   \n\n\x0B\x0C  ";
    let path = write(dir.path(), "ws.txt", ws);
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    assert_eq!(
        located(&diagnostics),
        [("Junk.ControlCharacter".into(), 11, 12, 5, 1)]
    );
    for name in ["ws.md", "ws.html"] {
        let path = write(dir.path(), name, ws);
        assert_eq!(json(&[&path]).1.len(), 0, "{name}");
    }
}

/// Whether `binary` was built after every source file that goes into it.
fn fresh(binary: &Path) -> bool {
    fn newest(dir: &Path) -> std::time::SystemTime {
        let mut latest = std::time::UNIX_EPOCH;
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let meta = entry.metadata().unwrap();
            let modified = if meta.is_dir() {
                newest(&entry.path())
            } else {
                meta.modified().unwrap()
            };
            latest = latest.max(modified);
        }
        latest
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(built) = std::fs::metadata(binary).and_then(|m| m.modified()) else {
        return false;
    };
    ["src", "rules", "data"]
        .iter()
        .all(|d| newest(&root.join(d)) <= built)
        && std::fs::metadata(root.join("Cargo.lock"))
            .and_then(|m| m.modified())
            .is_ok_and(|m| m <= built)
}

/// The binary for the 100 MB test, in a long run only (`COPYDESK_LONG_TESTS=1`): the one under
/// test in a release build; in a debug build (where linting 100 MB takes minutes) an up-to-date
/// `target/release/copydesk`, if any.
fn release_binary() -> Option<PathBuf> {
    if !crate::util::long() {
        return None;
    }
    let under_test = assert_cmd::cargo::cargo_bin("copydesk");
    if !cfg!(debug_assertions) {
        return Some(under_test);
    }
    let release = under_test.parent()?.parent()?.join("release/copydesk");
    fresh(&release).then_some(release)
}

/// A 100 MB article on one line: prose (the licence texts of the clean corpus, their line
/// breaks turned into spaces) with an e-mail placeholder at the very end, whose column must be
/// exact. Outside a long run, or in a debug build without a fresh release binary, only the first
/// 2 MB are linted.
#[test]
fn a_100_mb_single_line() {
    const SIZE: usize = 100_000_000;
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut prose = Vec::new();
    for name in names {
        let text = std::fs::read(name).unwrap();
        prose.extend(text.iter().map(|&b| if b == b'\n' { b' ' } else { b }));
        prose.push(b' ');
    }
    let tail = format!(" {JUNK}\n");
    let binary = release_binary();
    let size = if binary.is_some() { SIZE } else { 2_000_000 };
    let mut bytes = Vec::with_capacity(size);
    while bytes.len() + prose.len() < size - tail.len() {
        bytes.extend_from_slice(&prose);
    }
    bytes.extend_from_slice(&prose[..size - tail.len() - bytes.len()]);
    bytes.extend_from_slice(tail.as_bytes());
    assert_eq!(bytes.len(), size);
    assert_eq!(bytes.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(bytes.is_ascii(), "columns below count bytes");
    let path = write(dir.path(), "line.txt", &bytes);
    let report = dir.path().join("report.txt");

    let mut cmd = match &binary {
        Some(b) => Command::new(b),
        None => {
            eprintln!(
                "a_100_mb_single_line: linted 2 MB with the binary under test (100 MB with \
                 `COPYDESK_LONG_TESTS=1` and a release build: `cargo test --release`, or an \
                 up-to-date `cargo build --release`)"
            );
            Command::cargo_bin("copydesk").unwrap()
        }
    };
    let started = Instant::now();
    let (code, _, err) = run(cmd
        .timeout(Duration::from_secs(300))
        .args(["check", "--format", "concise", "--color", "never", "-o"])
        .arg(&report)
        .arg(&path));
    eprintln!(
        "a_100_mb_single_line: {} MB linted in {:.1} s",
        size / 1_000_000,
        started.elapsed().as_secs_f64()
    );
    assert_eq!((code, err.as_str()), (1, ""));
    let report = std::fs::read_to_string(report).unwrap();
    let column = size - tail.len() + " Write to ".len() + 1;
    let expected = format!("{path}:1:{column}: error: Scraped e-mail placeholder");
    assert!(
        report.lines().any(|l| l.starts_with(&expected)),
        "{expected}\n{}",
        report.lines().last().unwrap_or("")
    );
}

/// The rich format shows a long line only around each diagnostic: printing the whole line for
/// every diagnostic made the output quadratic (56 MB for a 100 KB line, gigabytes for 1 MB).
/// Every finding is shown (no cap): what is measured is the size of each.
#[test]
fn rich_output_clips_long_lines() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "It rained, so the   match was moved to the hall (a fine choice). ";
    let mut text = sentence.repeat(1_000_000 / sentence.len());
    let at = text.len() + " Write to ".len();
    text.push_str(&format!(" {JUNK}\n"));
    let path = write(dir.path(), "long.txt", text.as_bytes());
    let (code, out, _) = run(copydesk().args([
        "check",
        "--color",
        "never",
        "--max-findings-per-rule",
        "0",
        &path,
    ]));
    assert_eq!(code, 1);
    let diagnostics = out.matches("┌─").count();
    assert!(diagnostics > 15_000, "{diagnostics}");
    assert!(
        out.len() < 600 * diagnostics,
        "{} bytes for {diagnostics} diagnostics",
        out.len()
    );
    // The header keeps the column in the full line; the excerpt holds the placeholder.
    let header = format!("┌─ {path}:1:{}\n", at + 1);
    let block = out.split("\n\n").find(|b| b.contains(&header)).unwrap();
    assert!(block.contains("[email protected] today."), "{block}");
}

/// `binary ARGS` under an address-space limit of `mib` MiB (`ulimit -v`, set by the shell that
/// then runs it): an allocation past it fails and the process aborts, whatever the timing.
fn limited(binary: &Path, mib: u64, args: &[&str]) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v {} && exec \"$0\" \"$@\"", mib << 10))
        .arg(binary)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CI")
        .timeout(TIMEOUT);
    cmd
}

/// 2 MB of `` `` `` (issue #21): 1.3 million findings of two rules, almost all past the cap on
/// findings per rule. Those are counted as the checks report them, never held, so the run fits
/// in an address space of 768 MiB in every format (it needs about 350 MiB). Building each as a
/// diagnostic took 1.6 GB of memory per MB of such text in JSON and 3 GB in SARIF, and holding
/// them all as findings until the cap applied needed over 680 MiB of address space. The limit
/// makes a regression an abort, not a figure to time or compare.
#[test]
fn findings_past_the_cap_are_counted_not_held() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ticks.txt", "`` ".repeat(666_667));
    let binary = assert_cmd::cargo::cargo_bin("copydesk");
    let note = |rule: &str| {
        format!(
            "{path}: note: 665,667 more findings in this file not shown \
             (--max-findings-per-rule 1000) [{rule}]"
        )
    };
    for format in ["concise", "json", "sarif", "rich"] {
        let args = [
            "check", "-j", "1", "--color", "never", "--format", format, &path,
        ];
        let (code, out, err) = run(&mut limited(&binary, 768, &args));
        assert_eq!(code, 0, "{format}: {err}");
        match format {
            "concise" => {
                let lines: Vec<&str> = out.lines().collect();
                // Each `` is found by both rules and shown once (one finding per span).
                assert_eq!(lines.len(), 1002, "{format}");
                assert!(lines[999].ends_with("(also Quotes.Balance) [Quotes.AsciiQuotes]"));
                assert_eq!(
                    lines[1000..],
                    [note("Quotes.AsciiQuotes"), note("Quotes.Balance")]
                );
            }
            "json" => {
                let records: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
                assert_eq!(records.len(), 1000);
                assert_eq!(err.lines().count(), 2, "{err}");
            }
            "sarif" => {
                let log: serde_json::Value = serde_json::from_str(&out).unwrap();
                let run = &log["runs"][0];
                assert_eq!(run["results"].as_array().unwrap().len(), 1000);
                let notes = run["invocations"][0]["toolExecutionNotifications"]
                    .as_array()
                    .unwrap();
                assert_eq!(notes.len(), 2);
            }
            // The 1,000 shown are warnings (a Balance warning folded into each); those left out
            // count one by one, at their own rule's level.
            _ => assert!(
                out.ends_with("1 file checked: 0 errors, 666667 warnings, 665667 suggestions\n"),
                "{}",
                &out[out.len().saturating_sub(300)..]
            ),
        }
    }
}

/// Backtick runs of growing length in Markdown (issue #21): `` ` ``, ` `` `, … up to 3,000, 4.5 MB
/// in a long run (up to 600, 180 KB, otherwise). No two runs have the same length, so none closes
/// a code span and pulldown-cmark reads them all as text; it parses them in linear time. The cost
/// was copydesk's: 60 s and 9.9 GB for one finding per pair of backticks. Now the findings past
/// the cap are counted, and what is held is each pattern match of the quote rules (about 1.5 per
/// byte of this text), so the run fits in 1.5 GiB of address space (it needs 1.2 GiB at 4.5 MB).
#[test]
fn backtick_runs_of_growing_length_in_markdown() {
    let longest: usize = if crate::util::long() { 3_000 } else { 600 };
    let runs: Vec<String> = (1..=longest).map(|k| "`".repeat(k)).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "ticks.md", runs.join(" ") + "\n");
    let binary = assert_cmd::cargo::cargo_bin("copydesk");
    let args = [
        "check", "-j", "1", "--format", "concise", "--color", "never",
    ];
    let started = Instant::now();
    let (code, out, err) = run(&mut limited(&binary, 1536, &[&args[..], &[&path]].concat()));
    eprintln!(
        "backtick_runs_of_growing_length_in_markdown: runs up to {longest} linted in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((code, err.as_str()), (0, ""));
    // A run of k backticks holds k / 2 ASCII quotes side by side, and k - 1 overlapping pairs
    // that the balance rule each takes for an opening mark never closed.
    let pairs: usize = (1..=longest).map(|k| k / 2).sum();
    let marks: usize = (1..=longest).map(|k| k - 1).sum();
    let more = |n: usize| {
        n.to_string()
            .as_bytes()
            .rchunks(3)
            .rev()
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect::<Vec<_>>()
            .join(",")
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[lines.len() - 2..],
        [
            format!(
                "{path}: note: {} more findings in this file not shown \
                 (--max-findings-per-rule 1000) [Quotes.AsciiQuotes]",
                more(pairs - 1000)
            ),
            format!(
                "{path}: note: {} more findings in this file not shown \
                 (--max-findings-per-rule 1000) [Quotes.Balance]",
                more(marks - 1000)
            ),
        ]
    );
}

/// A line of `word “quote ` repeated (issue #21): one unclosed quotation mark every 14 bytes.
/// 126 MB of it (9 million findings) took 24 GB and was killed; with the cap it is 1,000 lines
/// and a note. In a long run with a fresh release binary the full 126 MB, else 1 MB.
#[test]
fn a_line_of_nine_million_unclosed_quotes() {
    let binary = release_binary();
    let quotes = if binary.is_some() { 9_000_000 } else { 75_000 };
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "quotes.txt",
        "word “quote ".repeat(quotes) + "\n",
    );
    let report = dir.path().join("report.txt");
    let binary = binary.unwrap_or_else(|| assert_cmd::cargo::cargo_bin("copydesk"));
    let started = Instant::now();
    let (code, _, err) = run(Command::new(&binary)
        .timeout(Duration::from_secs(300))
        .args(["check", "--format", "concise", "--color", "never", "-o"])
        .arg(&report)
        .arg(&path));
    eprintln!(
        "a_line_of_nine_million_unclosed_quotes: {quotes} quotes linted in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let report = std::fs::read_to_string(report).unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(lines.len(), 1001);
    let message = "warning: “ is never closed: no ” follows in this paragraph. [Quotes.Balance]";
    assert_eq!(lines[999], format!("{path}:1:{}: {message}", 999 * 12 + 6));
    let more = (quotes - 1000)
        .to_string()
        .as_bytes()
        .rchunks(3)
        .rev()
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(
        lines[1000],
        format!(
            "{path}: note: {more} more findings in this file not shown \
             (--max-findings-per-rule 1000) [Quotes.Balance]"
        )
    );
}

/// Standard output on a full disk (`/dev/full`, issue #21): every command stops with exit code 2
/// and says so on standard error, naming standard output (not the input, not a panic, not
/// success).
#[test]
fn a_full_disk_on_standard_output_is_an_error_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", "Hello\u{c2} world, and welcome.\n");
    write(dir.path(), "c.jsonl", "{\"text\": \"Hello.\"}\n");
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let commands: [&[&str]; 14] = [
        &["check", "a.txt"],
        &["check", "--format", "json", "a.txt"],
        &["check", "--diff", "a.txt"],
        &["check", "--input-format", "jsonl", "c.jsonl"],
        &["eval", corpus],
        &["stats", "a.txt"],
        &["rules"],
        &["rules", "--test"],
        &["explain", "Junk.EmailPlaceholder"],
        &["explain", "Core.InvalidUtf8"],
        &["init", "new"],
        &["--version"],
        &["--help"],
        &["check", "--help"],
    ];
    std::fs::create_dir(dir.path().join("new")).unwrap();
    for args in commands {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("copydesk"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (
                Some(2),
                "error: <stdout>: No space left on device (os error 28)\n"
            ),
            "{args:?}"
        );
    }
    // The starter configuration was written before the message that says so failed.
    assert!(dir.path().join("new/copydesk.yaml").is_file());
}

#[test]
fn nul_bytes_make_a_binary_that_is_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "data.txt", b"PK\x03\x04\0\0\0 archive");
    assert_eq!(
        concise(&[&path]),
        (
            0,
            String::new(),
            format!("note: {path}: binary file (NUL byte found), skipped\n")
        )
    );
    // Past the first 8 KiB a NUL no longer makes the file binary: it is a control character.
    let mut late = "The report was published. ".repeat(400).into_bytes();
    let at = late.len();
    late.extend_from_slice(b"A\0B.\n");
    let path = write(dir.path(), "late.txt", &late);
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    assert!(
        located(&diagnostics).contains(&(
            "Junk.ControlCharacter".into(),
            at as u64 + 1,
            at as u64 + 2,
            1,
            at as u64 + 2
        )),
        "{diagnostics:?}"
    );
}

#[test]
fn invalid_utf8_is_reported_where_it_is_and_the_rest_is_linted() {
    // See also tests/cli.rs `invalid_utf8_is_reported_at_its_offset_and_the_rest_is_linted`.
    let dir = tempfile::tempdir().unwrap();
    // A lone continuation byte, an overlong encoding, an encoded surrogate, a truncated
    // sequence at the very end; the placeholder between them is still found. The third line's
    // well-formed characters (`é“éà”`) outnumber the runs of bad bytes, so the file is read as
    // damaged UTF-8, not guessed to be in a legacy encoding.
    let bytes = b"a\x80b\n\xC0\xAF \xED\xA0\x80 Write to [email protected] today.\n\
                  Caf\xC3\xA9 \xE2\x80\x9Cd\xC3\xA9j\xC3\xA0\xE2\x80\x9D.\n\xE2\x80";
    let path = write(dir.path(), "bad.txt", bytes);
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    let found = located(&diagnostics);
    let invalid: Vec<_> = found
        .iter()
        .filter(|d| d.0 == "Core.InvalidUtf8")
        .map(|d| (d.1, d.2, d.3, d.4))
        .collect();
    // Each run of invalid bytes is one finding (one U+FFFD, one column), however many of
    // `String::from_utf8_lossy`'s maximal invalid prefixes it holds.
    assert_eq!(
        invalid,
        [(1, 2, 1, 2), (4, 6, 2, 1), (7, 10, 2, 3), (65, 67, 4, 1)]
    );
    let email = found
        .iter()
        .find(|d| d.0 == "Junk.EmailPlaceholder")
        .unwrap();
    assert_eq!((email.1, email.3, email.4), (20, 2, 14));
}

/// As many invalid sequences as findings (issue #21): each line's invalid byte is reported
/// once (the first hundred alone, the rest as one finding), the `U+FFFD` it decodes to is not
/// (the replacement character rule's finding lies within the invalid range), and a real `U+FFFD`
/// still is. 80,000 lines in a long run.
#[test]
fn thousands_of_invalid_sequences_among_thousands_of_findings() {
    let lines = if crate::util::long() { 80_000 } else { 2_000 };
    let line = b"a\xff Write to [email protected] today \xef\xbf\xbd.\n";
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "bad.txt", line.repeat(lines));
    // Every finding is shown (no cap): each one's position is checked.
    let (code, diagnostics, err) = json(&["--max-findings-per-rule", "0", &path]);
    assert_eq!((code, err.as_str()), (1, ""));
    let (invalid, found): (Vec<_>, Vec<_>) = located(&diagnostics)
        .into_iter()
        .partition(|d| d.0 == "Core.InvalidUtf8");
    assert_eq!(found.len(), 2 * lines);
    let at = |i: usize| (i * line.len()) as u64;
    for (i, d) in found.chunks(2).enumerate() {
        let n = i as u64 + 1;
        assert_eq!(
            d,
            [
                (
                    "Junk.EmailPlaceholder".into(),
                    at(i) + 12,
                    at(i) + 29,
                    n,
                    13
                ),
                (
                    "Junk.ReplacementCharacter".into(),
                    at(i) + 36,
                    at(i) + 39,
                    n,
                    37
                ),
            ]
        );
    }
    assert_eq!(invalid.len(), 101);
    for (i, d) in invalid[..100].iter().enumerate() {
        let n = i as u64 + 1;
        assert_eq!(*d, ("Core.InvalidUtf8".into(), at(i) + 1, at(i) + 2, n, 2));
    }
    let rest = &invalid[100];
    assert_eq!((rest.1, rest.2), (at(100) + 1, at(lines - 1) + 2));
}

#[test]
fn utf16_with_a_bom_is_decoded_with_spans_on_its_own_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "“Quoted” café 😀.\r\nWrite to [email protected] today .\n";
    for big_endian in [false, true] {
        let bytes = utf16(text, big_endian);
        let path = write(dir.path(), "u16.txt", &bytes);
        let (code, diagnostics, err) = json(&[&path]);
        assert_eq!((code, err.as_str()), (1, ""));
        // Offsets count UTF-16 bytes after the 2-byte BOM; columns count characters.
        let line2 = 2 + 2 * "“Quoted” café 😀.\r\n".encode_utf16().count() as u64;
        let email = 2 * "Write to ".len() as u64;
        assert_eq!(
            located(&diagnostics),
            [
                (
                    "Junk.EmailPlaceholder".into(),
                    line2 + email,
                    line2 + email + 2 * 17,
                    2,
                    10
                ),
                (
                    "Typography.SpaceBeforePunctuation".into(),
                    line2 + 2 * 32,
                    line2 + 2 * 34,
                    2,
                    33
                ),
            ]
        );
        // Edits are UTF-8: a UTF-16 file is never given a fix, so --fix leaves it alone.
        assert!(diagnostics.iter().all(|d| d["fix"].is_null()));
        let (code, _, err) = run(copydesk().args(["check", "--fix", "--color", "never", &path]));
        assert_eq!(code, 1);
        assert!(err.contains("0 fixes applied"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes);
    }
}

#[test]
fn broken_utf16_is_reported_and_suppressions_work_in_it() {
    let dir = tempfile::tempdir().unwrap();
    // An unpaired surrogate and an odd final byte.
    let mut bytes = utf16("ok ", false);
    bytes.extend([0x00, 0xD8]);
    bytes.extend(&utf16(" done.", false)[2..]);
    bytes.push(b'!');
    let path = write(dir.path(), "broken.txt", &bytes);
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    let found = located(&diagnostics);
    assert_eq!(found[0], ("Core.InvalidUtf8".into(), 8, 10, 1, 4));
    assert_eq!(diagnostics[0]["message"], "invalid UTF-16LE (2 bytes)");
    assert_eq!(found.last().unwrap().1, bytes.len() as u64 - 1);

    // A Markdown file in UTF-16: its suppression comments find their next line.
    let md = "# Title\n\n<!-- copydesk-disable-next-line Junk.LinkText -->\n\nclick here\n\nclick here\n";
    let path = write(dir.path(), "page.md", utf16(md, true));
    let (code, diagnostics, _) = json(&["--fail-on", "warning", &path]);
    assert_eq!(code, 1);
    let found = located(&diagnostics);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].3), ("Junk.LinkText", 7));
}

#[test]
fn utf16_files_larger_than_the_decoding_limit_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.resize(copydesk::source::MAX_UTF16_LEN + 2, b'a');
    let path = write(dir.path(), "big16.txt", &bytes);
    let (code, out, err) = concise(&[&path]);
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        format!(
            "note: {path}: UTF-16 file larger than 16 MiB, skipped: convert it to UTF-8 \
             (iconv -f UTF-16 -t UTF-8)\n"
        )
    );
}

#[test]
fn crlf_and_mixed_line_endings_have_exact_positions() {
    let dir = tempfile::tempdir().unwrap();
    // LF, CRLF, a lone CR (old Mac OS), CRLF. A line is ended by LF only, so the lone CR does
    // not start a line: the third placeholder is on line 2, as in Git, codespan and rustc.
    let text = format!("One line.\r\n{JUNK}\r{JUNK}\nThird {JUNK}\r\nEnd.\n");
    let path = write(dir.path(), "crlf.txt", text.as_bytes());
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    let line2 = "One line.\r\n".len() as u64;
    let line3 = line2 + 2 * JUNK.len() as u64 + 2;
    let at = " Write to".len() as u64;
    let mut emails: Vec<_> = located(&diagnostics)
        .into_iter()
        .filter(|d| d.0 == "Junk.EmailPlaceholder")
        .map(|d| (d.1, d.3, d.4))
        .collect();
    emails.dedup();
    assert_eq!(
        emails,
        [
            (line2 + at, 2, at + 1),
            (
                line2 + JUNK.len() as u64 + 1 + at,
                2,
                JUNK.len() as u64 + 2 + at
            ),
            (line3 + "Third ".len() as u64 + at, 3, 7 + at)
        ]
    );
    // The end of a diagnostic at the end of a CRLF line is before the CR.
    for d in &diagnostics {
        let end = d["end_byte"].as_u64().unwrap() as usize;
        assert!(text.is_char_boundary(end));
    }
    // Fixing keeps every line ending as it was.
    let fixable = "Leave a Comment\r\nIt was fine .\r\nNext line.\rLast.\r\n";
    let path = write(dir.path(), "fix.txt", fixable.as_bytes());
    run(copydesk().args(["check", "--fix", &path]));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "It was fine.\r\nNext line.\rLast.\r\n"
    );
}

#[test]
fn ten_thousand_deep_markdown_nesting() {
    let dir = tempfile::tempdir().unwrap();
    for (name, prefix) in [
        ("quotes.md", "> "),
        ("lists.md", "- "),
        ("mixed.md", "> - "),
    ] {
        let depth = 10_000 / (prefix.len() / 2);
        let text = format!("{}{JUNK}\n", prefix.repeat(depth));
        let path = write(dir.path(), name, text.as_bytes());
        let started = Instant::now();
        let (code, diagnostics, _) = json(&[&path]);
        assert_eq!(code, 1, "{name}");
        let start = (2 * 10_000 + "Write to ".len()) as u64;
        assert_eq!(
            located(&diagnostics),
            [(
                "Junk.EmailPlaceholder".into(),
                start,
                start + 17,
                1,
                start + 1
            )],
            "{name}"
        );
        assert!(started.elapsed() < Duration::from_secs(30), "{name}");
    }
    // One level more on each line: a staircase of 2,000 blockquote levels (4 MB).
    let stairs: String = (1..=2_000)
        .map(|d| format!("{}x\n", "> ".repeat(d)))
        .collect();
    let path = write(dir.path(), "stairs.md", stairs.as_bytes());
    assert_eq!(json(&[&path]).0, 0);
}

#[test]
fn huge_html_with_unclosed_tags() {
    let dir = tempfile::tempdir().unwrap();
    let mut html = "<div>".repeat(10_000);
    html.push_str("<p>");
    html.push_str(JUNK);
    let unit = "<b><i><span class=\"x\">text &amp; more <a href='/x'>link";
    html.push_str(&unit.repeat(20_000));
    html.push_str("<script>var x = '<p>never closed");
    let path = write(dir.path(), "page.html", html.as_bytes());
    let (code, diagnostics, _) = json(&[&path]);
    assert_eq!(code, 1);
    let found = located(&diagnostics);
    let email = 5 * 10_000 + 3 + "Write to ".len();
    assert_eq!(
        found[0],
        (
            "Junk.EmailPlaceholder".into(),
            email as u64,
            email as u64 + 17,
            1,
            email as u64 + 1
        )
    );
    // In HTML `&amp;` is markup for `&`, not a leftover; the unclosed script is not prose.
    let entities = found.iter().filter(|d| d.0 == "Junk.HtmlEntity").count();
    assert_eq!(entities, 0, "HTML entities are decoded in HTML");
    assert!(found.iter().all(|d| d.2 as usize <= html.len()));
    // Constructs that never end: an attribute, a comment, CDATA, escapable raw text.
    for tail in ["<a href=\"", "<!-- ", "<![CDATA[", "<title>", "<textarea>"] {
        let path = write(
            dir.path(),
            "tail.html",
            format!("<p>{JUNK}</p>{tail}{}", "x ".repeat(20_000)).as_bytes(),
        );
        assert_eq!(json(&[&path]).0, 1, "{tail}");
    }
}

/// Inputs that make naive parsers quadratic (unclosed brackets, emphasis, tags, comments,
/// entities, quotes): each must finish within the timeout.
#[test]
fn pathological_markup_stays_fast() {
    let dir = tempfile::tempdir().unwrap();
    let n = 10_000;
    let cases = [
        ("brackets.md", "[".repeat(n)),
        ("links.md", "[a](".repeat(n)),
        ("emphasis.md", "*a _b ".repeat(n)),
        (
            "backticks.md",
            format!("{}a{}", "`".repeat(n), "` ``".repeat(n / 10)),
        ),
        ("autolinks.md", "<http://".repeat(n)),
        ("tags.html", "<".repeat(n)),
        ("comments.html", "<!--".repeat(n)),
        ("attributes.html", format!("<a {}", "b=c ".repeat(n))),
        ("entities.html", "&#".repeat(n)),
        ("quotes.txt", "“a ‘b (".repeat(n)),
    ];
    for (name, text) in cases {
        let path = write(dir.path(), name, text.as_bytes());
        let started = Instant::now();
        let (code, _, err) = concise(&[&path]);
        assert!(code < 2, "{name}: {err}");
        assert!(started.elapsed() < Duration::from_secs(30), "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// Paths

#[test]
fn fifos_and_devices_in_a_walked_directory_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", JUNK.as_bytes());
    // Named like an article: only its type tells it apart. Reading it would wait forever.
    mkfifo(&d.join("pipe.txt"));
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.txt")).unwrap();
    // A real device node needs root; where it cannot be made the FIFO stands for it.
    let _ = std::process::Command::new("mknod")
        .arg(d.join("null.txt"))
        .args(["c", "1", "3"])
        .stderr(std::process::Stdio::null())
        .status();
    let (code, out, err) = concise(&[&d.display().to_string()]);
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(out.starts_with(&format!("{}:1:10:", d.join("a.txt").display())));
    assert_eq!(err, "");
}

#[test]
fn devices_given_explicitly_are_read_with_a_bound() {
    // /dev/null is an empty file.
    let (code, out, err) = run(copydesk().args(["check", "--color", "never", "/dev/null"]));
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "1 file checked: 0 errors, 0 warnings, 0 suggestions\n");
    // /dev/zero never ends, but its first block shows a binary: reading stops there.
    let started = Instant::now();
    assert_eq!(
        concise(&["/dev/zero"]),
        (
            0,
            String::new(),
            "note: /dev/zero: binary file (NUL byte found), skipped\n".into()
        )
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_fifo_given_explicitly_is_read_like_cat_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || open_writer(&fifo).write_all(JUNK.as_bytes()).unwrap())
    };
    let (code, out, _) = concise(&[&fifo.display().to_string()]);
    writer.join().unwrap();
    assert_eq!(code, 1);
    assert!(out.contains("Junk.EmailPlaceholder"), "{out}");
}

#[test]
fn an_endless_stream_stops_at_max_filesize() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("endless.txt");
    mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut w = open_writer(&fifo);
            // Text without end, until the reader goes away (broken pipe).
            while w
                .write_all(b"More words keep coming. ".repeat(1000).as_slice())
                .is_ok()
            {}
        })
    };
    let fifo_name = fifo.display().to_string();
    let (code, out, err) = concise(&["--max-filesize", "1M", &fifo_name]);
    writer.join().unwrap();
    assert_eq!((code, out.as_str()), (0, ""));
    assert_eq!(
        err,
        format!("note: {fifo_name}: more than --max-filesize 1 MiB, skipped\n")
    );
    // The same bound applies to standard input.
    let (code, _, err) = run(copydesk()
        .args(["check", "--max-filesize", "100", "-"])
        .write_stdin("word ".repeat(100)));
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "note: -: more than --max-filesize 100 bytes, skipped\n"
    );
}

#[test]
fn files_over_max_filesize_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let big = write(dir.path(), "big.txt", JUNK.repeat(100).as_bytes());
    let small = write(dir.path(), "small.txt", JUNK.as_bytes());
    let (code, out, err) = concise(&["--max-filesize", "1K", &big, &small]);
    // Skipped like a binary: not a finding and not a failure; the other file still counts.
    assert_eq!(code, 1);
    assert_eq!(out.lines().count(), 1);
    assert_eq!(
        err,
        format!("note: {big}: 3.2 KiB is larger than --max-filesize 1 KiB, skipped\n")
    );
    let (code, _, err) = concise(&["--max-filesize", "lots", &small]);
    assert_eq!(code, 2);
    assert!(err.contains("`lots` is not a size"), "{err}");
}

#[test]
fn a_symlink_loop_in_a_walked_directory_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sub/a.txt", JUNK.as_bytes());
    // A link to itself and a link to an ancestor: following either would never end.
    std::os::unix::fs::symlink("self.txt", d.join("sub/self.txt")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    let (code, out, err) = concise(&[&d.display().to_string()]);
    assert_eq!((code, out.lines().count(), err.as_str()), (1, 1, ""));
    // Given explicitly, the loop is an error of the run, reported with the path.
    let looped = d.join("sub/self.txt").display().to_string();
    let good = d.join("sub/a.txt").display().to_string();
    let (code, out, err) = concise(&[&looped, &good]);
    assert_eq!(code, 2);
    assert_eq!(out.lines().count(), 1, "the other file is still linted");
    assert!(
        err.starts_with(&format!(
            "error: {looped}: Too many levels of symbolic links"
        )),
        "{err}"
    );
}

/// Runs `check -j 1` on a FIFO and `later`: while copydesk waits for the FIFO's writer (so it
/// has listed its inputs already), `meanwhile` runs; then the FIFO gets its text.
fn while_waiting(dir: &Path, later: &[&str], meanwhile: impl FnOnce()) -> (i32, String, String) {
    let fifo = dir.join("0-first.txt");
    mkfifo(&fifo);
    let mut cmd = copydesk();
    cmd.args([
        "check", "-j", "1", "--format", "concise", "--color", "never",
    ])
    .arg(&fifo)
    .args(later);
    let handle = std::thread::spawn(move || cmd.output());
    // Opening for writing waits until copydesk opens the FIFO for reading.
    let mut writer = open_writer(&fifo);
    meanwhile();
    writer.write_all(b"Fine.\n").unwrap();
    drop(writer);
    let out = handle.join().unwrap().unwrap();
    (
        out.status.code().expect("finished"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_file_removed_mid_run_is_reported_and_the_others_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gone = write(d, "1-gone.txt", JUNK.as_bytes());
    let kept = write(d, "2-kept.txt", JUNK.as_bytes());
    let (code, out, err) = while_waiting(d, &[&gone, &kept], || {
        std::fs::remove_file(&gone).unwrap();
    });
    assert_eq!(code, 2);
    assert_eq!(out.lines().count(), 1);
    assert!(out.starts_with(&kept), "{out}");
    assert_eq!(
        err,
        format!("error: {gone}: No such file or directory (os error 2)\n")
    );
}

#[test]
fn a_file_made_unreadable_mid_run_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let locked = write(d, "1-locked.txt", JUNK.as_bytes());
    let (code, out, err) = while_waiting(d, &[&locked], || {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    });
    if permissions_apply(d) {
        assert_eq!((code, out.as_str()), (2, ""));
        assert_eq!(
            err,
            format!("error: {locked}: Permission denied (os error 13)\n")
        );
    } else {
        // Root reads through permissions: the file is simply linted.
        assert_eq!((code, out.lines().count(), err.as_str()), (1, 1, ""));
    }
    // A folder that turns out not to be listable is reported too (again not as root).
    let sub = d.join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).unwrap();
    let (code, _, err) = concise(&[&d.display().to_string()]);
    if permissions_apply(d) {
        assert_eq!(code, 2);
        assert!(err.contains("Permission denied"), "{err}");
    }
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_file_removed_between_listing_and_reading_fails_only_that_file() {
    use copydesk::cli::{Input, lint_input};
    let linter = copydesk::Linter::builtin().unwrap();
    let settings = copydesk::config::Settings::all(linter.rules());
    let missing = Input::File("/nonexistent/removed.txt".into());
    let (report, change) = lint_input(&linter, &settings, &missing, "-", 1 << 20, None);
    assert!(report.failed && change.is_none() && report.source.is_none());
    assert_eq!(
        report.skipped.as_deref(),
        Some("No such file or directory (os error 2)")
    );
}

#[test]
fn file_names_that_are_not_utf8_are_shown_lossily_and_linted() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"caf\xE9.txt");
    let path = dir.path().join(name);
    std::fs::write(&path, JUNK).unwrap();
    let shown = format!("{}/caf\u{FFFD}.txt", dir.path().display());
    // Walked, and given by its real (non-UTF-8) name.
    let (code, out, _) = concise(&[&dir.path().display().to_string()]);
    assert_eq!(code, 1);
    assert!(out.starts_with(&format!("{shown}:1:10: error:")), "{out}");
    let (code, out, _) = run(copydesk().args(["check", "--format", "json"]).arg(&path));
    assert_eq!(code, 1);
    assert!(out.contains(&format!("\"path\": \"{shown}\"")), "{out}");
    // Markdown is still recognised by the extension.
    let md = dir.path().join(std::ffi::OsStr::from_bytes(b"\xFF.md"));
    std::fs::write(&md, "`[email protected]`\n").unwrap();
    let (code, out, _) = run(copydesk().args(["check", "--format", "concise"]).arg(&md));
    assert_eq!((code, out.as_str()), (0, ""));
}

// ---------------------------------------------------------------------------------------------
// Rule and config files

const HEAD: &str =
    "extends: existence\nmessage: \"Avoid '%s'.\"\nlevel: warning\ndescription: A test rule.\n";

/// Runs `check --rules` with `House/Bad.yaml` holding `rule`; returns (exit code, stderr).
fn with_rule(rule: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rules/House/Bad.yaml", rule.as_bytes());
    let article = write(dir.path(), "a.txt", b"Fine.\n");
    let rules = dir.path().join("rules").display().to_string();
    let started = Instant::now();
    let (code, out, err) = run(copydesk()
        .args(["check", "--color", "never", "--rules", &rules, &article])
        .timeout(Duration::from_secs(20)));
    assert!(started.elapsed() < Duration::from_secs(10), "{err}");
    assert_eq!(out, "", "nothing is linted half-configured");
    (code, err)
}

/// A rule with a long token that repeats itself (issue #21): past the states our own DFA holds,
/// the crate's DFA took minutes to build for `x` × 28,000 (a walk along the failure links, as
/// long as the state is deep, for every state and byte). The token is still found once, where it
/// is. By default 3,000 bytes of it among 2,500 short tokens that pass that limit; in a long run
/// the rules of one token, 28,000 letters or 20,000 pairs.
#[test]
fn a_rule_with_a_long_repetitive_token_loads_and_finds_it() {
    let cases = if crate::util::long() {
        [("x".repeat(28_000), 0), ("ab".repeat(20_000), 0)]
    } else {
        [("x".repeat(3_000), 2_500), ("ab".repeat(1_500), 2_500)]
    };
    for (token, others) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut tokens: Vec<String> = (0..others).map(|i| format!("t{i}zqvwkjhgfdpbm")).collect();
        tokens.push(token.clone());
        let rule = format!("{HEAD}tokens: [{}]\n", tokens.join(", "));
        write(dir.path(), "rules/House/Long.yaml", rule);
        let article = write(dir.path(), "a.txt", format!("Before {token} after.\n"));
        let rules = dir.path().join("rules").display().to_string();
        let (code, diagnostics, err) = json(&["--rules", &rules, &article]);
        assert_eq!((code, err.as_str()), (0, ""));
        assert_eq!(
            located(&diagnostics),
            [("House.Long".to_string(), 7, 7 + token.len() as u64, 1, 8)]
        );
    }
}

/// A billion laughs: nine aliases of nine aliases ... of "lol", 9^9 strings if expanded.
fn alias_bomb(first_key: &str, indent: &str) -> String {
    let mut yaml = format!("{first_key}: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..=9 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        yaml.push_str(&format!("{indent}k{i}: &a{i} [{refs}]\n"));
    }
    yaml
}

#[test]
fn a_yaml_alias_bomb_in_a_rule_is_an_error() {
    // The aliases sit where strings are expected, so the first one is refused.
    let rule = format!(
        "{HEAD}tokens: [x]\nexamples:\n  pass: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n  fire: &a1 [{}]\n",
        ["*a0"; 9].join(", ")
    );
    let (code, err) = with_rule(&rule);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "error: invalid rule: examples.fire[0]: invalid type: sequence, expected a string"
        ),
        "{err}"
    );
    assert!(err.contains("House/Bad.yaml:7:9"), "{err}");
    // Unknown keys are refused before anything is expanded.
    let (code, err) = with_rule(&format!("{HEAD}tokens: [x]\n{}", alias_bomb("bomb", "")));
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `bomb`"), "{err}");
}

#[test]
fn a_yaml_alias_bomb_in_a_config_is_an_error() {
    // Overrides buffer their keys (serde's `flatten`), which expands aliases: serde_yaml's
    // repetition limit stops it, and the error points at the first alias.
    let dir = tempfile::tempdir().unwrap();
    let config = format!(
        "overrides:\n  - files: [\"*\"]\n{}",
        alias_bomb("    zz", "    ")
    );
    write(dir.path(), "copydesk.yaml", config.as_bytes());
    let article = write(dir.path(), "a.txt", b"Fine.\n");
    let (code, out, err) = run(copydesk().args(["check", "--color", "never", &article]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("invalid config: repetition limit exceeded"),
        "{err}"
    );
    assert!(err.contains("copydesk.yaml:4:14"), "{err}");
}

#[test]
fn a_regex_over_the_size_limit_is_an_error_at_the_pattern() {
    let (code, err) = with_rule(&format!(
        "{HEAD}raw:\n  - 'fine'\n  - '(?:\\w{{100}}){{100}}'\n"
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("error: regex is too large: it compiles to more than 10 MiB"),
        "{err}"
    );
    assert!(err.contains("House/Bad.yaml:7:6"), "{err}");
    // One that starts with a literal, whose gate is worked out by building its DFA, likewise
    // (in well under a second: that DFA is held to the same limit).
    let (code, err) = with_rule(&format!("{HEAD}raw:\n  - 'abc(?:\\w{{1000}}){{1000}}'\n"));
    assert_eq!(code, 2);
    assert!(
        err.contains("error: regex is too large: it compiles to more than 10 MiB"),
        "{err}"
    );
    // An exception regex likewise.
    let (code, err) = with_rule(&format!(
        "{HEAD}tokens: [x]\nexceptions:\n  - 'fine'\n  - '(?:\\w{{100}}){{100}}'\n"
    ));
    assert_eq!(code, 2);
    assert!(
        err.contains("exception regex does not compile: Compiled regex exceeds size limit"),
        "{err}"
    );
    assert!(err.contains("House/Bad.yaml:8:6"), "{err}");
}

#[test]
fn deeply_nested_yaml_is_refused_at_once() {
    // libyaml takes time quadratic in the depth (minutes for these); they are refused first.
    for (deep, column) in [
        ("[".repeat(100_000), 9 + 128),
        (format!("{}]", "[".repeat(100_000)), 9 + 128),
        ("{a: ".repeat(50_000), 9 + 4 * 128),
    ] {
        let (code, err) = with_rule(&format!("{HEAD}tokens: {deep}\n"));
        assert_eq!(code, 2);
        assert!(
            err.contains("error: invalid rule: nested deeper than 128 levels"),
            "{err}"
        );
        assert!(err.contains(&format!("House/Bad.yaml:5:{column}")), "{err}");
    }
    // Block nesting is bounded by the rule file size limit (1 MiB) and parses fast.
    let stairs: String = (1..1400)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    let (code, err) = with_rule(&format!("{HEAD}tokens: [x]\nexamples:\n{stairs}"));
    assert_eq!(code, 2);
    assert!(err.contains("unknown field `k1`"), "{err}");
    // A rule file over the size limit is not parsed at all.
    let (code, err) = with_rule(&format!("{HEAD}tokens: [x]\n# {}\n", "x".repeat(1 << 20)));
    assert_eq!(code, 2);
    assert!(err.contains("rule file is larger than"), "{err}");
}

#[test]
fn deeply_nested_or_endless_configs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let article = write(dir.path(), "a.txt", b"Fine.\n");
    let config = write(
        dir.path(),
        "deep.yaml",
        format!("ignore: {}", "[".repeat(100_000)).as_bytes(),
    );
    let (code, _, err) =
        run(copydesk().args(["check", "--color", "never", "--config", &config, &article]));
    assert_eq!(code, 2);
    assert!(
        err.contains("invalid config: nested deeper than 128 levels"),
        "{err}"
    );
    assert!(err.contains("deep.yaml:1:137"), "{err}");
    let (code, _, err) = run(copydesk().args(["check", "--config", "/dev/zero", &article]));
    assert_eq!(code, 2);
    assert!(
        err.contains("error: config file is larger than 1 MiB"),
        "{err}"
    );
    assert!(err.contains("in /dev/zero"), "{err}");
}

#[test]
fn a_rule_id_that_collides_with_a_built_in_one_is_an_error() {
    // Two user packs colliding: tests/cli.rs `rule_id_collision_names_both_files`.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rules/Junk/EmailPlaceholder.yaml",
        format!("{HEAD}tokens: [x]\n").as_bytes(),
    );
    let rules = dir.path().join("rules").display().to_string();
    let (code, out, err) = run(copydesk().args(["rules", "--rules", &rules]));
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains(
            "rule id `Junk.EmailPlaceholder` is already defined by builtin:Junk/EmailPlaceholder.yaml"
        ),
        "{err}"
    );
    assert!(err.contains("rules/Junk/EmailPlaceholder.yaml"), "{err}");
}

#[test]
fn rules_cannot_run_anything() {
    // There is no rule kind that runs a program or a script: such a rule is refused.
    for kind in ["script", "command", "exec", "lua", "javascript"] {
        let (code, err) = with_rule(&format!(
            "extends: {kind}\nmessage: m\nlevel: error\ndescription: d\ncommand: touch /tmp/pwned\n"
        ));
        assert_eq!(code, 2);
        assert!(err.contains(&format!("unknown variant `{kind}`")), "{err}");
    }
}
