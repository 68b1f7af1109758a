//! Engine benchmarks: throughput with all built-in rules, cost per check kind, many small
//! documents (corpus mode), rule compilation.
//!
//! Inputs are built deterministically from the repo's fixtures: clean prose (licence texts)
//! repeated to a few MB, and the same with the seed article's artifacts mixed in.
//! Run: `cargo bench --bench engine`.

use copydesk::Linter;
use copydesk::rules::builtin_rules;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const TARGET_BYTES: usize = 4 << 20;

fn clean_prose() -> String {
    let mut parts: Vec<String> = std::fs::read_dir("tests/corpus/clean")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    parts.sort();
    repeat_to(&parts.join("\n\n"), TARGET_BYTES)
}

fn with_artifacts() -> String {
    let clean: Vec<String> = std::fs::read_dir("tests/corpus/clean")
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let seed = std::fs::read_to_string("tests/fixtures/seed-article.txt").unwrap();
    repeat_to(
        &format!("{}\n\n{seed}\n\n", clean.join("\n\n")),
        TARGET_BYTES,
    )
}

fn repeat_to(unit: &str, size: usize) -> String {
    let mut out = String::with_capacity(size + unit.len());
    while out.len() < size {
        out.push_str(unit);
    }
    out
}

fn throughput(c: &mut Criterion) {
    let linter = Linter::builtin().unwrap();
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    for (name, text) in [
        ("clean_prose", clean_prose()),
        ("with_artifacts", with_artifacts()),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| black_box(linter.lint_str(black_box(&text))))
        });
    }
    group.finish();
}

fn per_kind(c: &mut Criterion) {
    let text = clean_prose();
    let mut group = c.benchmark_group("kind");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    // Every kind the built-in packs use, so that a new check kind is measured as soon as a rule
    // uses it.
    let mut kinds: Vec<&str> = builtin_rules()
        .unwrap()
        .iter()
        .map(|r| r.kind.as_str())
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    for kind in kinds {
        let rules: Vec<_> = builtin_rules()
            .unwrap()
            .into_iter()
            .filter(|r| r.kind.as_str() == kind)
            .collect();
        let linter = Linter::new(rules).unwrap();
        group.bench_function(kind, |b| {
            b.iter(|| black_box(linter.lint_str(black_box(&text))))
        });
    }
    group.finish();
}

/// Corpus mode's shape: many documents of a few KB each, so per-document costs (segmentation
/// set-up, allocation, diagnostics) count as much as per-byte ones.
fn documents(c: &mut Criterion) {
    let linter = Linter::builtin().unwrap();
    let text = with_artifacts();
    let paragraphs: Vec<&str> = text.split("\n\n").collect();
    // Eight paragraphs a document: a few KB, like a short article.
    let docs: Vec<String> = paragraphs.chunks(8).map(|c| c.join("\n\n")).collect();
    let mut group = c.benchmark_group("documents");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("{}_docs", docs.len()), |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(linter.lint_str(black_box(doc)));
            }
        })
    });
    group.finish();
}

fn startup(c: &mut Criterion) {
    c.bench_function("compile_builtin_rules", |b| {
        b.iter(|| black_box(Linter::builtin().unwrap()))
    });
}

criterion_group!(benches, throughput, per_kind, documents, startup);
criterion_main!(benches);
