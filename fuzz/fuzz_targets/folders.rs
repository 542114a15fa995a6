//! Fuzz targets `merge` and `plot` share this: arbitrary bytes cut into the files of an output
//! folder, written into a fresh temporary folder.
//!
//! The input is split at lines `--8<-- NAME` into files named `NAME` (only the names an mgate
//! folder has are kept), so the corpus holds real folders with a few bytes changed.

use std::path::PathBuf;

/// File names an mgate output folder holds.
pub const NAMES: [&str; 8] = [
    "manifest.json",
    "sweep.csv",
    "sensitivity.csv",
    "summary.csv",
    "timeseries.csv",
    "subjects.csv",
    "effects.csv",
    "individual_effects.csv",
];

/// The files of one folder in `data`, from `--8<-- NAME` lines on; a line `--8<-- next` starts
/// the next folder. Returns one list of `(name, contents)` per folder.
pub fn folders(data: &[u8]) -> Vec<Vec<(&'static str, Vec<u8>)>> {
    let text = String::from_utf8_lossy(data);
    let mut folders = vec![Vec::new()];
    let mut current: Option<(&'static str, String)> = None;
    for line in text.split_inclusive('\n') {
        if let Some(name) = line.trim_end().strip_prefix("--8<-- ") {
            if let Some((name, contents)) = current.take() {
                folders
                    .last_mut()
                    .expect("a folder")
                    .push((name, contents.into_bytes()));
            }
            if name == "next" {
                folders.push(Vec::new());
            } else if let Some(&known) = NAMES.iter().find(|n| **n == name) {
                current = Some((known, String::new()));
            }
        } else if let Some((_, contents)) = current.as_mut() {
            contents.push_str(line);
        }
    }
    if let Some((name, contents)) = current {
        folders
            .last_mut()
            .expect("a folder")
            .push((name, contents.into_bytes()));
    }
    folders
}

/// A temporary folder, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A fresh, empty folder unique to this process and call.
    pub fn new() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "mgate-fuzz-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temporary folder");
        Self(path)
    }

    /// Writes the files of a folder into `self/<name>/` and returns that folder.
    pub fn folder(&self, name: &str, files: &[(&str, Vec<u8>)]) -> PathBuf {
        let dir = self.0.join(name);
        std::fs::create_dir_all(&dir).expect("folder");
        for (file, contents) in files {
            std::fs::write(dir.join(file), contents).expect("file");
        }
        dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
