//! The symbol table as the rest of hartsim uses it: names for `tohost` and
//! `fromhost`, labels for the trace and the disassembler. Names stay in one
//! shared copy of the string table (a clone costs nothing, and memory stays
//! linear in the file however many symbols share one long name).

use super::strings::StringTable;
use goblin::elf::sym::{self, Sym};
use std::sync::Arc;

/// How many leading bytes of two names at one address decide which labels
/// it; a bound so that sorting costs the same whatever the names' length.
const LABEL_ORDER_PREFIX: usize = 256;

/// A symbol: its address and where its name lies in the string table.
#[derive(Debug, Clone, Copy)]
struct Entry {
    addr: u64,
    name_start: u32,
    name_end: u32,
    /// Position in the file's symbol table: the first of equal names wins.
    order: u32,
    local: bool,
}

/// The symbol table: names to addresses, and addresses back to labels.
#[derive(Debug, Clone)]
pub struct Symbols {
    names: Arc<str>,
    /// Sorted by address; at each address the preferred label comes first
    /// (a global before locals, then by name).
    entries: Vec<Entry>,
}

impl Default for Symbols {
    fn default() -> Self {
        Symbols { names: Arc::from(""), entries: Vec::new() }
    }
}

impl Symbols {
    /// The code and data symbols among `syms`, named from `strings`.
    /// Assembler-local and mapping symbols (`.L123`, `$x`) are left out.
    pub(super) fn new(syms: impl Iterator<Item = Sym>, strings: &StringTable) -> Symbols {
        let mut entries = Vec::new();
        for (order, s) in syms.enumerate() {
            let kind = s.st_type();
            if !(kind == sym::STT_FUNC || kind == sym::STT_NOTYPE || kind == sym::STT_OBJECT)
                || s.st_shndx == 0
            {
                continue;
            }
            let Some(range) = strings.range(s.st_name) else { continue };
            let name = &strings.text()[range.clone()];
            if name.is_empty() || name.starts_with('$') || name.starts_with(".L") {
                continue;
            }
            entries.push(Entry {
                addr: s.st_value,
                // The caller bounds the table below 4 GiB and the count below MAX_SYMBOLS.
                name_start: range.start as u32,
                name_end: range.end as u32,
                order: order as u32,
                local: s.st_bind() != sym::STB_GLOBAL,
            });
        }
        let names: Arc<str> = Arc::from(strings.text());
        let prefix = |e: &Entry| {
            let name = &names.as_bytes()[e.name_start as usize..e.name_end as usize];
            &name[..name.len().min(LABEL_ORDER_PREFIX)]
        };
        entries.sort_unstable_by(|a, b| {
            (a.addr, a.local, prefix(a), a.order).cmp(&(b.addr, b.local, prefix(b), b.order))
        });
        Symbols { names, entries }
    }

    fn name(&self, e: &Entry) -> &str {
        &self.names[e.name_start as usize..e.name_end as usize]
    }

    /// The number of symbols kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The address of the first symbol called `name` in the file. A linear
    /// search: lookups are rare (HTIF's two at load time), and an index by
    /// name would cost hashing every name, which a hostile file makes long.
    pub fn address_of(&self, name: &str) -> Option<u64> {
        self.entries.iter().filter(|e| self.name(e) == name).min_by_key(|e| e.order).map(|e| e.addr)
    }

    /// The preferred symbol at the largest address `<= addr`.
    fn at_or_below(&self, addr: u64) -> Option<&Entry> {
        let last = self.entries.partition_point(|e| e.addr <= addr).checked_sub(1)?;
        let base = self.entries[last].addr;
        self.entries.get(self.entries.partition_point(|e| e.addr < base))
    }

    /// The name of a symbol exactly at `addr`.
    pub fn exact(&self, addr: u64) -> Option<&str> {
        self.at_or_below(addr).filter(|e| e.addr == addr).map(|e| self.name(e))
    }

    /// The closest symbol at or below `addr`, and how far `addr` is past it.
    pub fn nearest(&self, addr: u64) -> Option<(&str, u64)> {
        let e = self.at_or_below(addr)?;
        Some((self.name(e), addr - e.addr))
    }

    /// The symbol that names `addr` in messages: the closest at or below it,
    /// if it is less than 1 MiB below (farther, the address is outside the
    /// program: a device, an unmapped page) and not a placeholder whose
    /// value is 0 (absolute or weak symbols, not code at address 0).
    pub fn near(&self, addr: u64) -> Option<(&str, u64)> {
        self.nearest(addr).filter(|&(_, offset)| offset < 1 << 20 && offset != addr)
    }

    /// `name` or `name+0xoff` for the closest symbol at or below `addr`.
    pub fn label(&self, addr: u64) -> Option<String> {
        let (name, offset) = self.nearest(addr)?;
        Some(if offset == 0 { name.to_string() } else { format!("{name}+0x{offset:x}") })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(name: u32, value: u64, global: bool) -> Sym {
        let bind = if global { sym::STB_GLOBAL } else { sym::STB_LOCAL };
        Sym {
            st_name: name as usize,
            st_info: (bind << 4) | sym::STT_FUNC,
            st_shndx: 1,
            st_value: value,
            ..Sym::default()
        }
    }

    #[test]
    fn globals_label_their_address_and_first_name_wins() {
        let strings = StringTable::parse(b"\0zeta\0alpha\0tohost\0.L1\0").unwrap();
        let syms = [
            sym(1, 0x100, false), // zeta, local
            sym(6, 0x100, true),  // alpha, global: preferred label
            sym(12, 0x200, true), // tohost
            sym(12, 0x300, true), // tohost again: the first one counts
            sym(19, 0x400, true), // .L1: left out
        ];
        let s = Symbols::new(syms.into_iter(), &strings);
        assert_eq!(s.len(), 4);
        assert_eq!(s.exact(0x100), Some("alpha"));
        assert_eq!(s.exact(0x104), None);
        assert_eq!(s.label(0x104).as_deref(), Some("alpha+0x4"));
        assert_eq!(s.label(0xff), None);
        assert_eq!(s.address_of("tohost"), Some(0x200));
        assert_eq!(s.address_of("zeta"), Some(0x100));
        assert_eq!(s.address_of(".L1"), None);
        assert_eq!(s.label(0x1000).as_deref(), Some("tohost+0xd00"));
    }
}
