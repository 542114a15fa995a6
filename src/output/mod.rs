//! Run outputs: an atomically created output folder and one writer per file format.
//!
//! Files are written into a temporary folder beside the target and the folder is renamed into
//! place only when every file is complete, so a reader (or a killed run) sees either the previous
//! complete output or the new complete output, never a half-written folder.
//!
//! The check that the target holds no results and the move into place are one step: the rename
//! refuses to replace anything (`renameat2(RENAME_NOREPLACE)` on Linux; elsewhere a plain rename
//! of a folder, which cannot replace a file, a link or a folder that holds anything). So a folder
//! that appears at the target while a run is going, or the results of a second run into the same
//! target, are never replaced: the later run is refused.
//!
//! With `--force` an existing folder is replaced only if mgate wrote it (it holds an mgate
//! `manifest.json`, see [`is_mgate_folder`]); on Linux the two folders are swapped in one atomic
//! `renameat2(RENAME_EXCHANGE)`, the folder swapped out is checked again, and only then removed,
//! so there is no moment without the earlier results either. (Elsewhere the earlier folder is
//! first renamed to `.<name>.replaced-…`; a run killed between the two renames leaves the earlier
//! results there, and they are never removed automatically.) A target that is a link, the root
//! folder, or a folder holding the current folder or an input is refused.
//!
//! A run killed while writing leaves its temporary folder, `.<name>.partial-<pid>-<nanos>`, beside
//! the target; the next run to the same target removes such leftovers whose process has ended
//! (on Unix). An interrupt (Ctrl-C, or SIGTERM or SIGHUP) removes the temporary folder at once:
//! see [`abandon_unfinished`].

pub mod dataset;
pub mod dictionary;
pub mod effects;
pub mod manifest;
pub mod number;
pub mod replicates;
pub mod subjects;
pub mod summary;
pub mod sweep;
pub mod timeseries;

pub use number::{push_integer, push_number, push_plain, push_significant};

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// A file-system problem while writing outputs, with the path concerned.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// The target holds earlier results and `--force` was not given.
    #[error(
        "{} already holds results; choose another folder with --out, or pass --force to replace them",
        .0.display()
    )]
    Exists(PathBuf),
    /// The target exists but is a file.
    #[error("{} exists and is not a folder; choose another path with --out", .0.display())]
    NotAFolder(PathBuf),
    /// The target is a symbolic link.
    #[error(
        "{} is a symbolic link; mgate writes only into a real folder: choose another path with --out (or give the folder the link points to)",
        .0.display()
    )]
    Link(PathBuf),
    /// An entry of a folder mgate wrote, about to be replaced, is a symbolic link.
    #[error(
        "{} is a symbolic link; mgate writes no links into its folders and never writes through one: remove it and try again",
        .0.display()
    )]
    LinkInFolder(PathBuf),
    /// `--force` was given, but the target holds files mgate did not write.
    #[error(
        "{} holds files mgate did not write (it has no mgate manifest.json), so --force does not replace it; choose another folder with --out",
        .0.display()
    )]
    NotMgateFolder(PathBuf),
    /// The target would replace the folder the command runs in, the root, or an input.
    #[error(
        "{} holds {what}, so mgate does not write there; choose another folder with --out",
        target.display()
    )]
    HoldsSomethingElse {
        /// The output folder asked for.
        target: PathBuf,
        /// What it holds, in words.
        what: String,
    },
    /// A folder on the way to the target is a file.
    #[error(
        "cannot write {}: {} is a file, not a folder; choose another path with --out",
        target.display(),
        file.display()
    )]
    ParentIsAFile {
        /// The output folder asked for.
        target: PathBuf,
        /// The file in its path.
        file: PathBuf,
    },
    /// Nothing can be created where the target would go (permissions, read-only file system).
    #[error(
        "cannot write {}: nothing can be created in {}; choose another folder with --out",
        target.display(),
        folder.display()
    )]
    NotWritable {
        /// The output folder asked for.
        target: PathBuf,
        /// The existing folder in which nothing can be created.
        folder: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The run was interrupted: nothing more is written.
    #[error("interrupted: nothing was written to {}", .0.display())]
    Interrupted(PathBuf),
    /// An I/O operation failed.
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Writing CSV failed.
    #[error("cannot write {}: {source}", path.display())]
    Csv {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: csv::Error,
    },
}

impl OutputError {
    /// Whether the error refuses what the user asked for (bad input: exit code 2), rather than
    /// reporting a failure while writing.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::Exists(_)
                | Self::NotAFolder(_)
                | Self::Link(_)
                | Self::LinkInFolder(_)
                | Self::NotMgateFolder(_)
                | Self::HoldsSomethingElse { .. }
                | Self::ParentIsAFile { .. }
                | Self::NotWritable { .. }
        )
    }
}

fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| {
        wait_if_abandoned();
        OutputError::Io {
            action,
            path,
            source,
        }
    }
}

/// Temporary folders being written by this process, so that an interrupt can remove them.
#[derive(Debug)]
struct Unfinished {
    /// Temporary folders created and not yet committed or dropped.
    folders: Vec<PathBuf>,
    /// Targets committed by this process.
    committed: Vec<PathBuf>,
    /// Set by [`abandon_unfinished`]: no folder may be created or committed any more.
    abandoned: bool,
}

/// Set (under the lock) by [`abandon_unfinished`]; read without the lock by error paths, which
/// must never take the lock themselves: the commit maps its errors while holding it.
static ABANDONED: AtomicBool = AtomicBool::new(false);

static UNFINISHED: Mutex<Unfinished> = Mutex::new(Unfinished {
    folders: Vec::new(),
    committed: Vec::new(),
    abandoned: false,
});

fn unfinished() -> MutexGuard<'static, Unfinished> {
    // Every change under the lock is a single push, retain or flag, so a panic elsewhere while
    // holding it cannot leave the list inconsistent.
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A writer whose folder an interrupt removed fails; it waits here (the interrupt handler holds
/// the lock until the process ends) instead of reporting that failure as an error of its own.
/// Without an interrupt it returns at once and takes no lock, so it may run anywhere, also while
/// this thread holds the lock (an interrupt cannot have happened then: it needs the lock).
fn wait_if_abandoned() {
    if ABANDONED.load(Ordering::SeqCst) {
        drop(unfinished());
    }
}

/// What an interrupt did to the outputs being written. Hold it until the process ends: while it
/// is held no output folder can be created or committed, and writers whose folder was removed wait.
#[derive(Debug)]
pub struct Abandoned {
    /// Temporary folders removed (or that could not be removed, with the reason).
    pub removed: Vec<(PathBuf, Result<(), std::io::Error>)>,
    /// Output folders this process had already completed before the interrupt.
    pub committed: Vec<PathBuf>,
    _lock: MutexGuard<'static, Unfinished>,
}

/// For an interrupt handler that is about to end the process: removes every temporary folder
/// being written, so that only complete outputs remain, and keeps any other from being created
/// or committed. Earlier results at the targets are never touched.
pub fn abandon_unfinished() -> Abandoned {
    let mut lock = unfinished();
    lock.abandoned = true;
    ABANDONED.store(true, Ordering::SeqCst);
    let removed = std::mem::take(&mut lock.folders)
        .into_iter()
        .map(|folder| {
            // Rename first: the writer then cannot add files to the folder being removed (its
            // paths no longer exist), so the removal cannot race with it.
            let mut doomed = folder.clone().into_os_string();
            doomed.push("-interrupted");
            let doomed = PathBuf::from(doomed);
            let outcome = fs::rename(&folder, &doomed).and_then(|()| fs::remove_dir_all(&doomed));
            (folder, outcome)
        })
        .collect();
    Abandoned {
        removed,
        committed: lock.committed.clone(),
        _lock: lock,
    }
}

/// Checks, before any work, that outputs could be written to `target`: it is not a file or a
/// link, holds no results unless `force` (and then only results mgate wrote), is neither the
/// root, the current folder or one holding it, nor holds any of `inputs`; and its nearest
/// existing ancestor is a folder in which something can be created.
pub fn check_target(target: &Path, force: bool, inputs: &[&Path]) -> Result<(), OutputError> {
    check_holds_nothing_else(target, inputs)?;
    match fs::symlink_metadata(target) {
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(OutputError::Link(target.to_path_buf()));
        }
        Ok(meta) if !meta.is_dir() => return Err(OutputError::NotAFolder(target.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(io("read", target))?;
            if entries.next().is_some() {
                if !force {
                    return Err(OutputError::Exists(target.to_path_buf()));
                }
                if !is_mgate_folder(target) {
                    return Err(OutputError::NotMgateFolder(target.to_path_buf()));
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {}
        Err(e) => return Err(io("inspect", target)(e)),
    }
    check_writable_parent(target)
}

/// Refuses a target that is the root folder, the current folder or a folder holding it, or a
/// folder holding one of `inputs` (a scenario file, a shard folder): replacing it would remove
/// them.
fn check_holds_nothing_else(target: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let refuse = |what: String| {
        Err(OutputError::HoldsSomethingElse {
            target: target.to_path_buf(),
            what,
        })
    };
    // A target that does not exist yet holds nothing (`canonicalize` needs an existing path).
    let Ok(resolved) = fs::canonicalize(target) else {
        return Ok(());
    };
    if resolved.parent().is_none() {
        return refuse("the whole file system (it is the root folder)".into());
    }
    if let Ok(current) = std::env::current_dir().and_then(fs::canonicalize)
        && current.starts_with(&resolved)
    {
        return refuse("the folder mgate runs in".into());
    }
    for input in inputs {
        if let Ok(input_path) = fs::canonicalize(input)
            && input_path.starts_with(&resolved)
        {
            return refuse(format!("the input {}", input.display()));
        }
    }
    Ok(())
}

/// Whether `folder` is one mgate wrote: it holds a `manifest.json` (a regular file, not a link)
/// with mgate's disclaimer and version, as every run, sweep, merge and sensitivity writes.
/// `--force` replaces only such folders.
pub fn is_mgate_folder(folder: &Path) -> bool {
    let path = folder.join(manifest::FILE);
    let Ok(text) = crate::files::read_text(
        &path,
        crate::files::Links::Refuse,
        crate::files::MAX_DOCUMENT_BYTES,
    ) else {
        return false;
    };
    let Ok(document) = serde_json::from_str::<serde_json::Value>(&text) else {
        return false;
    };
    document.get("disclaimer").and_then(|d| d.as_str()) == Some(crate::DISCLAIMER)
        && document
            .get("mgate_version")
            .is_some_and(serde_json::Value::is_string)
}

/// The folder the target goes in (`.` for a bare name).
fn parent_of(target: &Path) -> &Path {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Finds the nearest existing ancestor of `target`'s parent and checks, by creating and removing
/// an empty folder in it, that the outputs could be created there.
fn check_writable_parent(target: &Path) -> Result<(), OutputError> {
    let mut folder = parent_of(target);
    loop {
        match fs::metadata(folder) {
            Ok(meta) if meta.is_dir() => break,
            Ok(_) => {
                return Err(OutputError::ParentIsAFile {
                    target: target.to_path_buf(),
                    file: folder.to_path_buf(),
                });
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                folder = parent_of(folder);
            }
            Err(e) => return Err(io("inspect", folder)(e)),
        }
    }
    // Named like a temporary folder, so that a run killed right here leaves nothing new.
    let mut probe = sibling(target, "partial").into_os_string();
    probe.push("-probe");
    let probe = folder.join(Path::new(&probe).file_name().unwrap_or(probe.as_os_str()));
    match fs::create_dir(&probe) {
        Ok(()) => {
            let _ = fs::remove_dir(&probe);
            Ok(())
        }
        Err(source) => Err(OutputError::NotWritable {
            target: target.to_path_buf(),
            folder: folder.to_path_buf(),
            source,
        }),
    }
}

/// An output folder being written: a temporary folder that becomes the target on [`commit`].
///
/// [`commit`]: OutputFolder::commit
#[derive(Debug)]
pub struct OutputFolder {
    target: PathBuf,
    temporary: PathBuf,
    /// Whether an earlier folder mgate wrote may be replaced.
    force: bool,
    committed: bool,
    /// Files of [`OutputFolder::write`] being synced to disk in the background; [`commit`]
    /// waits for them.
    ///
    /// [`commit`]: OutputFolder::commit
    syncing: std::sync::Mutex<Vec<PendingSync>>,
}

/// A file being synced to disk by a background thread, and its path for the error message.
#[derive(Debug)]
struct PendingSync {
    path: PathBuf,
    sync: std::thread::JoinHandle<std::io::Result<()>>,
}

/// Creates the temporary folder `temporary` and registers it for removal on an interrupt, both
/// under the lock, so that an interrupt cannot miss it; refused once an interrupt was seen (the
/// error names `for_folder`, the folder the user asked for).
fn create_registered(temporary: &Path, for_folder: &Path) -> Result<(), OutputError> {
    let mut lock = unfinished();
    if lock.abandoned {
        return Err(OutputError::Interrupted(for_folder.to_path_buf()));
    }
    let created = fs::create_dir(temporary);
    if created.is_ok() {
        lock.folders.push(temporary.to_path_buf());
    }
    drop(lock);
    created.map_err(io("create the temporary folder", temporary))
}

/// Name of a sibling of `target` marked with `tag`, unique to this process and moment.
fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    target.with_file_name(format!(".{name}.{tag}-{}-{nanos}", std::process::id()))
}

impl OutputFolder {
    /// Creates the temporary folder beside `target` (and `target`'s parent if needed), after
    /// removing the leftovers of killed runs to the same target.
    pub fn create(target: &Path, force: bool) -> Result<Self, OutputError> {
        check_target(target, force, &[])?;
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io("create the folder", parent))?;
        }
        remove_leftovers(target);
        let temporary = sibling(target, "partial");
        create_registered(&temporary, target)?;
        Ok(Self {
            target: target.to_path_buf(),
            temporary,
            force,
            committed: false,
            syncing: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// The folder the outputs will finally be in.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The temporary folder being written (removed unless committed).
    pub fn temporary(&self) -> &Path {
        &self.temporary
    }

    /// Path of a file inside the temporary folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.temporary.join(name)
    }

    /// Writes a file in one go through a buffered writer and flushes it; a background thread
    /// then syncs it to disk, while the run goes on (a large table takes a tenth of a second),
    /// and [`OutputFolder::commit`] waits for that before the folder moves into place.
    pub fn write(
        &self,
        name: &str,
        contents: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), OutputError> {
        let path = self.file(name);
        let file = fs::File::create(&path).map_err(io("create", &path))?;
        let mut writer = BufWriter::new(file);
        contents(&mut writer).map_err(io("write", &path))?;
        let file = writer
            .into_inner()
            .map_err(|e| io("write", &path)(e.into_error()))?;
        let sync = std::thread::Builder::new()
            .name("mgate-sync".into())
            .spawn(move || file.sync_all());
        match sync {
            Ok(sync) => self
                .syncing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(PendingSync { path, sync }),
            // No thread to spare: sync here (the file moved into the closure that failed to
            // start, so open it again).
            Err(_) => fs::File::open(&path)
                .and_then(|file| file.sync_all())
                .map_err(io("sync", &path))?,
        }
        Ok(())
    }

    /// Waits for the background syncs of [`OutputFolder::write`]; the first failure, if any.
    fn finish_syncing(&self) -> Result<(), OutputError> {
        let pending = std::mem::take(
            &mut *self
                .syncing
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let mut outcome = Ok(());
        for PendingSync { path, sync } in pending {
            let result = sync.join().unwrap_or_else(|_| {
                Err(std::io::Error::other("the thread syncing the file stopped"))
            });
            if let Err(e) = result
                && outcome.is_ok()
            {
                outcome = Err(io("sync", &path)(e));
            }
        }
        outcome
    }

    /// Moves the complete folder into place. The target must not exist then, or be an empty
    /// folder; with `force` (given at creation) it may also be a folder mgate wrote, which is
    /// swapped out and removed. Anything else at the target is left as it is and the commit is
    /// refused ([`OutputError::Exists`], [`OutputError::NotMgateFolder`]): the check and the
    /// move are one step, so nothing that appears at the target during a run is replaced.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        // Every file is on disk before the folder appears under its name.
        self.finish_syncing()?;
        let mut lock = unfinished();
        if lock.abandoned {
            return Err(OutputError::Interrupted(self.target.clone()));
        }
        let swapped = self.move_into_place();
        if swapped.is_ok() {
            self.committed = true;
            lock.folders.retain(|f| f != &self.temporary);
            lock.committed.push(self.target.clone());
        }
        drop(lock);
        if let Some(replaced) = swapped? {
            fs::remove_dir_all(&replaced).map_err(io("remove the replaced folder", &replaced))?;
        }
        Ok(self.target.clone())
    }

    /// Renames the temporary folder to the target; returns where the earlier results now are.
    fn move_into_place(&self) -> Result<Option<PathBuf>, OutputError> {
        let (temporary, target) = (&self.temporary, &self.target);
        match rename_no_replace(temporary, target) {
            Ok(()) => return Ok(None),
            Err(e) if !is_occupied(&e) => return Err(io("move into place", target)(e)),
            Err(_) => {}
        }
        let meta = fs::symlink_metadata(target).map_err(io("inspect", target))?;
        if meta.file_type().is_symlink() {
            return Err(OutputError::Link(target.clone()));
        }
        if !meta.is_dir() {
            return Err(OutputError::NotAFolder(target.clone()));
        }
        // An empty folder holds nothing to lose: remove it (only if still empty) and retry once.
        if fs::remove_dir(target).is_ok() {
            return match rename_no_replace(temporary, target) {
                Ok(()) => Ok(None),
                Err(e) if is_occupied(&e) => Err(OutputError::Exists(target.clone())),
                Err(e) => Err(io("move into place", target)(e)),
            };
        }
        if !self.force {
            return Err(OutputError::Exists(target.clone()));
        }
        self.replace_mgate_folder()
    }

    /// With `--force`: puts the new folder in place of an earlier one mgate wrote, checking the
    /// folder actually swapped out (not the one seen before the run), and never removing a folder
    /// without an mgate manifest. Returns where the earlier results now are.
    fn replace_mgate_folder(&self) -> Result<Option<PathBuf>, OutputError> {
        let (temporary, target) = (&self.temporary, &self.target);
        if exchange(temporary, target) {
            // The earlier folder is now under the temporary name.
            if is_mgate_folder(temporary) {
                return Ok(Some(temporary.clone()));
            }
            // Swap back: the folder now at the target is not mgate's to replace.
            if !exchange(temporary, target) {
                return Err(io("put back", target)(std::io::Error::other(format!(
                    "the folder that was at {} is now at {}",
                    target.display(),
                    temporary.display()
                ))));
            }
            return Err(OutputError::NotMgateFolder(target.clone()));
        }
        let aside = sibling(target, "replaced");
        rename_no_replace(target, &aside).map_err(io("move aside", target))?;
        let put_back = || {
            let _ = rename_no_replace(&aside, target);
        };
        if !is_mgate_folder(&aside) {
            put_back();
            return Err(OutputError::NotMgateFolder(target.clone()));
        }
        if let Err(e) = rename_no_replace(temporary, target) {
            put_back();
            return Err(io("move into place", target)(e));
        }
        Ok(Some(aside))
    }
}

/// Whether a failed rename found something in the way.
fn is_occupied(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::AlreadyExists
            | std::io::ErrorKind::DirectoryNotEmpty
            | std::io::ErrorKind::NotADirectory
    )
}

/// Renames the folder `from` to `to` only if nothing is at `to`: one atomic step on Linux
/// (`renameat2(RENAME_NOREPLACE)`). Where the system or file system cannot, a plain rename of a
/// folder, which can replace nothing but an empty folder (it fails on a file, a link or a folder
/// holding anything), after checking that nothing is there.
fn rename_no_replace(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    match renameat2(from, to, libc::RENAME_NOREPLACE) {
        Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {}
        outcome => return outcome,
    }
    if fs::symlink_metadata(to).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    fs::rename(from, to)
}

/// `renameat2(2)` with `flags`, both paths relative to the current folder.
#[cfg(target_os = "linux")]
fn renameat2(from: &Path, to: &Path, flags: libc::c_uint) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c_path = |path: &Path| {
        CString::new(path.as_os_str().as_bytes())
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))
    };
    let (from, to) = (c_path(from)?, c_path(to)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            flags,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Swaps two paths atomically; `false` if the system or file system cannot (nothing changed).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> bool {
    renameat2(a, b, libc::RENAME_EXCHANGE).is_ok()
}

/// Swaps two paths atomically; `false` if the system or file system cannot (nothing changed).
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
}

/// Moves `fresh` (a folder this process just wrote) to `target` inside a folder mgate wrote,
/// replacing what is there: one atomic swap on Linux, then the earlier entry is removed. Used to
/// re-render a run's `plots/` and `report.html`: the rename replaces a link itself, never the
/// file it points to.
pub fn swap_into(fresh: &Path, target: &Path) -> Result<(), OutputError> {
    match fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return fs::rename(fresh, target).map_err(io("move into place", target));
        }
        Err(e) => return Err(io("inspect", target)(e)),
        Ok(_) => {}
    }
    if exchange(fresh, target) {
        // The earlier entry is now at `fresh`.
        let old = fs::symlink_metadata(fresh).map_err(io("inspect", fresh))?;
        return if old.is_dir() {
            fs::remove_dir_all(fresh).map_err(io("remove the replaced folder", fresh))
        } else {
            fs::remove_file(fresh).map_err(io("remove the replaced file", fresh))
        };
    }
    let old = fs::symlink_metadata(target).map_err(io("inspect", target))?;
    if old.is_dir() {
        let aside = sibling(target, "replaced");
        fs::rename(target, &aside).map_err(io("move aside", target))?;
        if let Err(e) = fs::rename(fresh, target) {
            let _ = fs::rename(&aside, target);
            return Err(io("move into place", target)(e));
        }
        fs::remove_dir_all(&aside).map_err(io("remove the replaced folder", &aside))
    } else {
        // Renaming a file over a file (or a link) is atomic everywhere.
        fs::rename(fresh, target).map_err(io("move into place", target))
    }
}

/// Writes a new file in one step: into a temporary file beside it, synced, then renamed to `path`
/// only if nothing is there (an error of kind `AlreadyExists` otherwise, and nothing written).
/// A reader sees no file or the whole file, never part of it.
pub fn write_new_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    let temporary = sibling(path, "partial");
    let written = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        rename_no_replace(&temporary, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// Files re-rendered for a folder mgate wrote (`mgate plot`): drawn into a fresh temporary folder
/// inside it, then each moved over the folder's entry of the same name in one step
/// ([`swap_into`]). An error or an interrupt before [`Rerender::commit`] leaves the folder as it
/// was; a link among the entries is refused, never written through.
#[derive(Debug)]
pub struct Rerender {
    folder: PathBuf,
    temporary: PathBuf,
}

impl Rerender {
    /// Creates the temporary folder inside `folder`, after refusing links among `entries` (the
    /// names that [`Rerender::commit`] will replace) and removing leftovers of killed runs.
    pub fn create(folder: &Path, entries: &[&str]) -> Result<Self, OutputError> {
        for name in entries {
            let path = folder.join(name);
            if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                return Err(OutputError::LinkInFolder(path));
            }
        }
        let marker = folder.join("plots");
        remove_leftovers(&marker);
        let temporary = sibling(&marker, "partial");
        create_registered(&temporary, folder)?;
        Ok(Self {
            folder: folder.to_path_buf(),
            temporary,
        })
    }

    /// The temporary folder to write into.
    pub fn path(&self) -> &Path {
        &self.temporary
    }

    /// Moves each of `entries` written into the temporary folder over the folder's own.
    /// The temporary folder, with whatever was not moved, is removed when `self` is dropped.
    pub fn commit(self, entries: &[&str]) -> Result<(), OutputError> {
        let lock = unfinished();
        if lock.abandoned {
            return Err(OutputError::Interrupted(self.folder.clone()));
        }
        for name in entries {
            let fresh = self.temporary.join(name);
            if fs::symlink_metadata(&fresh).is_ok() {
                swap_into(&fresh, &self.folder.join(name))?;
            }
        }
        drop(lock);
        Ok(())
    }
}

impl Drop for Rerender {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.temporary);
        unfinished().folders.retain(|f| f != &self.temporary);
    }
}

/// Removes the temporary folders that killed runs to `target` left beside it: those named
/// `.<name>.partial-<pid>-…` whose process has ended. Folders of runs still going are kept.
/// Best effort: a leftover that cannot be removed stays (it is never taken for output).
fn remove_leftovers(target: &Path) {
    let Some(name) = target.file_name() else {
        return;
    };
    let prefix = format!(".{}.partial-", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split('-').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && process_has_ended(pid) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether no process `pid` exists (`false` when unsure).
#[cfg(unix)]
fn process_has_ended(pid: u32) -> bool {
    use nix::sys::signal::kill;
    use nix::unistd::Pid;
    let Ok(pid) = i32::try_from(pid) else {
        return false;
    };
    // Signal 0 only checks: ESRCH means there is no such process.
    kill(Pid::from_raw(pid), None) == Err(nix::errno::Errno::ESRCH)
}

/// Whether no process `pid` exists (`false` when unsure).
#[cfg(not(unix))]
fn process_has_ended(_pid: u32) -> bool {
    false
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temporary);
            unfinished().folders.retain(|f| f != &self.temporary);
        }
    }
}

/// A CSV writer into a file of the output folder.
pub fn csv_writer(
    folder: &OutputFolder,
    name: &str,
) -> Result<(csv::Writer<fs::File>, PathBuf), OutputError> {
    let path = folder.file(name);
    let writer = csv::Writer::from_path(&path).map_err(csv_error(&path))?;
    Ok((writer, path))
}

/// Items formatted per parallel task by [`write_rows_in_parallel`].
const ROWS_PER_TASK: usize = 32;
/// Items formatted before their text is written out, bounding the memory a large file needs.
const ROWS_PER_BATCH: usize = 4096;

/// Writes `name` as `header` followed by the text of every item, formatting items on the current
/// rayon pool and writing them in their order (the file is the same whatever the thread count).
///
/// `format` appends one item's lines to a buffer; it must produce valid CSV itself (mgate's
/// numbers and validated names never need quoting).
pub fn write_rows_in_parallel<T: Sync>(
    folder: &OutputFolder,
    name: &str,
    header: &str,
    items: &[T],
    format: impl Fn(&T, &mut Vec<u8>) -> std::io::Result<()> + Sync,
) -> Result<(), OutputError> {
    use rayon::prelude::*;
    folder.write(name, |out| {
        out.write_all(header.as_bytes())?;
        out.write_all(b"\n")?;
        // Bytes per item, learnt from the batch before, so that a task's text is allocated once
        // rather than grown (and copied) several times.
        let mut bytes_per_item = 256;
        for batch in items.chunks(ROWS_PER_BATCH) {
            let texts: Vec<Vec<u8>> = batch
                .par_chunks(ROWS_PER_TASK)
                .map(|task| {
                    let mut text = Vec::with_capacity(task.len() * bytes_per_item);
                    for item in task {
                        format(item, &mut text)?;
                    }
                    Ok(text)
                })
                .collect::<std::io::Result<_>>()?;
            let bytes: usize = texts.iter().map(Vec::len).sum();
            bytes_per_item = bytes / batch.len() + bytes / batch.len() / 16 + 1;
            for text in &texts {
                out.write_all(text)?;
            }
        }
        Ok(())
    })
}

/// Flushes and syncs a CSV writer.
pub fn finish_csv(writer: csv::Writer<fs::File>, path: &Path) -> Result<(), OutputError> {
    let file = writer
        .into_inner()
        .map_err(|e| io("write", path)(e.into_error()))?;
    file.sync_all().map_err(io("sync", path))
}

/// Turns a CSV error into an [`OutputError`] for `path`.
pub fn csv_error(path: &Path) -> impl Fn(csv::Error) -> OutputError + '_ {
    move |source| {
        wait_if_abandoned();
        OutputError::Csv {
            path: path.to_path_buf(),
            source,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file whose background sync fails: the commit reports it, naming the file, and the
    /// folder never appears under its name.
    #[test]
    fn a_failed_background_sync_fails_the_commit_and_nothing_appears() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        let folder = OutputFolder::create(&target, false).unwrap();
        folder.write("a.txt", |w| w.write_all(b"one")).unwrap();
        folder.syncing.lock().unwrap().push(PendingSync {
            path: folder.file("b.txt"),
            sync: std::thread::spawn(|| Err(std::io::Error::other("disk full"))),
        });
        let error = folder.commit().unwrap_err().to_string();
        assert!(
            error.contains("b.txt") && error.contains("disk full"),
            "{error}"
        );
        assert!(!target.exists());
    }

    #[test]
    fn folder_appears_only_on_commit_and_replaces_only_with_force() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        let folder = OutputFolder::create(&target, false).unwrap();
        folder.write("a.txt", |w| w.write_all(b"one")).unwrap();
        write_manifest(&folder);
        assert!(!target.exists());
        folder.commit().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "one");

        assert!(matches!(
            OutputFolder::create(&target, false),
            Err(OutputError::Exists(_))
        ));
        let folder = OutputFolder::create(&target, true).unwrap();
        folder.write("b.txt", |w| w.write_all(b"two")).unwrap();
        folder.commit().unwrap();
        assert!(!target.join("a.txt").exists());
        assert!(target.join("b.txt").exists());
        // Nothing is left beside the target.
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    fn write_manifest(folder: &OutputFolder) {
        let manifest = serde_json::json!({
            "disclaimer": crate::DISCLAIMER,
            "mgate_version": env!("CARGO_PKG_VERSION"),
        });
        folder
            .write(manifest::FILE, |w| {
                w.write_all(manifest.to_string().as_bytes())
            })
            .unwrap();
    }

    #[test]
    fn what_appears_at_the_target_meanwhile_is_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        for force in [false, true] {
            let folder = OutputFolder::create(&target, force).unwrap();
            write_manifest(&folder);
            fs::create_dir(&target).unwrap();
            fs::write(target.join("thesis.txt"), "mine").unwrap();
            let refused = folder.commit().unwrap_err();
            assert!(refused.is_refusal(), "{refused}");
            assert_eq!(
                fs::read_to_string(target.join("thesis.txt")).unwrap(),
                "mine"
            );
            fs::remove_dir_all(&target).unwrap();
        }
        // An empty folder holds nothing to lose.
        let folder = OutputFolder::create(&target, false).unwrap();
        fs::create_dir(&target).unwrap();
        folder.commit().unwrap();
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_commit_that_fails_reports_its_error_instead_of_waiting_on_its_own_lock() {
        let root = tempfile::tempdir().unwrap();
        let parent = root.path().join("parent");
        let target = parent.join("run");
        let folder = OutputFolder::create(&target, false).unwrap();
        // The folder the run was writing into vanishes: the rename fails with an I/O error.
        fs::remove_dir_all(&parent).unwrap();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || sender.send(folder.commit().is_err()));
        let failed = receiver
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the commit returned");
        assert!(failed);
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_ended_runs_are_removed_and_others_kept() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        // A process that has ended (and been reaped): its id is free.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let ended = child.id();
        child.wait().unwrap();
        let names = [
            format!(".run.partial-{ended}-1"),
            format!(".run.partial-{ended}-2-interrupted"),
            format!(".run.partial-{}-3", std::process::id()),
            ".run.partial-1-4".to_string(), // process 1 is always running
            format!(".other.partial-{ended}-5"),
            format!(".run.replaced-{ended}-6"),
            "notes".to_string(),
        ];
        for name in &names {
            fs::create_dir(root.path().join(name)).unwrap();
        }
        let folder = OutputFolder::create(&target, false).unwrap();
        let temporary = folder.temporary().to_path_buf();
        let mut left: Vec<String> = fs::read_dir(root.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| *name != temporary.file_name().unwrap().to_string_lossy())
            .collect();
        left.sort();
        let mut kept = names[2..].to_vec();
        kept.sort();
        assert_eq!(left, kept);
    }

    #[test]
    fn exchange_swaps_two_folders_or_changes_nothing() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("from_a"), "").unwrap();
        fs::write(b.join("from_b"), "").unwrap();
        if exchange(&a, &b) {
            assert!(a.join("from_b").exists() && b.join("from_a").exists());
        } else {
            // Where the system cannot swap, `commit` moves the earlier folder aside instead.
            assert!(a.join("from_a").exists() && b.join("from_b").exists());
        }
        // Where it can, it does.
        #[cfg(target_os = "linux")]
        assert!(
            b.join("from_a").exists(),
            "no RENAME_EXCHANGE on this file system"
        );
    }

    #[test]
    fn dropped_folder_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        {
            let folder = OutputFolder::create(&target, false).unwrap();
            folder.write("a.txt", |w| w.write_all(b"x")).unwrap();
        }
        assert_eq!(fs::read_dir(root.path()).unwrap().count(), 0);
    }
}
