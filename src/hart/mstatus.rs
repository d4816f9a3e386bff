//! The fields of `mstatus` (and the `sstatus` view of it) and `menvcfg`, in one place for
//! the modules that read them: traps, translation, the FPU and the CSRs.

pub const MSTATUS_SIE: u64 = 1 << 1;
pub const MSTATUS_MIE: u64 = 1 << 3;
pub const MSTATUS_SPIE: u64 = 1 << 5;
pub const MSTATUS_MPIE: u64 = 1 << 7;
pub const MSTATUS_SPP: u64 = 1 << 8;
pub const MSTATUS_MPP: u64 = 3 << 11;
/// Floating-point state: Off, Initial, Clean, Dirty.
pub const MSTATUS_FS: u64 = 3 << 13;
pub const MSTATUS_MPRV: u64 = 1 << 17;
pub const MSTATUS_SUM: u64 = 1 << 18;
pub const MSTATUS_MXR: u64 = 1 << 19;
pub const MSTATUS_TVM: u64 = 1 << 20;
pub const MSTATUS_TW: u64 = 1 << 21;
pub const MSTATUS_TSR: u64 = 1 << 22;
/// State Dirty: set when FS is Dirty (the only dirty-able state here).
pub const MSTATUS_SD: u64 = 1 << 63;

/// `menvcfg.PBMTE`: S and U may use Svpbmt's memory types (in page-table
/// entries, bits 62:61).
pub const MENVCFG_PBMTE: u64 = 1 << 62;
/// `menvcfg.STCE`: Sstc's `stimecmp` drives STIP (and S-mode may use it).
pub const MENVCFG_STCE: u64 = 1 << 63;
