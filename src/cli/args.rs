//! Command-line arguments.

use crate::config::FailLevel;
use crate::markup::Markup;
use crate::output::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A fast linter for articles that went through machine translation and scraping.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

// The arguments are parsed once per run: boxing `check`'s to even out the variants saves nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint files, directories or standard input.
    Check(CheckArgs),
    /// List every loaded rule with the level the configuration gives it here (`off` when it
    /// does not run); `--test` runs every rule's examples.
    Rules(RulesArgs),
    /// Print a rule's description and examples.
    Explain(ExplainArgs),
    /// Write a commented starter `copydesk.yaml` in the current folder (or DIR).
    Init(InitArgs),
    /// Measure precision and recall on an annotated corpus (copydesk's own is tests/corpus in
    /// its sources), or with `--real` on public annotated data.
    Eval(EvalArgs),
    /// Print per-file statistics as JSON lines: finding counts by rule and the line-level
    /// quality ratios corpus filters use (C4, Gopher, FineWeb, RefinedWeb).
    Stats(StatsArgs),
    /// Run the language server (LSP over standard input and output) for editors.
    Lsp(LspArgs),
    /// Lint a Vale project with Vale's command line: its `.vale.ini`, styles and output
    /// formats (`--output=line|JSON|CLI`).
    Vale(ValeArgs),
}

#[derive(Debug, Args)]
pub struct LspArgs {
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Files and directories (walked like `check`); `-` reads standard input.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// Also include files matching GLOB when walking directories; repeatable.
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Also print each line's page-chrome features (the signals Junk.BoilerplateBlock weighs),
    /// with its byte range and score: the data `scripts/fit-chrome.py` fits the weights on.
    #[arg(long)]
    pub lines: bool,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The corpus folder, holding `articles/` (each article with its `NAME.truth.yaml`) and
    /// `clean/` [default: tests/corpus, in copydesk's source folder].
    #[arg(conflicts_with = "real")]
    pub dir: Option<PathBuf>,
    /// Measure on public annotated data instead, read from DIR (for example `../shared/real`):
    /// one table of recall and false alarms per data set, then per rule.
    #[arg(long, value_name = "DIR")]
    pub real: Option<PathBuf>,
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

/// Options that choose the rule set.
#[derive(Debug, Args, Clone, Default)]
pub struct RuleOptions {
    /// Add the rule packs in DIR (`DIR/<Pack>/<Rule>.yaml`); repeatable.
    #[arg(long = "rules", value_name = "DIR")]
    pub rules: Vec<PathBuf>,
    /// Use this configuration file instead of looking for `copydesk.yaml` next to each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to write `copydesk.yaml` in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to lint; `-` or nothing (with piped input) reads standard input.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// Output format [default: rich; with `--input-format jsonl`: one JSONL record per document].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to FILE (created or truncated) instead of standard output; the exit code
    /// still reflects the findings.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to use colours (`NO_COLOR` is honoured with `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// The lowest level that makes the run fail (exit code 1) [default: the config's `fail-on`,
    /// else error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailLevel>,
    /// Run only these rules or packs (comma-separated or repeated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Do not run these rules or packs (comma-separated or repeated).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// The articles' language: an ISO 639-1 code (`en`, `pt`), or `auto` to detect it per
    /// file [default: the config's `language`, else auto]. Rules made for English are off for
    /// other languages.
    #[arg(long, value_name = "LANG")]
    pub language: Option<crate::config::LanguageChoice>,
    /// The path to report for standard input; its extension (`.md`, `.html`, ...) also says how
    /// standard input is marked up, unless `--markup` does.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Also lint files matching GLOB when walking directories (e.g. `*.rst`); repeatable.
    #[arg(long = "glob", value_name = "GLOB")]
    pub globs: Vec<String>,
    /// Number of threads (default: the number of cores); with fewer files than threads, the
    /// spare ones help lint each file.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Skip (with a note) inputs larger than SIZE: bytes, or a number with K, M or G (powers of
    /// 1024). Bounds what is read from pipes and devices too.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = super::inputs::parse_size)]
    pub max_filesize: u64,
    /// Report at most N findings of each rule in a file, its first by position; the others are
    /// counted (summary, exit code) and noted in one line per rule [default: the config's
    /// `max-findings-per-rule`, else 1000; 0: no cap]. `--fix` applies the fixes of the findings
    /// reported.
    #[arg(long, value_name = "N")]
    pub max_findings_per_rule: Option<usize>,
    /// Apply safe fixes to the files (atomically; standard input: print the fixed text), then
    /// report what remains.
    #[arg(long)]
    pub fix: bool,
    /// With `--fix` or `--diff`, apply unsafe fixes too (judgement calls: check the result).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change instead of writing; exits with 1 when
    /// something would change, else 0 (findings no fix removes do not count).
    #[arg(long)]
    pub diff: bool,
    /// `jsonl`: read one JSON document per line (from FILE or standard input) and write one JSONL
    /// record per document (corpus mode, see README).
    #[arg(long, value_enum, default_value_t = InputFormat::Files)]
    pub input_format: InputFormat,
    /// Corpus mode: the field that holds a document's text [default: text].
    #[arg(long, value_name = "FIELD")]
    pub text_field: Option<String>,
    /// Corpus mode: the field copied to each record's `id` [default: the line number].
    #[arg(long, value_name = "FIELD")]
    pub id_field: Option<String>,
    /// How standard input (in corpus mode, every document) is marked up [default: as the
    /// extension of `--stdin-filename` says, else text]. Files are read by their extension.
    #[arg(long, value_enum)]
    pub markup: Option<Markup>,
    /// HTML pages: the content root, a CSS compound selector (`article`, `div.post`,
    /// `[itemprop=articleBody]`); repeat it to try several in order. Replaces the config's
    /// `html.root` [default: article, main, [itemprop=articleBody]]; `--html-root ''` lints
    /// pages whole.
    #[arg(long, value_name = "SELECTOR")]
    pub html_root: Vec<String>,
    /// HTML pages: an element inside the content root whose text is not the article's; repeat
    /// it for several. Replaces the config's `html.skip` [default: nav, aside, footer, form].
    #[arg(long, value_name = "ELEMENT")]
    pub html_skip: Vec<String>,
    /// Never show a progress bar (it only appears on a terminal, outside CI, on long runs).
    #[arg(long)]
    pub no_progress: bool,
}

/// What the inputs of `check` are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// Files and directories (standard input: one document).
    Files,
    /// JSON Lines: one document per line, its text in `--text-field`.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// Run every rule's `examples` and report the ones that do not behave.
    #[arg(long)]
    pub test: bool,
    /// Print every literal (escaped) and regex of the loaded rules, one per line, as a pattern
    /// file for `rg -f` (the benchmark's one-pass reference).
    #[arg(long, hide = true, conflicts_with = "test")]
    pub patterns: bool,
    /// List the rules of the Vale project found from the current folder (its `.vale.ini`
    /// and styles) instead, with their levels and kinds; refused rules with the reason.
    #[arg(long, conflicts_with_all = ["test", "patterns"])]
    pub vale: bool,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id such as `Junk.EmailPlaceholder`.
    pub rule: String,
    #[command(flatten)]
    pub rule_options: RuleOptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// `copydesk vale`: Vale's command line. Flags take Vale's names and spellings.
#[derive(Debug, Args)]
pub struct ValeArgs {
    /// Files, directories, or a string to lint; standard input when there are none.
    pub paths: Vec<String>,
    /// `line`, `JSON` or `CLI`.
    #[arg(long, default_value = "CLI")]
    pub output: String,
    /// Sort files by name in the output.
    #[arg(long)]
    pub sort: bool,
    /// Print paths with `/` as the separator.
    #[arg(long)]
    pub normalize: bool,
    /// Print paths relative to the current folder.
    #[arg(long)]
    pub relative: bool,
    /// Do not read the global configuration (there is none to read: accepted for Vale's sake).
    #[arg(long = "no-global")]
    pub no_global: bool,
    /// Only lint files matching this glob.
    #[arg(long, default_value = "*")]
    pub glob: String,
    /// The extension standard input and strings are read as.
    #[arg(long, default_value = ".txt")]
    pub ext: String,
    /// The lowest level reported: `suggestion`, `warning` or `error`.
    #[arg(long = "minAlertLevel")]
    pub min_alert_level: Option<String>,
    /// The `.vale.ini` to read instead of the one found from the current folder.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Lint every file line by line, whatever its markup.
    #[arg(long = "ignore-syntax")]
    pub ignore_syntax: bool,
    /// Exit with 0 even when there are errors.
    #[arg(long = "no-exit")]
    pub no_exit: bool,
    /// Do not wrap the `CLI` output (it is not wrapped).
    #[arg(long = "no-wrap")]
    pub no_wrap: bool,
}
