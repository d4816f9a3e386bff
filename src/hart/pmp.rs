//! Physical memory protection: 16 entries (OFF, TOR, NA4, NAPOT; 4-byte
//! granularity) checked in priority order. An access matches an entry only if
//! all its bytes fall inside; the first entry any byte touches decides. S and U
//! accesses that match nothing fail; M accesses that match nothing succeed, and
//! M is bound only by locked entries.

use super::Privilege;
use super::mmu::Access;

pub const ENTRIES: usize = 16;
pub const CFG_R: u8 = 1;
pub const CFG_W: u8 = 2;
pub const CFG_X: u8 = 4;
pub const CFG_LOCK: u8 = 0x80;
const A_OFF: u8 = 0;
const A_TOR: u8 = 1;
const A_NA4: u8 = 2;
const A_NAPOT: u8 = 3;

#[derive(Debug, Clone, Copy, Default)]
struct Region {
    start: u64,
    /// Exclusive end; `start == end` never matches.
    end: u64,
    cfg: u8,
}

/// The PMP entries decoded into address ranges, rebuilt on every PMP CSR write.
#[derive(Debug, Clone, Default)]
pub struct Pmp {
    regions: Vec<Region>,
    /// Some entry is locked, so M-mode accesses must be checked too.
    binds_machine: bool,
}

impl Pmp {
    /// Decode `cfg` bytes and `addr` registers (pmpaddr holds address bits 55:2).
    pub fn rebuild(cfg: &[u8; ENTRIES], addr: &[u64; ENTRIES]) -> Pmp {
        let mut regions = Vec::new();
        let mut binds_machine = false;
        for i in 0..ENTRIES {
            let c = cfg[i];
            let (start, end) = match c >> 3 & 3 {
                A_OFF => continue,
                A_TOR => (if i == 0 { 0 } else { addr[i - 1] << 2 }, addr[i] << 2),
                A_NA4 => (addr[i] << 2, (addr[i] << 2) + 4),
                A_NAPOT => {
                    let a = addr[i];
                    let base = (a & a.wrapping_add(1)) << 2;
                    let size = ((a ^ a.wrapping_add(1)) as u128 + 1) << 2;
                    (base, (base as u128 + size).min(u64::MAX as u128) as u64)
                }
                _ => unreachable!("the A field has two bits"),
            };
            binds_machine |= c & CFG_LOCK != 0;
            regions.push(Region { start, end, cfg: c });
        }
        Pmp { regions, binds_machine }
    }

    /// Does any access need checking in `mode`?
    pub fn active_for(&self, mode: Privilege) -> bool {
        mode != Privilege::Machine || self.binds_machine
    }

    /// May `mode` perform `access` on `[addr, addr + size)`?
    pub fn allows(&self, addr: u64, size: u64, access: Access, mode: Privilege) -> bool {
        let last = addr.wrapping_add(size - 1);
        for r in &self.regions {
            let touches = addr < r.end && last >= r.start;
            if !touches {
                continue;
            }
            let inside = addr >= r.start && last < r.end;
            if !inside {
                return false;
            }
            if mode == Privilege::Machine && r.cfg & CFG_LOCK == 0 {
                return true;
            }
            let need = match access {
                Access::Load => CFG_R,
                Access::Store => CFG_W,
                Access::Fetch => CFG_X,
            };
            return r.cfg & need != 0;
        }
        mode == Privilege::Machine
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pmp(entries: &[(u8, u64)]) -> Pmp {
        let (mut cfg, mut addr) = ([0u8; ENTRIES], [0u64; ENTRIES]);
        for (i, (c, a)) in entries.iter().enumerate() {
            cfg[i] = *c;
            addr[i] = *a;
        }
        Pmp::rebuild(&cfg, &addr)
    }

    #[test]
    fn napot_tor_and_na4_ranges() {
        let napot = A_NAPOT << 3;
        // 0x8000_0000..0x8000_1000 read-only (NAPOT 4 KiB), then everything RWX.
        let p = pmp(&[(napot | CFG_R, (0x8000_0000 >> 2) | 0x1ff), (napot | 7, u64::MAX >> 10)]);
        assert!(p.allows(0x8000_0ff8, 8, Access::Load, Privilege::User));
        assert!(!p.allows(0x8000_0ff8, 8, Access::Store, Privilege::User));
        assert!(!p.allows(0x8000_0ffc, 8, Access::Load, Privilege::User), "straddles the entry");
        assert!(p.allows(0x8000_1000, 8, Access::Store, Privilege::Supervisor));
        assert!(p.allows(0x8000_0000, 4, Access::Store, Privilege::Machine), "M is not bound");

        let tor = A_TOR << 3;
        let p = pmp(&[(tor | CFG_X | CFG_LOCK, 0x1000 >> 2), (A_NA4 << 3 | CFG_W, 0x2000 >> 2)]);
        assert!(p.allows(0xffc, 4, Access::Fetch, Privilege::Machine));
        assert!(!p.allows(0xffc, 4, Access::Load, Privilege::Machine), "locked binds M");
        assert!(p.allows(0x2000, 4, Access::Store, Privilege::User));
        assert!(!p.allows(0x2004, 4, Access::Store, Privilege::User), "no match fails for U");
        assert!(p.allows(0x2004, 4, Access::Store, Privilege::Machine));
    }
}
