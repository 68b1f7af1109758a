//! Precision and recall on the annotated corpus must not fall below the levels reached.
//! Raise the floors when the figures improve; `copydesk eval` prints the full table.

use crate::util::builtin;
use copydesk::eval::evaluate;

#[test]
fn precision_and_recall_stay_at_their_floors() {
    let report = evaluate(builtin(), "tests/corpus".as_ref()).unwrap();
    let table = report.render();
    let o = report.overall;
    assert_eq!(o.artifacts, 112, "{table}");
    assert!(
        o.recall() >= 109.0 / 112.0,
        "recall {:.3}\n{table}",
        o.recall()
    );
    assert!(
        o.precision() >= 1.0,
        "precision {:.3}\n{table}",
        o.precision()
    );
    let floors = [
        ("boilerplate", 8),
        ("foreign", 11),
        ("junk", 30),
        ("mojibake", 9),
        ("quotes", 8),
        ("spun", 16),
        ("translation", 16),
        ("typography", 11),
    ];
    for (kind, found) in floors {
        assert!(report.by_kind[kind].found >= found, "{kind}\n{table}");
    }
    // At most 1 warning or error per 100 KB of clean, professionally edited prose.
    assert!(report.clean_bytes >= 200_000);
    assert!(
        report.clean_rate() <= 0.85,
        "{:.2} per 100 KB\n{table}",
        report.clean_rate()
    );
}

#[test]
fn eval_outside_the_sources_asks_for_a_corpus() {
    use crate::util::{copydesk_in, run, write};
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = run(copydesk_in(dir.path()).arg("eval"), 2);
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "",
            "error: no corpus given, and no tests/corpus here: `copydesk eval DIR` measures the \
             rules on an annotated corpus (DIR/articles and DIR/clean, as in tests/corpus of \
             copydesk's sources), `copydesk eval --real DIR` on public annotated data\n"
        )
    );
    write(dir.path(), "notes/articles/a.txt", "Text.\n");
    let (out, err) = run(copydesk_in(dir.path()).args(["eval", "notes"]), 2);
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "",
            "error: notes is not an annotated corpus: it has no clean/ folder (a corpus holds \
             articles/NAME.txt, .md or .html, each with NAME.truth.yaml, and clean/*.txt)\n"
        )
    );
    // A corpus given by its path is measured wherever copydesk runs.
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let (out, _) = run(copydesk_in(dir.path()).args(["eval", corpus]), 0);
    assert!(
        out.starts_with("kind         artifacts  found  missed false alarms  precision  recall\n"),
        "{out}"
    );
}
