//! Embeds the built-in rule packs (`rules/<Pack>/<Rule>.yaml`) into the binary, and lays out
//! the foreign-word lists (`data/foreign/<lang>.txt`) as a ready-made hash table, so that no
//! process spends start-up time building either.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/checks/foreign_filter.rs"]
mod foreign_filter;
#[path = "src/checks/phrase_hash.rs"]
#[allow(dead_code)]
mod phrase_hash;
#[path = "src/text/swar.rs"]
#[allow(dead_code)]
mod swar;
#[path = "src/text/word_hash.rs"]
#[allow(dead_code)]
mod word_hash;
#[path = "src/text/words.rs"]
#[allow(dead_code)]
mod words;

/// The foreign-word lists in bit order (see `src/checks/foreign.rs`).
const FOREIGN_LISTS: [&str; 6] = ["de", "fr", "es", "it", "nl", "pt"];
/// Words this far up their frequency-ordered list get the "common" bit.
const COMMON_RANK: usize = 2000;
const COMMON: u8 = 1 << 7;

fn main() {
    embed_rules();
    foreign_table();
    phrase_table("tortured-phrases");
}

/// Lays out the index of `data/<name>.tsv` (see `src/checks/phrase_hash.rs` for its layout), so
/// that a process does not segment, key and sort 7,900 phrases at every start.
fn phrase_table(name: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("data/{name}.tsv"));
    println!("cargo:rerun-if-changed={}", path.display());
    let text = std::fs::read_to_string(&path).expect("readable phrase list");
    let out = phrase_hash::index(&text, |joined| {
        let table = words::WordTable::segment(joined);
        let words = words::Words::new(joined, &table);
        (0..words.len())
            .map(|i| (words.span(i), words.key(i).bits()))
            .collect()
    });
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join(format!("{name}.index.bin"));
    std::fs::write(dest, out).expect("write the phrase index");
}

/// The rule file's top-level keys, each with the JSON of its value, which parses several times
/// faster than YAML at start-up; `None` (the YAML is parsed at run time and its error reported
/// there) if it is not a valid YAML mapping or has keys JSON cannot hold.
fn yaml_as_json(text: &str) -> Option<Vec<(String, String)>> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
    let keys = value.as_mapping()?.iter().map(|(key, value)| {
        let json = serde_json::to_string(value).ok()?;
        Some((key.as_str()?.to_string(), json))
    });
    keys.collect()
}

/// Writes `foreign_table.bin`: the entry count and the slot count (u32 LE each), then the slots
/// of an open-addressing table probed linearly from `word_hash::word(word)` (u32 LE: 0 for an
/// empty slot, otherwise 1 + the offset of the entry), then the entries: the word's bit set of
/// languages (plus [`COMMON`]), its length, its bytes.
fn foreign_table() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/foreign");
    let mut masks: std::collections::BTreeMap<String, u8> = Default::default();
    for (bit, lang) in FOREIGN_LISTS.iter().enumerate() {
        let path = dir.join(format!("{lang}.txt"));
        println!("cargo:rerun-if-changed={}", path.display());
        let list = std::fs::read_to_string(&path).expect("readable word list");
        // One word a line; `\r` is tolerated for checkouts that converted line ends.
        let words = list.split('\n').map(|w| w.trim_end_matches('\r'));
        for (rank, word) in words.filter(|w| !w.is_empty()).enumerate() {
            assert!(
                word.len() < 256,
                "{}: word too long: {word}",
                path.display()
            );
            let common = if rank < COMMON_RANK { COMMON } else { 0 };
            *masks.entry(word.to_string()).or_insert(0) |= 1 << bit | common;
        }
    }
    // At most half full, usually nearer a third: a probe for a word that is not there (most
    // words) ends after one or two slots.
    let slots_len = (masks.len() * 2).next_power_of_two();
    let mut slots = vec![0u32; slots_len];
    let mut entries = Vec::new();
    for (word, mask) in &masks {
        let mut i = word_hash::word(word.as_bytes()) as usize & (slots_len - 1);
        while slots[i] != 0 {
            i = (i + 1) & (slots_len - 1);
        }
        slots[i] = u32::try_from(entries.len() + 1).expect("table under 4 GiB");
        entries.push(*mask);
        entries.push(word.len() as u8);
        entries.extend_from_slice(word.as_bytes());
    }
    let mut out = Vec::with_capacity(8 + slots_len * 4 + entries.len());
    out.extend_from_slice(&(masks.len() as u32).to_le_bytes());
    out.extend_from_slice(&(slots_len as u32).to_le_bytes());
    for slot in slots {
        out.extend_from_slice(&slot.to_le_bytes());
    }
    out.extend_from_slice(&entries);
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("foreign_table.bin");
    std::fs::write(dest, out).expect("write foreign_table.bin");
    foreign_filter(masks.keys());
}

/// Writes `foreign_filter.bin`: a blocked Bloom filter of the table's words, 2^
/// [`foreign_filter::FILTER_BLOCKS_LOG2`] blocks of 64 bits (u64 LE each), with the bits
/// [`foreign_filter::filter_position`] gives every word set. Most words of English prose are on
/// no list; the filter tells so from the cache, without a probe of the table.
fn foreign_filter<'w>(words: impl Iterator<Item = &'w String>) {
    let mut blocks = vec![0u64; 1 << foreign_filter::FILTER_BLOCKS_LOG2];
    for word in words {
        let (block, bits) = foreign_filter::filter_position(word_hash::word(word.as_bytes()));
        blocks[block] |= bits;
    }
    let out: Vec<u8> = blocks.iter().flat_map(|b| b.to_le_bytes()).collect();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("foreign_filter.bin");
    std::fs::write(dest, out).expect("write foreign_filter.bin");
}

fn embed_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    for pack in std::fs::read_dir(&root).expect("rules/ exists") {
        let pack = pack.expect("readable rules/").path();
        if !pack.is_dir() {
            continue;
        }
        println!("cargo:rerun-if-changed={}", pack.display());
        for rule in std::fs::read_dir(&pack).expect("readable pack") {
            let rule = rule.expect("readable pack entry").path();
            if rule.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                files.push(rule);
            }
        }
    }
    files.sort();
    let mut out = String::from(
        "/// Built-in rule files: (path under rules/, contents, the top-level keys with the JSON \
         of their values when they convert).\n",
    );
    out.push_str("pub static BUILTIN_RULES: &[BuiltinRule] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).expect("under rules/");
        let rel = rel.to_str().expect("UTF-8 rule path").replace('\\', "/");
        let text = std::fs::read_to_string(f).expect("readable rule file");
        let json = match yaml_as_json(&text) {
            Some(keys) => format!("Some(&{keys:?})"),
            None => "None".to_string(),
        };
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?}), {json}),",
            f.display().to_string(),
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write builtin_rules.rs");
}
