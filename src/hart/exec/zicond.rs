//! Zicond: `czero.eqz`/`czero.nez` give rs1, or zero depending on rs2, for
//! branch-free selects.

use super::reg_reg;
use crate::bus::Bus;
use crate::hart::{ExecResult, Hart};
use crate::isa::Insn;

reg_reg!(czero_eqz, |a, b| if b == 0 { 0 } else { a });
reg_reg!(czero_nez, |a, b| if b != 0 { 0 } else { a });
