//! `--profile`: an observer of every instruction that counts the
//! instruction mix (by extension and by class), branches taken and not,
//! loads and stores, and where the time goes (hot spots by ELF symbol).
//! It makes the run single-step, so it is for understanding a program, not
//! for timing it; `Machine::counters` has what is free to count.

use crate::elf::Symbols;
use crate::engine::observe::{HartView, MemAccess, Observer};
use crate::isa::{Format, Insn};
use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;

/// The counts of one run.
#[derive(Debug, Default, Clone)]
pub struct Profile {
    /// Instructions by the extension that defines them (`i`, `m`, `zba`...).
    pub by_extension: BTreeMap<&'static str, u64>,
    /// Instructions by class (`alu`, `load`, `store`, `branch`, `jump`,
    /// `atomic`, `csr`, `fp`, `system`).
    pub by_class: BTreeMap<&'static str, u64>,
    /// Instructions that were 16-bit (compressed) encodings.
    pub compressed: u64,
    /// Conditional branches that jumped.
    pub branches_taken: u64,
    /// Conditional branches that fell through.
    pub branches_not_taken: u64,
    /// Instructions that read memory (loads, LR, AMOs).
    pub loads: u64,
    /// Instructions that wrote memory (stores, successful SCs, AMOs).
    pub stores: u64,
    /// Retired instructions by pc.
    pub by_pc: HashMap<u64, u64>,
    pc_before: u64,
}

/// The class of an instruction, from its operand format.
fn class(format: Format) -> &'static str {
    use Format::*;
    match format {
        Load | FpLoad => "load",
        Store | FpStore => "store",
        Amo | Lr => "atomic",
        Branch => "branch",
        J | Jalr => "jump",
        Csr | CsrImm => "csr",
        FpR | FpRNoRm | FpR4 | FpUnary | FpWiden | FpToInt | IntToFp | IntToFpExact | FpCmp
        | FpToIntRaw | IntToFpRaw => "fp",
        None | Fence | SfenceVma | Cbo => "system",
        _ => "alu",
    }
}

impl Profile {
    /// The `n` symbols with the most instructions retired in them, with
    /// their counts, most first (`?` gathers addresses no symbol names).
    pub fn hot_spots(&self, symbols: &Symbols, n: usize) -> Vec<(String, u64)> {
        let mut by_symbol: HashMap<String, u64> = HashMap::new();
        for (&pc, &count) in &self.by_pc {
            let name = symbols.near(pc).map_or("?".to_string(), |(name, _)| name.to_string());
            *by_symbol.entry(name).or_default() += count;
        }
        let mut spots: Vec<(String, u64)> = by_symbol.into_iter().collect();
        spots.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        spots.truncate(n);
        spots
    }
}

impl Observer for Profile {
    const EACH_INSTRUCTION: bool = true;

    fn before(&mut self, _insn: &Insn, hart: &HartView) -> ControlFlow<String> {
        self.pc_before = hart.pc();
        ControlFlow::Continue(())
    }

    fn retired(
        &mut self,
        insn: &Insn,
        mem: Option<&MemAccess>,
        hart: &HartView,
    ) -> ControlFlow<String> {
        let spec = insn.op.spec();
        let ext = spec.and_then(|s| s.requires.any.iter().next()).map_or("?", |e| e.name());
        *self.by_extension.entry(ext).or_default() += 1;
        let format = insn.op.format();
        *self.by_class.entry(class(format)).or_default() += 1;
        if insn.len == 2 {
            self.compressed += 1;
        }
        if format == Format::Branch {
            let fell_through = hart.pc() == self.pc_before.wrapping_add(insn.len as u64);
            if fell_through {
                self.branches_not_taken += 1;
            } else {
                self.branches_taken += 1;
            }
        }
        if let Some(access) = mem {
            if access.read {
                self.loads += 1;
            }
            if access.stored.is_some() {
                self.stores += 1;
            }
        }
        *self.by_pc.entry(self.pc_before).or_default() += 1;
        ControlFlow::Continue(())
    }
}
