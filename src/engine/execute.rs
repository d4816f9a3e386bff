//! The block executor: runs decoded blocks one after another, each op through
//! one `match` (a jump table) with the common integer instructions inline,
//! following each block's link to the next.
//!
//! Instruction counting is per block: the executor's count includes a whole
//! block as soon as it starts, and is copied to `hart.retired` when leaving.
//! Anything that may look at the counters mid-block (a device access, a
//! handler call, a trap) sees the exact count, `retired - op.left`, so counts
//! and virtual time are the same as single-stepping.

use super::block::{BlockCache, Kind};
use crate::bus::Bus;
use crate::hart::exec::sext32;
use crate::hart::{Event, Exception, ExecResult, Hart};

/// Why `run_blocks` returned.
pub enum Exit {
    /// The block at the hart's pc cannot run as a block (see `BlockCache::find`),
    /// or would go past `stop_at`: the engine single-steps.
    Step,
    /// Blocks ran; the engine must look at the machine before going on (a
    /// block ended with a CSR or system instruction, or the next one would go
    /// past `stop_at`).
    Resume,
    /// The instruction at `pc` raised `event`; everything before it retired.
    Event { pc: u64, next: u64, event: Event },
}

/// Run blocks from the hart's pc while the retired count stays at or below
/// `stop_at`. Out of line, so the op loop's values get the registers.
///
/// `DIRECT` must equal `hart.direct_data`: loads and stores then go straight
/// to RAM with no translation check. Only the instructions that end a block
/// and traps change it, and both return to the engine loop, which picks the
/// instance again.
#[inline(never)]
pub fn run_blocks<const DIRECT: bool>(
    h: &mut Hart,
    bus: &mut Bus,
    cache: &mut BlockCache,
    stop_at: u64,
) -> Exit {
    debug_assert_eq!(DIRECT, h.direct_data);
    let Some(index) = cache.find(h, bus) else { return Exit::Step };
    let block = cache.blocks[index as usize];
    let (mut first, mut insns) = (block.first, block.insns);
    // The retired count lives here while blocks run; `hart.retired` is set
    // from it whenever something may read it (slow paths, handlers, exits).
    let mut retired = h.retired;
    if retired + insns as u64 > stop_at {
        return Exit::Step;
    }
    loop {
        retired += insns as u64;
        let (pc, slot) = match run_ops::<DIRECT>(h, bus, cache, first as usize, &mut retired) {
            Ok(next) => next,
            Err(exit) => return exit,
        };
        // The usual case: the exit's link is valid and the block fits.
        let link = cache.link(slot);
        if link.imm == pc && link.pc == h.tlb.epoch() && retired + link.left as u64 <= stop_at {
            (first, insns) = (link.call, link.left as u32);
            continue;
        }
        h.retired = retired;
        (first, insns) = match follow_slow(h, bus, cache, pc, slot, stop_at) {
            Some(next) => next,
            None => return Exit::Resume,
        };
    }
}

/// Going on at `pc` when the exit's link did not do: look the block up (and
/// link it). `None` when it cannot run as a block or would pass `stop_at`;
/// the hart's pc is set either way.
#[inline(never)]
fn follow_slow(
    h: &mut Hart,
    bus: &mut Bus,
    cache: &mut BlockCache,
    pc: u64,
    slot: usize,
    stop_at: u64,
) -> Option<(u32, u32)> {
    h.pc = pc;
    cache.follow(slot, h, bus).filter(|&(_, insns)| h.retired + insns as u64 <= stop_at)
}

/// Run one block's ops, starting at `ops[first]`. `Ok` holds the next pc and
/// the link slot of the exit taken; `Err` says why the engine must take over
/// (the hart's pc and retired count are then set).
#[inline(always)]
fn run_ops<const DIRECT: bool>(
    h: &mut Hart,
    bus: &mut Bus,
    cache: &BlockCache,
    first: usize,
    retired: &mut u64,
) -> Result<(u64, usize), Exit> {
    // SAFETY: register numbers in ops are below 32 (`BlockOp` invariant, set
    // by `BlockCache::lower`, the only place ops are made).
    macro_rules! x {
        ($r:expr) => {
            *unsafe { h.x.get_unchecked_mut($r as usize) }
        };
    }
    // Leave the block at `op`, which raised `event`.
    macro_rules! event_at {
        ($op:expr, $event:expr) => {{
            h.retired = *retired - $op.left as u64;
            return Err(Exit::Event { pc: $op.pc, next: $op.next(), event: $event });
        }};
    }
    // Run a slow path with the exact retired count in place.
    macro_rules! exact {
        ($op:expr, $e:expr) => {{
            h.retired = *retired - $op.left as u64;
            $e
        }};
    }
    // A slow path that may have written decoded code ends the block after
    // its instruction, so the engine drops the stale blocks.
    macro_rules! check_code {
        ($op:expr) => {
            if bus.ram.code_written() {
                event_at!($op, Event::Resync);
            }
        };
    }
    macro_rules! alu {
        ($op:expr, |$a:ident, $b:ident| $e:expr) => {{
            let ($a, $b) = (x!($op.rs1), x!($op.rs2));
            x!($op.rd) = $e;
        }};
    }
    macro_rules! alu_imm {
        ($op:expr, |$a:ident, $imm:ident| $e:expr) => {{
            let ($a, $imm) = (x!($op.rs1), $op.imm);
            x!($op.rd) = $e;
        }};
    }
    macro_rules! load {
        ($op:expr, $size:literal, |$v:ident| $extend:expr) => {{
            let addr = x!($op.rs1).wrapping_add($op.imm);
            let (value, slow) = match h.load_fast::<DIRECT>(bus, addr, $size) {
                Some(v) => (v, false),
                None => match exact!($op, load_slow(h, bus, addr, $size)) {
                    Ok(v) => (v, true),
                    Err(e) => event_at!($op, e.into()),
                },
            };
            let $v = value;
            x!($op.rd) = $extend; // never x0 (see `BlockCache::lower`)
            if slow {
                check_code!($op);
            }
        }};
    }
    macro_rules! store {
        ($op:expr, $size:literal) => {{
            let addr = x!($op.rs1).wrapping_add($op.imm);
            let value = x!($op.rs2);
            if !h.store_fast::<DIRECT>(bus, addr, $size, value) {
                if let Err(event) = exact!($op, store_slow(h, bus, addr, $size, value)) {
                    event_at!($op, event);
                }
                check_code!($op);
            }
        }};
    }
    macro_rules! call {
        ($op:expr) => {{
            let (insn, handler) = &cache.calls[$op.call as usize];
            h.pc = $op.pc;
            h.next_pc = $op.next();
            if let Err(event) = exact!($op, handler(h, bus, insn)) {
                event_at!($op, event);
            }
            check_code!($op);
        }};
    }
    // A taken branch leaves the block: the instructions after it never ran.
    macro_rules! branch {
        ($op:expr, |$a:ident, $b:ident| $cond:expr) => {{
            let ($a, $b) = (x!($op.rs1), x!($op.rs2));
            if $cond {
                *retired -= $op.left as u64 - 1;
                return Ok(($op.imm, $op.call as usize));
            }
        }};
    }

    let mut next_op = cache.ops.as_ptr().wrapping_add(first);
    // One op: fetch it, advance, dispatch. The loop writes it out 16 times,
    // so each of a block's first 16 positions has its own dispatch jump,
    // predicted from its own history, much as a threaded interpreter's
    // per-handler jumps would be. Measured against one copy (medians of 15
    // alternating runs): CoreMark -26% wall time, sha256 -48%.
    macro_rules! step {
        () => {{
            // SAFETY: `first` is the first op of a block (it comes from a
            // `Block` or a link slot, both made by `BlockCache::build`), and
            // every block's last op leaves this loop, so `next_op` never
            // passes it. Ops are not changed while blocks run: only the engine
            // loop flushes, and building appends (the vector may move, but
            // `cache` is borrowed for the whole loop, so not while this
            // pointer lives).
            let op = unsafe { &*next_op };
            next_op = next_op.wrapping_add(1);
            match op.kind {
                Kind::Nop => {}
                Kind::Li => x!(op.rd) = op.imm,
                Kind::Addi => alu_imm!(op, |a, imm| a.wrapping_add(imm)),
                Kind::Addiw => alu_imm!(op, |a, imm| sext32(a.wrapping_add(imm))),
                Kind::Slti => alu_imm!(op, |a, imm| ((a as i64) < (imm as i64)) as u64),
                Kind::Sltiu => alu_imm!(op, |a, imm| (a < imm) as u64),
                Kind::Xori => alu_imm!(op, |a, imm| a ^ imm),
                Kind::Ori => alu_imm!(op, |a, imm| a | imm),
                Kind::Andi => alu_imm!(op, |a, imm| a & imm),
                Kind::Slli => alu_imm!(op, |a, sh| a << (sh & 63)),
                Kind::Srli => alu_imm!(op, |a, sh| a >> (sh & 63)),
                Kind::Srai => alu_imm!(op, |a, sh| ((a as i64) >> (sh & 63)) as u64),
                Kind::Slliw => alu_imm!(op, |a, sh| sext32(a << (sh & 31))),
                Kind::Srliw => alu_imm!(op, |a, sh| sext32((a as u32 >> (sh & 31)) as u64)),
                Kind::Sraiw => alu_imm!(op, |a, sh| ((a as i32) >> (sh & 31)) as i64 as u64),
                Kind::Add => alu!(op, |a, b| a.wrapping_add(b)),
                Kind::Sub => alu!(op, |a, b| a.wrapping_sub(b)),
                Kind::Sll => alu!(op, |a, b| a << (b & 63)),
                Kind::Slt => alu!(op, |a, b| ((a as i64) < (b as i64)) as u64),
                Kind::Sltu => alu!(op, |a, b| (a < b) as u64),
                Kind::Xor => alu!(op, |a, b| a ^ b),
                Kind::Srl => alu!(op, |a, b| a >> (b & 63)),
                Kind::Sra => alu!(op, |a, b| ((a as i64) >> (b & 63)) as u64),
                Kind::Or => alu!(op, |a, b| a | b),
                Kind::And => alu!(op, |a, b| a & b),
                Kind::Addw => alu!(op, |a, b| sext32(a.wrapping_add(b))),
                Kind::Subw => alu!(op, |a, b| sext32(a.wrapping_sub(b))),
                Kind::Sllw => alu!(op, |a, b| sext32(a << (b & 31))),
                Kind::Srlw => alu!(op, |a, b| sext32((a as u32 >> (b & 31)) as u64)),
                Kind::Sraw => alu!(op, |a, b| ((a as i32) >> (b & 31)) as i64 as u64),
                Kind::Mul => alu!(op, |a, b| a.wrapping_mul(b)),
                Kind::Mulw => alu!(op, |a, b| sext32(a.wrapping_mul(b))),
                Kind::Lb => load!(op, 1, |v| v as i8 as i64 as u64),
                Kind::Lh => load!(op, 2, |v| v as i16 as i64 as u64),
                Kind::Lw => load!(op, 4, |v| sext32(v)),
                Kind::Ld => load!(op, 8, |v| v),
                Kind::Lbu => load!(op, 1, |v| v),
                Kind::Lhu => load!(op, 2, |v| v),
                Kind::Lwu => load!(op, 4, |v| v),
                Kind::Sb => store!(op, 1),
                Kind::Sh => store!(op, 2),
                Kind::Sw => store!(op, 4),
                Kind::Sd => store!(op, 8),
                Kind::Jal => {
                    x!(op.rd) = op.next();
                    return Ok((op.imm, op.call as usize));
                }
                Kind::J => return Ok((op.imm, op.call as usize)),
                Kind::Jalr => {
                    let target = x!(op.rs1).wrapping_add(op.imm) & !1;
                    x!(op.rd) = op.next();
                    return Ok((target, op.call as usize));
                }
                Kind::Jr => return Ok((x!(op.rs1).wrapping_add(op.imm) & !1, op.call as usize)),
                Kind::Beq => branch!(op, |a, b| a == b),
                Kind::Bne => branch!(op, |a, b| a != b),
                Kind::Blt => branch!(op, |a, b| (a as i64) < (b as i64)),
                Kind::Bge => branch!(op, |a, b| (a as i64) >= (b as i64)),
                Kind::Bltu => branch!(op, |a, b| a < b),
                Kind::Bgeu => branch!(op, |a, b| a >= b),
                Kind::Call => call!(op),
                Kind::CallThenEnd => {
                    call!(op);
                    h.pc = h.next_pc;
                    h.retired = *retired;
                    return Err(Exit::Resume);
                }
                Kind::Exit => return Ok((op.imm, op.call as usize)),
                Kind::Link => unreachable!("link slots follow a block's last op"),
            }
        }};
    }
    loop {
        // 16 copies (see `step`).
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
        step!();
    }
}

/// Loads the fast path could not do: translation misses, devices, faults.
#[inline(never)]
fn load_slow(h: &mut Hart, bus: &mut Bus, addr: u64, size: u64) -> Result<u64, Exception> {
    h.load(bus, addr, size)
}

/// Stores the fast path could not do: translation misses, devices, decoded
/// code, `tohost`, a reservation to break, faults.
#[inline(never)]
fn store_slow(h: &mut Hart, bus: &mut Bus, addr: u64, size: u64, value: u64) -> ExecResult {
    h.store(bus, addr, size, value)
}
