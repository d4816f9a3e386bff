//! Pure ISA knowledge: the instruction table, decoding, disassembly and the CSR
//! address map. Nothing here knows about machine state.

pub mod asm;
pub mod csr_names;
pub mod decode;
pub mod disasm;
pub mod encode;
pub mod rvc;
pub mod table;

pub use decode::{Insn, decode, insn_len};
pub use disasm::disassemble;
pub use encode::encode;
pub use table::{Ext, Format, Op};
