//! Finding the files to lint and reading them.

use crate::error::Error;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions linted by default when walking a directory.
pub const DEFAULT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "html", "htm"];

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// An input that could not be listed (a missing path, an unreadable directory).
#[derive(Debug)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands paths into inputs: files as given, directories walked honouring `.gitignore`,
/// keeping files with a default extension or matching one of `globs`. Sorted, deduplicated.
pub fn collect(paths: &[PathBuf], globs: &[String]) -> Result<(Vec<Input>, Vec<WalkError>), Error> {
    let extra = glob_set(globs)?;
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(WalkError {
                path: path.display().to_string(),
                message: e.to_string(),
            }),
            Ok(meta) if meta.is_dir() => walk(path, &extra, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
        }
    }
    let (mut stdin, mut files): (Vec<Input>, Vec<Input>) =
        inputs.into_iter().partition(|i| *i == Input::Stdin);
    files.sort_by(|a, b| match (a, b) {
        (Input::File(a), Input::File(b)) => a.cmp(b),
        _ => std::cmp::Ordering::Equal,
    });
    files.dedup();
    stdin.truncate(1);
    stdin.extend(files);
    Ok((stdin, errors))
}

fn glob_set(globs: &[String]) -> Result<GlobSet, Error> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        let glob = Glob::new(g).map_err(|e| Error::Usage(format!("--glob {g}: {e}")))?;
        builder.add(glob);
    }
    builder.build().map_err(|e| Error::Usage(e.to_string()))
}

fn walk(root: &Path, extra: &GlobSet, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    for entry in ignore::WalkBuilder::new(root).require_git(false).build() {
        match entry {
            Err(e) => errors.push(WalkError {
                path: root.display().to_string(),
                message: e.to_string(),
            }),
            Ok(entry) => {
                let path = entry.path();
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && wanted(path, extra) {
                    inputs.push(Input::File(path.to_path_buf()));
                }
            }
        }
    }
}

fn wanted(path: &Path, extra: &GlobSet) -> bool {
    let by_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e)));
    by_extension || extra.is_match(path) || path.file_name().is_some_and(|n| extra.is_match(n))
}

/// Reads standard input to the end.
pub fn read_stdin() -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes)?;
    Ok(bytes)
}
