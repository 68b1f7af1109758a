//! Which configuration, rule set and settings apply to each input.
//!
//! Inputs in different folders may fall under different `copydesk.yaml` files, each with its own
//! rule directories. Every distinct configuration is loaded and its rules compiled once; inputs
//! under it share the compiled [`Linter`].

use crate::config::{Config, Selection, Settings};
use crate::error::Error;
use crate::linter::Linter;
use crate::rules::{Rule, builtin_rules, load_rule_dir};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A configuration with its compiled rules.
#[derive(Debug)]
pub struct Resolved {
    pub config: Config,
    pub linter: Linter,
}

impl Resolved {
    /// The settings for one file (`None`: standard input).
    pub fn settings(&self, path: Option<&Path>, cli: &Selection) -> Settings {
        self.config.settings(self.linter.rules(), path, cli)
    }
}

/// Resolves inputs to configurations, caching by configuration file.
#[derive(Debug)]
pub struct Workspace {
    extra_rules: Vec<PathBuf>,
    cli: Selection,
    fixed: Option<PathBuf>,
    by_config: HashMap<Found, Arc<Resolved>>,
    by_dir: HashMap<PathBuf, Found>,
}

/// The configuration files that apply in a folder: `copydesk.yaml` if one is found, else a Vale
/// project's `.vale.ini` if one is (its styles then run beside the built-in rules).
type Found = (Option<PathBuf>, Option<PathBuf>);

/// The configuration files that apply in `dir` (see [`Found`]): the nearest `copydesk.yaml`
/// walking up, else the `.vale.ini` Vale would use there.
fn discover(dir: &Path) -> Found {
    match Config::discover(dir) {
        Some(config) => (Some(config), None),
        None => (None, crate::vale::config::find(dir)),
    }
}

impl Workspace {
    /// `extra_rules`: `--rules` directories; `cli`: `--select`/`--ignore`; `config`: `--config`,
    /// which replaces discovery.
    pub fn new(extra_rules: Vec<PathBuf>, cli: Selection, config: Option<PathBuf>) -> Self {
        Workspace {
            extra_rules,
            cli,
            fixed: config,
            by_config: HashMap::new(),
            by_dir: HashMap::new(),
        }
    }

    /// The command line's selection.
    pub fn cli_selection(&self) -> &Selection {
        &self.cli
    }

    /// The configuration that applies to a file at `path` (standard input: the current folder).
    pub fn resolve(&mut self, path: Option<&Path>) -> Result<Arc<Resolved>, Error> {
        let found = match &self.fixed {
            Some(p) => (Some(p.clone()), None),
            None => {
                let dir = path
                    .and_then(Path::parent)
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
                let dir = std::path::absolute(&dir).unwrap_or(dir);
                self.by_dir
                    .entry(dir.clone())
                    .or_insert_with(|| discover(&dir))
                    .clone()
            }
        };
        if let Some(resolved) = self.by_config.get(&found) {
            return Ok(resolved.clone());
        }
        let resolved = Arc::new(self.load(&found)?);
        self.by_config.insert(found, resolved.clone());
        Ok(resolved)
    }

    fn load(&self, (config_path, vale_ini): &Found) -> Result<Resolved, Error> {
        let config = match config_path {
            Some(p) => Config::load(p)?,
            None => Config::default(),
        };
        let dirs = self.extra_rules.iter().chain(&config.rule_dirs);
        let mut linter = Linter::new(load_rules(dirs)?)?;
        config.validate(linter.rules())?;
        validate_cli(&self.cli, linter.rules())?;
        if let Some(ini) = config.vale.as_ref().or(vale_ini.as_ref()) {
            let project = crate::vale::project::Project::load(ini)
                .map_err(|m| Error::Usage(format!("{}: {m}", ini.display())))?;
            linter = linter.with_vale(Arc::new(project));
        }
        Ok(Resolved { config, linter })
    }
}

/// Loads the built-in packs plus the packs in `dirs`, reporting every bad file. A folder given
/// twice (`--rules styles` and `rules: [styles]` in the config, or two spellings of one path) is
/// loaded once: its files are one definition of each rule, not two. Rules with the same id from
/// different files are refused by [`Linter::new`].
pub fn load_rules<'a>(dirs: impl IntoIterator<Item = &'a PathBuf>) -> Result<Vec<Rule>, Error> {
    let mut all = builtin_rules().map_err(Error::Files)?;
    let mut errors = Vec::new();
    let mut loaded = HashSet::new();
    for dir in dirs {
        // A folder that cannot be resolved is kept under its own name; loading it reports why.
        if !loaded.insert(std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone())) {
            continue;
        }
        match load_rule_dir(dir) {
            Ok(rules) => all.extend(rules),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(all)
    } else {
        Err(Error::Files(errors))
    }
}

fn validate_cli(cli: &Selection, rules: &[Rule]) -> Result<(), Error> {
    let names = cli.select.iter().flatten().chain(&cli.ignore);
    for name in names {
        let known = rules.iter().any(|r| &*r.id == name || r.pack() == name)
            || name == "Core"
            || name.starts_with("Core.");
        if !known {
            return Err(Error::Usage(format!(
                "no rule or pack named `{name}` (see `copydesk rules`)"
            )));
        }
    }
    Ok(())
}
