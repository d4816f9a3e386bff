//! Address translation: Sv39, Sv48 and Sv57 page walks with hardware A/D-bit
//! updates, PMP checks on every physical access (page-table reads included),
//! and small direct-mapped TLBs per access kind, which also map RAM pages to
//! their place in the host's RAM buffer. The TLBs hold translations
//! that were valid under the current privilege, SUM/MXR/MPRV and `satp`, so any
//! change to those flushes them (`Hart::context_changed`), as does `sfence.vma`.

use super::mstatus::{MENVCFG_PBMTE, MSTATUS_MPRV, MSTATUS_MXR, MSTATUS_SUM};
use super::trap::Exception;
use super::{Hart, Privilege};
use crate::bus::{Bus, RAM_BASE};
use crate::isa::Ext;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Fetch,
    Load,
    /// Stores and AMOs.
    Store,
}

impl Access {
    pub fn page_fault(self, vaddr: u64) -> Exception {
        match self {
            Access::Fetch => Exception::InsnPageFault(vaddr),
            Access::Load => Exception::LoadPageFault(vaddr),
            Access::Store => Exception::StorePageFault(vaddr),
        }
    }

    pub fn access_fault(self, vaddr: u64) -> Exception {
        match self {
            Access::Fetch => Exception::InsnAccessFault(vaddr),
            Access::Load => Exception::LoadAccessFault(vaddr),
            Access::Store => Exception::StoreAccessFault(vaddr),
        }
    }
}

pub const PAGE_SIZE: u64 = 4096;
const TLB_SLOTS: usize = 256;
const PTE_V: u64 = 1 << 0;
const PTE_R: u64 = 1 << 1;
const PTE_W: u64 = 1 << 2;
const PTE_X: u64 = 1 << 3;
const PTE_U: u64 = 1 << 4;
const PTE_A: u64 = 1 << 6;
const PTE_D: u64 = 1 << 7;
/// Bits 63:54 (N, PBMT and reserved bits) but PBMT: reserved here (no Svnapot).
const PTE_RESERVED: u64 = 0x3ff << 54 & !PTE_PBMT;
/// Svpbmt's page-based memory type (PMA 0, NC 1, IO 2; 3 is reserved). There
/// are no caches to differ, so a valid type changes nothing.
const PTE_PBMT: u64 = 3 << 61;
const PPN_MASK: u64 = (1 << 44) - 1;
pub const SATP_MODE_BARE: u64 = 0;
pub const SATP_MODE_SV39: u64 = 8;
pub const SATP_MODE_SV48: u64 = 9;
pub const SATP_MODE_SV57: u64 = 10;

#[derive(Clone, Copy)]
struct TlbEntry {
    vpage: u64,
    ppage: u64,
    /// `vpage` again when the physical page lies wholly in RAM, else
    /// `u64::MAX`: the tag `lookup_ram` matches.
    ram_vpage: u64,
}

const EMPTY: TlbEntry = TlbEntry { vpage: u64::MAX, ppage: 0, ram_vpage: u64::MAX };

/// One direct-mapped TLB per access kind.
pub struct Tlb {
    slots: Box<[[TlbEntry; TLB_SLOTS]; 3]>,
    /// Counts flushes: anything derived from translations (the engine's block
    /// links) is valid only while this is unchanged.
    epoch: u64,
    /// Some entry is a 4 KiB piece of a superpage; fencing one address of
    /// it must drop all its pieces, so `flush_page` then flushes everything
    /// (as QEMU and Spike do for every `sfence.vma`).
    holds_superpage_pieces: bool,
}

impl Default for Tlb {
    fn default() -> Self {
        Tlb { slots: Box::new([[EMPTY; TLB_SLOTS]; 3]), epoch: 0, holds_superpage_pieces: false }
    }
}

/// The slot of a virtual page: low bits folded with the next ones, so pages
/// a multiple of 1 MiB apart (kernel and user text, say) do not evict each
/// other.
#[inline(always)]
fn slot(vpage: u64) -> usize {
    (vpage ^ (vpage >> 8)) as usize % TLB_SLOTS
}

impl Tlb {
    pub fn flush(&mut self) {
        self.epoch += 1;
        self.holds_superpage_pieces = false;
        for kind in self.slots.iter_mut() {
            kind.fill(EMPTY);
        }
    }

    #[inline(always)]
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Drop any translation of the page holding `vaddr` (of the whole
    /// superpage, if it lies in one).
    pub fn flush_page(&mut self, vaddr: u64) {
        if self.holds_superpage_pieces {
            return self.flush();
        }
        self.epoch += 1;
        let vpage = vaddr / PAGE_SIZE;
        for kind in self.slots.iter_mut() {
            let slot = &mut kind[slot(vpage)];
            if slot.vpage == vpage {
                *slot = EMPTY;
            }
        }
    }

    #[inline(always)]
    fn entry(&self, access: Access, vaddr: u64) -> &TlbEntry {
        &self.slots[access as usize][slot(vaddr / PAGE_SIZE)]
    }

    /// The physical address of `vaddr` if its page is cached for `access`.
    #[inline(always)]
    pub fn lookup(&self, access: Access, vaddr: u64) -> Option<u64> {
        let e = self.entry(access, vaddr);
        (e.vpage == vaddr / PAGE_SIZE).then_some(e.ppage + vaddr % PAGE_SIZE)
    }

    /// Where `vaddr` is in the host's RAM buffer, if its page is cached for
    /// `access` and backed by RAM (not a device). The whole page is then in
    /// RAM, so any access that stays within the page is in bounds.
    #[inline(always)]
    pub fn lookup_ram(&self, access: Access, vaddr: u64) -> Option<u64> {
        let e = self.entry(access, vaddr);
        (e.ram_vpage == vaddr / PAGE_SIZE)
            .then_some(e.ppage.wrapping_sub(RAM_BASE) + vaddr % PAGE_SIZE)
    }

    /// The cached translations: (TLB, virtual page address, physical page
    /// address), the fetch TLB first, then load, then store.
    pub fn entries(&self) -> Vec<(&'static str, u64, u64)> {
        let names = ["fetch", "load", "store"];
        let mut list = Vec::new();
        for (name, slots) in names.iter().zip(self.slots.iter()) {
            for e in slots.iter().filter(|e| e.vpage != u64::MAX) {
                list.push((*name, e.vpage.wrapping_mul(PAGE_SIZE), e.ppage));
            }
        }
        list
    }

    /// Cache the 4 KiB page of `vaddr`; `superpage` says it is a piece of a
    /// larger leaf.
    fn insert(&mut self, access: Access, vaddr: u64, ppage: u64, superpage: bool, ram_size: u64) {
        self.holds_superpage_pieces |= superpage;
        let vpage = vaddr / PAGE_SIZE;
        let ram_offset = ppage.wrapping_sub(RAM_BASE);
        let in_ram = ram_offset < ram_size && ram_size - ram_offset >= PAGE_SIZE;
        let ram_vpage = if in_ram { vpage } else { u64::MAX };
        self.slots[access as usize][slot(vpage)] = TlbEntry { vpage, ppage, ram_vpage };
    }
}

/// What a page walk found.
struct Walked {
    paddr: u64,
    /// The leaf maps more than 4 KiB.
    superpage: bool,
    /// The leaf's address and new value when A (or D) must be set.
    set_accessed_dirty: Option<(u64, u64)>,
}

impl Hart {
    /// The privilege a data access runs at: MPRV makes M-mode loads and
    /// stores use the mode in MPP.
    pub fn data_privilege(&self) -> Privilege {
        if self.mode == Privilege::Machine && self.csr.mstatus & MSTATUS_MPRV != 0 {
            Privilege::from_bits(self.csr.mstatus >> 11)
        } else {
            self.mode
        }
    }

    fn privilege_for(&self, access: Access) -> Privilege {
        if access == Access::Fetch { self.mode } else { self.data_privilege() }
    }

    /// Recompute what memory accesses must go through after a change of mode,
    /// `mstatus`, `satp` or PMP, and drop cached translations.
    pub fn context_changed(&mut self) {
        self.tlb.flush();
        let paging = self.csr.satp >> 60 != SATP_MODE_BARE;
        let needs =
            |mode: Privilege| (mode != Privilege::Machine && paging) || self.pmp.active_for(mode);
        self.translate_fetch = needs(self.mode);
        self.translate_data = needs(self.data_privilege());
        self.direct_data =
            !self.translate_data && self.config.misaligned == super::MisalignedAccess::Emulate;
    }

    /// Translate `vaddr` for an access of `size` bytes that stays within one
    /// page, and check PMP on the result. The TLB hit is inlined at the call
    /// site; the walk is not.
    #[inline(always)]
    pub fn translate(
        &mut self,
        bus: &mut Bus,
        vaddr: u64,
        size: u64,
        access: Access,
    ) -> Result<u64, Exception> {
        match self.tlb.lookup(access, vaddr) {
            Some(paddr) => Ok(paddr),
            None => self.translate_miss(bus, vaddr, size, access),
        }
    }

    #[inline(never)]
    fn translate_miss(
        &mut self,
        bus: &mut Bus,
        vaddr: u64,
        size: u64,
        access: Access,
    ) -> Result<u64, Exception> {
        self.tlb_misses += 1;
        let mode = self.privilege_for(access);
        let paging = self.csr.satp >> 60 != SATP_MODE_BARE && mode != Privilege::Machine;
        let (paddr, superpage) = if paging {
            let walked = self.walk(bus, vaddr, access, mode)?;
            // Hardware A/D update: set Accessed (and Dirty for a store) in memory.
            if let Some((pte_addr, pte)) = walked.set_accessed_dirty {
                bus.ram.write(pte_addr, 8, pte).ok_or(access.access_fault(vaddr))?;
            }
            (walked.paddr, walked.superpage)
        } else {
            (vaddr, false)
        };
        if !self.pmp.allows(paddr, size, access, mode) {
            return Err(access.access_fault(vaddr));
        }
        // Cache whole pages only when PMP treats the whole page alike.
        let page = paddr & !(PAGE_SIZE - 1);
        if self.pmp.allows(page, PAGE_SIZE, access, mode) {
            self.tlb.insert(access, vaddr, page, superpage, bus.ram.size());
        }
        Ok(paddr)
    }

    /// Where `vaddr` leads for `access` as the hart would translate it now,
    /// PMP included, without touching the TLB or the page tables (no A/D
    /// update): for debuggers and the library API.
    pub fn translate_debug(&self, bus: &Bus, vaddr: u64, access: Access) -> Result<u64, Exception> {
        let mode = self.privilege_for(access);
        let paging = self.csr.satp >> 60 != SATP_MODE_BARE && mode != Privilege::Machine;
        let paddr = if paging { self.walk(bus, vaddr, access, mode)?.paddr } else { vaddr };
        if !self.pmp.allows(paddr, 1, access, mode) {
            return Err(access.access_fault(vaddr));
        }
        Ok(paddr)
    }

    /// Walk the page table for `vaddr`. Reads only: the A/D update the
    /// access needs is returned for the caller to make.
    fn walk(
        &self,
        bus: &Bus,
        vaddr: u64,
        access: Access,
        mode: Privilege,
    ) -> Result<Walked, Exception> {
        let levels = match self.csr.satp >> 60 {
            SATP_MODE_SV39 => 3,
            SATP_MODE_SV48 => 4,
            _ => 5,
        };
        let va_bits = 12 + 9 * levels;
        // Addresses must be sign-extended from the top translated bit.
        let unused = 64 - va_bits;
        if ((vaddr << unused) as i64 >> unused) as u64 != vaddr {
            return Err(access.page_fault(vaddr));
        }
        let status = self.csr.mstatus;
        // PBMT may be used only when Svpbmt is there and M-mode enabled it.
        let pbmt_enabled =
            self.config.isa.has(Ext::Svpbmt) && self.csr.menvcfg & MENVCFG_PBMTE != 0;
        let mut table = (self.csr.satp & PPN_MASK) * PAGE_SIZE;
        for level in (0..levels).rev() {
            let vpn = vaddr >> (12 + 9 * level) & 0x1ff;
            let pte_addr = table + vpn * 8;
            // Page-table reads are supervisor-level implicit accesses.
            if !self.pmp.allows(pte_addr, 8, Access::Load, Privilege::Supervisor) {
                return Err(access.access_fault(vaddr));
            }
            let pte = bus.ram.read(pte_addr, 8).ok_or(access.access_fault(vaddr))?;
            if pte & PTE_V == 0 || (pte & PTE_R == 0 && pte & PTE_W != 0) || pte & PTE_RESERVED != 0
            {
                return Err(access.page_fault(vaddr));
            }
            let pbmt = pte & PTE_PBMT;
            let leaf = pte & (PTE_R | PTE_X) != 0;
            if pbmt != 0 && (!pbmt_enabled || !leaf || pbmt == PTE_PBMT) {
                return Err(access.page_fault(vaddr));
            }
            let ppn = pte >> 10 & PPN_MASK;
            if !leaf {
                if level == 0 {
                    return Err(access.page_fault(vaddr));
                }
                table = ppn * PAGE_SIZE;
                continue;
            }
            // A leaf: check permissions.
            let user_page = pte & PTE_U != 0;
            let privilege_ok = match mode {
                Privilege::User => user_page,
                _ => !user_page || (access != Access::Fetch && status & MSTATUS_SUM != 0),
            };
            let access_ok = match access {
                Access::Fetch => pte & PTE_X != 0,
                Access::Load => pte & PTE_R != 0 || (status & MSTATUS_MXR != 0 && pte & PTE_X != 0),
                Access::Store => pte & PTE_W != 0,
            };
            let span = 9 * level as u64;
            let superpage_misaligned = ppn & ((1 << span) - 1) != 0;
            if !privilege_ok || !access_ok || superpage_misaligned {
                return Err(access.page_fault(vaddr));
            }
            // Accessed (and Dirty for a store) must be set in memory.
            let wanted = PTE_A | if access == Access::Store { PTE_D } else { 0 };
            let mut set_accessed_dirty = None;
            if pte & wanted != wanted {
                if !self.pmp.allows(pte_addr, 8, Access::Store, Privilege::Supervisor) {
                    return Err(access.access_fault(vaddr));
                }
                set_accessed_dirty = Some((pte_addr, pte | wanted));
            }
            let page_in_super = vaddr >> 12 & ((1 << span) - 1);
            let paddr = ((ppn | page_in_super) * PAGE_SIZE) | (vaddr % PAGE_SIZE);
            return Ok(Walked { paddr, superpage: level > 0, set_accessed_dirty });
        }
        unreachable!("the walk returns at a leaf or faults at level 0")
    }
}
