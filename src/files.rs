//! Reading the files a user gives (scenarios) and the files of output folders (manifests, CSV
//! tables, plots) safely: regular files only, never more than a stated number of bytes.
//!
//! A device (`/dev/zero`), a FIFO or a socket given where a file is expected is refused before
//! anything is read from it: the file is opened without blocking (a FIFO with no writer would
//! otherwise hang the open) and its type is checked on the open file itself, so nothing can be
//! swapped in between. The byte limit is enforced while reading, not only from the size the file
//! system reports, so a file that grows while it is read cannot exhaust the memory either.
//!
//! Files inside an output folder are read with [`Links::Refuse`]: mgate never writes links into
//! its folders, so a link there is not followed out of the folder.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Largest file of an output folder that is read (a `timeseries.csv` of a large run).
pub const MAX_TABLE_BYTES: u64 = 4 << 30;
/// Largest `manifest.json` (or other small document of an output folder) that is read.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// Whether a symbolic link may stand where the file is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Follow it (a scenario file the user named through a link).
    Follow,
    /// Refuse it (a file inside an output folder).
    Refuse,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The path names something that is not a regular file.
    #[error("{} is {kind}, not a regular file; give a file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is (`a folder`, `a device`, `a FIFO`, …).
        kind: &'static str,
    },
    /// The path is a symbolic link where none may be.
    #[error(
        "{} is a symbolic link; mgate writes no links into its folders, so it does not follow one",
        path.display()
    )]
    Link {
        /// The path.
        path: PathBuf,
    },
    /// The file holds more bytes than allowed.
    #[error("{} is larger than {limit} bytes, the most mgate reads of such a file", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, bytes.
        limit: u64,
    },
}

impl ReadError {
    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

/// A reader of one regular file that fails, rather than reading on, past its byte limit.
#[derive(Debug)]
pub struct LimitedFile {
    file: io::Take<File>,
    path: PathBuf,
    limit: u64,
}

impl Read for LimitedFile {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let read = self.file.read(buffer)?;
        if self.file.limit() == 0 {
            // One byte past the limit was allowed through `take`, to tell a file of exactly
            // `limit` bytes from a larger one.
            return Err(io::Error::other(ReadError::TooLarge {
                path: self.path.clone(),
                limit: self.limit,
            }));
        }
        Ok(read)
    }
}

/// What a file type is, in words.
fn kind_of(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "not a file"
    }
}

/// Opens a regular file for reading, at most `limit` bytes (see the module docs).
pub fn open(path: &Path, links: Links, limit: u64) -> Result<LimitedFile, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    };
    if links == Links::Refuse
        && std::fs::symlink_metadata(path)
            .map_err(io_error)?
            .file_type()
            .is_symlink()
    {
        return Err(ReadError::Link {
            path: path.to_path_buf(),
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Non-blocking, so that opening a FIFO returns at once; the type check below refuses it.
        let mut flags = nix::fcntl::OFlag::O_NONBLOCK;
        if links == Links::Refuse {
            flags |= nix::fcntl::OFlag::O_NOFOLLOW;
        }
        options.custom_flags(flags.bits());
    }
    let file = options.open(path).map_err(|source| {
        // O_NOFOLLOW on a link that appeared since the check above.
        #[cfg(unix)]
        if source.raw_os_error() == Some(nix::errno::Errno::ELOOP as i32) {
            return ReadError::Link {
                path: path.to_path_buf(),
            };
        }
        io_error(source)
    })?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile {
            path: path.to_path_buf(),
            kind: kind_of(metadata.file_type()),
        });
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    #[cfg(unix)]
    {
        // Back to blocking reads: a regular file never blocks, but the flag must not leak.
        use nix::fcntl::{FcntlArg, OFlag, fcntl};
        let flags = fcntl(&file, FcntlArg::F_GETFL).map_err(|e| io_error(e.into()))?;
        let flags = OFlag::from_bits_truncate(flags) - OFlag::O_NONBLOCK;
        fcntl(&file, FcntlArg::F_SETFL(flags)).map_err(|e| io_error(e.into()))?;
    }
    Ok(LimitedFile {
        file: file.take(limit.saturating_add(1)),
        path: path.to_path_buf(),
        limit,
    })
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read(path: &Path, links: Links, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut file = open(path, links, limit)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|source| match source.downcast::<ReadError>() {
            Ok(too_large) => too_large,
            Err(source) => ReadError::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
    Ok(bytes)
}

/// Reads a whole regular file of at most `limit` bytes as UTF-8 text.
pub fn read_text(path: &Path, links: Links, limit: u64) -> Result<String, ReadError> {
    String::from_utf8(read(path, links, limit)?).map_err(|e| ReadError::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read(&path, Links::Refuse, 5).unwrap(), b"12345");
        assert!(matches!(
            read(&path, Links::Refuse, 4),
            Err(ReadError::TooLarge { limit: 4, .. })
        ));
        assert!(matches!(
            read(dir.path(), Links::Follow, 4),
            Err(ReadError::NotAFile { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_fifos_and_links_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(Path::new("/dev/zero"), Links::Follow, 1 << 20),
            Err(ReadError::NotAFile {
                kind: "a device",
                ..
            })
        ));
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert!(matches!(
            read(&fifo, Links::Follow, 10),
            Err(ReadError::NotAFile { .. })
        ));
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "x").unwrap();
        let link = dir.path().join("link.txt");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        assert_eq!(read(&link, Links::Follow, 10).unwrap(), b"x");
        assert!(matches!(
            read(&link, Links::Refuse, 10),
            Err(ReadError::Link { .. })
        ));
    }
}
