//! One fixture per built-in rule (`tests/fixtures/rules/<Pack>.<Rule>.<ext>`), linted with that
//! rule alone (`--select`): the snapshot holds what fires (the concise diagnostics) and what the
//! fixes make of the text (`--fix --unsafe-fixes`). A fixture shows what the rule catches, what
//! it must leave alone, and its fix where it has one; one that makes its rule fire nothing fails.
//! A rule that counts other rules' findings (`of:`, the `density` kind) runs with those rules,
//! since alone it has nothing to count.

use crate::util::{builtin, copydesk, copydesk_in};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FIXTURES: &str = "tests/fixtures/rules";

/// Every fixture as (rule id, path relative to the crate root), in name order.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let id = path.file_stem().unwrap().to_str().unwrap().to_string();
            (id, Path::new(FIXTURES).join(path.file_name().unwrap()))
        })
        .collect();
    found.sort();
    found
}

/// The rules to select for `rule`: itself, and the rules whose findings it counts (`of:`).
fn selection(rule: &str) -> String {
    let (pack, name) = rule.split_once('.').unwrap();
    let yaml = std::fs::read_to_string(format!("rules/{pack}/{name}.yaml")).unwrap();
    let spec: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let mut ids = vec![rule.to_string()];
    if let Some(of) = spec.get("of").and_then(|v| v.as_sequence()) {
        ids.extend(of.iter().map(|v| v.as_str().unwrap().to_string()));
    }
    ids.join(",")
}

/// `check --format concise --select SELECT`, then `extra`.
fn check(cmd: &mut assert_cmd::Command, select: &str, extra: &[&str]) -> std::process::Output {
    cmd.args(["check", "--format", "concise", "--color", "never"])
        .args(["--select", select])
        .args(extra)
        .output()
        .unwrap()
}

/// The concise diagnostics of the rules in `select` on the fixture at `path`.
fn diagnostics(select: &str, path: &Path) -> String {
    let out = check(&mut copydesk(), select, &[path.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.is_empty(), "{select}: {err}");
    String::from_utf8(out.stdout).unwrap()
}

/// The fixture's text after `check --select SELECT --fix --unsafe-fixes`, fixed in a copy.
fn fixed(select: &str, path: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let name = path.file_name().unwrap().to_str().unwrap();
    std::fs::copy(path, dir.path().join(name)).unwrap();
    let extra = ["--fix", "--unsafe-fixes", name];
    let out = check(&mut copydesk_in(dir.path()), select, &extra);
    assert!(out.status.code().is_some(), "{select}: {out:?}");
    String::from_utf8(std::fs::read(dir.path().join(name)).unwrap()).unwrap()
}

#[test]
fn every_builtin_rule_has_a_fixture() {
    let rules: BTreeSet<String> = builtin().rules().iter().map(|r| r.id.to_string()).collect();
    let fixtures: BTreeSet<String> = fixtures().into_iter().map(|(id, _)| id).collect();
    assert_eq!(fixtures, rules);
}

#[test]
fn rule_fixtures() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/rules");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (rule, path) in fixtures() {
            let text = std::fs::read_to_string(&path).unwrap();
            let select = selection(&rule);
            let found = diagnostics(&select, &path);
            let tag = format!("[{rule}]");
            assert!(
                found.lines().any(|l| l.ends_with(&tag)),
                "{rule} finds nothing in {}",
                path.display()
            );
            let after = fixed(&select, &path);
            let after = if after == text {
                "(no change)\n".to_string()
            } else {
                after
            };
            let snapshot = format!(
                "--- check --select {select}\n{found}--- after --fix --unsafe-fixes\n{after}"
            );
            insta::assert_snapshot!(rule.as_str(), snapshot);
        }
    });
}
