//! Pure ISA knowledge: the instruction table, decoding, disassembly and the CSR
//! address map. Nothing here knows about machine state.

pub mod csr_names;
pub mod decode;
pub mod disasm;
pub mod rvc;
pub mod table;

pub use decode::{Insn, decode, insn_len};
pub use disasm::disassemble;
pub use table::{Ext, Format, Op};
