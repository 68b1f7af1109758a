//! Every rule's own examples: texts that must fire and texts that must stay silent.

use crate::util::builtin;

#[test]
fn builtin_rule_examples_behave() {
    let linter = builtin();
    let failures = copydesk::cli::test_examples(linter);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_builtin_rule_has_both_kinds_of_examples() {
    let linter = builtin();
    for rule in linter.rules() {
        assert!(
            !rule.examples.fire.is_empty(),
            "{} has no `fire` examples",
            rule.id
        );
        assert!(
            !rule.examples.pass.is_empty(),
            "{} has no `pass` examples",
            rule.id
        );
        assert!(
            !rule.description.trim().is_empty(),
            "{} has no description",
            rule.id
        );
    }
}

#[test]
fn every_builtin_regex_compiles() {
    // Built-in regexes compile lazily, on first use; this proves they all do.
    builtin().engine().compile_all();
}
