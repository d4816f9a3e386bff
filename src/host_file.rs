//! Reading the files a user names (the ELF program, a device tree) with a
//! size limit: `/dev/zero`, a FIFO that never ends or a mistaken
//! multi-gigabyte file must end in one clear error, not in reading until
//! memory runs out.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest ELF file read: far above any program's size (a Linux `vmlinux`
/// with full debug information is a few hundred MiB).
pub const MAX_ELF_FILE: u64 = 1 << 30;
/// Largest device tree file read: Linux maps at most 2 MiB of the tree,
/// and hartsim's own is about 4 KiB.
pub const MAX_DTB_FILE: u64 = 2 << 20;

/// What a file is for, to name it and its limit in an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// An ELF program (`MAX_ELF_FILE`).
    Elf,
    /// A flattened device tree (`MAX_DTB_FILE`).
    DeviceTree,
    /// A boot image: firmware, kernel or initrd, ELF or raw (`MAX_ELF_FILE`,
    /// no magic number).
    BootImage,
}

impl FileKind {
    /// The most bytes read for this kind of file.
    pub fn limit(self) -> u64 {
        match self {
            FileKind::Elf | FileKind::BootImage => MAX_ELF_FILE,
            FileKind::DeviceTree => MAX_DTB_FILE,
        }
    }

    /// The bytes such a file starts with.
    fn magic(self) -> &'static [u8] {
        match self {
            FileKind::Elf => b"\x7fELF",
            FileKind::DeviceTree => &crate::devices::fdt::FDT_MAGIC,
            FileKind::BootImage => b"",
        }
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            FileKind::Elf => "an ELF file",
            FileKind::DeviceTree => "a device tree file",
            FileKind::BootImage => "a boot image",
        })
    }
}

/// A file that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// Opening or reading it failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// It is larger than hartsim reads for its kind.
    #[error("{path}: larger than {} MiB, the most hartsim reads for {kind}", limit >> 20)]
    TooLarge {
        /// The file.
        path: String,
        /// What it was read as.
        kind: FileKind,
        /// The most bytes read for that kind.
        limit: u64,
    },
}

/// The contents of the file at `path`, at most `kind.limit()` bytes. A
/// file that does not start with the kind's magic number is returned after
/// those first bytes, for the caller's parser to say what it is not: so
/// `/dev/zero` is refused at once instead of after a gigabyte.
pub fn read_file(path: &Path, kind: FileKind) -> Result<Vec<u8>, FileError> {
    let name = || path.display().to_string();
    let io = |source| FileError::Io { path: name(), source };
    let too_large = || FileError::TooLarge { path: name(), kind, limit: kind.limit() };
    let file = File::open(path).map_err(io)?;
    // A regular file knows its size: refuse a huge one without reading it.
    if file.metadata().is_ok_and(|m| m.is_file() && m.len() > kind.limit()) {
        return Err(too_large());
    }
    let mut reader = file.take(kind.limit() + 1);
    let mut bytes = Vec::new();
    let magic = kind.magic();
    (&mut reader).take(magic.len() as u64).read_to_end(&mut bytes).map_err(io)?;
    if bytes != magic {
        return Ok(bytes);
    }
    reader.read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > kind.limit() {
        return Err(too_large());
    }
    Ok(bytes)
}
