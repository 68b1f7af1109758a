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
    // `a.txt ./a.txt /abs/a.txt` and hard links are one file: linted, and fixed, once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|input| match input {
        Input::File(path) => FileId::of_path(path).is_none_or(|id| seen.insert(id)),
        Input::Stdin => true,
    });
    stdin.truncate(1);
    stdin.extend(files);
    Ok((stdin, errors))
}

/// Which file a path names (device and inode), whatever the path's spelling or links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FileId {
    dev: u64,
    ino: u64,
}

impl FileId {
    /// The file `path` names, following symbolic links; `None` when it cannot be looked at (or
    /// the platform has no inodes).
    pub fn of_path(path: &Path) -> Option<FileId> {
        Self::of(&std::fs::metadata(path).ok()?)
    }

    /// The file behind standard input, when it is one.
    pub fn of_stdin() -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let fd = std::io::stdin().as_fd().try_clone_to_owned().ok()?;
            Self::of(&std::fs::File::from(fd).metadata().ok()?)
        }
        #[cfg(not(unix))]
        None
    }

    fn of(meta: &std::fs::Metadata) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(FileId {
                dev: meta.dev(),
                ino: meta.ino(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            None
        }
    }
}

/// Refuses an `-o` file that is also an input named on the command line (or standard input),
/// before anything truncates it, and drops it from the files found by walking folders, where
/// the report of an earlier run would otherwise be linted as an article.
pub fn keep_output_apart(
    output: &Path,
    named: &[PathBuf],
    inputs: &mut Vec<Input>,
) -> Result<(), Error> {
    let Some(out) = FileId::of_path(output) else {
        // Not there yet: created after the inputs were listed, so none of them.
        return Ok(());
    };
    let clash = named.iter().find(|p| {
        if p.as_os_str() == "-" {
            FileId::of_stdin() == Some(out)
        } else {
            FileId::of_path(p) == Some(out)
        }
    });
    if let Some(input) = clash {
        let input = if input.as_os_str() == "-" {
            "standard input".to_string()
        } else {
            input.display().to_string()
        };
        return Err(Error::Usage(format!(
            "-o {} is the input {input}: writing the report would destroy it; choose another file",
            output.display()
        )));
    }
    inputs.retain(|input| match input {
        Input::File(path) => FileId::of_path(path) != Some(out),
        Input::Stdin => true,
    });
    Ok(())
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

/// Inputs larger than this are skipped (`--max-filesize`): far larger than any article, small
/// enough that reading one cannot exhaust memory. ripgrep's option of the same name inspired it.
pub const DEFAULT_MAX_FILESIZE: u64 = 256 << 20;

/// Why an input was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Larger than the limit: skipped with a note, like a binary file, not an error of the run.
    TooLarge {
        /// The size, when known before reading (a regular file).
        size: Option<u64>,
        limit: u64,
    },
    /// The input could not be read: an error of the run (exit code 2).
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge {
                size: Some(size),
                limit,
            } => write!(
                f,
                "{} is larger than --max-filesize {}, skipped",
                format_size(*size),
                format_size(*limit)
            ),
            ReadError::TooLarge { size: None, limit } => write!(
                f,
                "more than --max-filesize {}, skipped",
                format_size(*limit)
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads an input whole, refusing more than `limit` bytes.
///
/// A path given on the command line is read whatever it is: a FIFO waits for its writer as
/// `cat` would (that is how `<(command)` works), a device is read up to the limit. Only walked
/// directories are restricted to regular files ([`collect`]). Reading stops after the first
/// block when that block already shows a binary file, so `/dev/zero` ends at once.
pub fn read(input: &Input, limit: u64) -> Result<Vec<u8>, ReadError> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            read_stdin(limit, &mut bytes)?;
            Ok(bytes)
        }
        Input::File(path) => {
            let file = std::fs::File::open(path)?;
            let meta = file.metadata()?;
            if meta.is_dir() {
                return Err(ReadError::Io(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "is a directory",
                )));
            }
            let mut hint = 0;
            if meta.is_file() {
                if meta.len() > limit {
                    return Err(ReadError::TooLarge {
                        size: Some(meta.len()),
                        limit,
                    });
                }
                hint = usize::try_from(meta.len()).unwrap_or(0);
            }
            read_bounded(file, limit, hint)
        }
    }
}

/// Reads standard input like [`read`] into `bytes`, which keeps what was read when reading
/// stops early (binary, too large, an error): `--fix -` passes it through with the rest.
pub fn read_stdin(limit: u64, bytes: &mut Vec<u8>) -> Result<(), ReadError> {
    read_bounded_into(std::io::stdin().lock(), limit, bytes)
}

/// Reads `reader` to its end or to `limit + 1` bytes, whichever comes first (a regular file can
/// grow after its size was checked; a device never ends).
fn read_bounded(reader: impl Read, limit: u64, hint: usize) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(hint.saturating_add(1));
    read_bounded_into(reader, limit, &mut bytes)?;
    Ok(bytes)
}

fn read_bounded_into(
    mut reader: impl Read,
    limit: u64,
    bytes: &mut Vec<u8>,
) -> Result<(), ReadError> {
    let sniff = (crate::source::BINARY_SNIFF_LEN as u64).min(limit.saturating_add(1));
    (&mut reader).take(sniff).read_to_end(bytes)?;
    if crate::source::is_binary_prefix(bytes) {
        // Enough for `SourceFile::new` to report it as binary.
        return Ok(());
    }
    let rest = limit.saturating_add(1).saturating_sub(bytes.len() as u64);
    reader.take(rest).read_to_end(bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { size: None, limit });
    }
    Ok(())
}

/// Parses a size for `--max-filesize`: bytes, or a number with a `K`, `M` or `G` suffix
/// (powers of 1024, as in ripgrep).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, shift) = match s.char_indices().last() {
        Some((i, 'K' | 'k')) => (&s[..i], 10),
        Some((i, 'M' | 'm')) => (&s[..i], 20),
        Some((i, 'G' | 'g')) => (&s[..i], 30),
        _ => (s, 0),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{s}` is not a size (examples: 1000000, 64K, 256M, 2G)"))?;
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// A size in the largest binary unit it reaches: whole when it is a multiple (as
/// `--max-filesize` accepts it back), else to one decimal.
fn format_size(n: u64) -> String {
    for (shift, unit) in [(30, "GiB"), (20, "MiB"), (10, "KiB")] {
        let one = 1u64 << shift;
        if n >= one {
            return if n.is_multiple_of(one) {
                format!("{} {unit}", n >> shift)
            } else {
                format!("{:.1} {unit}", n as f64 / one as f64)
            };
        }
    }
    format!("{n} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("64k"), Ok(64 << 10));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("").is_err());
        assert!(parse_size("12 MB").is_err());
        assert!(parse_size("99999999999G").is_err());
        assert_eq!(format_size(256 << 20), "256 MiB");
        assert_eq!(format_size(3 << 10), "3 KiB");
        assert_eq!(format_size(1001), "1001 bytes");
        assert_eq!(format_size(104_819_276), "100.0 MiB");
    }

    #[test]
    fn reading_is_bounded() {
        let read = |bytes: &[u8], limit| read_bounded(bytes, limit, 0);
        assert_eq!(read(b"hello", 5).unwrap(), b"hello");
        assert!(matches!(
            read(b"hello!", 5),
            Err(ReadError::TooLarge {
                size: None,
                limit: 5
            })
        ));
        // A binary stops after the first block, however long it is.
        let zeros = std::io::repeat(0);
        let bytes = read_bounded(zeros, u64::MAX, 0).unwrap();
        assert_eq!(bytes.len(), crate::source::BINARY_SNIFF_LEN);
        // UTF-16 holds NUL bytes and is read whole.
        let utf16 = [&[0xFF, 0xFE][..], &[b'a', 0].repeat(10_000)].concat();
        assert_eq!(read(&utf16, 1 << 20).unwrap().len(), utf16.len());
    }
}
