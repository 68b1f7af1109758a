//! Embeds the built-in rule packs (`rules/<Pack>/<Rule>.yaml`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
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
    let mut out = String::from("/// Built-in rule files: (path under rules/, contents).\n");
    out.push_str("pub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).expect("under rules/");
        let rel = rel.to_str().expect("UTF-8 rule path").replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write builtin_rules.rs");
}
