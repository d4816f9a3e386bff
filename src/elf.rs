//! ELF64 RISC-V executables -> a loadable image: segments at their physical
//! addresses, the entry point, and the symbol table. Every check on the file
//! happens here, each with its own error, so a bad file never reaches the
//! machine and never panics the host.

use crate::bus::{DEVICE_WINDOWS, RAM_BASE};
use goblin::elf::{Elf, program_header::PT_LOAD, sym};
use std::collections::HashMap;
use thiserror::Error;

const EM_RISCV: u16 = 243;
const ET_EXEC: u16 = 2;
const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ElfError {
    #[error("file is too short to be an ELF executable ({0} bytes)")]
    TooShort(usize),
    #[error("not an ELF file (bad magic number)")]
    NotElf,
    #[error("32-bit ELF file: hartsim runs RV64 programs only")]
    Elf32,
    #[error("unknown ELF class {0}")]
    BadClass(u8),
    #[error("big-endian ELF file: RISC-V programs are little-endian")]
    BigEndian,
    #[error("unknown ELF data encoding {0}")]
    BadEncoding(u8),
    #[error("ELF file is for machine type {0}, not RISC-V (EM_RISCV = 243)")]
    WrongMachine(u16),
    #[error("ELF type {0} is not an executable (ET_EXEC); link the program first")]
    NotExecutable(u16),
    #[error("program header table is truncated or malformed ({0})")]
    TruncatedHeaders(String),
    #[error("malformed ELF file: {0}")]
    Malformed(String),
    #[error("no loadable segment (PT_LOAD with a non-zero size)")]
    NoLoadableSegment,
    #[error("segment {index}: file size {filesz:#x} is larger than its memory size {memsz:#x}")]
    FileSizeExceedsMemSize { index: usize, filesz: u64, memsz: u64 },
    #[error("segment {index}: its data runs past the end of the file")]
    DataPastEndOfFile { index: usize },
    #[error("segment {index}: address range wraps around the end of the address space")]
    AddressWraps { index: usize },
    #[error("segment {index} at {start:#x}..{end:#x} overlaps {device}")]
    OverlapsDevice { index: usize, start: u64, end: u64, device: &'static str },
    #[error(
        "segment {index} at {start:#x}..{end:#x} is outside RAM ({ram_start:#x}..{ram_end:#x}); \
         link for 0x80000000 or raise --memory"
    )]
    OutsideRam { index: usize, start: u64, end: u64, ram_start: u64, ram_end: u64 },
    #[error("entry point {0:#x} is outside every loaded segment")]
    EntryOutsideSegments(u64),
}

/// Bytes to place in RAM: `data` followed by zeros up to `mem_size`.
#[derive(Debug, Clone)]
pub struct Segment {
    pub paddr: u64,
    pub data: Vec<u8>,
    pub mem_size: u64,
    pub executable: bool,
}

/// The symbol table: names to addresses, and addresses back to labels.
#[derive(Debug, Clone, Default)]
pub struct Symbols {
    by_name: HashMap<String, u64>,
    /// (address, name) sorted by address.
    by_addr: Vec<(u64, String)>,
}

impl Symbols {
    pub fn address_of(&self, name: &str) -> Option<u64> {
        self.by_name.get(name).copied()
    }

    /// The name of a symbol exactly at `addr`.
    pub fn exact(&self, addr: u64) -> Option<&str> {
        let i = self.by_addr.partition_point(|(a, _)| *a < addr);
        self.by_addr.get(i).filter(|(a, _)| *a == addr).map(|(_, n)| n.as_str())
    }

    /// `name` or `name+0xoff` for the closest symbol at or below `addr`.
    pub fn label(&self, addr: u64) -> Option<String> {
        let i = self.by_addr.partition_point(|(a, _)| *a <= addr);
        let (base, name) = self.by_addr.get(i.checked_sub(1)?)?;
        Some(if *base == addr { name.clone() } else { format!("{name}+0x{:x}", addr - base) })
    }
}

/// A checked, loadable program.
#[derive(Debug, Clone)]
pub struct ElfImage {
    /// Physical address of the first instruction.
    pub entry: u64,
    pub segments: Vec<Segment>,
    pub symbols: Symbols,
    /// Executable sections for the disassembler: (name, address, bytes).
    pub code_sections: Vec<(String, u64, Vec<u8>)>,
}

/// Check and load an ELF file for a machine with `ram_size` bytes of RAM at `RAM_BASE`.
pub fn load_elf(bytes: &[u8], ram_size: u64) -> Result<ElfImage, ElfError> {
    check_header(bytes)?;
    let elf = Elf::parse(bytes).map_err(|e| ElfError::Malformed(e.to_string()))?;
    let ram_end = RAM_BASE + ram_size;
    let mut segments = Vec::new();
    // (vaddr, paddr, memsz) of each loaded segment, to place the entry point.
    let mut ranges = Vec::new();
    for (index, ph) in elf.program_headers.iter().enumerate() {
        if ph.p_type != PT_LOAD || ph.p_memsz == 0 {
            continue;
        }
        let (filesz, memsz) = (ph.p_filesz, ph.p_memsz);
        if filesz > memsz {
            return Err(ElfError::FileSizeExceedsMemSize { index, filesz, memsz });
        }
        let data = ph
            .p_offset
            .checked_add(filesz)
            .and_then(|end| bytes.get(ph.p_offset as usize..usize::try_from(end).ok()?))
            .ok_or(ElfError::DataPastEndOfFile { index })?;
        let start = ph.p_paddr;
        let end = start.checked_add(memsz).ok_or(ElfError::AddressWraps { index })?;
        ph.p_vaddr.checked_add(memsz).ok_or(ElfError::AddressWraps { index })?;
        if let Some(&(_, _, device)) =
            DEVICE_WINDOWS.iter().find(|(base, size, _)| start < base + size && *base < end)
        {
            return Err(ElfError::OverlapsDevice { index, start, end, device });
        }
        if start < RAM_BASE || end > ram_end {
            return Err(ElfError::OutsideRam { index, start, end, ram_start: RAM_BASE, ram_end });
        }
        segments.push(Segment {
            paddr: start,
            data: data.to_vec(),
            mem_size: memsz,
            executable: ph.is_executable(),
        });
        ranges.push((ph.p_vaddr, start, memsz));
    }
    if segments.is_empty() {
        return Err(ElfError::NoLoadableSegment);
    }
    let entry = ranges
        .iter()
        .find(|(vaddr, _, size)| elf.entry.wrapping_sub(*vaddr) < *size)
        .map(|(vaddr, paddr, _)| elf.entry - vaddr + paddr)
        .ok_or(ElfError::EntryOutsideSegments(elf.entry))?;
    Ok(ElfImage {
        entry,
        segments,
        symbols: read_symbols(&elf),
        code_sections: read_code_sections(&elf, bytes),
    })
}

/// The fixed header fields, checked before goblin sees the file so each
/// problem gets a precise message.
fn check_header(bytes: &[u8]) -> Result<(), ElfError> {
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
    let table_end = phnum.checked_mul(phentsize).and_then(|n| n.checked_add(phoff));
    if table_end.is_none_or(|end| end > bytes.len() as u64) {
        return Err(ElfError::TruncatedHeaders(format!(
            "{phnum} headers at offset {phoff:#x}, file is {} bytes",
            bytes.len()
        )));
    }
    Ok(())
}

fn read_symbols(elf: &Elf) -> Symbols {
    let mut symbols = Symbols::default();
    let mut labels = Vec::new();
    for s in elf.syms.iter() {
        let kind = s.st_type();
        if !(kind == sym::STT_FUNC || kind == sym::STT_NOTYPE || kind == sym::STT_OBJECT)
            || s.st_shndx == 0
        {
            continue;
        }
        let Some(name) = elf.strtab.get_at(s.st_name) else { continue };
        // Skip assembler-local and mapping symbols ($x, .L123).
        if name.is_empty() || name.starts_with('$') || name.starts_with(".L") {
            continue;
        }
        symbols.by_name.entry(name.to_string()).or_insert(s.st_value);
        labels.push((s.st_value, s.st_bind() != sym::STB_GLOBAL, name.to_string()));
    }
    // One label per address, preferring a global name over local ones.
    labels.sort();
    labels.dedup_by_key(|(a, _, _)| *a);
    symbols.by_addr = labels.into_iter().map(|(a, _, n)| (a, n)).collect();
    symbols
}

fn read_code_sections(elf: &Elf, bytes: &[u8]) -> Vec<(String, u64, Vec<u8>)> {
    const SHF_EXECINSTR: u64 = 0x4;
    const SHT_NOBITS: u32 = 8;
    elf.section_headers
        .iter()
        .filter(|sh| sh.sh_flags & SHF_EXECINSTR != 0 && sh.sh_type != SHT_NOBITS)
        .filter_map(|sh| {
            let end = sh.sh_offset.checked_add(sh.sh_size)?;
            let data = bytes.get(sh.sh_offset as usize..usize::try_from(end).ok()?)?;
            let name = elf.shdr_strtab.get_at(sh.sh_name).unwrap_or("?").to_string();
            Some((name, sh.sh_addr, data.to_vec()))
        })
        .collect()
}
