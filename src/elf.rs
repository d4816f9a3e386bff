//! ELF64 RISC-V executables -> a loadable image: segments at their physical
//! addresses, the entry point, and the symbol table. Every check on the file
//! happens here, each with its own error, so a bad file never reaches the
//! machine and never panics the host.
//!
//! Loading costs time and memory linear in the file's size whatever the
//! file claims: every count and offset in the headers is checked against
//! the file and against the limits below before anything is parsed (goblin
//! parses only the parts named here, never the whole file eagerly), segments
//! may not overlap in memory nor copy more bytes than the file has, and
//! symbol names are not copied one by one.

mod sections;
mod strings;
mod symbols;

use crate::bus::{DEVICE_WINDOWS, RAM_BASE};
use goblin::container::{Container, Ctx, Endian};
use goblin::elf::program_header::{PT_LOAD, ProgramHeader};
use sections::{SectionTable, TableLocation};
pub use symbols::Symbols;
use thiserror::Error;

/// Most program headers accepted; real programs have a handful.
pub const MAX_PROGRAM_HEADERS: u64 = 1024;
/// Most section headers accepted (the most `e_shnum` can say without
/// extended numbering; 4 MiB of table).
pub const MAX_SECTION_HEADERS: u64 = 65_535;
/// Most symbol table entries accepted (a Linux kernel has about 150,000).
pub const MAX_SYMBOLS: u64 = 4_000_000;

const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;

/// Why an ELF file cannot be loaded. Each variant names one check, so a
/// caller (or a test) can tell the problems apart; the message says what to
/// fix.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ElfError {
    /// Shorter than an ELF header: the length in bytes.
    #[error("file is too short to be an ELF executable ({0} bytes)")]
    TooShort(usize),
    /// The file does not start with `\x7fELF`.
    #[error("not an ELF file (bad magic number)")]
    NotElf,
    /// An ELF32 file: hartsim runs RV64 only.
    #[error("32-bit ELF file: hartsim runs RV64 programs only")]
    Elf32,
    /// `EI_CLASS` is neither 32- nor 64-bit: its value.
    #[error("unknown ELF class {0}")]
    BadClass(u8),
    /// A big-endian file.
    #[error("big-endian ELF file: RISC-V programs are little-endian")]
    BigEndian,
    /// `EI_DATA` is neither little- nor big-endian: its value.
    #[error("unknown ELF data encoding {0}")]
    BadEncoding(u8),
    /// `e_machine` is not RISC-V: its value.
    #[error("ELF file is for machine type {0}, not RISC-V (EM_RISCV = 243)")]
    WrongMachine(u16),
    /// `e_type` is not `ET_EXEC` (an object file or shared library): its value.
    #[error("ELF type {0} is not an executable (ET_EXEC); link the program first")]
    NotExecutable(u16),
    /// The program header table cannot be read (wrong entry size, or it
    /// runs past the end of the file): what is wrong.
    #[error("program header table is truncated or malformed ({0})")]
    TruncatedHeaders(String),
    /// More program headers than [`MAX_PROGRAM_HEADERS`]: the count.
    #[error("{0} program headers: hartsim accepts at most 1024")]
    TooManyProgramHeaders(u64),
    /// The section header table cannot be read: what is wrong.
    #[error("section header table is truncated or malformed ({0})")]
    SectionHeaders(String),
    /// More section headers than [`MAX_SECTION_HEADERS`]: the count.
    #[error("{0} section headers: hartsim accepts at most 65535")]
    TooManySections(u64),
    /// The symbol table or its string table cannot be read: what is wrong.
    #[error("symbol table is malformed ({0})")]
    SymbolTable(String),
    /// More symbols than [`MAX_SYMBOLS`]: the count.
    #[error("{0} symbols: hartsim accepts at most 4000000")]
    TooManySymbols(u64),
    /// The executable sections together are larger than the file, so some
    /// share bytes.
    #[error(
        "executable sections hold {total} bytes, more than the whole file ({file_len} bytes): \
         they overlap"
    )]
    CodeSectionsOverlap {
        /// Bytes in all executable sections.
        total: u64,
        /// Bytes in the file.
        file_len: u64,
    },
    /// Any other malformation: what is wrong.
    #[error("malformed ELF file: {0}")]
    Malformed(String),
    /// No `PT_LOAD` segment with a non-zero memory size: nothing to run.
    #[error("no loadable segment (PT_LOAD with a non-zero size)")]
    NoLoadableSegment,
    /// A segment has more bytes in the file than in memory.
    #[error("segment {index}: file size {filesz:#x} is larger than its memory size {memsz:#x}")]
    FileSizeExceedsMemSize {
        /// The segment's program header index.
        index: usize,
        /// Its `p_filesz`.
        filesz: u64,
        /// Its `p_memsz`.
        memsz: u64,
    },
    /// A segment's file data runs past the end of the file.
    #[error("segment {index}: its data runs past the end of the file")]
    DataPastEndOfFile {
        /// The segment's program header index.
        index: usize,
    },
    /// A segment's address plus its size overflows 64 bits.
    #[error("segment {index}: address range wraps around the end of the address space")]
    AddressWraps {
        /// The segment's program header index.
        index: usize,
    },
    /// A segment would be loaded over a device's registers.
    #[error("segment {index} at {start:#x}..{end:#x} overlaps {device}")]
    OverlapsDevice {
        /// The segment's program header index.
        index: usize,
        /// Its first physical address.
        start: u64,
        /// The address just past its end.
        end: u64,
        /// The device it overlaps (`"the CLINT"`, ...).
        device: &'static str,
    },
    /// A segment holding code or data starts below RAM.
    #[error(
        "segment {index} at {start:#x}..{end:#x} is outside RAM, which starts at {ram_start:#x}: \
         link the program for 0x80000000"
    )]
    BelowRam {
        /// The segment's program header index.
        index: usize,
        /// Its first physical address.
        start: u64,
        /// The address just past its end.
        end: u64,
        /// The first address of RAM ([`RAM_BASE`]).
        ram_start: u64,
    },
    /// The program is linked where Linux puts user programs.
    #[error(
        "segment {index} at {start:#x} is far below RAM: this looks like a Linux user program; \
         hartsim runs bare-metal programs linked for 0x80000000 (as QEMU's virt machine does)"
    )]
    LinuxUserProgram {
        /// The segment's program header index.
        index: usize,
        /// Its first physical address.
        start: u64,
    },
    /// A segment ends past the end of the machine's RAM.
    #[error(
        "segment {index} at {start:#x}..{end:#x} is outside RAM ({ram_start:#x}..{ram_end:#x}); \
         raise --memory or link it lower"
    )]
    OutsideRam {
        /// The segment's program header index.
        index: usize,
        /// Its first physical address.
        start: u64,
        /// The address just past its end.
        end: u64,
        /// The first address of RAM ([`RAM_BASE`]).
        ram_start: u64,
        /// The address just past the end of RAM.
        ram_end: u64,
    },
    /// The entry point (`e_entry`, given here) is in no loaded segment.
    #[error("entry point {0:#x} is outside every loaded segment")]
    EntryOutsideSegments(u64),
    /// Two segments overlap in memory.
    #[error("segments {first} and {second} overlap in memory at {start:#x}..{end:#x}")]
    SegmentsOverlap {
        /// The lower program header index of the two.
        first: usize,
        /// The higher program header index of the two.
        second: usize,
        /// The first overlapping address.
        start: u64,
        /// The address just past the overlap.
        end: u64,
    },
    /// The segments together copy more bytes than the file has, so some
    /// share file data.
    #[error(
        "segments hold {total} bytes of file data, more than the whole file ({file_len} bytes): \
         they share bytes"
    )]
    SegmentsShareFileData {
        /// Bytes of file data in the segments so far.
        total: u64,
        /// Bytes in the file.
        file_len: u64,
    },
}

/// Bytes to place in RAM: `data` followed by zeros up to `mem_size`.
#[derive(Debug, Clone)]
pub struct Segment {
    /// Physical address of the first byte (`p_paddr`).
    pub paddr: u64,
    /// The bytes from the file (`p_filesz` of them).
    pub data: Vec<u8>,
    /// Bytes the segment occupies in memory (`p_memsz`), at least `data.len()`.
    pub mem_size: u64,
    /// Whether the segment is marked executable (`PF_X`).
    pub executable: bool,
}

/// A checked, loadable program.
#[derive(Debug, Clone)]
pub struct ElfImage {
    /// Physical address of the first instruction.
    pub entry: u64,
    /// The loadable segments, in program header order.
    pub segments: Vec<Segment>,
    /// The symbol table (empty if the file has none), for labels in
    /// disassembly and traces.
    pub symbols: Symbols,
    /// Executable sections for the disassembler: (name, address, bytes).
    pub code_sections: Vec<(String, u64, Vec<u8>)>,
}

/// Check and load an ELF file for a machine with `ram_size` bytes of RAM at `RAM_BASE`.
pub fn load_elf(bytes: &[u8], ram_size: u64) -> Result<ElfImage, ElfError> {
    let header = check_header(bytes)?;
    let program_headers =
        ProgramHeader::parse(bytes, header.phoff as usize, header.phnum as usize, elf_ctx())
            .map_err(|e| ElfError::TruncatedHeaders(e.to_string()))?;
    let (sections, names_index) = SectionTable::parse(bytes, &header.sections)?;
    // The file's own headers (and the padding up to the first section): a
    // segment may start below RAM only with these.
    let headers_end = (header.phoff + header.phnum * PROGRAM_HEADER_SIZE)
        .max(FILE_HEADER_SIZE)
        .max(sections.first_contents_offset().unwrap_or(0));
    let (segments, ranges) = load_segments(bytes, &program_headers, ram_size, headers_end)?;
    let entry = ranges
        .iter()
        .find(|(vaddr, _, size)| header.entry.wrapping_sub(*vaddr) < *size)
        .map(|(vaddr, paddr, _)| header.entry - vaddr + paddr)
        .ok_or(ElfError::EntryOutsideSegments(header.entry))?;
    Ok(ElfImage {
        entry,
        segments,
        symbols: sections.symbols()?,
        code_sections: sections.code(names_index)?,
    })
}

/// How goblin reads the parts of an RV64 file: 64-bit, little-endian.
fn elf_ctx() -> Ctx {
    Ctx::new(Container::Big, Endian::Little)
}

/// Sizes of the ELF64 file header and of one program header.
const FILE_HEADER_SIZE: u64 = 64;
const PROGRAM_HEADER_SIZE: u64 = 56;
/// Segments starting in this range are taken for a Linux user program
/// (Linux links them at 0x10000 and up); nothing of the `virt` map's
/// memory lives there.
const LINUX_USER_PROGRAMS: std::ops::Range<u64> = 0x1_0000..0x10_0000;

/// (vaddr, paddr, memsz) of a loaded segment, to place the entry point.
type SegmentRange = (u64, u64, u64);

/// The PT_LOAD segments, each checked against RAM and the devices; together
/// they may neither overlap in memory (QEMU refuses that too) nor copy more
/// bytes than the file holds, which bounds loading by the file's size.
///
/// A segment that starts below RAM only because it carries the file and
/// program headers (what `-Ttext=0x80000000` with the default linker script
/// gives: a first segment at 0x7ffff000) is loaded from RAM's start on, as
/// QEMU runs it; real code or data below RAM is an error.
fn load_segments(
    bytes: &[u8],
    program_headers: &[ProgramHeader],
    ram_size: u64,
    headers_end: u64,
) -> Result<(Vec<Segment>, Vec<SegmentRange>), ElfError> {
    let ram_end = RAM_BASE + ram_size;
    let mut segments = Vec::new();
    let mut ranges = Vec::new();
    // (start, end, index) in RAM, to find overlaps.
    let mut placed = Vec::new();
    let mut file_data = 0u64;
    for (index, ph) in program_headers.iter().enumerate() {
        if ph.p_type != PT_LOAD || ph.p_memsz == 0 {
            continue;
        }
        let (filesz, memsz) = (ph.p_filesz, ph.p_memsz);
        if filesz > memsz {
            return Err(ElfError::FileSizeExceedsMemSize { index, filesz, memsz });
        }
        let mut data = ph
            .p_offset
            .checked_add(filesz)
            .and_then(|end| bytes.get(ph.p_offset as usize..usize::try_from(end).ok()?))
            .ok_or(ElfError::DataPastEndOfFile { index })?;
        let mut start = ph.p_paddr;
        let end = start.checked_add(memsz).ok_or(ElfError::AddressWraps { index })?;
        let mut vaddr = ph.p_vaddr;
        vaddr.checked_add(memsz).ok_or(ElfError::AddressWraps { index })?;
        let mut memsz = memsz;
        if start < RAM_BASE && end > RAM_BASE {
            let below = RAM_BASE - start;
            let headers_only = below <= filesz && ph.p_offset.saturating_add(below) <= headers_end;
            if headers_only {
                data = &data[below as usize..];
                start = RAM_BASE;
                vaddr = vaddr.wrapping_add(below);
                memsz -= below;
            }
        }
        if let Some(&(_, _, device)) =
            DEVICE_WINDOWS.iter().find(|(base, size, _)| start < base + size && *base < end)
        {
            return Err(ElfError::OverlapsDevice { index, start, end, device });
        }
        if LINUX_USER_PROGRAMS.contains(&start) {
            return Err(ElfError::LinuxUserProgram { index, start });
        }
        if start < RAM_BASE {
            return Err(ElfError::BelowRam { index, start, end, ram_start: RAM_BASE });
        }
        if end > ram_end {
            return Err(ElfError::OutsideRam { index, start, end, ram_start: RAM_BASE, ram_end });
        }
        // Checked before copying, so a file of segments sharing its bytes
        // is refused before it costs anything.
        file_data += filesz;
        if file_data > bytes.len() as u64 {
            let file_len = bytes.len() as u64;
            return Err(ElfError::SegmentsShareFileData { total: file_data, file_len });
        }
        placed.push((start, end, index));
        segments.push(Segment {
            paddr: start,
            data: data.to_vec(),
            mem_size: memsz,
            executable: ph.is_executable(),
        });
        ranges.push((vaddr, start, memsz));
    }
    if segments.is_empty() {
        return Err(ElfError::NoLoadableSegment);
    }
    placed.sort_unstable();
    if let Some(pair) = placed.windows(2).find(|w| w[1].0 < w[0].1) {
        let (a, b) = (pair[0], pair[1]);
        let (first, second) = (a.2.min(b.2), a.2.max(b.2));
        return Err(ElfError::SegmentsOverlap { first, second, start: b.0, end: a.1.min(b.1) });
    }
    Ok((segments, ranges))
}

/// The ELF header fields the loader uses.
struct FileHeader {
    entry: u64,
    phoff: u64,
    phnum: u64,
    sections: TableLocation,
}

/// The fixed header fields, checked before goblin sees the file so each
/// problem gets a precise message, and so goblin is never asked to parse a
/// table that is not all there.
fn check_header(bytes: &[u8]) -> Result<FileHeader, ElfError> {
    if bytes.len() < 4 || &bytes[..4] != b"\x7fELF" {
        return Err(if bytes.len() < 4 {
            ElfError::TooShort(bytes.len())
        } else {
            ElfError::NotElf
        });
    }
    if bytes.len() < EHDR_SIZE {
        if bytes.len() > 4 && bytes[4] == 1 {
            return Err(ElfError::Elf32);
        }
        return Err(ElfError::TooShort(bytes.len()));
    }
    match bytes[4] {
        2 => {}
        1 => return Err(ElfError::Elf32),
        c => return Err(ElfError::BadClass(c)),
    }
    match bytes[5] {
        1 => {}
        2 => return Err(ElfError::BigEndian),
        d => return Err(ElfError::BadEncoding(d)),
    }
    let u16_at = |o: usize| u16::from_le_bytes([bytes[o], bytes[o + 1]]);
    let u64_at = |o: usize| u64::from_le_bytes(bytes[o..o + 8].try_into().unwrap_or_default());
    let (e_type, machine) = (u16_at(16), u16_at(18));
    if machine != EM_RISCV {
        return Err(ElfError::WrongMachine(machine));
    }
    if e_type != ET_EXEC {
        return Err(ElfError::NotExecutable(e_type));
    }
    let (phoff, phentsize, phnum) = (u64_at(32), u16_at(54) as u64, u16_at(56) as u64);
    if phnum == 0 {
        return Err(ElfError::NoLoadableSegment);
    }
    if phentsize != PHDR_SIZE as u64 {
        return Err(ElfError::TruncatedHeaders(format!("entry size {phentsize}, expected 56")));
    }
    // 0xffff would mean "the count is elsewhere" (extended numbering): over the limit anyway.
    if phnum > MAX_PROGRAM_HEADERS {
        return Err(ElfError::TooManyProgramHeaders(phnum));
    }
    let table_end = phnum.checked_mul(phentsize).and_then(|n| n.checked_add(phoff));
    if table_end.is_none_or(|end| end > bytes.len() as u64) {
        return Err(ElfError::TruncatedHeaders(format!(
            "{phnum} headers at offset {phoff:#x}, file is {} bytes",
            bytes.len()
        )));
    }
    Ok(FileHeader {
        entry: u64_at(24),
        phoff,
        phnum,
        sections: TableLocation {
            offset: u64_at(40),
            entry_size: u16_at(58),
            count: u16_at(60),
            names_index: u16_at(62),
        },
    })
}
