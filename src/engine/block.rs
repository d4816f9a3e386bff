//! Decoded blocks: straight-line runs of instructions, decoded once into ops
//! whose operands are resolved in advance (register numbers, sign-extended
//! immediates, absolute jump targets, `auipc` results).
//!
//! A block starts where execution entered it and ends after a jump, an
//! instruction that changes what later ones depend on (CSR accesses, `mret`,
//! `fence.i`, ...), at a page boundary, or after `MAX_BLOCK_INSNS`
//! instructions. Conditional branches do not end it: a taken branch leaves
//! the block early (a side exit), a branch not taken just goes on. A block
//! never crosses a page, so one translation covers all of it.
//!
//! A direct jump (`jal`) to the same page does not end the block either:
//! decoding goes on at its target.
//!
//! Every exit (a taken branch, a jump, the end) has a link slot, stored as
//! an op right after the block's ops: the block execution last went on to
//! from there, so the executor chains blocks without a lookup.
//!
//! Blocks are found by physical pc and tagged with the virtual pc they were
//! built for (targets and `auipc` results depend on it). The RAM lines they
//! were decoded from are marked, so a write to one of them drops every block
//! (`Ram::code_written`); that is how self-modifying code and `fence.i` work.

use crate::bus::{Bus, Ram};
use crate::hart::Hart;
use crate::hart::exec::{Handler, handler};
use crate::hart::mmu::{Access, PAGE_SIZE};
use crate::isa::{Ext, ExtSet, Insn, Op, decode_any, insn_len};

/// Longest block, in instructions. Longer blocks amortise the lookup over
/// more work; near an interrupt deadline or an instruction limit the engine
/// single-steps, so a shorter cap keeps that stretch short.
pub const MAX_BLOCK_INSNS: usize = 64;
const TABLE_SLOTS: usize = 1 << 16;
const NO_BLOCK: u32 = u32::MAX;
/// Past this many decoded ops the cache starts again from empty.
const MAX_CACHED_OPS: usize = 1 << 20;

/// What an op does, for the block executor's `match`. The common integer
/// instructions are executed inline; everything else calls its handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    /// No architectural effect (`fence`, or an ALU op writing `x0`).
    Nop,
    /// `rd = imm`: `lui`, and `auipc` with its pc folded in.
    Li,
    Addi,
    Addiw,
    Slti,
    Sltiu,
    Xori,
    Ori,
    Andi,
    Slli,
    Srli,
    Srai,
    Slliw,
    Srliw,
    Sraiw,
    Add,
    Sub,
    Sll,
    Slt,
    Sltu,
    Xor,
    Srl,
    Sra,
    Or,
    And,
    Addw,
    Subw,
    Sllw,
    Srlw,
    Sraw,
    Mul,
    Mulw,
    Lb,
    Lh,
    Lw,
    Ld,
    Lbu,
    Lhu,
    Lwu,
    Sb,
    Sh,
    Sw,
    Sd,
    // Everything below leaves its block (branches only when taken).
    /// `rd = next; pc = imm`.
    Jal,
    /// `jal` with `rd = x0`: `pc = imm`.
    J,
    /// `rd = next; pc = (x[rs1] + imm) & !1`.
    Jalr,
    /// `jalr` with `rd = x0`: `pc = (x[rs1] + imm) & !1`.
    Jr,
    /// Branches: `pc = cond ? imm : next`.
    Beq,
    Bne,
    Blt,
    Bge,
    Bltu,
    Bgeu,
    /// Calls `calls[call]`, then goes on to the next op.
    Call,
    /// Calls `calls[call]`, then ends the block at the hart's `next_pc`.
    CallThenEnd,
    /// Not an instruction: closes a block that stops before a block-ending
    /// instruction (page end, length cap); execution goes on at `imm`.
    Exit,
    /// Not an instruction and never executed: a link slot (see `BlockOp::link`).
    Link,
}

impl BlockOp {
    /// The address after the instruction: the link value, and where
    /// execution goes on.
    #[inline(always)]
    pub fn next(&self) -> u64 {
        self.pc.wrapping_add(self.len as u64)
    }

    /// A link slot: the block at `vpc` starts at op `first` and is `insns`
    /// long, valid while the TLB's epoch is `epoch` (the translations it
    /// was found under) and until the cache is flushed (which drops it).
    /// It is kept in the op layout, next to the ops that use it: `imm` is
    /// the target pc, `pc` the epoch, `call` the first op, `left` the length.
    fn link(vpc: u64, epoch: u64, first: u32, insns: u32) -> BlockOp {
        BlockOp {
            imm: vpc,
            pc: epoch,
            call: first,
            kind: Kind::Link,
            len: 0,
            left: insns as u8,
            rd: 0,
            rs1: 0,
            rs2: 0,
        }
    }
}

/// A link slot that matches nothing: no pc is odd.
const NO_LINK: BlockOp =
    BlockOp { imm: 1, pc: 0, call: 0, kind: Kind::Link, len: 0, left: 0, rd: 0, rs1: 0, rs2: 0 };

impl Kind {
    /// Nothing after this op in the block runs.
    pub fn ends_block(self) -> bool {
        matches!(self, Kind::Jal | Kind::J | Kind::Jalr | Kind::Jr | Kind::CallThenEnd | Kind::Exit)
    }

    /// Leaves the block (always, or when taken) to a pc that has a link slot.
    pub fn has_link(self) -> bool {
        (Kind::Jal as u8..=Kind::Bgeu as u8).contains(&(self as u8)) || self == Kind::Exit
    }
}

/// One decoded instruction, ready to execute.
#[derive(Clone, Copy, Debug)]
pub struct BlockOp {
    /// Immediate (sign-extended), or the absolute target of a jump or branch.
    pub imm: u64,
    /// The instruction's own (virtual) address.
    pub pc: u64,
    /// For `Call` kinds: the index in `BlockCache::calls`. For kinds that
    /// leave the block: the index of their link slot in `BlockCache::ops`.
    pub call: u32,
    pub kind: Kind,
    /// The instruction's length in bytes (0 for `Exit`).
    pub len: u8,
    /// Instructions from this one to the end of its block, itself included:
    /// while a block runs, `hart.retired` already counts the whole block, so
    /// the exact count before this instruction is `retired - left`.
    pub left: u8,
    /// Register numbers, always below 32 (the executor relies on it).
    pub rd: u8,
    pub rs1: u8,
    pub rs2: u8,
}

/// A block: `insns` instructions starting at `ops[first]`, valid where `vpc`
/// maps to `ppc`. Its ops end with one that leaves it (an `Exit` op if need
/// be), followed by the link slots of its exits.
#[derive(Clone, Copy, Debug)]
pub struct Block {
    pub vpc: u64,
    pub ppc: u64,
    pub first: u32,
    pub insns: u32,
}

pub struct BlockCache {
    /// Direct-mapped by physical pc: an index into `blocks`, or `NO_BLOCK`.
    table: Box<[u32]>,
    pub blocks: Vec<Block>,
    pub ops: Vec<BlockOp>,
    /// Decoded instructions and handlers for `Call` ops.
    pub calls: Vec<(Insn, Handler)>,
    /// Blocks decoded, and times the cache was emptied (for `--stats`).
    pub built: u64,
    pub flushes: u64,
}

impl Default for BlockCache {
    fn default() -> Self {
        BlockCache {
            table: vec![NO_BLOCK; TABLE_SLOTS].into_boxed_slice(),
            blocks: Vec::new(),
            ops: Vec::new(),
            calls: Vec::new(),
            built: 0,
            flushes: 0,
        }
    }
}

impl BlockCache {
    /// Too many ops are cached: `find` builds no more blocks until `flush`.
    pub fn is_full(&self) -> bool {
        self.ops.len() > MAX_CACHED_OPS
    }

    /// Drop every block, and tell RAM no line holds decoded code any more.
    /// Only the engine loop calls this, so block indices stay valid while
    /// blocks run.
    pub fn flush(&mut self, ram: &mut Ram) {
        self.table.fill(NO_BLOCK);
        self.blocks.clear();
        self.ops.clear();
        self.calls.clear();
        self.flushes += 1;
        ram.forget_code();
    }

    /// The index of the block starting at the hart's pc, decoding it if need
    /// be. `None` when the engine must single-step instead: the fetch
    /// translation is not in the TLB yet, the first instruction cannot be
    /// fetched from RAM within one page, or the cache is full.
    #[inline(always)]
    pub fn find(&mut self, hart: &Hart, bus: &mut Bus) -> Option<u32> {
        let vpc = hart.pc;
        let ppc = if hart.translate_fetch { hart.tlb.lookup(Access::Fetch, vpc)? } else { vpc };
        let slot = (ppc >> 1) as usize & (TABLE_SLOTS - 1);
        let index = self.table[slot];
        if let Some(block) = self.blocks.get(index as usize)
            && block.ppc == ppc
            && block.vpc == vpc
        {
            return Some(index);
        }
        let block = self.build(&mut bus.ram, hart.config.isa.exts, vpc, ppc)?;
        self.built += 1;
        let index = self.blocks.len() as u32;
        self.table[slot] = index;
        self.blocks.push(block);
        Some(index)
    }

    /// Link slot `slot` (an index an exit op holds).
    #[inline(always)]
    pub fn link(&self, slot: usize) -> &BlockOp {
        debug_assert!(slot < self.ops.len());
        // SAFETY: exit ops hold the index of a slot `build` pushed after
        // them; ops only grow until `flush`, which drops the exit ops too.
        unsafe { self.ops.get_unchecked(slot) }
    }

    /// The block the hart's pc is in now that an exit with link slot
    /// `slot` sent it there, as `(first op, instructions)`: from the link
    /// when it is still valid, else by `find` (and then the slot links to it).
    #[inline(always)]
    pub fn follow(&mut self, slot: usize, hart: &Hart, bus: &mut Bus) -> Option<(u32, u32)> {
        let pc = hart.pc;
        let epoch = hart.tlb.epoch();
        let link = &self.ops[slot];
        if link.imm == pc && link.pc == epoch {
            return Some((link.call, link.left as u32));
        }
        let to = self.find(hart, bus)?;
        let to = self.blocks[to as usize];
        self.ops[slot] = BlockOp::link(pc, epoch, to.first, to.insns);
        Some((to.first, to.insns))
    }

    #[cold]
    fn build(&mut self, ram: &mut Ram, exts: ExtSet, vpc: u64, ppc: u64) -> Option<Block> {
        if self.is_full() {
            return None;
        }
        let page_end = (ppc | (PAGE_SIZE - 1)).wrapping_add(1);
        let first = self.ops.len();
        // The run of bytes being decoded, [run_start, p); a followed jump
        // starts a new run (each is marked as code).
        let mut run_start = ppc;
        let mut p = ppc;
        let mut v = vpc;
        while self.ops.len() - first < MAX_BLOCK_INSNS && p != page_end {
            let Some(low) = ram.read(p, 2) else { break };
            let len = insn_len(low as u16) as u64;
            // A 32-bit instruction straddling the page end is left to single-stepping.
            if len == 4 && page_end.wrapping_sub(p) < 4 {
                break;
            }
            let raw = if len == 2 {
                low as u32
            } else {
                match ram.read(p, 4) {
                    Some(word) => word as u32,
                    None => break,
                }
            };
            let insn = decode_any(raw, exts);
            let mut op = self.lower(&insn, v, exts);
            p += len;
            v = v.wrapping_add(len);
            // A direct jump within the page: the block goes on at its target
            // (the same translation covers it), the jump reduced to its link.
            let target = op.imm;
            if matches!(op.kind, Kind::J | Kind::Jal) && target >> 12 == vpc >> 12 {
                op.kind = if op.kind == Kind::J { Kind::Nop } else { Kind::Li };
                op.imm = op.next();
                self.ops.push(op);
                ram.mark_code(run_start, p - run_start);
                p = (ppc & !(PAGE_SIZE - 1)) | (target & (PAGE_SIZE - 1));
                v = target;
                run_start = p;
                continue;
            }
            self.ops.push(op);
            if op.kind.ends_block() {
                break;
            }
        }
        let insns = self.ops.len() - first;
        if insns == 0 {
            return None;
        }
        if !self.ops.last().is_some_and(|op| op.kind.ends_block()) {
            let exit = BlockOp {
                imm: v,
                pc: v,
                call: 0,
                kind: Kind::Exit,
                len: 0,
                left: 0,
                rd: 0,
                rs1: 0,
                rs2: 0,
            };
            self.ops.push(exit);
        }
        // Now that the block's length is known: what is left at each op, and
        // a link slot after the ops for each exit.
        for i in first..self.ops.len() {
            self.ops[i].left = (insns - (i - first)) as u8;
            if self.ops[i].kind.has_link() {
                self.ops[i].call = self.ops.len() as u32;
                self.ops.push(NO_LINK);
            }
        }
        if p != run_start {
            ram.mark_code(run_start, p - run_start);
        }
        Some(Block { vpc, ppc, first: first as u32, insns: insns as u32 })
    }

    /// Turn a decoded instruction at `pc` into an op.
    fn lower(&mut self, insn: &Insn, pc: u64, exts: ExtSet) -> BlockOp {
        let imm = insn.imm as u64;
        let mut kind = kind_of(insn.op);
        // Without C, jump targets must be 4-byte aligned: the handlers check
        // that (the inline jumps do not), and end the block.
        if !exts.has(Ext::C) && (Kind::Jal as u8..=Kind::Bgeu as u8).contains(&(kind as u8)) {
            kind = Kind::CallThenEnd;
        }
        // Writes to x0: pure ops do nothing, jumps only jump, and loads (rare)
        // go through their handler, so the inline arms never write x0.
        let pure = (Kind::Li as u8..=Kind::Mulw as u8).contains(&(kind as u8));
        let load = (Kind::Lb as u8..=Kind::Lwu as u8).contains(&(kind as u8));
        let kind = match kind {
            _ if insn.rd != 0 => kind,
            _ if pure => Kind::Nop,
            _ if load => Kind::Call,
            Kind::Jal => Kind::J,
            Kind::Jalr => Kind::Jr,
            _ => kind,
        };
        let imm = match insn.op {
            Op::Auipc | Op::Jal | Op::Beq | Op::Bne | Op::Blt | Op::Bge | Op::Bltu | Op::Bgeu => {
                pc.wrapping_add(imm)
            }
            _ => imm,
        };
        let call = if matches!(kind, Kind::Call | Kind::CallThenEnd) {
            self.calls.push((*insn, handler(insn.op)));
            (self.calls.len() - 1) as u32
        } else {
            0
        };
        BlockOp {
            imm,
            pc,
            call,
            kind,
            len: insn.len,
            left: 0,
            rd: insn.rd & 31,
            rs1: insn.rs1 & 31,
            rs2: insn.rs2 & 31,
        }
    }
}

macro_rules! kind_table {
    ($( $op:ident $name:literal $bits:literal $mask:literal $format:ident
        [$($any:ident)|+ $(& $all:ident)?] $class:ident $width:tt => $sem:path; )*) => {
        /// How the executor runs each op: the class column of the instruction
        /// list. A class that names no `Kind` does not compile.
        fn kind_of(op: Op) -> Kind {
            match op {
                $(Op::$op => Kind::$class,)*
                // Raises illegal instruction, then the engine looks again.
                Op::Illegal => Kind::CallThenEnd,
            }
        }
    };
}

crate::isa::list::for_each_insn!(kind_table);
