//! Pure ISA knowledge: the instruction list and the table generated from it,
//! operand formats, decoding, encoding, disassembly, ISA strings and the CSR
//! address map. Nothing here knows about machine state.

pub mod asm;
pub mod csr_names;
pub mod decode;
pub mod disasm;
pub mod encode;
pub mod format;
pub mod insn;
pub mod isa_string;
pub(crate) mod list;
pub mod op;
pub mod rvc;
pub mod table;

pub use decode::{decode, decode_any, decode_for};
pub use disasm::disassemble;
pub use encode::encode;
pub use format::Format;
pub use insn::{Insn, insn_len};
pub use isa_string::{CACHE_BLOCK_BYTES, Ext, ExtSet, Isa, IsaError};
pub use op::Op;
