//! The execution loop.
//!
//! One loop (`Engine::run`) serves the fast path, single-stepping and every
//! observer (see `observe`). In block mode it executes decoded blocks (see
//! `block` and `execute`): operands resolved in advance, blocks chained
//! through their links, instruction counts added per block. It falls back to
//! single steps where a whole block cannot run: the fetch translation is not
//! in the TLB yet, or an interrupt deadline or the instruction limit falls
//! inside the block. Interrupts are therefore seen at exactly the instruction
//! where single-stepping would see them, and counts are exact. Between runs
//! of blocks it drops the blocks when decoded code was written (or the cache
//! is full), looks at interrupts, and asks the host console whether to stop.
//!
//! A single step goes through a small decode cache, direct-mapped by pc,
//! that remembers the instruction bits it decoded; a hit needs the bits
//! fetched now to match, so code that rewrites itself is picked up at once.
//! An observer that wants every instruction makes the loop single-step; the
//! instruction it sees is the one fetched for execution (no second fetch).

mod block;
mod execute;
pub mod observe;

use std::ops::ControlFlow;

use crate::bus::Bus;
use crate::hart::exec::{Handler, handler};
use crate::hart::mmu::{Access, PAGE_SIZE};
use crate::hart::{Event, Exception, Hart, Privilege};
use crate::isa::{Insn, Op, decode_any, insn_len};
use block::BlockCache;
use execute::{Exit, run_blocks};
use observe::{HartView, Observer, Trap};

const CACHE_SLOTS: usize = 1 << 14;
/// Traps in a row with no instruction retiring between them: the guest is in
/// a trap loop it cannot leave (its handler itself faults, say).
const TRAP_STORM_LIMIT: u32 = 10_000;
/// How often (in retired instructions) the loop asks the host console
/// whether to stop: about a millisecond of guest time.
const HOST_POLL_INSNS: u64 = 1 << 20;

#[derive(Clone, Copy)]
pub struct CachedInsn {
    pc: u64,
    pub insn: Insn,
    handler: Handler,
}

/// How the loop executes instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Decoded blocks (single steps where a block cannot run).
    Blocks,
    /// One instruction at a time: the reference the block engine is tested
    /// against (`--engine step`).
    Stepping,
}

/// Why `Engine::run` returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunStop {
    /// A device asked to stop: see `Bus::stop`.
    Device,
    /// The retired-instruction limit was reached.
    InsnLimit,
    /// The hart can make no progress.
    Halted(Halt),
    /// The host console asked to stop (`HostConsole::stop_requested`).
    Host,
    /// An observer stopped the run, saying why.
    Observer(String),
}

/// Why a hart can make no further progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Halt {
    /// `trap` was taken (or, when no trap led here, would be taken) to a
    /// handler whose first instruction cannot be fetched: in effect the trap
    /// has no handler. Bare-metal programs without a trap vector end here.
    UnfetchableHandler {
        /// The trap that went unhandled.
        trap: Trap,
        /// The handler's address (`mtvec` or `stvec` with the mode bits cleared).
        handler: u64,
        /// Why the handler cannot be fetched.
        fault: &'static str,
    },
    /// Traps kept coming with no instruction retiring in between.
    TrapLoop {
        /// How many traps in a row.
        traps: u32,
        /// The last of them.
        last: Trap,
        /// Where that trap went.
        handler: u64,
    },
    /// `wfi` that nothing can end, and the like: why, in words.
    Stuck(&'static str),
}

impl std::fmt::Display for Halt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Halt::UnfetchableHandler { handler, fault, .. } => {
                write!(f, "the trap handler at {handler:#x} cannot be fetched: {fault}")
            }
            Halt::TrapLoop { traps, last, handler } => write!(
                f,
                "trap loop: {traps} traps in a row without an instruction retiring; the last was \
                 {} (cause {}, tval {:#x}) taken to the handler at {:#x}",
                last.describe(),
                last.code,
                last.tval,
                handler
            ),
            Halt::Stuck(reason) => f.write_str(reason),
        }
    }
}

pub struct Engine {
    cache: Box<[CachedInsn]>,
    blocks: BlockCache,
    /// Consecutive traps with no instruction retired in between.
    traps_in_a_row: u32,
    /// The retired count at which to ask the host console again.
    host_poll_at: u64,
}

impl Default for Engine {
    fn default() -> Self {
        let empty =
            CachedInsn { pc: u64::MAX, insn: Insn::illegal(0, 4), handler: handler(Op::Illegal) };
        Engine {
            cache: vec![empty; CACHE_SLOTS].into_boxed_slice(),
            blocks: BlockCache::default(),
            traps_in_a_row: 0,
            host_poll_at: 0,
        }
    }
}

/// Turn an observer's verdict into a stop.
fn observed(flow: ControlFlow<String>) -> Option<RunStop> {
    match flow {
        ControlFlow::Continue(()) => None,
        ControlFlow::Break(reason) => Some(RunStop::Observer(reason)),
    }
}

impl Engine {
    /// Blocks built and block-cache flushes so far.
    pub fn block_counts(&self) -> (u64, u64) {
        (self.blocks.built, self.blocks.flushes)
    }

    /// Fetch and decode the instruction at the hart's pc.
    #[inline(always)]
    fn fetch(&mut self, hart: &mut Hart, bus: &mut Bus) -> Result<CachedInsn, Exception> {
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
        Ok(*slot)
    }

    /// Run until a device stops the machine, the hart halts, the host or
    /// the observer asks to stop, or `max_retired` instructions have
    /// retired since reset.
    pub fn run<O: Observer>(
        &mut self,
        hart: &mut Hart,
        bus: &mut Bus,
        max_retired: u64,
        mode: Mode,
        observer: &mut O,
    ) -> RunStop {
        let blocks = mode == Mode::Blocks && !O::EACH_INSTRUCTION;
        bus.device_log = O::DEVICE_ACCESSES.then(Vec::new);
        self.host_poll_at = hart.retired;
        loop {
            if blocks && (bus.ram.code_written() || self.blocks.is_full()) {
                self.blocks.flush(&mut bus.ram);
            }
            if hart.retired >= max_retired {
                return RunStop::InsnLimit;
            }
            if hart.retired >= self.host_poll_at {
                self.host_poll_at = hart.retired + HOST_POLL_INSNS;
                if bus.console.stop_requested() {
                    return RunStop::Host;
                }
            }
            // Taking an interrupt records it as the hart's last trap.
            if hart.cycles() >= hart.next_irq_check
                && hart.check_interrupts(bus).is_some()
                && let Some(trap) = hart.last_trap
                && let Some(stop) = observed(observer.trap(&trap, &HartView::new(hart, bus)))
            {
                return stop;
            }
            let stop = if blocks {
                // Blocks may run while the retired count stays at or below
                // this: the limit, the next look at the host, and the cycle
                // count at which interrupts need a look.
                let stop_at = max_retired
                    .min(self.host_poll_at)
                    .min(hart.next_irq_check.saturating_sub(hart.idle_cycles));
                let exit = if hart.direct_data {
                    run_blocks::<true>(hart, bus, &mut self.blocks, stop_at)
                } else {
                    run_blocks::<false>(hart, bus, &mut self.blocks, stop_at)
                };
                match exit {
                    Exit::Resume => None,
                    Exit::Step => self.step(hart, bus, observer),
                    Exit::Event { pc, next, event } => {
                        self.block_event(hart, bus, event, pc, next, observer)
                    }
                }
            } else {
                self.step(hart, bus, observer)
            };
            let stop = stop.or_else(|| report_device_accesses(bus, observer));
            if let Some(stop) = stop {
                return stop;
            }
        }
    }

    /// Finish an instruction that ended its block with `event`.
    fn block_event<O: Observer>(
        &mut self,
        hart: &mut Hart,
        bus: &mut Bus,
        event: Event,
        pc: u64,
        next: u64,
        observer: &mut O,
    ) -> Option<RunStop> {
        hart.pc = pc;
        if event.retires() {
            hart.retired += 1;
            hart.pc = next;
        }
        match event {
            Event::Exception(e) => self.take_exception(hart, bus, e, observer),
            Event::Stop => Some(RunStop::Device),
            Event::Resync => None,
            Event::Halt(reason) => Some(RunStop::Halted(Halt::Stuck(reason))),
        }
    }

    /// Execute one instruction (or take the trap it raises), telling the
    /// observer.
    #[inline(always)]
    fn step<O: Observer>(
        &mut self,
        hart: &mut Hart,
        bus: &mut Bus,
        observer: &mut O,
    ) -> Option<RunStop> {
        let entry = match self.fetch(hart, bus) {
            Ok(entry) => entry,
            Err(e) => return self.fetch_fault(hart, bus, e, observer),
        };
        let mut access = None;
        if O::EACH_INSTRUCTION {
            hart.fp_flags_raised = false;
            access = observe::planned_access(hart, &entry.insn);
            let view = HartView::new(hart, bus);
            if let Some(stop) = observed(observer.before(&entry.insn, &view)) {
                return Some(stop);
            }
        }
        hart.next_pc = hart.pc.wrapping_add(entry.insn.len as u64);
        let stop = match (entry.handler)(hart, bus, &entry.insn) {
            Ok(()) | Err(Event::Resync) => None,
            Err(Event::Stop) => Some(RunStop::Device),
            Err(Event::Exception(e)) => return self.take_exception(hart, bus, e, observer),
            Err(Event::Halt(reason)) => return Some(RunStop::Halted(Halt::Stuck(reason))),
        };
        hart.pc = hart.next_pc;
        hart.retired += 1;
        if O::EACH_INSTRUCTION {
            if let Some(access) = access.as_mut() {
                observe::settle_access(hart, bus, &entry.insn, access);
            }
            let view = HartView::new(hart, bus);
            if let Some(stop) = observed(observer.retired(&entry.insn, access.as_ref(), &view)) {
                return Some(stop);
            }
        }
        stop
    }

    /// Enter the handler of exception `e` raised by the instruction at the
    /// hart's pc, tell the observer, and watch for trap loops.
    #[cold]
    fn take_exception<O: Observer>(
        &mut self,
        hart: &mut Hart,
        bus: &mut Bus,
        e: Exception,
        observer: &mut O,
    ) -> Option<RunStop> {
        let progressed = !hart.trapped_without_retiring();
        hart.raise(e);
        let trap = hart.last_trap?; // recorded by `raise`
        observed(observer.trap(&trap, &HartView::new(hart, bus)))
            .or_else(|| self.trap_storm(progressed, hart, trap).map(RunStop::Halted))
    }

    /// A fetch fault traps like any exception, unless the pc is the trap
    /// handler itself: then every trap would fault again, forever.
    #[cold]
    fn fetch_fault<O: Observer>(
        &mut self,
        hart: &mut Hart,
        bus: &mut Bus,
        e: Exception,
        observer: &mut O,
    ) -> Option<RunStop> {
        let handler = if hart.mode == Privilege::Machine { hart.csr.mtvec } else { hart.csr.stvec };
        if hart.pc == handler & !3 {
            // The trap that brought the hart here, if nothing retired since;
            // else this fetch is itself the unhandled trap (a jump to 0 with
            // mtvec 0, say).
            let brought_here = hart.last_trap.filter(|_| hart.trapped_without_retiring());
            let trap = brought_here.unwrap_or(Trap {
                code: e.cause(),
                interrupt: false,
                epc: hart.pc,
                tval: e.tval(),
                from: hart.mode,
                to: hart.mode,
            });
            return Some(RunStop::Halted(Halt::UnfetchableHandler {
                trap,
                handler: hart.pc,
                fault: e.describe(),
            }));
        }
        self.take_exception(hart, bus, e, observer)
    }

    /// Count a trap (`progressed`: an instruction retired since the one
    /// before); after too many with nothing retiring in between, say why the
    /// guest is stuck (the trap loop would otherwise spin forever, since
    /// instruction limits count only retired instructions).
    fn trap_storm(&mut self, progressed: bool, hart: &Hart, last: Trap) -> Option<Halt> {
        if progressed {
            self.traps_in_a_row = 0;
        }
        self.traps_in_a_row += 1;
        (self.traps_in_a_row >= TRAP_STORM_LIMIT).then_some(Halt::TrapLoop {
            traps: self.traps_in_a_row,
            last,
            handler: hart.pc,
        })
    }
}

/// Hand the device accesses logged since the last call to the observer.
#[inline(always)]
fn report_device_accesses<O: Observer>(bus: &mut Bus, observer: &mut O) -> Option<RunStop> {
    if !O::DEVICE_ACCESSES {
        return None;
    }
    let log = bus.device_log.as_mut()?;
    let mut stop = None;
    for access in log.drain(..) {
        if stop.is_none() {
            stop = observed(observer.device_access(&access));
        }
    }
    stop
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
