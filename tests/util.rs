//! Helpers the integration tests share: the binary under test, files in a temporary folder, the
//! outputs of a run and the linters built from the shipped rules.

use assert_cmd::Command;
use copydesk::Linter;
use copydesk::rules::parse_rule;
use std::path::Path;
use std::sync::LazyLock;

/// The switch between the quick default run and the long one, shared with the unit tests.
#[path = "../src/testing.rs"]
mod testing;
pub use testing::{cases, long};

/// The `copydesk` binary under test. `NO_COLOR`, `CI` and `VALE_CONFIG_PATH` are removed so
/// that a run does not depend on the shell that started the tests (`CI` hides the progress
/// bar; `VALE_CONFIG_PATH` would bring a Vale project into every `check`).
pub fn copydesk() -> Command {
    let mut cmd = Command::cargo_bin("copydesk").unwrap();
    cmd.env_remove("NO_COLOR")
        .env_remove("CI")
        .env_remove("VALE_CONFIG_PATH");
    cmd
}

/// [`copydesk`] run in `dir`.
pub fn copydesk_in(dir: &Path) -> Command {
    let mut cmd = copydesk();
    cmd.current_dir(dir);
    cmd
}

/// Writes `content` to `dir/name`, creating the folders on the way; returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// Runs `cmd` expecting exit code `code`; returns its stdout.
pub fn stdout(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stdout.clone()).unwrap()
}

/// Runs `cmd` expecting exit code `code`; returns its stderr.
pub fn stderr(cmd: &mut Command, code: i32) -> String {
    String::from_utf8(cmd.assert().code(code).get_output().stderr.clone()).unwrap()
}

/// Runs `cmd` expecting exit code `code`; returns (stdout, stderr).
pub fn run(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.assert().code(code).get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The built-in rules, loaded once for every test that lints through the library.
pub fn builtin() -> &'static Linter {
    static LINTER: LazyLock<Linter> =
        LazyLock::new(|| Linter::builtin().expect("built-in rules load"));
    &LINTER
}

/// A linter with one shipped rule alone: `rules/<pack>/<name>.yaml`.
pub fn shipped_rule(pack: &str, name: &str) -> Linter {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("rules/{pack}/{name}.yaml"));
    let yaml = std::fs::read_to_string(&path).unwrap();
    Linter::new(vec![
        parse_rule(&format!("{name}.yaml"), pack, name, &yaml).unwrap(),
    ])
    .unwrap()
}

/// The folder of a public annotated data set (`../shared/real/SET`, read at run time, never
/// copied into the repository), or `None` with the reason on stderr when it is absent (a
/// user's clone): the tests that need it are then skipped. CI has it.
pub fn real_set(set: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/real")
        .join(set);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipped: {} is absent (the public annotated data of issue #19)",
            dir.display()
        );
        None
    }
}
