//! Run outputs: an atomically created output folder and one writer per file format.
//!
//! Files are written into a temporary folder beside the target and the folder is renamed into
//! place only when every file is complete, so a reader (or a killed run) sees either the previous
//! complete output or the new complete output, never a half-written folder. An existing
//! non-empty output folder is replaced only with `--force`; on Linux the swap is one atomic
//! `renameat2(RENAME_EXCHANGE)`, so there is no moment without the earlier results either.
//! (Elsewhere the earlier folder is first renamed to `.<name>.replaced-…`; a run killed between
//! the two renames leaves the earlier results there, and they are never removed automatically.)
//!
//! A run killed while writing leaves its temporary folder, `.<name>.partial-<pid>-<nanos>`, beside
//! the target; the next run to the same target removes such leftovers whose process has ended
//! (on Unix). An interrupt (Ctrl-C) removes the temporary folder at once: see
//! [`abandon_unfinished`].

pub mod dataset;
pub mod effects;
pub mod manifest;
pub mod subjects;
pub mod summary;
pub mod sweep;
pub mod timeseries;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
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
fn wait_if_abandoned() {
    drop(unfinished());
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

/// Checks, before any work, that outputs could be written to `target`: it is not a file, holds no
/// results unless `force`, and its nearest existing ancestor is a folder in which something can be
/// created.
pub fn check_target(target: &Path, force: bool) -> Result<(), OutputError> {
    match fs::metadata(target) {
        Ok(meta) if !meta.is_dir() => return Err(OutputError::NotAFolder(target.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(io("read", target))?;
            if entries.next().is_some() && !force {
                return Err(OutputError::Exists(target.to_path_buf()));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {}
        Err(e) => return Err(io("inspect", target)(e)),
    }
    check_writable_parent(target)
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
    committed: bool,
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
        check_target(target, force)?;
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io("create the folder", parent))?;
        }
        remove_leftovers(target);
        let temporary = sibling(target, "partial");
        let mut lock = unfinished();
        if lock.abandoned {
            return Err(OutputError::Interrupted(target.to_path_buf()));
        }
        // Created under the lock, so that an interrupt cannot miss it.
        let created = fs::create_dir(&temporary);
        if created.is_ok() {
            lock.folders.push(temporary.clone());
        }
        drop(lock);
        created.map_err(io("create the temporary folder", &temporary))?;
        Ok(Self {
            target: target.to_path_buf(),
            temporary,
            committed: false,
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

    /// Writes a file in one go through a buffered writer, then flushes and syncs it.
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
        file.sync_all().map_err(io("sync", &path))
    }

    /// Moves the complete folder into place, replacing an earlier one (allowed by `force` at
    /// creation). On Linux the two folders are swapped in one atomic step; elsewhere the earlier
    /// folder is moved aside first. The earlier results are removed only after the swap.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
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
        if !self.target.exists() {
            fs::rename(&self.temporary, &self.target)
                .map_err(io("move into place", &self.target))?;
            return Ok(None);
        }
        if exchange(&self.temporary, &self.target) {
            // The earlier results are now under the temporary name.
            return Ok(Some(self.temporary.clone()));
        }
        let aside = sibling(&self.target, "replaced");
        fs::rename(&self.target, &aside).map_err(io("move aside", &self.target))?;
        if let Err(e) = fs::rename(&self.temporary, &self.target) {
            // Put the earlier results back before reporting the failure.
            let _ = fs::rename(&aside, &self.target);
            return Err(io("move into place", &self.target)(e));
        }
        Ok(Some(aside))
    }
}

/// Swaps two paths atomically; `false` if the system or file system cannot (nothing changed).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> bool {
    use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
    renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE).is_ok()
}

/// Swaps two paths atomically; `false` if the system or file system cannot (nothing changed).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_a: &Path, _b: &Path) -> bool {
    false
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

/// Appends `value` to a CSV line in the shortest form that reads back as exactly the same `f64`
/// (Ryū): `0.85`, `28.846965661178` or `1.5e-7`; whole numbers keep a `.0`, and non-finite values
/// read `NaN`, `inf` or `-inf`. Several times faster than `Display`, which matters for the
/// millions of values in a large run's `timeseries.csv` and `dataset.csv`.
pub fn push_number(text: &mut Vec<u8>, value: f64) {
    let mut buffer = ryu::Buffer::new();
    text.extend_from_slice(buffer.format(value).as_bytes());
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
        for batch in items.chunks(ROWS_PER_BATCH) {
            let texts: Vec<Vec<u8>> = batch
                .par_chunks(ROWS_PER_TASK)
                .map(|task| {
                    let mut text = Vec::with_capacity(task.len() * 256);
                    for item in task {
                        format(item, &mut text)?;
                    }
                    Ok(text)
                })
                .collect::<std::io::Result<_>>()?;
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

    #[test]
    fn folder_appears_only_on_commit_and_replaces_only_with_force() {
        let root = tempfile::tempdir().unwrap();
        let target = root.path().join("run");
        let folder = OutputFolder::create(&target, false).unwrap();
        folder.write("a.txt", |w| w.write_all(b"one")).unwrap();
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
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
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
