//! The execution loops.
//!
//! `run` executes decoded blocks (see `block` and `execute`): operands
//! resolved in advance, blocks chained through their links, instruction
//! counts added per block. It falls back to single steps where a whole block
//! cannot run: the fetch translation is not in the TLB yet, or an interrupt
//! deadline or the instruction limit falls inside the block. Interrupts are
//! therefore seen at exactly the instruction where single-stepping would see
//! them, and counts are exact. Between runs of blocks it drops the blocks
//! when decoded code was written (or the cache is full) and looks at
//! interrupts.
//!
//! `step` executes one instruction through a small decode cache: the tracer
//! and `run_stepping` use it, and `run` falls back to it. The cache is
//! direct-mapped by pc and remembers the instruction bits it decoded; a hit
//! needs the bits fetched now to match, so code that rewrites itself is
//! picked up at once.

mod block;
mod execute;

use crate::bus::Bus;
use crate::hart::exec::{Handler, handler};
use crate::hart::mmu::{Access, PAGE_SIZE};
use crate::hart::{Event, Exception, Hart};
use crate::isa::{Insn, Op, decode_any, insn_len};
use block::BlockCache;
use execute::{Exit, run_blocks};

const CACHE_SLOTS: usize = 1 << 14;
/// Traps in a row with no instruction retiring between them: the guest is in
/// a trap loop it cannot leave (its handler itself faults, say).
const TRAP_STORM_LIMIT: u32 = 10_000;

#[derive(Clone, Copy)]
pub struct CachedInsn {
    pc: u64,
    pub insn: Insn,
    handler: Handler,
}

/// What one step did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepOutcome {
    Retired,
    /// The instruction raised this exception; the hart is now in its handler.
    Trapped(Exception),
    /// A device asked to stop; the instruction retired.
    Stopped,
    /// The hart cannot go on (the reason says why); nothing retired.
    Halted(String),
}

/// Why `Engine::run` returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStop {
    /// A device asked to stop: see `Bus::stop`.
    Device,
    /// The retired-instruction limit was reached.
    InsnLimit,
    Halted(String),
}

pub struct Engine {
    cache: Box<[CachedInsn]>,
    blocks: BlockCache,
    /// Consecutive traps with no instruction retired in between.
    traps_in_a_row: u32,
    retired_at_last_trap: u64,
}

impl Default for Engine {
    fn default() -> Self {
        let empty =
            CachedInsn { pc: u64::MAX, insn: Insn::illegal(0, 4), handler: handler(Op::Illegal) };
        Engine {
            cache: vec![empty; CACHE_SLOTS].into_boxed_slice(),
            blocks: BlockCache::default(),
            traps_in_a_row: 0,
            retired_at_last_trap: u64::MAX,
        }
    }
}

impl Engine {
    /// Fetch and decode the instruction at the hart's pc.
    #[inline(always)]
    pub fn fetch(&mut self, hart: &mut Hart, bus: &mut Bus) -> Result<&CachedInsn, Exception> {
        let pc = hart.pc;
        let word = if hart.translate_fetch {
            fetch_translated(hart, bus, pc)?
        } else {
            match bus.ram.read(pc, 4) {
                Some(w) => w as u32,
                None => fetch_near_ram_end(bus, pc)?,
            }
        };
        let raw = if insn_len(word as u16) == 4 { word } else { word & 0xffff };
        let slot = &mut self.cache[(pc >> 1) as usize & (CACHE_SLOTS - 1)];
        if slot.pc != pc || slot.insn.raw != raw {
            let insn = decode_any(raw, hart.config.isa.exts);
            *slot = CachedInsn { pc, insn, handler: handler(insn.op) };
        }
        Ok(slot)
    }

    /// Execute one instruction (or take the trap it raises).
    #[inline(always)]
    pub fn step(&mut self, hart: &mut Hart, bus: &mut Bus) -> StepOutcome {
        let entry = match self.fetch(hart, bus) {
            Ok(entry) => entry,
            Err(e) => return fetch_fault(hart, e),
        };
        hart.next_pc = hart.pc.wrapping_add(entry.insn.len as u64);
        match (entry.handler)(hart, bus, &entry.insn) {
            Ok(()) => {
                hart.pc = hart.next_pc;
                hart.retired += 1;
                StepOutcome::Retired
            }
            Err(Event::Exception(e)) => {
                hart.raise(e);
                StepOutcome::Trapped(e)
            }
            Err(Event::Stop) => {
                hart.pc = hart.next_pc;
                hart.retired += 1;
                StepOutcome::Stopped
            }
            Err(Event::Resync) => {
                hart.pc = hart.next_pc;
                hart.retired += 1;
                StepOutcome::Retired
            }
            Err(Event::Halt(reason)) => StepOutcome::Halted(reason.to_string()),
        }
    }

    /// Run until a device stops the machine, the hart halts, or `max_retired`
    /// instructions have retired since reset.
    pub fn run(&mut self, hart: &mut Hart, bus: &mut Bus, max_retired: u64) -> RunStop {
        loop {
            if bus.ram.code_written() || self.blocks.is_full() {
                self.blocks.flush(&mut bus.ram);
            }
            if hart.retired >= max_retired {
                return RunStop::InsnLimit;
            }
            if hart.cycles() >= hart.next_irq_check {
                hart.check_interrupts(bus);
            }
            // Blocks may run while the retired count stays at or below this:
            // the limit, and the cycle count at which interrupts need a look.
            let stop_at = max_retired.min(hart.next_irq_check.saturating_sub(hart.idle_cycles));
            let exit = if hart.direct_data {
                run_blocks::<true>(hart, bus, &mut self.blocks, stop_at)
            } else {
                run_blocks::<false>(hart, bus, &mut self.blocks, stop_at)
            };
            let stop = match exit {
                Exit::Resume => None,
                Exit::Step => self.single_step(hart, bus),
                Exit::Event { pc, next, event } => self.block_event(hart, event, pc, next),
            };
            if let Some(stop) = stop {
                return stop;
            }
        }
    }

    /// Like `run`, one instruction at a time through `step`: the reference
    /// the block engine is tested against, and a fallback for debugging it.
    pub fn run_stepping(&mut self, hart: &mut Hart, bus: &mut Bus, max_retired: u64) -> RunStop {
        loop {
            if hart.retired >= max_retired {
                return RunStop::InsnLimit;
            }
            if hart.cycles() >= hart.next_irq_check {
                hart.check_interrupts(bus);
            }
            if let Some(stop) = self.single_step(hart, bus) {
                return stop;
            }
        }
    }

    /// Finish an instruction that ended its block with `event`.
    fn block_event(
        &mut self,
        hart: &mut Hart,
        event: Event,
        pc: u64,
        next: u64,
    ) -> Option<RunStop> {
        hart.pc = pc;
        if event.retires() {
            hart.retired += 1;
            hart.pc = next;
        }
        match event {
            Event::Exception(e) => {
                hart.raise(e);
                self.trap_storm(hart, e).map(RunStop::Halted)
            }
            Event::Stop => Some(RunStop::Device),
            Event::Resync => None,
            Event::Halt(reason) => Some(RunStop::Halted(reason.to_string())),
        }
    }

    /// One instruction through `step`, for `run`.
    #[cold]
    fn single_step(&mut self, hart: &mut Hart, bus: &mut Bus) -> Option<RunStop> {
        match self.step(hart, bus) {
            StepOutcome::Retired => None,
            StepOutcome::Trapped(e) => self.trap_storm(hart, e).map(RunStop::Halted),
            StepOutcome::Stopped => Some(RunStop::Device),
            StepOutcome::Halted(reason) => Some(RunStop::Halted(reason)),
        }
    }

    /// Count a trap; after too many with nothing retiring in between, say why
    /// the guest is stuck (the trap loop would otherwise spin forever, since
    /// instruction limits count only retired instructions).
    #[cold]
    pub fn trap_storm(&mut self, hart: &Hart, e: Exception) -> Option<String> {
        if hart.retired != self.retired_at_last_trap {
            self.retired_at_last_trap = hart.retired;
            self.traps_in_a_row = 0;
        }
        self.traps_in_a_row += 1;
        (self.traps_in_a_row >= TRAP_STORM_LIMIT).then(|| {
            format!(
                "trap loop: {} traps in a row without an instruction retiring; the last was \
                 {} (cause {}, tval {:#x}) taken to the handler at {:#x}",
                self.traps_in_a_row,
                e.describe(),
                e.cause(),
                e.tval(),
                hart.pc
            )
        })
    }
}

/// The last two bytes of RAM can hold a 16-bit instruction; anything else
/// outside RAM cannot be executed.
#[cold]
fn fetch_near_ram_end(bus: &Bus, pc: u64) -> Result<u32, Exception> {
    let low = bus.ram.read(pc, 2).ok_or(Exception::InsnAccessFault(pc))? as u32;
    if insn_len(low as u16) == 4 {
        return Err(Exception::InsnAccessFault(pc.wrapping_add(2)));
    }
    Ok(low)
}

/// Fetch through the MMU/PMP: each 16-bit half separately when a 32-bit
/// instruction straddles a page boundary.
#[inline(always)]
fn fetch_translated(hart: &mut Hart, bus: &mut Bus, pc: u64) -> Result<u32, Exception> {
    let low_addr = hart.translate(bus, pc, 2, Access::Fetch)?;
    // Usual case: both halves are on this page, read in one go.
    if pc % PAGE_SIZE <= PAGE_SIZE - 4
        && let Some(word) = bus.ram.read(low_addr, 4)
    {
        let word = word as u32;
        return Ok(if insn_len(word as u16) == 4 { word } else { word & 0xffff });
    }
    let low = bus.ram.read(low_addr, 2).ok_or(Exception::InsnAccessFault(pc))? as u32;
    if insn_len(low as u16) == 2 {
        return Ok(low);
    }
    let high_pc = pc.wrapping_add(2);
    let high_addr = if pc % PAGE_SIZE == PAGE_SIZE - 2 {
        hart.translate(bus, high_pc, 2, Access::Fetch)?
    } else {
        low_addr + 2
    };
    let high = bus.ram.read(high_addr, 2).ok_or(Exception::InsnAccessFault(high_pc))? as u32;
    Ok(low | high << 16)
}

/// A fetch fault traps like any exception, unless the pc is the trap handler
/// itself: then every trap would fault again, forever.
#[cold]
fn fetch_fault(hart: &mut Hart, e: Exception) -> StepOutcome {
    let handler =
        if hart.mode == crate::hart::Privilege::Machine { hart.csr.mtvec } else { hart.csr.stvec };
    if hart.pc == handler & !3 {
        return StepOutcome::Halted(format!(
            "the trap handler at {:#x} cannot be fetched: {}",
            hart.pc,
            e.describe()
        ));
    }
    hart.raise(e);
    StepOutcome::Trapped(e)
}
