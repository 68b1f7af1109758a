//! `copydesk init`: the starter configuration.

use crate::cli::{EXIT_OK, to_stdout};
use crate::config::{CONFIG_NAMES, STARTER};
use crate::error::Error;
use crate::escape;
use std::io::Write;
use std::path::Path;

/// Writes the starter configuration; an existing file is never overwritten.
pub fn run(dir: &Path) -> Result<i32, Error> {
    if let Some(existing) = CONFIG_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.exists())
    {
        return Err(Error::Usage(format!(
            "{} already exists; not overwritten",
            existing.display()
        )));
    }
    let path = dir.join(CONFIG_NAMES[0]);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })?;
    file.write_all(STARTER.as_bytes())
        .map_err(|error| Error::Io {
            path: path.display().to_string(),
            error,
        })?;
    let shown = path.display().to_string();
    to_stdout(|out| writeln!(out, "wrote {}", escape::for_terminal(&shown)))?;
    Ok(EXIT_OK)
}
