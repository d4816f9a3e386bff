//! Breakpoints, watchpoints and steps as an observer of the run loop: what
//! the GDB stub and the interactive debugger share. Each instruction is
//! looked at before it runs (so the run goes through the single-step
//! engine); a watchpoint stops before the access it watches.

use crate::debug::trace::Tracer;
use crate::engine::observe::{HartView, MemAccess, Observer, Trap};
use crate::isa::Insn;
use std::collections::BTreeSet;
use std::ops::ControlFlow;

/// Which accesses a watchpoint catches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WatchKind {
    /// Stores (and the store half of AMOs and SCs).
    Write,
    /// Loads (and LR, and the load half of AMOs).
    Read,
    /// Both.
    ReadWrite,
}

/// A watched range of virtual addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    /// The first address.
    pub addr: u64,
    /// How many bytes.
    pub len: u64,
    /// Which accesses.
    pub kind: WatchKind,
}

/// Why the observer stopped the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// The pc reached a breakpoint (the instruction there has not run).
    Breakpoint,
    /// The next instruction would make an access a watchpoint catches.
    Watch {
        /// The kind of the access (a store to a read-write watch is `Write`).
        kind: WatchKind,
        /// The watch's first address.
        addr: u64,
    },
    /// The steps asked for are done.
    Stepped,
}

/// The observer: set the fields, run, then look at `hit`.
pub struct Checkpoints<'a> {
    /// Stop before running an instruction at one of these pcs.
    pub breakpoints: &'a BTreeSet<u64>,
    /// Stop before an access these catch.
    pub watchpoints: &'a [Watch],
    /// Stop after this many instructions have retired.
    pub steps: Option<u64>,
    /// Stop when a trap is taken (a step that traps ends at the handler).
    pub stop_on_trap: bool,
    /// Run the first instruction even if a breakpoint is on it (to go on
    /// from a breakpoint).
    pub skip_breakpoint_at_start: bool,
    /// Whether an instruction has been looked at yet.
    pub(crate) started: bool,
    /// Why the run stopped, once it did.
    pub hit: Option<Hit>,
    /// Trace what runs, too.
    pub tracer: Option<Tracer<'a>>,
}

impl<'a> Checkpoints<'a> {
    /// Stop at these breakpoints and watchpoints only (set the other fields
    /// to step, stop on traps, go on from a breakpoint or trace too).
    pub fn new(breakpoints: &'a BTreeSet<u64>, watchpoints: &'a [Watch]) -> Self {
        Checkpoints {
            breakpoints,
            watchpoints,
            steps: None,
            stop_on_trap: false,
            skip_breakpoint_at_start: false,
            started: false,
            hit: None,
            tracer: None,
        }
    }

    fn stop(&mut self, hit: Hit) -> ControlFlow<String> {
        self.hit = Some(hit);
        ControlFlow::Break("debugger".into())
    }

    /// The watchpoint `access` would trigger, and as what kind.
    fn watch_hit(&self, access: &MemAccess) -> Option<Hit> {
        self.watchpoints.iter().find_map(|w| {
            let overlaps = access.addr < w.addr.wrapping_add(w.len)
                && w.addr < access.addr.wrapping_add(access.size);
            let writes = access.stored.is_some();
            let wanted = match w.kind {
                WatchKind::Write => writes,
                WatchKind::Read => access.read,
                WatchKind::ReadWrite => true,
            };
            let kind = if writes && w.kind != WatchKind::Read { WatchKind::Write } else { w.kind };
            (overlaps && wanted).then_some(Hit::Watch { kind, addr: w.addr })
        })
    }
}

impl Observer for Checkpoints<'_> {
    const EACH_INSTRUCTION: bool = true;

    fn before(&mut self, insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        let first = !self.started;
        self.started = true;
        let skip = first && self.skip_breakpoint_at_start;
        if !skip && self.breakpoints.contains(&hart.pc()) {
            return self.stop(Hit::Breakpoint);
        }
        if !skip && let Some(hit) = hart.planned_access(insn).and_then(|a| self.watch_hit(&a)) {
            return self.stop(hit);
        }
        match self.tracer.as_mut() {
            Some(t) => t.before(insn, hart),
            None => ControlFlow::Continue(()),
        }
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        if let Some(t) = self.tracer.as_mut() {
            t.retired(insn, mem, hart)?;
        }
        if let Some(n) = self.steps.as_mut() {
            *n = n.saturating_sub(1);
            if *n == 0 {
                return self.stop(Hit::Stepped);
            }
        }
        ControlFlow::Continue(())
    }

    fn trap(&mut self, trap: &Trap, hart: &HartView) -> ControlFlow<String> {
        if let Some(t) = self.tracer.as_mut() {
            t.trap(trap, hart)?;
        }
        if self.stop_on_trap { self.stop(Hit::Stepped) } else { ControlFlow::Continue(()) }
    }
}
