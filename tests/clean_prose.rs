//! Clean, professionally edited prose (licence texts Debian ships) must stay nearly silent.

use crate::util::builtin;
use copydesk::{Severity, SourceFile};

fn lint_clean() -> Vec<(String, copydesk::Diagnostic)> {
    let linter = builtin();
    let mut out = Vec::new();
    for entry in std::fs::read_dir("tests/corpus/clean").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "txt") {
            let source =
                SourceFile::new(path.display().to_string(), std::fs::read(&path).unwrap()).unwrap();
            out.extend(
                linter
                    .lint(&source)
                    .into_iter()
                    .map(|d| (path.display().to_string(), d)),
            );
        }
    }
    out
}

#[test]
fn no_errors_on_clean_prose() {
    let errors: Vec<_> = lint_clean()
        .into_iter()
        .filter(|(_, d)| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn at_most_one_warning_per_100_kb_of_clean_prose() {
    let bytes: u64 = std::fs::read_dir("tests/corpus/clean")
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    let warnings: Vec<_> = lint_clean()
        .into_iter()
        .filter(|(_, d)| d.severity >= Severity::Warning)
        .collect();
    let per_100kb = warnings.len() as f64 * 100_000.0 / bytes as f64;
    assert!(per_100kb <= 1.0, "{per_100kb:.2} per 100 KB: {warnings:#?}");
}
