//! The S- and U-mode variant of the random programs: the same random bodies
//! run under Sv39, with the code and scratch pages mapped away from their
//! physical addresses (scratch pages out of order), a 2 MiB superpage, random
//! PMP entries (locked ones too) over the scratch memory, sp on a page
//! boundary so misaligned accesses straddle pages, and random events between
//! instructions: an ecall asks the M-mode helper to rewrite a PTE, switch the
//! ASID in satp or move sp to another boundary, and to fence with
//! `sfence.vma` by address, by ASID, both or neither. Every event fences
//! what it changed for every ASID that may have cached it, so any stale
//! translation is a bug, not an implementation choice. Traps go to M mode,
//! which logs and skips them as in the M-mode test.
//!
//! Physical layout: M-mode code at 0x8000_0000, the body's two pages
//! swapped at 0x8000_8000, five scratch pages at 0x8001_0000, the printed
//! words (PTEs, hashes of memory, registers, trap record) at 0x8001_5000,
//! seeds, events, and the page tables after them; the superpage maps
//! 0x8020_0000 or 0x8040_0000.

use super::*;

const V: u64 = 1;
const R: u64 = 2;
const W: u64 = 4;
const X: u64 = 8;
const U: u64 = 16;
const A: u64 = 64;
const D: u64 = 128;

/// The body starts near the end of its first virtual page, so it runs on
/// into the second (whose physical page lies below the first's).
const BODY_VA: u64 = 0x4000_0e80;
const CODE_PA: [u64; 2] = [0x8000_9000, 0x8000_8000];
const SCRATCH_PA: u64 = 0x8001_0000;
const SCRATCH_PAGES: u64 = 5;
const OUT_PA: u64 = 0x8001_5000;
const SEEDS_PA: u64 = 0x8001_6000;
const EVENTS_PA: u64 = 0x8001_7000;
const ROOT_PA: u64 = 0x8001_8000;
const L1_PA: u64 = 0x8001_9000;
const L0_PA: u64 = 0x8001_a000;
const IMAGE_END: u64 = 0x8001_b000;
const SUPER_VA: u64 = 0x4020_0000;
const SUPER_PA: [u64; 2] = [0x8020_0000, 0x8040_0000];
/// The scratch pages' virtual addresses (V0-V3 together, V4 just below the superpage).
const SCRATCH_VA: [u64; 5] = [0x4000_4000, 0x4000_5000, 0x4000_6000, 0x4000_7000, 0x401f_f000];
/// The page boundaries sp may point at: between scratch pages, between a
/// 4 KiB page and the superpage, inside the superpage.
const WINDOWS: [u64; 5] = [0x4000_5000, 0x4000_6000, 0x4000_7000, 0x4020_0000, 0x4020_1000];
/// The PTEs printed (and so compared, hardware A/D updates included).
const PTES: [(u64, &str); 8] = [
    (L0_PA, "PTE of code page 0"),
    (L0_PA + 8, "PTE of code page 1"),
    (L0_PA + 8 * 4, "PTE of V0"),
    (L0_PA + 8 * 5, "PTE of V1"),
    (L0_PA + 8 * 6, "PTE of V2"),
    (L0_PA + 8 * 7, "PTE of V3"),
    (L0_PA + 8 * 511, "PTE of V4"),
    (L1_PA + 8, "PTE of the superpage"),
];
/// Memory printed as a hash per 512 bytes: (start, 512-byte chunks).
const HASHED: [(u64, u64); 3] =
    [(SCRATCH_PA, SCRATCH_PAGES * 8), (SUPER_PA[0], 16), (SUPER_PA[1], 16)];
const HASHES: usize = 40 + 16 + 16;
/// Word indices in the printed area.
const HASH_IDX: i64 = PTES.len() as i64;
const DUMP_IDX: i64 = HASH_IDX + HASHES as i64;
const REC_IDX: i64 = DUMP_IDX + X_SLOTS + F_SLOTS + 1;
const PRINTED: i64 = REC_IDX + RECORD_WORDS;
/// The body's final ecall's address, kept after the record for the handler.
const END_SLOT: i64 = 8 * (PRINTED - REC_IDX);
const REC_PA: u64 = OUT_PA + 8 * REC_IDX as u64;
/// Seed table offsets.
const SEED_FCSR: i64 = 512;
const SEED_PMPADDR: i64 = 520;
const SEED_PMPCFG: i64 = 584;
const SEED_SATP: i64 = 592;
const SEED_MSTATUS: i64 = 600;
const MAX_EVENTS: usize = 64;
const EVENT_MAGIC: i64 = 0x5eed;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Mode {
    Supervisor,
    User,
}

/// splitmix64: the paging and PMP choices come from one seed, so proptest
/// shrinks the instructions while the setup stays put.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn pte(pa: u64, flags: u64) -> u64 {
    (pa >> 12) << 10 | flags
}

/// Random leaf permissions, mostly plain RW; U as the mode needs it, but
/// now and then the wrong way round.
fn leaf_flags(rng: &mut Rng, mode: Mode) -> u64 {
    let f = match rng.below(12) {
        0..=4 => V | R | W | A | D,
        5 => V | R | A,
        6 => V | R | W | X | A | D,
        7 => 0,
        8 => V | W | A | D, // reserved: a page fault
        9 => V | R | W,     // A and D set by hardware
        10 => V | R | W | A,
        _ => V | X | A,
    };
    let user = (mode == Mode::User) ^ (rng.below(8) == 0);
    if user { f | U } else { f }
}

/// A new leaf for a 4 KiB scratch page: another scratch page, a page of
/// either superpage's memory, or (read-only) the last-level page table.
fn scratch_leaf(rng: &mut Rng, mode: Mode) -> u64 {
    let flags = leaf_flags(rng, mode);
    match rng.below(10) {
        0..=5 => pte(SCRATCH_PA + 4096 * rng.below(SCRATCH_PAGES), flags),
        6 | 7 => pte(SUPER_PA[rng.below(2) as usize] + 4096 * rng.below(2), flags),
        _ => pte(L0_PA, V | R | A | if mode == Mode::User { U } else { 0 }),
    }
}

/// A new superpage leaf; one in eight has a misaligned PPN (a page fault).
fn super_leaf(rng: &mut Rng, mode: Mode) -> u64 {
    let flags = leaf_flags(rng, mode);
    match rng.below(8) {
        0 => pte(SUPER_PA[0] + 4096, flags),
        _ => pte(SUPER_PA[rng.below(2) as usize], flags),
    }
}

fn random_asid(rng: &mut Rng) -> u64 {
    [0, 1, 0xffff, rng.next() & 0xffff][rng.below(4) as usize]
}

fn satp(asid: u64) -> u64 {
    8 << 60 | asid << 44 | ROOT_PA >> 12
}

/// PMP: up to five random entries over the scratch and superpage memory
/// (NAPOT 8 B-1 KiB, NA4, TOR), some locked, then one entry allowing
/// everything. Locked entries keep R: they bind the M-mode code that
/// prints that memory, which only reads it.
///
/// No entry comes within 8 bytes of a page's edge. For an access that
/// crosses a page, QEMU 7.2 checks PMP over the whole access at the first
/// page's physical address (bytes that may lie in another physical page),
/// and reports a fault at the first byte; hartsim checks each page's part
/// (each byte) on its own, and a fault on the second page names that page.
/// The privileged spec lets misaligned accesses be split into parts, so
/// both are allowed; with the margin, the two agree. Misaligned accesses
/// that cross into unmapped or unwritable pages (page faults) are still
/// generated, and in-page accesses meet every PMP boundary.
fn pmp_entries(rng: &mut Rng) -> ([u64; 8], u64) {
    let (mut addr, mut cfg) = ([0u64; 8], [0u8; 8]);
    let wanted = rng.below(6) as usize;
    let mut i = 0;
    while i < wanted {
        let pages = [SCRATCH_PA, SCRATCH_PA + 0x1000, SCRATCH_PA + 0x2000, SCRATCH_PA + 0x4000];
        let page = [pages[rng.below(4) as usize], SUPER_PA[0], SUPER_PA[0] + 0x1000]
            [rng.below(3) as usize];
        let mut perms = rng.below(8) as u8;
        if perms & 3 == 2 {
            perms &= !2; // W without R is reserved
        }
        let lock = if perms & 1 != 0 && rng.below(3) == 0 { 0x80 } else { 0 };
        match rng.below(3) {
            0 => {
                let size = 8u64 << rng.below(8);
                let base = page + size * (1 + rng.below(4096 / size - 2));
                addr[i] = (base >> 2) | ((size >> 3) - 1);
                cfg[i] = 3 << 3 | perms | lock;
            }
            1 => {
                addr[i] = (page + 8 + 4 * rng.below(1020)) >> 2;
                cfg[i] = 2 << 3 | perms | lock;
            }
            _ => {
                // TOR takes the entry before it as its base.
                let start = page + 8 + 4 * rng.below(1018);
                let end = (start + 4 + 4 * rng.below(1024)).min(page + 4088);
                addr[i] = start >> 2;
                i += 1;
                addr[i] = end >> 2;
                cfg[i] = 1 << 3 | perms | lock;
            }
        }
        i += 1;
    }
    addr[i] = (1 << 54) - 1;
    cfg[i] = 3 << 3 | 7;
    (addr, u64::from_le_bytes(cfg))
}

/// The paging and PMP setup of one program and its events.
pub struct Setup {
    mode: Mode,
    ptes: Vec<(u64, u64)>,
    pmp: ([u64; 8], u64),
    satp: u64,
    sp: u64,
    mstatus: u64,
    scratch: Vec<u8>,
    /// Each: PTE address (0: none) and value, fence address, ASID, fence kind,
    /// new satp (0: none), new sp (0: none).
    events: Vec<[u64; 8]>,
    rng: Rng,
    asid: u64,
    used_asids: Vec<u64>,
    /// ASIDs other than the current one that may still cache a changed PTE.
    stale_asids: Vec<u64>,
}

impl Setup {
    pub fn new(mode: Mode, seed: u64) -> Setup {
        let mut rng = Rng(seed);
        let user = if mode == Mode::User { U } else { 0 };
        let code = V | R | X | A | D | user;
        let mut ptes = vec![
            (ROOT_PA + 8, pte(L1_PA, V)),
            (L1_PA, pte(L0_PA, V)),
            (L1_PA + 8, super_leaf(&mut rng, mode)),
            (L0_PA, pte(CODE_PA[0], code)),
            (L0_PA + 8, pte(CODE_PA[1], code)),
        ];
        // The scratch pages in a random order, mostly plain RW.
        let mut order: Vec<u64> = (0..SCRATCH_PAGES).collect();
        for k in (1..order.len()).rev() {
            order.swap(k, rng.below(k as u64 + 1) as usize);
        }
        for (k, &va) in SCRATCH_VA.iter().enumerate() {
            let flags = if rng.below(4) == 0 {
                leaf_flags(&mut rng, mode)
            } else {
                V | R | W | A | D | user
            };
            ptes.push((l0_slot(va), pte(SCRATCH_PA + 4096 * order[k], flags)));
        }
        let pmp = pmp_entries(&mut rng);
        let asid = random_asid(&mut rng);
        let sp = WINDOWS[rng.below(WINDOWS.len() as u64) as usize];
        // SUM and MXR at random (they matter in S mode and for MXR in U mode).
        let mstatus = rng.below(4) << 18;
        let scratch =
            (0..SCRATCH_PAGES * 4096 / 8).flat_map(|_| rng.next().to_le_bytes()).collect();
        Setup {
            mode,
            ptes,
            pmp,
            satp: satp(asid),
            sp,
            mstatus,
            scratch,
            events: Vec::new(),
            rng,
            asid,
            used_asids: vec![asid],
            stale_asids: Vec::new(),
        }
    }

    /// A random event; `None` once the table is full.
    pub fn event(&mut self) -> Option<Gen> {
        if self.events.len() == MAX_EVENTS {
            return None;
        }
        let (rng, mode) = (&mut self.rng, self.mode);
        let mut e = [0u64; 8];
        let mut new_asid = None;
        let mut fence = rng.below(4);
        match rng.below(8) {
            0..=3 => {
                let k = rng.below(SCRATCH_VA.len() as u64) as usize;
                e[0] = l0_slot(SCRATCH_VA[k]);
                e[1] = scratch_leaf(rng, mode);
                e[2] = SCRATCH_VA[k] + rng.below(4096);
            }
            4 | 5 => {
                e[0] = L1_PA + 8;
                e[1] = super_leaf(rng, mode);
                // Any address in the superpage must fence all of it.
                e[2] = SUPER_VA + rng.below(1 << 21);
            }
            6 => {
                e[2] = WINDOWS[rng.below(5) as usize] + rng.below(4096);
                e[6] = WINDOWS[rng.below(WINDOWS.len() as u64) as usize];
            }
            _ => {
                e[2] = SCRATCH_VA[rng.below(5) as usize];
                new_asid = Some(random_asid(rng));
            }
        }
        if let Some(asid) = new_asid {
            self.asid = asid;
            e[5] = satp(asid);
            if !self.used_asids.contains(&asid) {
                self.used_asids.push(asid);
            }
            // Entries this ASID cached before a PTE changed under another
            // one may legitimately survive: fence them.
            if let Some(p) = self.stale_asids.iter().position(|&a| a == asid) {
                self.stale_asids.remove(p);
                fence = 3;
            }
        }
        e[3] = self.asid;
        e[4] = fence;
        if e[0] != 0 {
            match fence {
                0 => self.stale_asids.clear(),
                1 => {}
                _ => {
                    for &a in &self.used_asids {
                        if a != self.asid && !self.stale_asids.contains(&a) {
                            self.stale_asids.push(a);
                        }
                    }
                }
            }
        }
        self.events.push(e);
        Some(Gen::Event(self.events.len() - 1))
    }
}

fn l0_slot(va: u64) -> u64 {
    L0_PA + 8 * (va >> 12 & 0x1ff)
}

/// The label of each printed line, for failure messages.
fn labels() -> Vec<String> {
    let mut l: Vec<String> = PTES.iter().map(|(_, name)| name.to_string()).collect();
    for (start, chunks) in HASHED {
        for k in 0..chunks {
            l.push(format!("hash of memory at {:#x}..+512", start + 512 * k));
        }
    }
    l.extend((1..32).map(|r| format!("x{r}")));
    l.extend((0..32).map(|r| format!("f{r}")));
    l.push("fcsr".into());
    l.extend(
        ["x28 in handler", "x29 in handler", "x30 in handler", "number of traps"].map(String::from),
    );
    l.extend((0..16).map(|k| format!("mcause of trap {k}")));
    l.extend((0..16).map(|k| format!("mtval of trap {k}")));
    l
}

/// In the trap logger (x30 = mcause, x28 and x31 in use): add 0x100 to
/// the cause when the trapping instruction is an AMO, for
/// `amo_causes_as_the_spec_says`; after an LR, skip its SC too. x27 is
/// borrowed (saved after END_SLOT).
pub fn mark_amo(c: &mut Code) {
    c.op(Op::Sd, 0, X31, 27, END_SLOT + 8);
    c.put(Insn::zicsr(Op::Csrrs, X29, 0, 0x341));
    c.op(Op::Lui, 27, 0, 0, 1 << 17);
    c.put(Insn::zicsr(Op::Csrrs, 0, 27, 0x300));
    c.op(Op::Lwu, X29, X29, 0, 0);
    c.put(Insn::zicsr(Op::Csrrc, 0, 27, 0x300));
    c.op(Op::Andi, 27, X29, 0, 0x7f);
    c.op(Op::Addi, 27, 27, 0, -0x2f);
    let not_amo = c.forward(Insn::new(Op::Bne, 0, 27, 0, 0));
    c.op(Op::Srli, 27, X29, 0, 27);
    c.op(Op::Addi, 27, 27, 0, -2);
    let amo = c.forward(Insn::new(Op::Bne, 0, 27, 0, 0));
    // A faulting LR leaves no reservation, and QEMU 7.2 then fails the SC
    // after it (rd = 1) without translating its address, where hartsim
    // raises the SC's page or access fault. Whether a failing SC must fault
    // is unsettled in the spec (riscv-isa-manual issue 1892), so the SC
    // that always follows its LR is skipped with it.
    c.put(Insn::zicsr(Op::Csrrs, X29, 0, 0x341));
    c.op(Op::Addi, X29, X29, 0, 4);
    c.put(Insn::zicsr(Op::Csrrw, 0, X29, 0x341));
    let lr_done = c.forward(Insn::new(Op::Jal, 0, 0, 0, 0));
    c.land(amo);
    c.op(Op::Ori, X30, X30, 0, 0x100);
    c.land(not_amo);
    c.land(lr_done);
    c.op(Op::Ld, 27, X31, 0, END_SLOT + 8);
}

/// QEMU 7.2 reports a load page fault (13) or load access fault (5) for an
/// AMO to a page it may not read; the privileged spec says AMOs never raise
/// load faults (Store/AMO page fault 15, access fault 7), as hartsim does.
/// The handler marks AMO traps (cause + 0x100), and only QEMU's marked load
/// causes are rewritten, so hartsim must still give the store cause.
pub fn amo_causes_as_the_spec_says(qemu: &str, labels: &[String]) -> String {
    let mut out = String::new();
    for (k, line) in qemu.lines().enumerate() {
        let cause = labels.get(k).is_some_and(|l| l.starts_with("mcause"));
        out.push_str(match line {
            "000000000000010d" if cause => "000000000000010f",
            "0000000000000105" if cause => "0000000000000107",
            _ => line,
        });
        out.push('\n');
    }
    out
}

/// The M-mode code, from the reset address: the prologue, the trap
/// handler with the event helper, the epilogue.
fn machine_code(setup: &Setup) -> Vec<u8> {
    let mut c = Code::at(LOAD_ADDR);
    let t0 = T0;
    c.la(t0, 0);
    let mtvec_fixup = c.bytes.len() - 8;
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x305));
    c.li(t0, 1 << 13);
    c.put(Insn::zicsr(Op::Csrrs, 0, t0, 0x300));
    c.la(t0, REC_PA);
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x340));
    c.la(X31, SEEDS_PA);
    for r in 0..32u8 {
        c.op(Op::Fld, r, X31, 0, 8 * r as i64);
    }
    c.op(Op::Ld, t0, X31, 0, SEED_FCSR);
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x003));
    // PMP addresses first: a locked TOR entry freezes the address below it.
    for k in 0..8 {
        c.op(Op::Ld, t0, X31, 0, SEED_PMPADDR + 8 * k);
        c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x3b0 + k as u16));
    }
    c.op(Op::Ld, t0, X31, 0, SEED_PMPCFG);
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x3a0));
    c.op(Op::Ld, t0, X31, 0, SEED_SATP);
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x180));
    c.op(Op::Ld, t0, X31, 0, SEED_MSTATUS);
    c.put(Insn::zicsr(Op::Csrrs, 0, t0, 0x300));
    c.li(t0, 3 << 11);
    c.put(Insn::zicsr(Op::Csrrc, 0, t0, 0x300));
    if setup.mode == Mode::Supervisor {
        c.li(t0, 1 << 11);
        c.put(Insn::zicsr(Op::Csrrs, 0, t0, 0x300));
    }
    c.li(t0, BODY_VA as i64);
    c.put(Insn::zicsr(Op::Csrrw, 0, t0, 0x341));
    for r in 1..32u8 {
        c.op(Op::Ld, r, X31, 0, 8 * (32 + r as i64));
    }
    c.op(Op::Mret, 0, 0, 0, 0);

    let handler = c.pc();
    event_helper(&mut c);
    epilogue(&mut c);
    let mut patch = Code::at(LOAD_ADDR + mtvec_fixup as u64);
    patch.la(t0, handler);
    c.bytes[mtvec_fixup..mtvec_fixup + 8].copy_from_slice(&patch.bytes);
    assert!(c.pc() < CODE_PA[1], "M-mode code overflows its area");
    c.bytes
}

/// The trap handler: the body's final ecall ends the run, an event ecall
/// (x31 = 0x5eed_xxxx) performs the event, anything else is logged and skipped.
fn event_helper(c: &mut Code) {
    c.put(Insn::zicsr(Op::Csrrw, X31, X31, 0x340));
    c.op(Op::Sd, 0, X31, X28, 0);
    c.op(Op::Sd, 0, X31, X29, 8);
    c.op(Op::Sd, 0, X31, X30, 16);
    c.put(Insn::zicsr(Op::Csrrs, X28, 0, 0x342));
    c.op(Op::Addi, X29, X28, 0, -8);
    c.op(Op::Beq, 0, X29, 0, 12);
    c.op(Op::Addi, X29, X28, 0, -9);
    let not_ecall = c.forward(Insn::new(Op::Bne, 0, X29, 0, 0));
    c.put(Insn::zicsr(Op::Csrrs, X29, 0, 0x341));
    c.op(Op::Ld, X30, X31, 0, END_SLOT);
    let finish = c.forward(Insn::new(Op::Beq, 0, X29, X30, 0));
    c.put(Insn::zicsr(Op::Csrrs, X30, 0, 0x340));
    c.op(Op::Srai, X29, X30, 0, 16);
    c.li(X28, EVENT_MAGIC);
    let not_event = c.forward(Insn::new(Op::Bne, 0, X29, X28, 0));
    // x30 = the event's entry (64 bytes each).
    c.op(Op::Slli, X30, X30, 0, 48);
    c.op(Op::Srli, X30, X30, 0, 42);
    c.la(X29, EVENTS_PA);
    c.op(Op::Add, X30, X30, X29, 0);
    c.op(Op::Ld, X28, X30, 0, 0);
    c.op(Op::Ld, X29, X30, 0, 8);
    c.op(Op::Beq, 0, X28, 0, 8);
    c.op(Op::Sd, 0, X28, X29, 0);
    c.op(Op::Ld, X29, X30, 0, 40);
    c.op(Op::Beq, 0, X29, 0, 8);
    c.put(Insn::zicsr(Op::Csrrw, 0, X29, 0x180));
    c.op(Op::Ld, X29, X30, 0, 48);
    c.op(Op::Beq, 0, X29, 0, 8);
    c.op(Op::Addi, SP, X29, 0, 0);
    c.op(Op::Ld, X28, X30, 0, 16);
    c.op(Op::Ld, X29, X30, 0, 24);
    c.op(Op::Ld, X30, X30, 0, 32);
    // Fence kinds: all, by address, by address and ASID, by ASID.
    let mut done = Vec::new();
    for (k, (rs1, rs2)) in [(0, 0), (X28, 0), (X28, X29), (0, X29)].into_iter().enumerate() {
        if k > 0 {
            c.op(Op::Addi, X30, X30, 0, -1);
        }
        if k < 3 {
            c.op(Op::Bne, 0, X30, 0, 12);
        }
        c.op(Op::SfenceVma, 0, rs1, rs2, 0);
        if k < 3 {
            done.push(c.forward(Insn::new(Op::Jal, 0, 0, 0, 0)));
        }
    }
    for d in done {
        c.land(d);
    }
    c.put(Insn::zicsr(Op::Csrrs, X30, 0, 0x341));
    c.op(Op::Addi, X30, X30, 0, 4);
    c.put(Insn::zicsr(Op::Csrrw, 0, X30, 0x341));
    return_from_trap(c);
    c.land(not_ecall);
    c.land(not_event);
    log_trap_and_skip(c, true);
    c.land(finish);
    c.op(Op::Ld, X28, X31, 0, 0);
    c.op(Op::Ld, X29, X31, 0, 8);
    c.op(Op::Ld, X30, X31, 0, 16);
}

/// In M mode with x31 = the record and the body's x31 in mscratch: store
/// the registers, copy the PTEs, hash the memory, print it all.
fn epilogue(c: &mut Code) {
    let slot = |idx: i64| 8 * (idx - REC_IDX);
    for r in 1..31u8 {
        c.op(Op::Sd, 0, X31, r, slot(DUMP_IDX + r as i64 - 1));
    }
    c.put(Insn::zicsr(Op::Csrrs, T0, 0, 0x340));
    c.op(Op::Sd, 0, X31, T0, slot(DUMP_IDX + 30));
    for r in 0..32u8 {
        c.op(Op::Fsd, 0, X31, r, slot(DUMP_IDX + X_SLOTS + r as i64));
    }
    c.put(Insn::zicsr(Op::Csrrs, T0, 0, 0x003));
    c.op(Op::Sd, 0, X31, T0, slot(DUMP_IDX + X_SLOTS + F_SLOTS));
    for (k, (pa, _)) in PTES.iter().enumerate() {
        c.la(T0, *pa);
        c.op(Op::Ld, T0, T0, 0, 0);
        c.op(Op::Sd, 0, X31, T0, slot(k as i64));
    }
    // Word loads: a 4-byte PMP entry must not split one (M would fault).
    let (ptr, chunks, out, mul, hash, words, w) = (8, 9, 10, 11, 12, 13, 14);
    c.li(mul, 0x0100_0193);
    c.op(Op::Addi, out, X31, 0, slot(HASH_IDX));
    for (start, n) in HASHED {
        c.la(ptr, start);
        c.li(chunks, n as i64);
        let chunk = c.pc();
        c.op(Op::Addi, hash, 0, 0, 0);
        c.op(Op::Addi, words, 0, 0, 128);
        let word = c.pc();
        c.op(Op::Lwu, w, ptr, 0, 0);
        c.op(Op::Mul, hash, hash, mul, 0);
        c.op(Op::Xor, hash, hash, w, 0);
        c.op(Op::Addi, ptr, ptr, 0, 4);
        c.op(Op::Addi, words, words, 0, -1);
        c.op(Op::Bne, 0, words, 0, word as i64 - c.pc() as i64);
        c.op(Op::Sd, 0, out, hash, 0);
        c.op(Op::Addi, out, out, 0, 8);
        c.op(Op::Addi, chunks, chunks, 0, -1);
        c.op(Op::Bne, 0, chunks, 0, chunk as i64 - c.pc() as i64);
    }
    c.la(ptr, OUT_PA);
    print_and_exit(c, PRINTED);
}

/// The ELF image of a paged program and its listing.
pub fn build_paged(gens: &[Gen], seeds: &Seeds, setup: &Setup) -> Program {
    let mut body = Code::at(BODY_VA);
    let listing = lay_out_body(&mut body, gens);
    let end_va = body.pc();
    body.op(Op::Ecall, 0, 0, 0, 0);
    let split = (0x1000 - BODY_VA % 0x1000) as usize;
    assert!(body.bytes.len() <= split + 0x1000, "the body overflows its two pages");

    let mut image = vec![0u8; (IMAGE_END - LOAD_ADDR) as usize];
    let mut put = |pa: u64, bytes: &[u8]| {
        let at = (pa - LOAD_ADDR) as usize;
        image[at..at + bytes.len()].copy_from_slice(bytes);
    };
    put(LOAD_ADDR, &machine_code(setup));
    let first = &body.bytes[..split.min(body.bytes.len())];
    put(CODE_PA[0] + BODY_VA % 0x1000, first);
    put(CODE_PA[1], &body.bytes[first.len()..]);
    put(SCRATCH_PA, &setup.scratch);
    put(REC_PA + END_SLOT as u64, &end_va.to_le_bytes());
    let mut table = Vec::new();
    for v in seeds.f.iter().chain(seeds.x.iter()) {
        table.extend_from_slice(&v.to_le_bytes());
    }
    // sp starts on a page boundary.
    table[8 * (32 + SP as usize)..][..8].copy_from_slice(&setup.sp.to_le_bytes());
    let words =
        [seeds.fcsr].into_iter().chain(setup.pmp.0).chain([setup.pmp.1, setup.satp, setup.mstatus]);
    for v in words {
        table.extend_from_slice(&v.to_le_bytes());
    }
    put(SEEDS_PA, &table);
    let events: Vec<u8> = setup.events.iter().flatten().flat_map(|v| v.to_le_bytes()).collect();
    put(EVENTS_PA, &events);
    for &(pa, v) in &setup.ptes {
        put(pa, &v.to_le_bytes());
    }
    Program { elf: common::flat_elf(&image), body: listing, labels: labels() }
}
