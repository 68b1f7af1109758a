//! Writing a fixed file back without losing anything: the user's text, a concurrent edit, the
//! file's owner, mode, extended attributes or other names.
//!
//! The file is read once and its identity and change stamps ([`Snapshot`]) are taken from the
//! open handle before and after the read. The fixed text goes to a temporary file in the same
//! folder, which is synced and given the original's owner, group, mode and extended attributes;
//! the original's stamps are compared with the snapshot immediately before the temporary file is
//! renamed over it. A reader therefore sees the old file or the new one, never a mix, and an edit
//! made at any moment up to that last comparison is kept (the file is then left alone).
//!
//! What no rename-based writer can close, and README's "Safety of `--fix`" states: an edit that
//! lands between the last comparison and the rename (a few system calls), and an edit that keeps
//! the size and lands within the file system's timestamp granularity of the write the snapshot
//! saw.
//!
//! Files copydesk will not replace, each with its reason: anything but a regular file, a file
//! with more than one hard link (renaming would leave the other names with the old text), a file
//! the user may not write or whose mode grants no write permission, and a file whose owner,
//! group or extended attributes the new file cannot be given.

use std::fs::{File, Metadata};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What identifies a file and tells whether it changed: device and inode, size, modification
/// and status-change times, link count, owner, group and mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    #[cfg(unix)]
    stamps: [i64; 11],
    #[cfg(not(unix))]
    stamps: (u64, Option<std::time::SystemTime>),
}

impl Snapshot {
    /// The stamps of `meta`.
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        // Device and inode values above i64::MAX only wrap; they stay distinct.
        let stamps = [
            meta.dev() as i64,
            meta.ino() as i64,
            meta.size() as i64,
            meta.mtime(),
            meta.mtime_nsec(),
            meta.ctime(),
            meta.ctime_nsec(),
            meta.nlink() as i64,
            i64::from(meta.uid()),
            i64::from(meta.gid()),
            i64::from(meta.mode()),
        ];
        Snapshot { stamps }
    }

    /// The stamps of `meta`.
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> Self {
        Snapshot {
            stamps: (meta.len(), meta.modified().ok()),
        }
    }
}

/// A file read for fixing: its bytes and the snapshot they were read under.
#[derive(Debug)]
pub struct ReadForFix {
    pub bytes: Vec<u8>,
    pub snapshot: Snapshot,
}

/// Why a file was not read for fixing, or its fixed text not written.
#[derive(Debug)]
pub enum Refused {
    /// Not a regular file (a FIFO, a device, a socket): never opened.
    NotRegular,
    /// Larger than `--max-filesize`.
    TooLarge { size: u64, limit: u64 },
    /// The file changed while it was read, or between the read and the write.
    Changed,
    /// More than one name links to the file.
    HardLinks(u64),
    /// The mode grants nobody write permission, or the user may not write the file.
    ReadOnly(Option<io::Error>),
    /// The new file could not be given the original's owner and group.
    Owner {
        uid: u32,
        gid: u32,
        error: io::Error,
    },
    /// An extended attribute could not be copied to the new file.
    Xattr { name: String, error: io::Error },
    /// Reading or writing failed.
    Io(io::Error),
}

impl Refused {
    /// Whether the refusal is a note on an input copydesk does not fix rather than an error of
    /// the run: only inputs that are not regular files are passed over quietly.
    pub fn is_note(&self) -> bool {
        matches!(self, Refused::NotRegular | Refused::TooLarge { .. })
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::NotRegular => {
                f.write_str("not a regular file; --fix changes regular files only, skipped")
            }
            Refused::TooLarge { size, limit } => {
                let too_large = super::inputs::ReadError::TooLarge {
                    size: Some(*size),
                    limit: *limit,
                };
                write!(f, "{too_large}")
            }
            Refused::Changed => f.write_str("the file changed since it was read; not overwritten"),
            Refused::HardLinks(n) => write!(
                f,
                "the file has {n} hard links and replacing it would leave the other names with \
                 the old text; not overwritten (--diff shows the fixes)"
            ),
            Refused::ReadOnly(None) => f.write_str("the file is read-only; not overwritten"),
            Refused::ReadOnly(Some(e)) => {
                write!(f, "the file cannot be written ({e}); not overwritten")
            }
            Refused::Owner { uid, gid, error } => write!(
                f,
                "the fixed file cannot keep the owner {uid}:{gid} ({error}); not overwritten"
            ),
            Refused::Xattr { name, error } => write!(
                f,
                "the fixed file cannot keep the extended attribute {name:?} ({error}); not \
                 overwritten"
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Self {
        Refused::Io(e)
    }
}

/// Reads the regular file at `path` (at most `limit` bytes) with the snapshot it was read under.
/// Anything else is never opened: opening a FIFO would wait for a writer.
pub fn read_for_fix(path: &Path, limit: u64) -> Result<ReadForFix, Refused> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(Refused::NotRegular);
    }
    let mut file = File::open(path)?;
    let meta = file.metadata()?;
    // The path may have been swapped for something else since it was looked at.
    if !meta.is_file() {
        return Err(Refused::NotRegular);
    }
    if meta.len() > limit {
        return Err(Refused::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let snapshot = Snapshot::of(&meta);
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if Snapshot::of(&file.metadata()?) != snapshot || bytes.len() as u64 != meta.len() {
        return Err(Refused::Changed);
    }
    Ok(ReadForFix { bytes, snapshot })
}

/// Replaces the file at `path`, read under `snapshot`, with `new` (see the module's doc). A
/// symbolic link is followed: its target is replaced and the link stays.
pub fn replace(path: &Path, snapshot: &Snapshot, new: &[u8]) -> Result<(), Refused> {
    replace_with_hook(path, snapshot, new, || {})
}

/// [`replace`], calling `before_check` just before the last comparison (tests use it to edit
/// the file at the latest moment an edit is still noticed).
fn replace_with_hook(
    path: &Path,
    snapshot: &Snapshot,
    new: &[u8],
    before_check: impl FnOnce(),
) -> Result<(), Refused> {
    let target = std::fs::canonicalize(path)?;
    let meta = std::fs::metadata(&target)?;
    if Snapshot::of(&meta) != *snapshot {
        return Err(Refused::Changed);
    }
    refuse_unwritable(&target, &meta)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = Pending::create(dir)?;
    tmp.file.write_all(new)?;
    tmp.file.sync_all()?;
    keep_owner(&tmp.file, &meta)?;
    // After the owner: changing the owner clears the set-user-ID and set-group-ID bits.
    tmp.file.set_permissions(meta.permissions())?;
    copy_xattrs(&target, &tmp.path)?;
    before_check();
    if Snapshot::of(&std::fs::metadata(&target)?) != *snapshot {
        return Err(Refused::Changed);
    }
    tmp.persist(&target)?;
    if let Ok(d) = File::open(dir) {
        // Make the rename itself durable; not all file systems support syncing a folder.
        let _ = d.sync_all();
    }
    Ok(())
}

/// Refuses files that renaming would damage or that the user may not change.
fn refuse_unwritable(target: &Path, meta: &Metadata) -> Result<(), Refused> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(Refused::HardLinks(meta.nlink()));
        }
    }
    // Root may write a file whose mode forbids it; a file nobody may write is meant to stay.
    if meta.permissions().readonly() {
        return Err(Refused::ReadOnly(None));
    }
    // Renaming needs only the folder's permission; the file's own is what the user was given.
    // Opening for writing, without truncating, asks the system exactly that.
    match std::fs::OpenOptions::new().write(true).open(target) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => Err(Refused::ReadOnly(Some(e))),
        Err(e) => Err(Refused::Io(e)),
    }
}

/// Gives the new file the original's owner and group; refuses when the system does not allow
/// it, so that a fix never hands a file to another user (or a set-user-ID file to root).
fn keep_owner(file: &File, original: &Metadata) -> Result<(), Refused> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = file.metadata()?;
        let (uid, gid) = (original.uid(), original.gid());
        if (now.uid(), now.gid()) != (uid, gid) {
            std::os::unix::fs::fchown(file, Some(uid), Some(gid))
                .map_err(|error| Refused::Owner { uid, gid, error })?;
        }
    }
    #[cfg(not(unix))]
    let _ = (file, original);
    Ok(())
}

/// Copies every extended attribute (access control lists and security labels included) of
/// `from` to `to`.
fn copy_xattrs(from: &Path, to: &Path) -> Result<(), Refused> {
    #[cfg(unix)]
    {
        let names = match xattr::list(from) {
            Ok(names) => names,
            // The file system has no extended attributes: there is nothing to keep.
            Err(e) if e.kind() == io::ErrorKind::Unsupported => return Ok(()),
            Err(e) => return Err(Refused::Io(e)),
        };
        for name in names {
            let shown = name.to_string_lossy().into_owned();
            let copy = xattr::get(from, &name).and_then(|value| match value {
                Some(value) => xattr::set(to, &name, &value),
                None => Ok(()),
            });
            copy.map_err(|error| Refused::Xattr { name: shown, error })?;
        }
    }
    #[cfg(not(unix))]
    let _ = (from, to);
    Ok(())
}

/// Temporary files not yet renamed into place, removed when a signal ends the run.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file registered for removal on a signal.
struct Pending {
    file: File,
    path: PathBuf,
    persisted: bool,
}

impl Pending {
    fn create(dir: &Path) -> io::Result<Self> {
        // Held while the file is created and registered, so that a signal handled in between
        // still finds it.
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        let (file, path) = tempfile::Builder::new()
            .prefix(".copydesk-fix-")
            .tempfile_in(dir)?
            .keep()
            .map_err(|e| e.error)?;
        pending.push(path.clone());
        Ok(Pending {
            file,
            path,
            persisted: false,
        })
    }

    fn persist(mut self, target: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, target)?;
        self.persisted = true;
        Ok(())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.persisted {
            let _ = std::fs::remove_file(&self.path);
        }
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        pending.retain(|p| *p != self.path);
    }
}

/// Removes the temporary files of fixes in progress when SIGINT, SIGTERM or SIGHUP ends the run,
/// then ends it as the signal would have. Called once, before the first file is fixed.
pub fn clean_up_on_signals() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // The lock is held until the process ends: no new temporary file appears.
                let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
                for path in pending.iter() {
                    let _ = std::fs::remove_file(path);
                }
                let _ = signal_hook::low_level::emulate_default_handler(signal);
                std::process::exit(128 + signal);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> ReadForFix {
        read_for_fix(path, u64::MAX).unwrap()
    }

    #[test]
    fn a_file_edited_after_it_was_read_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"what we read").unwrap();
        let before = read(&path);
        // Same size: only the stamps tell.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&path, b"what they wrote").unwrap();
        let err = replace(&path, &before.snapshot, b"fixed").unwrap_err();
        assert!(matches!(err, Refused::Changed), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"what they wrote");
    }

    #[test]
    fn an_edit_just_before_the_rename_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"old text").unwrap();
        let before = read(&path);
        let edit = || {
            std::thread::sleep(std::time::Duration::from_millis(20));
            let mut f = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
            f.write_all(b"O").unwrap();
        };
        let err = replace_with_hook(&path, &before.snapshot, b"new text", edit).unwrap_err();
        assert!(matches!(err, Refused::Changed), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"Old text");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the temporary file is removed");
    }

    #[cfg(unix)]
    #[test]
    fn writes_keep_permissions_and_symbolic_links() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, b"old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let before = read(&link);
        replace(&link, &before.snapshot, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777,
            0o640
        );
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2, "no temporary file is left behind");
    }
}
