//! The section header table: read only for the symbol table and, for the
//! disassembler, the executable sections. Its size is checked against the
//! file and `MAX_SECTION_HEADERS` before anything is parsed, and nothing is
//! done per section that could cost more than the file's size in total.

use super::strings::StringTable;
use super::symbols::Symbols;
use super::{ElfError, MAX_SECTION_HEADERS, MAX_SYMBOLS, elf_ctx};
use goblin::elf::section_header::{
    SHF_ALLOC, SHF_EXECINSTR, SHT_NOBITS, SHT_SYMTAB, SectionHeader,
};
use goblin::elf::sym::Symtab;

const SHDR_SIZE: u64 = 64;
const SYM_SIZE: u64 = 24;
/// `e_shstrndx` saying the real index is in section 0's `sh_link`.
const SHN_XINDEX: u16 = 0xffff;
/// Section names longer than this are shortened in the listing: they are
/// only a heading, and copying each in full would let a file of many
/// sections sharing one long name cost its size squared.
const MAX_SECTION_NAME: usize = 256;

/// The section header table, as found in the ELF header.
pub(super) struct SectionTable<'a> {
    bytes: &'a [u8],
    headers: Vec<SectionHeader>,
}

/// Where the ELF header says the section headers are.
pub(super) struct TableLocation {
    pub offset: u64,
    pub count: u16,
    pub entry_size: u16,
    pub names_index: u16,
}

impl<'a> SectionTable<'a> {
    /// Check the table's size and place, then parse it.
    pub fn parse(bytes: &'a [u8], at: &TableLocation) -> Result<(Self, Option<usize>), ElfError> {
        let file_len = bytes.len() as u64;
        let bad = |why: String| ElfError::SectionHeaders(why);
        let empty = (SectionTable { bytes, headers: Vec::new() }, None);
        if at.offset == 0 {
            return Ok(empty);
        }
        if u64::from(at.entry_size) != SHDR_SIZE {
            return Err(bad(format!("entry size {}, expected 64", at.entry_size)));
        }
        // With 0 in e_shnum, the count is in section 0's sh_size (extended numbering).
        let count = match at.count {
            0 => read_u64(bytes, at.offset.saturating_add(32))
                .ok_or_else(|| bad(format!("no section 0 at offset {:#x}", at.offset)))?,
            n => u64::from(n),
        };
        if count == 0 {
            return Ok(empty);
        }
        if count > MAX_SECTION_HEADERS {
            return Err(ElfError::TooManySections(count));
        }
        let end = count.checked_mul(SHDR_SIZE).and_then(|n| n.checked_add(at.offset));
        if end.is_none_or(|end| end > file_len) {
            return Err(bad(format!(
                "{count} headers at offset {:#x}, file is {file_len} bytes",
                at.offset
            )));
        }
        let headers = SectionHeader::parse(bytes, at.offset as usize, count as usize, elf_ctx())
            .map_err(|e| bad(e.to_string()))?;
        let names_index = match at.names_index {
            SHN_XINDEX => headers[0].sh_link as usize,
            i => usize::from(i),
        };
        Ok((SectionTable { bytes, headers }, Some(names_index)))
    }

    /// The bytes of section `sh` in the file, if they are all there.
    fn contents(&self, sh: &SectionHeader) -> Option<&'a [u8]> {
        if sh.sh_type == SHT_NOBITS {
            return None;
        }
        let end = sh.sh_offset.checked_add(sh.sh_size)?;
        self.bytes.get(usize::try_from(sh.sh_offset).ok()?..usize::try_from(end).ok()?)
    }

    /// The symbol table (the last SHT_SYMTAB section, as binutils reads
    /// it), or no symbols when there is none.
    pub fn symbols(&self) -> Result<Symbols, ElfError> {
        let Some(sh) = self.headers.iter().rfind(|sh| sh.sh_type == SHT_SYMTAB) else {
            return Ok(Symbols::default());
        };
        let bad = |why: String| ElfError::SymbolTable(why);
        if sh.sh_entsize != SYM_SIZE {
            return Err(bad(format!("entry size {}, expected 24", sh.sh_entsize)));
        }
        let count = sh.sh_size / SYM_SIZE;
        if count > MAX_SYMBOLS {
            return Err(ElfError::TooManySymbols(count));
        }
        if count == 0 {
            return Ok(Symbols::default());
        }
        let table = self.contents(sh).ok_or_else(|| {
            bad(format!(
                "{count} entries at offset {:#x}, file is {} bytes",
                sh.sh_offset,
                self.bytes.len()
            ))
        })?;
        let link = sh.sh_link as usize;
        let names = self
            .headers
            .get(link)
            .and_then(|strtab| self.contents(strtab))
            .ok_or_else(|| bad(format!("its string table (section {link}) is missing")))?;
        let names =
            StringTable::parse(names).ok_or_else(|| bad("its names are not UTF-8".to_string()))?;
        let syms =
            Symtab::parse(table, 0, count as usize, elf_ctx()).map_err(|e| bad(e.to_string()))?;
        Ok(Symbols::new(syms.iter(), &names))
    }

    /// The file offset where the first allocated section's contents start
    /// (`None` without section headers): bytes before it that a segment
    /// loads are headers and padding, not the program.
    pub fn first_contents_offset(&self) -> Option<u64> {
        self.headers
            .iter()
            .filter(|sh| sh.sh_flags & u64::from(SHF_ALLOC) != 0 && sh.sh_size > 0)
            .filter(|sh| sh.sh_type != SHT_NOBITS)
            .map(|sh| sh.sh_offset)
            .min()
    }

    /// Executable sections for the disassembler: (name, address, bytes).
    /// Their contents may not add up to more than the file: in a real file
    /// sections never share bytes, and copies of shared bytes are how a
    /// small file would make this cost gigabytes.
    pub fn code(
        &self,
        names_index: Option<usize>,
    ) -> Result<Vec<(String, u64, Vec<u8>)>, ElfError> {
        let names = names_index
            .and_then(|i| self.headers.get(i))
            .and_then(|sh| self.contents(sh))
            .and_then(StringTable::parse);
        let code: Vec<(&SectionHeader, &[u8])> = self
            .headers
            .iter()
            .filter(|sh| sh.sh_flags & u64::from(SHF_EXECINSTR) != 0)
            .filter_map(|sh| Some((sh, self.contents(sh).filter(|c| !c.is_empty())?)))
            .collect();
        let total: u64 = code.iter().map(|(_, data)| data.len() as u64).sum();
        if total > self.bytes.len() as u64 {
            return Err(ElfError::CodeSectionsOverlap { total, file_len: self.bytes.len() as u64 });
        }
        Ok(code
            .into_iter()
            .map(|(sh, data)| {
                let name = names.as_ref().and_then(|n| n.get(sh.sh_name)).unwrap_or("?");
                (shortened(name).to_string(), sh.sh_addr, data.to_vec())
            })
            .collect())
    }
}

/// `name` cut to at most `MAX_SECTION_NAME` bytes, on a character boundary.
fn shortened(name: &str) -> &str {
    let mut end = name.len().min(MAX_SECTION_NAME);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

fn read_u64(bytes: &[u8], at: u64) -> Option<u64> {
    let at = usize::try_from(at).ok()?;
    Some(u64::from_le_bytes(bytes.get(at..at.checked_add(8)?)?.try_into().ok()?))
}
