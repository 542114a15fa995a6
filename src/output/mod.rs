//! Run outputs: an atomically created output folder and one writer per file format.
//!
//! Files are written into a temporary folder beside the target and the folder is renamed into
//! place only when every file is complete, so a reader (or a killed run) sees either the previous
//! complete output or the new complete output, never a half-written folder. An existing
//! non-empty output folder is replaced only with `--force`.

pub mod dataset;
pub mod effects;
pub mod manifest;
pub mod subjects;
pub mod summary;
pub mod timeseries;

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

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
    move |source| OutputError::Io {
        action,
        path,
        source,
    }
}

/// Checks, before any work, that outputs could be written to `target`.
pub fn check_target(target: &Path, force: bool) -> Result<(), OutputError> {
    match fs::metadata(target) {
        Ok(meta) if !meta.is_dir() => Err(OutputError::NotAFolder(target.to_path_buf())),
        Ok(_) => {
            let mut entries = fs::read_dir(target).map_err(io("read", target))?;
            if entries.next().is_some() && !force {
                Err(OutputError::Exists(target.to_path_buf()))
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io("inspect", target)(e)),
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
    /// Creates the temporary folder beside `target` (and `target`'s parent if needed).
    pub fn create(target: &Path, force: bool) -> Result<Self, OutputError> {
        check_target(target, force)?;
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io("create the folder", parent))?;
        }
        let temporary = sibling(target, "partial");
        fs::create_dir(&temporary).map_err(io("create the temporary folder", &temporary))?;
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
    /// creation). The earlier folder is moved aside first and removed only after the swap.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let mut replaced = None;
        if self.target.exists() {
            let aside = sibling(&self.target, "replaced");
            fs::rename(&self.target, &aside).map_err(io("move aside", &self.target))?;
            replaced = Some(aside);
        }
        if let Err(e) = fs::rename(&self.temporary, &self.target) {
            if let Some(aside) = &replaced {
                // Put the earlier results back before reporting the failure.
                let _ = fs::rename(aside, &self.target);
            }
            return Err(io("move into place", &self.target)(e));
        }
        self.committed = true;
        if let Some(aside) = replaced {
            fs::remove_dir_all(&aside).map_err(io("remove the replaced folder", &aside))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for OutputFolder {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temporary);
        }
    }
}

/// A CSV writer into a file of the output folder.
pub fn csv_writer(
    folder: &OutputFolder,
    name: &str,
) -> Result<(csv::Writer<fs::File>, PathBuf), OutputError> {
    let path = folder.file(name);
    let writer = csv::Writer::from_path(&path).map_err(|source| OutputError::Csv {
        path: path.clone(),
        source,
    })?;
    Ok((writer, path))
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
    move |source| OutputError::Csv {
        path: path.to_path_buf(),
        source,
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
